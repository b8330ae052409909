package cachespec

import "strings"

// field is one CSV field of a value.
type field struct {
	text   string // the field's content, quotes removed
	start  int    // byte offset of the field in the value (its opening quote, if quoted)
	inner  int    // byte offset of the content: start, or start+1 when quoted
	quoted bool   // the field was quoted
}

// csvError is a CSV syntax error at a byte offset.
type csvError struct {
	off    int
	reason string
}

// fieldIter reads a value the way github.com/tonistiigi/go-csvvalue (the
// reader Buildx and buildctl use) does with its default settings: fields
// separated by ",", no trimming, a field that starts with `"` is quoted and
// may contain "," and doubled `""`, a `"` anywhere else is an error. It
// allocates only to unescape doubled quotes.
//
// The caller refuses control characters first, so the trailing newline
// csvvalue strips never reaches it.
type fieldIter struct {
	s    string
	pos  int
	done bool
}

// next returns the next field; ok is false after the last one.
func (it *fieldIter) next() (f field, ok bool, err *csvError) {
	if it.done {
		return field{}, false, nil
	}
	s, start := it.s, it.pos
	if start >= len(s) || s[start] != '"' {
		end := strings.IndexByte(s[start:], ',')
		var text string
		if end < 0 {
			text = s[start:]
			it.done = true
		} else {
			text = s[start : start+end]
			it.pos = start + end + 1
		}
		if j := strings.IndexByte(text, '"'); j >= 0 {
			return field{}, false, &csvError{start + j, `bare " in a field that does not start with a quote`}
		}
		return field{text: text, start: start, inner: start}, true, nil
	}
	// Quoted field.
	i := start + 1
	var buf []byte // only when the field holds doubled quotes
	segStart := i
	for {
		j := strings.IndexByte(s[i:], '"')
		if j < 0 {
			return field{}, false, &csvError{start, "quote is never closed"}
		}
		j += i
		switch {
		case j+1 < len(s) && s[j+1] == '"':
			buf = append(buf, s[segStart:j+1]...)
			i = j + 2
			segStart = i
			continue
		case j+1 == len(s):
			it.done = true
		case s[j+1] == ',':
			it.pos = j + 2
		default:
			return field{}, false, &csvError{j, `extraneous character after a closing quote`}
		}
		var text string
		if buf == nil {
			text = s[segStart:j]
		} else {
			text = string(append(buf, s[segStart:j]...))
		}
		return field{text: text, start: start, inner: start + 1, quoted: true}, true, nil
	}
}

// needsQuotes reports whether a field must be quoted for fieldIter to read it
// back unchanged.
func needsQuotes(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ',' || c == '"' {
			return true
		}
	}
	return false
}

// appendCSVField appends s as one CSV field, quoted only when needed.
func appendCSVField(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// appendField appends key=value as one CSV field, quoted only when needed.
func appendField(b []byte, key, value string) []byte {
	if !needsQuotes(key) && !needsQuotes(value) {
		b = append(b, key...)
		b = append(b, '=')
		return append(b, value...)
	}
	b = append(b, '"')
	for _, part := range [...]string{key, "=", value} {
		for i := 0; i < len(part); i++ {
			if part[i] == '"' {
				b = append(b, '"')
			}
			b = append(b, part[i])
		}
	}
	return append(b, '"')
}

// FieldSpan returns the byte offset and length, in s, of the first field of
// the cache value s whose key (lower-cased) is key, read exactly as [Parse]
// reads fields (quoted fields, doubled quotes); ok is false when there is
// none or s is not valid CSV.
//
// The span covers the whole field as written: for a quoted field, from the
// opening quote to the closing quote. The key is the text before the
// field's first "=", lower-cased as Buildx does and otherwise as written (a
// key with white space around it matches only with that white space); key
// is compared as given, so pass it in lower case. A field without "=" has no
// key.
func FieldSpan(s, key string) (off, n int, ok bool) {
	off = -1
	it := fieldIter{s: s}
	for {
		f, more, err := it.next()
		if err != nil {
			return 0, 0, false
		}
		if !more {
			break
		}
		if off >= 0 {
			continue // the rest is read only to check that s is valid CSV
		}
		k, _, hasEq := strings.Cut(f.text, "=")
		if !hasEq || toLower(k) != key {
			continue
		}
		end := len(s)
		if !it.done {
			end = it.pos - 1 // the separating comma
		}
		off, n = f.start, end-f.start
	}
	if off < 0 {
		return 0, 0, false
	}
	return off, n, true
}
