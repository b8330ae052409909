package cachespec

import "github.com/buildxcache/buildxcache/diag"

// Type names a cache backend. The zero Type is invalid: a forgotten type is
// detectable rather than silently meaning "registry".
type Type uint8

// The cache backends BuildKit registers (cmd/buildkitd/main.go). Inline has an
// exporter only; there is no inline importer.
const (
	TypeInvalid Type = iota
	TypeRegistry
	TypeLocal
	TypeInline
	TypeGHA
	TypeS3
	TypeAzBlob
)

// typeNames is indexed by Type and doubles as the ordered candidate list for
// near-miss suggestions.
var typeNames = [...]string{
	TypeInvalid:  "",
	TypeRegistry: "registry",
	TypeLocal:    "local",
	TypeInline:   "inline",
	TypeGHA:      "gha",
	TypeS3:       "s3",
	TypeAzBlob:   "azblob",
}

// Types lists every valid Type in canonical order.
func Types() []Type {
	return []Type{TypeRegistry, TypeLocal, TypeInline, TypeGHA, TypeS3, TypeAzBlob}
}

// String returns the name BuildKit uses for t ("registry", "gha", ...), or
// "invalid" for the zero Type and unknown values.
func (t Type) String() string {
	if t == TypeInvalid || int(t) >= len(typeNames) {
		return "invalid"
	}
	return typeNames[t]
}

// IsValid reports whether t is one of the six backends.
func (t Type) IsValid() bool { return t > TypeInvalid && int(t) < len(typeNames) }

// CanImport reports whether BuildKit has an importer for t (every backend but
// inline).
func (t Type) CanImport() bool { return t.IsValid() && t != TypeInline }

// lookupType maps the exact, case-sensitive value of a type attribute to a
// Type. BuildKit compares type names case-sensitively, so "Registry" is not
// registry.
func lookupType(s string) Type {
	switch s {
	case "registry":
		return TypeRegistry
	case "local":
		return TypeLocal
	case "inline":
		return TypeInline
	case "gha":
		return TypeGHA
	case "s3":
		return TypeS3
	case "azblob":
		return TypeAzBlob
	}
	return TypeInvalid
}

// ParseType returns the Type named exactly s.
func ParseType(s string) (Type, error) {
	if t := lookupType(s); t != TypeInvalid {
		return t, nil
	}
	return TypeInvalid, newError(ErrUnknownType, s, "type", 0, len(s), "unknown cache type "+quoteInput(redactInput(s)), typeFix(s))
}

// MarshalText implements encoding.TextMarshaler. The zero Type is refused.
func (t Type) MarshalText() ([]byte, error) {
	if !t.IsValid() {
		return nil, newError(ErrMissingType, "", "type", 0, 0, "the cache type is not set", "set a cache type")
	}
	return []byte(t.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with [ParseType].
func (t *Type) UnmarshalText(b []byte) error {
	v, err := ParseType(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Direction says whether an entry imports cache (cache-from) or exports it
// (cache-to). The zero Direction is unknown. It is [diag.Direction], so
// diagnostics and entries speak of directions with one type.
type Direction = diag.Direction

// Directions.
const (
	DirectionUnknown = diag.DirectionUnknown
	DirectionImport  = diag.DirectionImport // --cache-from, --import-cache, cache_from
	DirectionExport  = diag.DirectionExport // --cache-to, --export-cache, cache_to
)

// The directions' earlier names.
const (
	// Deprecated: use DirectionImport; Import reads as a function.
	Import = DirectionImport
	// Deprecated: use DirectionExport; Export reads as a function.
	Export = DirectionExport
)

// KnownKeys returns the attribute keys of backend t in canonical order: the
// backend's own attributes, then the shared export attributes. It returns
// nil for an invalid Type. The slice is a copy.
func KnownKeys(t Type) []string {
	if !t.IsValid() {
		return nil
	}
	k := schemaOf(t).keys
	return append(k[:0:0], k...)
}
