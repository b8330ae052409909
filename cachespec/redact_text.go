package cachespec

import (
	"encoding/json"
	"strings"
)

// IsSecretKey reports whether an attribute key names a credential, the way
// every printer and error of this package decides it: a secret attribute of
// any backend, a near miss of one ("tokne", "secret_acess_key"), or a key
// that names a credential ("ghtoken", "x-password", "azure_sas").
func IsSecretKey(key string) bool { return looksSecretKey(key) }

// SecretValues returns the secrets written in raw, a cache value as
// written (CSV, or a JSON object or array of objects): the values of the
// keys [IsSecretKey] names, credential-looking values whatever their key
// (JWTs, GitHub tokens, AWS access key ids), and the password of a URL or
// a ref with a user:password@ part. A value that is an unexpanded template
// ("${{ secrets.X }}", "${VAR}") is not a secret and is left out, as are
// empty values. When raw is not valid CSV, its comma-separated parts are
// read as key=value pairs.
//
// It is what a tool printing text about raw (a loader's message, a fix, a
// build's name) redacts, in addition to what [RedactText] finds by itself.
func SecretValues(raw string) []string {
	var out []string
	add := func(k, v string, keyed bool) {
		if keyed && looksSecretKey(k) || looksSecretValue(v) {
			out = addSecretValue(out, v)
		}
		if p := urlPassword(v); p != "" {
			out = addSecretValue(out, p)
		}
	}
	if t := strings.TrimSpace(raw); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		var v any
		if json.Unmarshal([]byte(t), &v) == nil {
			jsonSecrets(v, "", add)
			return out
		}
	}
	it := fieldIter{s: raw}
	for {
		f, ok, err := it.next()
		if err != nil {
			// not CSV: the field boundaries cannot be trusted; read the parts
			out = out[:0]
			for part := range strings.SplitSeq(raw, ",") {
				k, v, hasEq := strings.Cut(part, "=")
				add(strings.Trim(k, `"{} `), strings.Trim(v, `"{} `), hasEq)
			}
			return out
		}
		if !ok {
			return out
		}
		k, v, hasEq := strings.Cut(f.text, "=")
		if !hasEq {
			k, v = "", f.text
		}
		add(k, v, hasEq)
	}
}

// jsonSecrets walks a decoded JSON value, calling add for every string
// with the key it is under.
func jsonSecrets(v any, key string, add func(k, v string, keyed bool)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			jsonSecrets(x, k, add)
		}
	case []any:
		for _, x := range v {
			jsonSecrets(x, key, add)
		}
	case string:
		add(key, v, key != "")
	}
}

// appendSecret adds v to out unless it is empty, the redaction marker or a
// template, which hold no secret.
func addSecretValue(out []string, v string) []string {
	t := strings.TrimSpace(v)
	if t == "" || t == Redacted || isTemplateValue(t) {
		return out
	}
	for _, s := range out {
		if s == v {
			return out
		}
	}
	return append(out, v)
}

// isTemplateValue reports whether v is one expression and nothing else:
// "${{ ... }}", "${...}" or "$NAME".
func isTemplateValue(v string) bool {
	switch {
	case strings.HasPrefix(v, "${{") && strings.HasSuffix(v, "}}") && strings.Count(v, "${{") == 1:
		return true
	case strings.HasPrefix(v, "${") && strings.HasSuffix(v, "}") && strings.Count(v, "${") == 1 && !strings.ContainsAny(v[2:len(v)-1], "{}"):
		return true
	case len(v) > 1 && v[0] == '$' && isName(v[1:]):
		return true
	}
	return false
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}

// urlPassword returns the password of v when v is a URL or a ref with a
// user:password@ part ("https://u:p@host/x", "u:p@host/repo"), else "".
func urlPassword(v string) string {
	auth := v
	if i := strings.Index(v, "://"); i >= 0 {
		auth = v[i+3:]
		if j := strings.IndexAny(auth, "/?#"); j >= 0 {
			auth = auth[:j]
		}
		at := strings.LastIndexByte(auth, '@')
		if at < 0 {
			return ""
		}
		_, pass, ok := strings.Cut(auth[:at], ":")
		if !ok {
			return ""
		}
		return pass
	}
	at := strings.IndexByte(auth, '@')
	if at <= 0 || strings.Contains(auth[:at], "/") || !strings.Contains(auth[at+1:], "/") {
		return ""
	}
	_, pass, ok := strings.Cut(auth[:at], ":")
	if !ok {
		return ""
	}
	return pass
}

