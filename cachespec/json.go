package cachespec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// marshalJSON writes a flat object of strings: "type" first, then the
// attributes in canonical order. Buildx's shape is the same object (it
// sorts the keys, which no reader depends on).
func marshalJSON(e Entry) ([]byte, error) {
	if _, err := appendText(nil, e); err != nil {
		return nil, err
	}
	b := make([]byte, 0, 96)
	b = append(b, `{"type":`...)
	b = strconv.AppendQuote(b, e.Type().String())
	add := func(k, v string) {
		b = append(b, ',')
		b, _ = appendJSONString(b, k)
		b = append(b, ':')
		b, _ = appendJSONString(b, v)
	}
	for i, k := range e.keys() {
		if f := e.field(i); f.present() {
			add(k, f.spelling())
		}
	}
	for k, v := range e.unknown().All() {
		add(k, v)
	}
	return append(b, '}'), nil
}

func appendJSONString(b []byte, s string) ([]byte, error) {
	q, err := json.Marshal(s)
	return append(b, q...), err
}

// MaxJSONLen is the longest JSON object ParseJSON accepts, in bytes: room
// for the JSON form of any entry Parse accepts (JSON escapes can make it
// several times longer than the value). Each value in it is still limited
// to MaxValueLen.
const MaxJSONLen = 8 * MaxValueLen

// ParseJSON reads one entry in the JSON object form of Buildx and bake
// files: {"type":"gha","scope":"app"}. Values may be strings, or booleans and
// numbers as bake accepts them (written as their JSON text). Keys are
// case-sensitive, as in Buildx's JSON and bake's object form, so an upper-case
// key such as "REF" is refused rather than silently ignored by BuildKit. The
// attribute rules are those of [Parse].
func ParseJSON(data []byte) (Entry, error) {
	pairs, err := readJSONObject(data)
	if err != nil {
		return nil, err
	}
	return parsePairs(pairs, jsonShown(data, pairs, len(data)))
}

// pair is one attribute of a structured form, with where its key and
// value are in the input (offsets are 0 when the form has none).
type pair struct {
	key, val       string
	keyOff, valOff int // byte offsets of the key's and the value's JSON tokens
	keyLen, valLen int // lengths of the tokens (0 when the form has none)
}

// readJSONObject reads a flat JSON object, keeping key order and refusing
// duplicate keys, nested values and nulls. Errors quote the object with
// the values of credential keys, and credential-looking values, redacted
// (see jsonShown), and give the byte offset of the key or value concerned.
func readJSONObject(data []byte) ([]pair, error) {
	if len(data) > MaxJSONLen {
		return nil, newShownError(ErrTooLong, jsonShown(data[:64], nil, 0), "", MaxJSONLen, 0, "object is over the limit of "+strconv.Itoa(MaxJSONLen)+" bytes", "shorten the value")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var pairs []pair
	fail := func(reason string) error {
		off := int(dec.InputOffset())
		return newShownError(ErrSyntax, jsonShown(data, pairs, off), "", off, 0, reason, `write a flat JSON object of strings, such as {"type":"gha","scope":"app"}`)
	}
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, fail("not a JSON object")
	}
	seen := map[string]struct{}{}
	for dec.More() {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return nil, fail("malformed JSON: " + jsonReason(err))
		}
		key := tok.(string)
		keyOff := tokenStart(data, before)
		before = int(dec.InputOffset())
		keyLen := before - keyOff
		tok, err = dec.Token()
		if err != nil {
			return nil, fail("malformed JSON: " + jsonReason(err))
		}
		valOff := tokenStart(data, before)
		valEnd := int(dec.InputOffset())
		p := pair{key: key, keyOff: keyOff, keyLen: keyLen, valOff: valOff, valLen: valEnd - valOff}
		switch v := tok.(type) {
		case string:
			p.val = v
		case bool:
			p.val = strconv.FormatBool(v)
		case json.Number:
			p.val = v.String()
		default:
			// a nested value: the decoder stopped inside it
			return nil, newShownError(ErrSyntax, jsonShown(data, pairs, valOff), key, valOff, 0, "attribute "+strconv.Quote(key)+" is not a string, number or boolean", "write the value as a JSON string")
		}
		if _, dup := seen[key]; dup {
			pairs = append(pairs, p)
			return nil, newShownError(ErrDuplicateKey, jsonShown(data, pairs, len(data)), key, keyOff, valEnd-keyOff, "duplicate key "+strconv.Quote(key), "write it once")
		}
		seen[key] = struct{}{}
		pairs = append(pairs, p)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail("malformed JSON: " + jsonReason(err))
	}
	if _, err := dec.Token(); err == nil {
		return nil, fail("data after the JSON object")
	}
	return pairs, nil
}

