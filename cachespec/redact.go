package cachespec

import (
	"strings"
)

// looksSecretKey reports whether an attribute key names a credential: one of
// secretKeys, or an unknown key that mentions a credential word.
func looksSecretKey(k string) bool {
	k = strings.ToLower(strings.TrimSpace(k))
	for _, s := range secretKeys {
		if k == s {
			return true
		}
	}
	for _, w := range [...]string{"token", "secret", "passw", "credential", "key", "auth", "signature"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// looksSecretValue reports whether a value looks like a credential whatever
// its key: a JWT, a GitHub token, an AWS access key id, or a URL with a
// password.
func looksSecretValue(v string) bool {
	switch {
	case len(v) >= 20 && strings.HasPrefix(v, "eyJ") && strings.Count(v, ".") == 2:
		return true // JWT, such as an Actions runtime token
	case hasAnyPrefix(v, "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_") && len(v) >= 20:
		return true // GitHub tokens
	case len(v) == 20 && hasAnyPrefix(v, "AKIA", "ASIA") && isUpperAlnum(v):
		return true // AWS access key id
	}
	if i := strings.Index(v, "://"); i >= 0 {
		rest := v[i+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			rest = rest[:j]
		}
		if at := strings.LastIndexByte(rest, '@'); at >= 0 && strings.Contains(rest[:at], ":") {
			return true // user:password@host
		}
	}
	return false
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func isUpperAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// redactInput returns s with the value of every credential attribute, and
// every credential-looking value, replaced by [Redacted]. It is used on every
// input an error or diagnostic quotes. When s is not valid CSV, everything
// from the first credential-like key onwards is redacted, since the field
// boundaries cannot be trusted.
func redactInput(s string) string {
	if !mayHoldSecret(s) {
		return s
	}
	var b []byte
	changed := false
	it := fieldIter{s: s}
	for n := 0; ; n++ {
		f, ok, err := it.next()
		if err != nil {
			return redactTail(s)
		}
		if !ok {
			break
		}
		text := f.text
		k, v, hasEq := strings.Cut(text, "=")
		switch {
		case hasEq && (looksSecretKey(k) || looksSecretValue(v)):
			text = k + "=" + Redacted
			changed = true
		case !hasEq && looksSecretValue(text):
			text = Redacted
			changed = true
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = appendCSVField(b, text)
	}
	if !changed {
		return s
	}
	return string(b)
}

// mayHoldSecret is a cheap pre-check for redactInput.
func mayHoldSecret(s string) bool {
	l := strings.ToLower(s)
	for _, w := range [...]string{"token", "secret", "passw", "credential", "key", "auth", "signature", "eyj", "gh", "github_pat_", "akia", "asia", "://"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// redactTail redacts from the first credential-like word to the end.
func redactTail(s string) string {
	l := strings.ToLower(s)
	cut := len(s)
	for _, w := range [...]string{"token", "secret", "passw", "credential", "key", "auth", "signature", "eyj", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "akia", "asia", "://"} {
		if i := strings.Index(l, w); i >= 0 && i < cut {
			cut = i
		}
	}
	if cut == len(s) {
		return s
	}
	return s[:cut] + Redacted
}

// Redact returns s, a raw cache value, with the value of every credential
// attribute (token, secret_access_key, ...) and every credential-looking
// value replaced by [Redacted], the way errors and diagnostics quote input.
// Tools that print a value a user wrote, or a corrected one, use it.
func Redact(s string) string { return redactInput(s) }
