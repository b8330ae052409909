package cachespec

import (
	"iter"
	"strconv"
	"strings"
)

// Attributes holds attributes this package does not know, in the order they
// were written. BuildKit ignores keys it does not read, but newer versions add
// attributes, so they are kept and printed rather than dropped; package
// validate reports them.
//
// Keys are lower-case, as Buildx lower-cases every CSV key. The zero value is
// empty. Attributes is an immutable value, comparable with ==.
type Attributes struct {
	// enc is the pairs, each string written as its decimal length, ':' and
	// the bytes, so that any key or value round-trips.
	enc string
}

// Attr is one key=value pair.
type Attr struct {
	Key, Value string
}

// AttributesOf returns Attributes holding pairs in order. A repeated key keeps
// its first position and takes the last value.
func AttributesOf(pairs ...Attr) Attributes {
	var a Attributes
	for _, p := range pairs {
		a = a.With(p.Key, p.Value)
	}
	return a
}

// Len returns the number of attributes.
func (a Attributes) Len() int {
	n := 0
	for range a.All() {
		n++
	}
	return n
}

// IsZero reports whether a holds no attribute.
func (a Attributes) IsZero() bool { return a.enc == "" }

// All yields the attributes in order.
func (a Attributes) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		s := a.enc
		for s != "" {
			var k, v string
			k, s = decodeString(s)
			v, s = decodeString(s)
			if !yield(k, v) {
				return
			}
		}
	}
}

// Get returns the value of key and whether it is present.
func (a Attributes) Get(key string) (string, bool) {
	for k, v := range a.All() {
		if k == key {
			return v, true
		}
	}
	return "", false
}

// With returns a copy of a with key set to value: in place when key is
// present, appended otherwise.
func (a Attributes) With(key, value string) Attributes {
	var b strings.Builder
	found := false
	for k, v := range a.All() {
		if k == key {
			v, found = value, true
		}
		encodeString(&b, k)
		encodeString(&b, v)
	}
	if !found {
		encodeString(&b, key)
		encodeString(&b, value)
	}
	return Attributes{enc: b.String()}
}

// Without returns a copy of a without key.
func (a Attributes) Without(key string) Attributes {
	var b strings.Builder
	for k, v := range a.All() {
		if k != key {
			encodeString(&b, k)
			encodeString(&b, v)
		}
	}
	return Attributes{enc: b.String()}
}

// String returns the attributes as key=value pairs joined by commas, with
// values of credential-like keys and credential-like values redacted.
func (a Attributes) String() string {
	var b []byte
	for k, v := range a.All() {
		if len(b) > 0 {
			b = append(b, ',')
		}
		if looksSecretKey(k) || looksSecretValue(v) {
			v = Redacted
		}
		b = appendField(b, k, v)
	}
	return string(b)
}

// GoString returns a redacted Go-syntax-like form for %#v.
func (a Attributes) GoString() string {
	return "cachespec.Attributes{" + strconv.Quote(a.String()) + "}"
}

func encodeString(b *strings.Builder, s string) {
	b.WriteString(strconv.Itoa(len(s)))
	b.WriteByte(':')
	b.WriteString(s)
}

func decodeString(s string) (string, string) {
	i := strings.IndexByte(s, ':')
	n, _ := strconv.Atoi(s[:i])
	s = s[i+1:]
	return s[:n], s[n:]
}

// appendRaw appends a pair to the encoding without the replace-in-place
// search; the parser uses it after it has refused duplicate keys.
func (a *Attributes) appendRaw(key, value string) {
	var b strings.Builder
	b.Grow(len(a.enc) + len(key) + len(value) + 8)
	b.WriteString(a.enc)
	encodeString(&b, key)
	encodeString(&b, value)
	a.enc = b.String()
}