// tokenStart returns the offset of the JSON token that starts at or after
// off, skipping white space, ":" and ",".
func tokenStart(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

// jsonShown returns the JSON text data as an error may quote it: the value
// of every pair read (pairs) whose key names a credential, or that looks
// like one, replaced by "[redacted]" (the same keys [Parse] redacts), and
// the text from upto on, which was not read as pairs, redacted from its
// first credential-like part (as for CSV that cannot be read).
func jsonShown(data []byte, pairs []pair, upto int) string {
	upto = min(upto, len(data))
	var b []byte
	at := 0
	for _, p := range pairs {
		if p.valOff < at || p.valOff+p.valLen > upto {
			continue
		}
		if looksSecretKey(p.key) || looksSecretValue(p.val) {
			b = append(b, data[at:p.valOff]...)
			b = strconv.AppendQuote(b, Redacted)
			at = p.valOff + p.valLen
		}
	}
	b = append(b, data[at:upto]...)
	if upto < len(data) {
		b = append(b, redactTail(string(data[upto:]))...)
	}
	return string(b)
}

// jsonReason is a JSON error without the input.
func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Error()
	}
	return "unexpected end or token"
}

// parsePairs builds an entry from key/value pairs read from a structured
// form (JSON, bake, compose objects); shown is the input as errors quote
// it, already redacted. Errors give the offsets the pairs carry.
func parsePairs(pairs []pair, shown string) (Entry, error) {
	typ := -1
	var typText string
	for i, p := range pairs {
		if err := checkText(p.val); err != nil && p.val != "" {
			var pe *ParseError
			errors.As(err, &pe)
			pe.Input, pe.Key, pe.Offset = shown, p.key, p.valOff+pe.Offset+b2i(p.valLen > len(p.val))
			return nil, pe
		}
		if p.key != "" {
			if err := checkText(p.key); err != nil {
				var pe *ParseError
				errors.As(err, &pe)
				pe.Input, pe.Key, pe.Offset = shown, "", p.keyOff+pe.Offset+1
				return nil, pe
			}
		}
		switch {
		case p.key == "":
			return nil, newShownError(ErrSyntax, shown, "", p.keyOff, 2, "empty key", "write a key")
		case p.key != toLower(p.key):
			return nil, p.keyEdit(newShownError(ErrSyntax, shown, p.key, p.keyOff, len(p.key)+2, "key "+strconv.Quote(p.key)+" is not lower-case, so BuildKit ignores it", "write "+strconv.Quote(toLower(p.key))), toLower(p.key))
		case p.key != trimSpace(p.key):
			return nil, p.keyEdit(newShownError(ErrKeyWhitespace, shown, p.key, p.keyOff, len(p.key)+2, "key "+strconv.Quote(p.key)+" has white space around it, so BuildKit ignores it", "write "+strconv.Quote(trimSpace(p.key))), trimSpace(p.key))
		case p.key == "type":
			typ, typText = i, p.val
		}
	}
	if typ < 0 || typText == "" {
		off, n := 0, 0
		if typ >= 0 {
			off, n = pairs[typ].valOff, pairs[typ].valLen
		}
		return nil, newShownError(ErrMissingType, shown, "type", off, n, "no type attribute", `add "type": "<backend>"`)
	}
	t := lookupType(typText)
	if t == TypeInvalid {
		fix, want := typeSuggestion(typText)
		return nil, pairs[typ].valueEdit(newShownError(ErrUnknownType, shown, "type", pairs[typ].valOff, pairs[typ].valLen, "unknown cache type "+strconv.Quote(typText), fix), want)
	}
	e := newEntry(t)
	var extra extraBuilder
	for _, p := range pairs {
		if p.key == "type" {
			continue
		}
		i := e.index(p.key)
		if i < 0 {
			if !extra.add(p.key, p.val) {
				return nil, newShownError(ErrDuplicateKey, shown, p.key, p.keyOff, 0, "duplicate key "+strconv.Quote(p.key), "write it once")
			}
			continue
		}
		if err := e.field(i).parse(p.val); err != nil {
			if p.key == "ref" {
				pe := refFailure(shown, p.valOff+b2i(p.valLen > len(p.val)), p.val, err).(*ParseError)
				pe.Input, pe.Edit = shown, nil // the edit is in CSV terms
				return nil, pe
			}
			pe := newShownError(ErrInvalidValue, shown, p.key, p.valOff, p.valLen, "invalid "+p.key+" "+quoteValue(p.key, p.val)+": "+err.Error(), valueFix(p.key, p.val))
			pe.Err = err
			want := valueSuggestion(p.key, p.val)
			if errors.Is(err, errBool) {
				want = boolSuggestion(p.val)
			}
			return nil, p.valueEdit(pe, want)
		}
	}
	e.unknown().enc = string(extra.enc)
	if err := checkCompressionLevel(shown, e); err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.Input = shown
			for _, p := range pairs {
				if p.key == "compression-level" {
					pe.Offset, pe.Len = p.valOff, p.valLen
				}
			}
		}
		return nil, err
	}
	return e, nil
}

