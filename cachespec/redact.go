package cachespec

import (
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
)

// credentialWords are the substrings of a key that name a credential
// wherever they appear in it ("ghtoken", "apikey", "x-password").
var credentialWords = [...]string{"token", "secret", "pass", "credential", "key", "auth", "signature", "connection_string", "connectionstring"}

// credentialParts are the words that name a credential only as a whole
// part of a key, between "_", "-" or "." ("pwd", "azure_sas"), since as
// substrings they are common in other words.
var credentialParts = [...]string{"pwd", "sas", "pat", "cred", "creds", "sig", "tok", "tkn"}

// looksSecretKey reports whether an attribute key names a credential: a
// secret attribute of any backend's schema, a near miss of one (within
// edit distance 2, such as "tokne" or "sesion_tokn", or the key [Suggest]
// corrects to one), or an unknown key that mentions a credential word
// ([credentialWords], [credentialParts]). Package validate suggests the
// secret attribute for such a near miss; its value is treated as that
// attribute's would be.
func looksSecretKey(k string) bool {
	if v, ok := secretKeyMemo.Load(k); ok {
		return v.(bool)
	}
	secret := judgeSecretKey(k)
	if secretKeyMemoLen.Load() < maxSecretKeyMemo && len(k) <= maxMemoKeyLen {
		if _, loaded := secretKeyMemo.LoadOrStore(k, secret); !loaded {
			secretKeyMemoLen.Add(1)
		}
	}
	return secret
}

// secretKeyMemo holds looksSecretKey's answers: the same few keys are
// judged for every value and message of a run, and a near-miss judgement
// costs edit distances to every attribute. It is bounded, since keys come
// from the files read: past maxSecretKeyMemo keys, or for a key longer than
// maxMemoKeyLen, the judgement is made afresh.
var (
	secretKeyMemo    sync.Map // string -> bool
	secretKeyMemoLen atomic.Int64
)

const (
	maxSecretKeyMemo = 4096
	maxMemoKeyLen    = 64
)

// judgeSecretKey is looksSecretKey without the memo.
func judgeSecretKey(k string) bool {
	k = strings.ToLower(strings.TrimSpace(k))
	for _, s := range secretKeys {
		if k == s {
			return true
		}
	}
	for _, w := range credentialWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	for part := range strings.FieldsFuncSeq(k, isKeySeparator) {
		for _, w := range credentialParts {
			if part == w {
				return true
			}
		}
	}
	return nearSecretKey(k)
}

func isKeySeparator(r rune) bool { return r == '_' || r == '-' || r == '.' || r == ' ' }

// nearSecretKey reports whether k is a near miss of a secret attribute: the
// key Suggest corrects it to among every backend's attributes is secret, or
// it is within edit distance 2 of a secret attribute.
func nearSecretKey(k string) bool {
	if len(k) < 2 {
		return false
	}
	if s := Suggest(k, allKeys); s != "" && indexKey(secretKeys, s) >= 0 {
		return true
	}
	for _, s := range secretKeys {
		if editDistance(k, s, 3) < 3 {
			return true
		}
	}
	return false
}

// allKeys is every attribute key of every backend, once, in canonical order.
var allKeys = func() []string {
	var out []string
	for _, t := range Types() {
		for _, k := range schemaOf(t).keys {
			if indexKey(out, k) < 0 {
				out = append(out, k)
			}
		}
	}
	return out
}()

// looksSecretValue reports whether a value looks like a credential whatever
// its key: a JWT, a GitHub token, an AWS access key id, or a URL or a ref
// with a password (user:password@host/repo).
func looksSecretValue(v string) bool {
	if looksToken(v) {
		return true
	}
	if i := strings.Index(v, "://"); i >= 0 {
		rest := v[i+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			rest = rest[:j]
		}
		if at := strings.LastIndexByte(rest, '@'); at >= 0 && strings.Contains(rest[:at], ":") {
			return true // user:password@host
		}
		return false
	}
	return urlPassword(v) != "" // user:password@host/repo, a ref with credentials
}

