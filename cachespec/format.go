package cachespec

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Format returns the canonical CSV form of e: "type=<backend>", then the
// backend's own attributes in the order of its struct fields, then the
// shared export attributes in the order of [ExportOptions], then unknown
// attributes in the order written. A field is quoted, as a whole, only when it
// holds a comma or a quote.
//
// Format REVEALS SECRETS: it is the machine form, for BuildKit, Buildx and
// files. For anything a person may see, use the entry's String (or any fmt
// verb, which the entry's own Format method, fmt.Formatter, redacts).
//
// Parse(Format(e)) equals e for every entry [Validate] accepts. Format does
// not check (its signature has no error): for an entry Validate refuses
// (Some(Mode("maxx")), CompressionLevel: Some(99), a path with a newline),
// it returns the text anyway, and Parse refuses it. For entries built in
// Go, use [FormatChecked], which refuses them. Format(nil) is "".
func Format(e Entry) string {
	if e == nil {
		return ""
	}
	// Print into a buffer on the stack and copy once into a string of the
	// exact size; longer forms grow into the heap.
	var stack [256]byte
	return string(appendDirect(stack[:0], e))
}

// FormatChecked is [Format] for entries built in Go: it returns the
// canonical form, or the error of [Validate] (a *[ParseError] naming the
// attribute, secrets redacted) for an entry whose form Parse would refuse
// or read back as another entry. What it returns, Parse reads back equal
// to e. It REVEALS SECRETS, as Format does. FormatChecked(nil) is an
// error.
func FormatChecked(e Entry) (string, error) {
	if err := Validate(e); err != nil {
		return "", err
	}
	return Format(e), nil
}

// appendPlain writes the canonical form without checking that it reads
// back (Format's contract) or redacting.
func appendPlain(b []byte, e Entry) []byte {
	b = append(b, "type="...)
	b = append(b, e.Type().String()...)
	keys := e.keys()
	for i := range keys {
		f := e.field(i)
		if !f.present() {
			continue
		}
		b = append(b, ',')
		b = appendField(b, keys[i], f.spelling())
	}
	for k, v := range e.unknown().All() {
		b = append(b, ',')
		b = appendField(b, k, v)
	}
	return b
}

// textLen estimates the length of the canonical form, so that Format and
// MarshalText allocate once.
func textLen(e Entry) int {
	n := len("type=") + len(e.Type().String())
	for i, k := range e.keys() {
		if f := e.field(i); f.present() {
			n += len(k) + len(f.spelling()) + 4
		}
	}
	return n + len(e.unknown().enc) + 16
}

// appendEntry writes the canonical form, redacting secrets when redact is
// set.
func appendEntry(b []byte, e Entry, redact bool) []byte {
	b = append(b, "type="...)
	b = append(b, e.Type().String()...)
	keys := e.keys()
	for i, k := range keys {
		f := e.field(i)
		if !f.present() {
			continue
		}
		v := f.spelling()
		if redact && (f.isSecret() || looksSecretValue(v)) {
			v = Redacted
		}
		b = append(b, ',')
		b = appendField(b, k, v)
	}
	for k, v := range e.unknown().All() {
		if redact && (looksSecretKey(k) || looksSecretValue(v)) {
			v = Redacted
		}
		b = append(b, ',')
		b = appendField(b, k, v)
	}
	return b
}

// checkValue reports whether a value can be read back by Parse, and
// where in it the first character it cannot hold is, and its length.
func checkValue(key, v string, secret bool) (at, n int, err error) {
	for i := 0; i < len(v); {
		if textClass[v[i]] == 0 {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(v[i:])
		if r == utf8.RuneError && n == 1 || r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			shown := strconv.Quote(v)
			if secret {
				shown = Redacted
			}
			return i, n, fmt.Errorf("cachespec: attribute %q has value %s with a character a cache value cannot hold (%s at byte %d of the value)", key, shown, strconv.QuoteRune(r), i)
		}
		i += n
	}
	return 0, 0, nil
}

// checkExtra reports whether an unknown attribute can be read back by Parse
// as the same unknown attribute.
func checkExtra(keys []string, k, v string) error {
	switch {
	case k == "":
		return fmt.Errorf("cachespec: unknown attribute with an empty key")
	case k == "type" || indexKey(keys, k) >= 0:
		return fmt.Errorf("cachespec: unknown attribute %q is a known attribute of this backend; set its field instead", k)
	case strings.IndexByte(k, '=') >= 0, strings.TrimSpace(k) != k, toLower(k) != k:
		return fmt.Errorf("cachespec: unknown attribute key %q cannot be written: keys are lower-case, without \"=\" or surrounding white space", k)
	}
	if _, _, err := checkValue(k, k, false); err != nil {
		return err
	}
	_, _, err := checkValue(k, v, looksSecretKey(k))
	return err
}

