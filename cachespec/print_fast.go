package cachespec

import "github.com/buildxcache/buildxcache/refs"

// Helpers of the direct printer of Format, appendDirect (generated into
// methods.go from the attribute tables): the same output as the generic loop
// over keys() and field(i) (a test holds them equal), without an interface
// call per attribute. Format is on the path of every generator that prints
// many entries.

func appendOpt[T Value](b []byte, key string, o *Optional[T]) []byte {
	if !o.set {
		return b
	}
	return appendKnown(b, key, o.text)
}

func appendSecret(b []byte, key string, s *Secret) []byte {
	if !s.set {
		return b
	}
	return appendKnown(b, key, s.v)
}

// appendKnown appends ",key=value" for a known key, which never needs
// quoting itself.
func appendKnown(b []byte, key, v string) []byte {
	if needsQuotes(v) {
		b = append(b, ',')
		return appendField(b, key, v)
	}
	b = append(b, ',')
	b = append(b, key...)
	b = append(b, '=')
	return append(b, v...)
}

// appendRef appends ",key=ref" for a present ref, which never needs
// quoting (the ref grammar has no comma or quote).
func appendRef(b []byte, key string, r *refs.Ref) []byte {
	if r.IsZero() {
		return b
	}
	b = append(b, ',')
	b = append(b, key...)
	b = append(b, '=')
	return append(b, r.String()...)
}

func appendExtra(b []byte, a *Attributes) []byte {
	if a.enc == "" {
		return b
	}
	// A plain loop rather than range over a.All(): a closure would make b
	// escape, and Format's stack buffer with it.
	for s := a.enc; s != ""; {
		var k, v string
		k, s = decodeString(s)
		v, s = decodeString(s)
		b = append(b, ',')
		b = appendField(b, k, v)
	}
	return b
}