// looksToken reports whether v has the shape of a token: a JWT, a GitHub
// token, an AWS access key id.
func looksToken(v string) bool {
	if len(v) < minTokenLen {
		return false
	}
	switch v[0] {
	case 'e':
		return strings.HasPrefix(v, "eyJ") && strings.Count(v, ".") == 2 // JWT, such as an Actions runtime token
	case 'g':
		return hasAnyPrefix(v, "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_") // GitHub tokens
	case 'A':
		return len(v) == minTokenLen && hasAnyPrefix(v, "AKIA", "ASIA") && isUpperAlnum(v) // AWS access key id
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
		case hasEq && (looksSecretKey(k) || looksSecretValue(v) || f.quoted && mentionsCredential(v)):
			// a quoted field can hold what reads as more pairs
			// ("x=,session_token=..."): its value is redacted when it
			// mentions a credential
			text = k + "=" + Redacted
			changed = true
		case !hasEq && (looksSecretValue(text) || f.quoted && mentionsCredential(text)):
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

// redactTail redacts a value that is not valid CSV, whose field
// boundaries cannot be trusted: everything from the first comma-separated
// part that names a credential, holds a credential-looking value or a
// credential word, to the end.
func redactTail(s string) string {
	at := 0
	for part := range strings.SplitSeq(s, ",") {
		k, v, hasEq := strings.Cut(strings.Trim(part, `"{} `), "=")
		if !hasEq {
			k, v, hasEq = strings.Cut(part, ":") // a JSON pair
		}
		if hasEq && (looksSecretKey(strings.Trim(k, `"{} `)) || looksSecretValue(strings.Trim(v, `"{} `))) ||
			looksSecretValue(strings.Trim(part, `"{} `)) || mentionsCredential(part) {
			return s[:at] + Redacted
		}
		at += len(part) + 1
	}
	return s
}

// mentionsCredential reports whether s holds a credential word or the
// start of a credential-looking value anywhere.
func mentionsCredential(s string) bool {
	l := strings.ToLower(s)
	for _, w := range credentialWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	for _, w := range [...]string{"eyj", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "akia", "asia", "://"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// Redact returns s, a raw cache value, with the value of every credential
// attribute (token, secret_access_key, ...) and every credential-looking
// value replaced by [Redacted], the way errors and diagnostics quote input.
// Tools that print a value a user wrote, or a corrected one, use it. A
// value that starts with "{" (after white space) is the JSON object form,
// whose values are redacted as [ParseJSON]'s errors quote them.
func Redact(s string) string {
	t := strings.TrimLeft(s, " \t\r\n")
	if !strings.HasPrefix(t, "{") {
		return redactInput(s)
	}
	lead := s[:len(s)-len(t)]
	pairs, err := readJSONObject([]byte(t))
	if err != nil {
		if pe, ok := err.(*ParseError); ok {
			return lead + pe.Input
		}
		return lead + redactTail(t)
	}
	upto := len(t)
	if !json.Valid([]byte(t)) { // text after the object: redacted as unread
		upto = 0
		for _, p := range pairs {
			upto = max(upto, p.valOff+p.valLen)
		}
	}
	return lead + jsonShown([]byte(t), pairs, upto)
}

// RedactEntry returns a copy of e in which every secret is replaced by
// [Redacted]: the [Secret] fields, unknown attributes whose key names a
// credential, and credential-looking values. Its machine forms (Format,
// MarshalText, MarshalJSON, Attrs) then hold no secret, so a caller can
// marshal a struct or a slice holding it, for a log or a report, with
// encoding/json. RedactEntry(nil) is nil.
//
// The copy is for display only: handing it to BuildKit sends "[redacted]"
// as the credential.
func RedactEntry(e Entry) Entry {
	if e == nil {
		return nil
	}
	c := Clone(e)
	for i := range c.keys() {
		f := c.field(i)
		if f.present() && (f.isSecret() || looksSecretValue(f.spelling())) {
			if f.parse(Redacted) != nil {
				f.clear() // a typed field cannot hold the marker; none holds a secret
			}
		}
	}
	u := c.unknown()
	var out Attributes
	for k, v := range u.All() {
		if looksSecretKey(k) || looksSecretValue(v) {
			v = Redacted
		}
		out.appendRaw(k, v)
	}
	*u = out
	return c
}

// Redacted returns a copy of the list with every entry redacted by
// [RedactEntry]: the form to marshal with encoding/json, or to keep in a
// struct that is logged or printed. l itself is not changed.
func (l List) Redacted() List {
	if l == nil {
		return nil
	}
	out := make(List, len(l))
	for i, e := range l {
		out[i] = RedactEntry(e)
	}
	return out
}