// Validate reports whether e holds only what [Parse] accepts, so that every
// printer's output reads back to e: the checks of Parse on each typed field
// (mode min or max, a known compression, bools, durations, positive ints,
// digests, URLs), the compression-level range of the compression, no
// control character or invalid UTF-8 in any value, and unknown attributes
// whose keys Parse would read back as the same unknown attribute. An entry
// built in Go can hold what Parse refuses (Some(Mode("maxx")),
// CompressionLevel: Some(99), UploadParallelism: Some(0), a path with a
// newline); Validate finds it.
//
// The error is a *[ParseError] whose Input is e's redacted canonical form
// and whose Offset and Key locate the attribute in it. AppendText,
// MarshalText, MarshalJSON, FormatActionInput and the printers of the
// interop module call Validate and refuse an invalid entry; Format,
// BuildxArgs and BuildctlArgs, whose signatures have no error, do not:
// call Validate (or [ValidateAll]) before them. Validate(nil) is an error.
func Validate(e Entry) error {
	if e == nil {
		return newError(ErrMissingType, "", "type", 0, 0, "nil entry", "give an entry of one of the six backends")
	}
	if !e.Type().IsValid() {
		return newError(ErrUnknownType, "", "type", 0, 0, "entry of an invalid type", "give an entry of one of the six backends")
	}
	keys := e.keys()
	for i, k := range keys {
		f := e.field(i)
		if !f.present() {
			continue
		}
		v := f.spelling()
		if at, n, err := checkValue(k, v, f.isSecret()); err != nil {
			pe := invalidEntry(e, ErrInvalidText, k, err.Error(), "remove the character; a value is one line of text")
			if off, _, ok := valueSpan(e, k); ok {
				pe.Offset, pe.Len = off+at, n
			}
			return pe
		}
		if err := f.check(); err != nil {
			pe := invalidEntry(e, ErrInvalidValue, k, "invalid "+k+" "+quoteValue(k, v)+": "+err.Error(), valueFix(k, v))
			pe.Err = err
			if off, n, ok := valueSpan(e, k); ok {
				pe.Offset, pe.Len = off, n
			}
			return pe
		}
	}
	for k, v := range e.unknown().All() {
		if err := checkExtra(keys, k, v); err != nil {
			return invalidEntry(e, ErrSyntax, k, err.Error(), "set the backend's field for a known attribute; write an unknown one's key in lower case, without \"=\" or white space around it, and its value as one line of text")
		}
	}
	if err := checkCompressionLevel("", e); err != nil {
		pe := err.(*ParseError)
		pe.Input = redacted(e)
		if off, n, ok := FieldSpan(Format(e), "compression-level"); ok {
			pe.Offset, pe.Len = off, n
		}
		return pe
	}
	return nil
}

// ValidateAll runs [Validate] on each entry and returns the first error,
// with the entry's index as the error's Index.
func ValidateAll(entries []Entry) error {
	for i, e := range entries {
		if err := Validate(e); err != nil {
			return withIndex(err, i)
		}
	}
	return nil
}

// invalidEntry is Validate's refusal of attribute key of e, placed on the
// attribute's field in e's canonical form (Format(e)), as Parse's errors
// are placed in the value read: Input is the redacted form, Offset and Len
// count in the exact one.
func invalidEntry(e Entry, kind *Kind, key, reason, fix string) *ParseError {
	off, n, _ := FieldSpan(Format(e), key)
	return newShownError(kind, redacted(e), key, off, n, strings.TrimPrefix(reason, "cachespec: "), fix)
}

// valueSpan is the span of the value of attribute key in Format(e).
func valueSpan(e Entry, key string) (off, n int, ok bool) { return valueSpanIn(Format(e), key) }

// valueSpanIn is the span of the value of attribute key in the cache
// value s, inside the quotes of a quoted field.
func valueSpanIn(s, key string) (off, n int, ok bool) {
	off, n, ok = FieldSpan(s, key)
	if !ok {
		return 0, 0, false
	}
	if s[off] == '"' {
		off, n = off+1, n-2
	}
	k := len(key) + 1
	if n < k {
		return 0, 0, false
	}
	return off + k, n - k, true
}

// appendText implements AppendText for every backend.
func appendText(b []byte, e Entry) ([]byte, error) {
	if err := Validate(e); err != nil {
		return b, err
	}
	return appendEntry(b, e, false), nil
}

// marshalText implements MarshalText for every backend.
func marshalText(e Entry) ([]byte, error) {
	return appendText(make([]byte, 0, textLen(e)), e)
}

// redacted implements String for every backend.
func redacted(e Entry) string {
	return string(appendEntry(make([]byte, 0, 64), e, true))
}

// attrs implements Attrs for every backend.
func attrs(e Entry) map[string]string {
	m := make(map[string]string)
	for i, k := range e.keys() {
		if f := e.field(i); f.present() {
			m[k] = f.spelling()
		}
	}
	for k, v := range e.unknown().All() {
		m[k] = v
	}
	return m
}

// formatVerb implements fmt.Formatter for every backend: every verb prints
// the redacted String form; %#v prints it as a Go call that would parse it.
func formatVerb(e Entry, f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprintf(f, "cachespec.MustParse(%q)", redacted(e))
		return
	}
	if verb == 'q' {
		fmt.Fprint(f, strconv.Quote(redacted(e)))
		return
	}
	fmt.Fprint(f, redacted(e))
}

// logValue implements slog.LogValuer for every backend.
func logValue(e Entry) slog.Value { return slog.StringValue(redacted(e)) }