// RedactText returns s, any text that may quote cache values (a loader's
// error message, a panic value, a line of a file), with the secrets it can
// find by their shape replaced by [Redacted]: the value after "KEY=" or
// after a quoted "KEY": or KEY: (JSON, YAML) when [IsSecretKey] names KEY,
// the password of a user:password@ part of a URL or a ref, and
// credential-looking words (JWTs, GitHub tokens, AWS access key ids). A
// value runs to the next white space, comma, quote, backslash, semicolon
// or closing bracket; a quoted value to its closing quote. Text that holds
// none is returned as it is, and RedactText(RedactText(s)) ==
// RedactText(s).
//
// It cannot know a secret that is not written next to its key: a tool that
// knows the values it read redacts those as well ([SecretValues]).
func RedactText(s string) string {
	var cuts []cut // value spans to redact, in order, not overlapping
	addCut := func(start, end int) {
		if start >= end || strings.HasPrefix(s[start:], Redacted) {
			return
		}
		if n := len(cuts); n > 0 && start < cuts[n-1].end {
			if end > cuts[n-1].end {
				cuts[n-1].end = end
			}
			return
		}
		cuts = append(cuts, cut{start, end})
	}
	// keys' values and passwords, after "=", ":" and "@"
	for i := 0; i < len(s); i++ {
		if redactClass[s[i]]&pairMark == 0 {
			continue
		}
		switch c := s[i]; {
		case c == '=' || c == ':':
			if c == ':' && strings.HasPrefix(s[i:], "://") {
				if st, en, ok := urlPasswordAt(s, i); ok {
					addCut(st, en)
				}
				continue
			}
			k0, k1, quotedKey := keyBefore(s, i)
			if k0 == k1 {
				continue
			}
			j := i + 1
			if c == ':' && !quotedKey && (j >= len(s) || s[j] != ' ') {
				continue // a colon inside a word (a port, a tag), not a YAML or JSON pair
			}
			if !looksSecretKey(s[k0:k1]) {
				continue
			}
			if c == ':' {
				if k := strings.ToLower(s[k0:k1]); !quotedKey && (k == "key" || k == "keys") {
					continue // prose ("the key: ..."), not a pair
				}
				for j < len(s) && s[j] == ' ' {
					j++
				}
			}
			st, en := valueAt(s, j)
			addCut(st, en)
		case c == '@':
			if st, en, ok := refPasswordAt(s, i); ok {
				addCut(st, en)
			}
		}
	}
	// credential-looking words: passwords are cut above, so what is left
	// are the token shapes, all of 20 bytes or more and made of none of
	// "=", ":" and "@"; a word is split at those too, so that a token
	// glued to a key ("ghp_...token=x") is found
	for st := 0; st < len(s); {
		for st < len(s) && redactClass[s[st]]&tokenEnd != 0 {
			st++
		}
		en := st
		for en < len(s) && redactClass[s[en]]&tokenEnd == 0 {
			en++
		}
		if en-st >= minTokenLen && looksToken(s[st:en]) {
			cuts = insertCut(cuts, cut{st, en})
		}
		st = en
	}
	if len(cuts) == 0 {
		return s
	}
	var b strings.Builder
	at := 0
	for _, c := range cuts {
		if c.start < at {
			continue
		}
		b.WriteString(s[at:c.start])
		b.WriteString(Redacted)
		at = c.end
	}
	b.WriteString(s[at:])
	return b.String()
}

type cut struct{ start, end int }

// insertCut adds c to the sorted cuts, merging it with those it overlaps.
func insertCut(cuts []cut, c cut) []cut {
	out := make([]cut, 0, len(cuts)+1)
	placed := false
	for _, x := range cuts {
		switch {
		case x.end <= c.start:
			out = append(out, x)
		case c.end <= x.start:
			if !placed {
				out, placed = append(out, c), true
			}
			out = append(out, x)
		default:
			c = cut{min(c.start, x.start), max(c.end, x.end)}
		}
	}
	if !placed {
		out = append(out, c)
	}
	return out
}

// minTokenLen is the shortest credential looksSecretValue knows by its
// shape alone: a JWT, a GitHub token, an AWS access key id.
const minTokenLen = 20

// isKeyByte reports whether c can be part of an attribute key.
func isKeyByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// keyBefore returns the key that ends right before s[i] (a "=" or a ":"),
// and whether it is quoted ("key": or \"key\":).
func keyBefore(s string, i int) (start, end int, quoted bool) {
	end = i
	for _, q := range [...]string{`\"`, `"`, `'`} {
		if strings.HasSuffix(s[:end], q) {
			end -= len(q)
			quoted = true
			break
		}
	}
	start = end
	for start > 0 && isKeyByte(s[start-1]) {
		start--
	}
	return start, end, quoted
}