// keyEdit sets the edit that writes the key as want, a JSON string, when
// the key's token is known.
func (p pair) keyEdit(pe *ParseError, want string) *ParseError {
	if p.keyLen > 0 && want != "" {
		pe.withEdit(p.keyOff, p.keyLen, jsonQuote(want))
	}
	return pe
}

// valueEdit sets the edit that writes the value as want, a JSON string,
// when the value's token is known. A fix's text is never a secret.
func (p pair) valueEdit(pe *ParseError, want string) *ParseError {
	if p.valLen > 0 && want != "" {
		pe.withEdit(p.valOff, p.valLen, jsonQuote(want))
	}
	return pe
}

// jsonQuote is s as a JSON string.
func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func trimSpace(s string) string { return string(bytes.TrimSpace([]byte(s))) }

// unmarshalInto implements UnmarshalText for every backend.
func unmarshalInto(dst Entry, b []byte) error {
	e, err := Parse(string(b))
	if err != nil {
		return err
	}
	return assign(dst, e, string(b))
}

// unmarshalJSONInto implements UnmarshalJSON for every backend.
func unmarshalJSONInto(dst Entry, b []byte) error {
	e, err := ParseJSON(b)
	if err != nil {
		return err
	}
	return assign(dst, e, string(b))
}

// assign copies src into dst when both are the same backend.
func assign(dst, src Entry, input string) error {
	switch d := dst.(type) {
	case *Registry:
		if s, ok := src.(*Registry); ok {
			*d = *s
			return nil
		}
	case *Local:
		if s, ok := src.(*Local); ok {
			*d = *s
			return nil
		}
	case *Inline:
		if s, ok := src.(*Inline); ok {
			*d = *s
			return nil
		}
	case *GHA:
		if s, ok := src.(*GHA); ok {
			*d = *s
			return nil
		}
	case *S3:
		if s, ok := src.(*S3); ok {
			*d = *s
			return nil
		}
	case *AzBlob:
		if s, ok := src.(*AzBlob); ok {
			*d = *s
			return nil
		}
	}
	return newError(ErrUnknownType, input, "type", 0, 0,
		fmt.Sprintf("a %s entry cannot be read into a %s", src.Type(), dst.Type()),
		"read it with Parse, ParseJSON or a List, which pick the type")
}
