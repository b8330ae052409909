package lint

import (
	"strconv"
	"unicode/utf8"
)

// The JSON writer encodes its diagnostics by hand, in the bytes
// encoding/json's MarshalIndent gives for jsonDiagnostic with the report's
// indentation (json_stream_test.go compares the two): the writer's time
// went to encoding/json's second pass, which indents what it encoded.

// appendJSONString appends s as encoding/json writes a string: quoted,
// with `"`, `\` and control characters escaped (\b, \f, \n, \r, \t, else
// \u00XX), "<", ">" and "&" as \u003c, \u003e, \u0026, U+2028 and U+2029
// escaped, and each byte of invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += n
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += n
			start = i
			continue
		}
		i += n
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonObject appends the fields of one JSON object, indented as
// MarshalIndent indents them: each field on its own line at the object's
// depth plus one, the closing brace at its depth.
type jsonObject struct {
	b     []byte
	depth int // the object's indentation, in units of two spaces after the prefix
	n     int // fields written
}

// newline starts a line at depth d: the report's prefix of four spaces,
// then two spaces per level.
func (o *jsonObject) newline(d int) {
	o.b = append(o.b, '\n', ' ', ' ', ' ', ' ')
	for range d {
		o.b = append(o.b, ' ', ' ')
	}
}

// key starts field k.
func (o *jsonObject) key(k string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	o.newline(o.depth + 1)
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':', ' ')
}

func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.b = appendJSONString(o.b, v)
}

func (o *jsonObject) int(k string, v int) {
	o.key(k)
	o.b = strconv.AppendInt(o.b, int64(v), 10)
}

// array appends an array of n elements at depth, each written by each
// (which appends to o.b), as MarshalIndent writes it: "[]" when empty.
func (o *jsonObject) array(n, depth int, each func(i int)) {
	if n == 0 {
		o.b = append(o.b, '[', ']')
		return
	}
	o.b = append(o.b, '[')
	for i := range n {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.newline(depth)
		each(i)
	}
	o.newline(depth - 1)
	o.b = append(o.b, ']')
}

// close ends the object.
func (o *jsonObject) close() {
	if o.n > 0 {
		o.newline(o.depth)
	}
	o.b = append(o.b, '}')
}

// appendJSONDiagnostic appends d as MarshalIndent(d, "    ", "  ") writes
// it.
func appendJSONDiagnostic(b []byte, d *jsonDiagnostic) []byte {
	o := jsonObject{b: append(b, '{')}
	o.str("file", d.File)
	o.int("line", d.Line)
	o.int("column", d.Column)
	o.int("end_line", d.EndLine)
	o.int("end_column", d.EndColumn)
	o.str("rule", d.Rule)
	o.str("severity", d.Severity)
	o.str("message", d.Message)
	o.str("fix", d.Fix)
	o.key("fixes")
	o.array(len(d.Fixes), 2, func(i int) {
		f := d.Fixes[i]
		fo := jsonObject{b: append(o.b, '{'), depth: 2}
		fo.str("message", f.Message)
		if f.Fixed != "" {
			fo.str("fixed", f.Fixed)
		}
		if len(f.Edits) > 0 {
			fo.key("edits")
			fo.array(len(f.Edits), 4, func(j int) {
				e := f.Edits[j]
				eo := jsonObject{b: append(fo.b, '{'), depth: 4}
				eo.int("line", e.Line)
				eo.int("column", e.Column)
				eo.int("end_line", e.EndLine)
				eo.int("end_column", e.EndColumn)
				eo.str("new_text", e.NewText)
				eo.close()
				fo.b = eo.b
			})
		}
		fo.close()
		o.b = fo.b
	})
	if d.Build != "" {
		o.str("build", d.Build)
	}
	if d.Kind != "" {
		o.str("kind", d.Kind)
	}
	o.close()
	return o.b
}
