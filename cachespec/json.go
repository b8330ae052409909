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
	return parsePairs(pairs, string(data))
}

type pair struct{ key, val string }

// readJSONObject reads a flat JSON object, keeping key order and refusing
// duplicate keys, nested values and nulls.
func readJSONObject(data []byte) ([]pair, error) {
	shown := string(data)
	if len(data) > MaxJSONLen {
		return nil, newError(ErrTooLong, shown[:64], "", MaxJSONLen, 0, "object is over the limit of "+strconv.Itoa(MaxJSONLen)+" bytes", "shorten the value")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fail := func(reason string) error {
		return newError(ErrSyntax, shown, "", int(dec.InputOffset()), 0, reason, `write a flat JSON object of strings, such as {"type":"gha","scope":"app"}`)
	}
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, fail("not a JSON object")
	}
	var pairs []pair
	seen := map[string]struct{}{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fail("malformed JSON: " + jsonReason(err))
		}
		key := tok.(string)
		off := int(dec.InputOffset())
		tok, err = dec.Token()
		if err != nil {
			return nil, fail("malformed JSON: " + jsonReason(err))
		}
		var val string
		switch v := tok.(type) {
		case string:
			val = v
		case bool:
			val = strconv.FormatBool(v)
		case json.Number:
			val = v.String()
		default:
			return nil, newError(ErrSyntax, shown, key, off, 0, "attribute "+strconv.Quote(key)+" is not a string, number or boolean", "write the value as a JSON string")
		}
		if _, dup := seen[key]; dup {
			return nil, newError(ErrDuplicateKey, shown, key, off, 0, "duplicate key "+strconv.Quote(key), "write it once")
		}
		seen[key] = struct{}{}
		pairs = append(pairs, pair{key, val})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail("malformed JSON: " + jsonReason(err))
	}
	if _, err := dec.Token(); err == nil {
		return nil, fail("data after the JSON object")
	}
	return pairs, nil
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
// form (JSON, bake, compose objects).
func parsePairs(pairs []pair, shown string) (Entry, error) {
	typOff := -1
	var typText string
	for i, p := range pairs {
		if err := checkText(p.val); err != nil && p.val != "" {
			var pe *ParseError
			errors.As(err, &pe)
			pe.Input, pe.Key, pe.Offset = redactInput(shown), p.key, 0
			return nil, pe
		}
		if p.key != "" {
			if err := checkText(p.key); err != nil {
				var pe *ParseError
				errors.As(err, &pe)
				pe.Input, pe.Key, pe.Offset = redactInput(shown), "", 0
				return nil, pe
			}
		}
		switch {
		case p.key == "":
			return nil, newError(ErrSyntax, shown, "", 0, 0, "empty key", "write a key")
		case p.key != toLower(p.key):
			return nil, newError(ErrSyntax, shown, p.key, 0, 0, "key "+strconv.Quote(p.key)+" is not lower-case, so BuildKit ignores it", "write "+strconv.Quote(toLower(p.key)))
		case p.key != trimSpace(p.key):
			return nil, newError(ErrKeyWhitespace, shown, p.key, 0, 0, "key "+strconv.Quote(p.key)+" has white space around it, so BuildKit ignores it", "write "+strconv.Quote(trimSpace(p.key)))
		case p.key == "type":
			typOff, typText = i, p.val
		}
	}
	if typOff < 0 || typText == "" {
		return nil, newError(ErrMissingType, shown, "type", 0, 0, "no type attribute", `add "type": "<backend>"`)
	}
	typ := lookupType(typText)
	if typ == TypeInvalid {
		return nil, newError(ErrUnknownType, shown, "type", 0, 0, "unknown cache type "+strconv.Quote(typText), typeFix(typText))
	}
	e := newEntry(typ)
	keys := e.keys()
	var extra extraBuilder
	for _, p := range pairs {
		if p.key == "type" {
			continue
		}
		i := indexKey(keys, p.key)
		if i < 0 {
			if !extra.add(p.key, p.val) {
				return nil, newError(ErrDuplicateKey, shown, p.key, 0, 0, "duplicate key "+strconv.Quote(p.key), "write it once")
			}
			continue
		}
		if err := e.field(i).parse(p.val); err != nil {
			if p.key == "ref" {
				return nil, refFailure(shown, 0, p.val, err)
			}
			pe := newError(ErrInvalidValue, shown, p.key, 0, 0, "invalid "+p.key+" "+quoteValue(p.key, p.val)+": "+err.Error(), valueFix(p.key, p.val))
			pe.Err = err
			return nil, pe
		}
	}
	e.unknown().enc = string(extra.enc)
	if err := checkCompressionLevel(shown, e); err != nil {
		return nil, err
	}
	return e, nil
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