// The byte classes of RedactText, in redactClass.
const (
	valueEnd = 1 << iota // ends an unquoted value in free text
	tokenEnd             // ends a credential-looking word
	pairMark             // "=", ":" or "@": a key's value or a password may follow
)

var redactClass = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\r,\"'\\;)]}<>`&") {
		t[c] |= valueEnd | tokenEnd
	}
	for _, c := range []byte("=:@") {
		t[c] |= tokenEnd | pairMark
	}
	return t
}()

// isValueEnd reports whether c ends an unquoted value in free text: white
// space, a comma, a quote, a backslash, a semicolon, a closing bracket,
// "<", ">", "`" or "&".
func isValueEnd(c byte) bool { return redactClass[c]&valueEnd != 0 }

// valueAt returns the span of the value starting at s[j]: up to its closing
// quote when it starts with one (", ' or \"), else up to the first
// isValueEnd byte. A value that is one template and nothing else
// ("${{ secrets.X }}", "${VAR}", "$VAR") is no secret: its span is empty.
func valueAt(s string, j int) (start, end int) {
	if t := templateEnd(s, j); t > j {
		if t == len(s) || isValueEnd(s[t]) {
			return j, j // a template, no secret
		}
		end = t
		for end < len(s) && !isValueEnd(s[end]) {
			end++
		}
		return j, end // a template and more: all of it
	}
	for _, q := range [...]string{`\"`, `"`, `'`} {
		if strings.HasPrefix(s[j:], q) {
			start = j + len(q)
			if k := strings.Index(s[start:], q); k >= 0 {
				return start, start + k
			}
			return start, len(s)
		}
	}
	end = j
	for end < len(s) && !isValueEnd(s[end]) {
		end++
	}
	return j, end
}

// urlPasswordAt returns the span of the password of the URL whose "://" is
// at s[i], when its authority has a user:password@ part.
func urlPasswordAt(s string, i int) (start, end int, ok bool) {
	a := i + 3
	e := a
	for e < len(s) && !isValueEnd(s[e]) && s[e] != '/' && s[e] != '?' && s[e] != '#' {
		e++
	}
	at := strings.LastIndexByte(s[a:e], '@')
	if at < 0 {
		return 0, 0, false
	}
	colon := strings.IndexByte(s[a:a+at], ':')
	if colon < 0 {
		return 0, 0, false
	}
	return a + colon + 1, a + at, true
}

// refPasswordAt returns the span of the password of a ref written
// user:password@host/path whose "@" is at s[i] (no scheme).
func refPasswordAt(s string, i int) (start, end int, ok bool) {
	b := i
	for b > 0 && !isValueEnd(s[b-1]) && s[b-1] != '=' {
		b--
	}
	head := s[b:i]
	if strings.Contains(head, "/") || strings.Contains(head, "@") {
		return 0, 0, false
	}
	colon := strings.IndexByte(head, ':')
	if colon < 0 {
		return 0, 0, false
	}
	e := i + 1
	for e < len(s) && !isValueEnd(s[e]) {
		e++
	}
	if !strings.Contains(s[i+1:e], "/") {
		return 0, 0, false // user@host:tag@sha256:digest and the like
	}
	return b + colon + 1, i, true
}

// templateEnd returns the end of the template starting at s[j]
// ("${{ ... }}", "${...}", "$NAME"), or j when none starts there.
func templateEnd(s string, j int) int {
	switch {
	case strings.HasPrefix(s[j:], "${{"):
		if k := strings.Index(s[j:], "}}"); k >= 0 {
			return j + k + 2
		}
	case strings.HasPrefix(s[j:], "${"):
		if k := strings.IndexAny(s[j+2:], "{}"); k >= 0 && s[j+2+k] == '}' {
			return j + 2 + k + 1
		}
	case strings.HasPrefix(s[j:], "$") && j+1 < len(s) && (s[j+1] == '_' || 'a' <= s[j+1]|0x20 && s[j+1]|0x20 <= 'z'):
		k := j + 1
		for k < len(s) && (s[k] == '_' || 'a' <= s[k]|0x20 && s[k]|0x20 <= 'z' || '0' <= s[k] && s[k] <= '9') {
			k++
		}
		return k
	}
	return j
}
