package validate

import (
	"slices"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

// A message can quote a part of a value that the parser never cut into
// fields (an unterminated template runs over the next attributes, a
// near miss of a key names what follows it), so every message and fix
// message leaves validate through redactMessage, whatever rule made it.

// minQuotedSecret is the shortest secret of the build replaced wherever
// it shows in a message; a shorter one is redacted only next to its key.
const minQuotedSecret = 4

// buildSecrets returns the secrets written in b's raw values.
func buildSecrets(b Build) []string {
	var out []string
	for _, vs := range [...][]string{b.CacheFrom, b.CacheTo} {
		for _, v := range vs {
			for _, s := range cachespec.SecretValues(v) {
				if len(s) >= minQuotedSecret {
					out = append(out, s)
				}
			}
		}
	}
	// longest first, so that a secret holding another is replaced whole
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// redactMessage returns msg with the build's secrets and what
// cachespec.RedactText finds replaced by cachespec.Redacted.
func redactMessage(msg string, secrets []string) string {
	for _, s := range secrets {
		if strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, cachespec.Redacted)
		}
	}
	return cachespec.RedactText(msg)
}

// redactMemo holds the redacted text of messages of builds without
// secrets, whose redaction depends on the message alone: the builds of a
// group (a matrix's legs) share most of their messages. A nil memo keeps
// nothing.
type redactMemo map[string]string

// redact is redactMessage, from the memo when secrets is empty.
func (m redactMemo) redact(msg string, secrets []string) string {
	if m == nil || len(secrets) > 0 {
		return redactMessage(msg, secrets)
	}
	if r, ok := m[msg]; ok {
		return r
	}
	r := redactMessage(msg, nil)
	m[msg] = r
	return r
}
