package cachespec

import (
	"fmt"
	"log/slog"
	"strconv"
	"time"
)

// Value is the set of types an [Optional] attribute can hold.
type Value interface {
	string | bool | int | time.Duration | Mode | Compression | RetryMode
}

// Optional is a typed attribute that may be absent. It keeps the text the
// attribute was written with (ignore-error=1 stays "1", timeout=600s stays
// "600s"), so printing an entry reproduces what was parsed and
// Parse(Format(e)) equals e. [Normalize] rewrites the text to the canonical
// spelling.
//
// The zero Optional is absent. Optionals are comparable with ==; two values
// are equal when both the value and its spelling are equal.
type Optional[T Value] struct {
	// text is the attribute's text; the value is derived from it, so an
	// entry stays small (parsing allocates one entry and nothing else).
	text string
	set  bool
}

// Some returns a present Optional holding v, spelled canonically:
// strconv.FormatBool for bools, strconv.Itoa for ints, time.Duration.String
// for durations, and the string itself otherwise.
func Some[T Value](v T) Optional[T] {
	return Optional[T]{text: canonicalText(v), set: true}
}

// spelled returns a present Optional holding v written as text; text must
// be a valid spelling of v.
func spelled[T Value](v T, text string) Optional[T] {
	return Optional[T]{text: text, set: true}
}

// canonicalText returns the canonical spelling of v.
func canonicalText[T Value](v T) string {
	switch x := any(v).(type) {
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case time.Duration:
		return x.String()
	case string:
		return x
	case Mode:
		return string(x)
	case Compression:
		return string(x)
	case RetryMode:
		return string(x)
	}
	return fmt.Sprint(v)
}

// IsSet reports whether the attribute is present.
func (o Optional[T]) IsSet() bool { return o.set }

// Get returns the value and whether it is present.
func (o Optional[T]) Get() (T, bool) {
	if !o.set {
		var zero T
		return zero, false
	}
	return valueOf[T](o.text), true
}

// valueOf reads a text the parser accepted. For bools, the empty text (the
// force-compression= spelling) is true.
func valueOf[T Value](text string) T {
	var v T
	switch p := any(&v).(type) {
	case *string:
		*p = text
	case *bool:
		b, err := strconv.ParseBool(text)
		*p = b || err != nil && text == ""
	case *int:
		n, _ := parseInt(text)
		*p = int(n)
	case *time.Duration:
		*p, _ = time.ParseDuration(text)
	case *Mode:
		*p = Mode(text)
	case *Compression:
		*p = Compression(text)
	case *RetryMode:
		*p = RetryMode(text)
	}
	return v
}

// value is Get without the presence flag.
func (o Optional[T]) value() T {
	v, _ := o.Get()
	return v
}

// Or returns the value if present and def otherwise.
func (o Optional[T]) Or(def T) T {
	if o.set {
		return o.value()
	}
	return def
}

// Text returns the attribute's text as written, or "" when absent.
func (o Optional[T]) Text() string { return o.text }

// String returns the text as written, or "<unset>" when absent. A value
// that looks like a credential (a JWT, a GitHub token, a URL with a
// password) prints as [Redacted].
func (o Optional[T]) String() string {
	if !o.set {
		return "<unset>"
	}
	return o.shown()
}

// shown is the text, redacted when it looks like a credential.
func (o Optional[T]) shown() string {
	if looksSecretValue(o.text) {
		return Redacted
	}
	return o.text
}

// GoString returns a Go-syntax-like form for %#v.
func (o Optional[T]) GoString() string {
	if !o.set {
		return "cachespec.Optional{}"
	}
	return "cachespec.Some(" + strconv.Quote(o.shown()) + ")"
}

// LogValue implements slog.LogValuer.
func (o Optional[T]) LogValue() slog.Value {
	if !o.set {
		return slog.StringValue("")
	}
	return slog.StringValue(o.shown())
}

// canonical returns o respelled canonically.
func (o Optional[T]) canonical() Optional[T] {
	if !o.set {
		return o
	}
	return Some(o.value())
}

// orDefault returns o canonically spelled, or Some(def) when absent.
func (o Optional[T]) orDefault(def T) Optional[T] {
	if !o.set {
		return Some(def)
	}
	return Some(o.value())
}

// Mode is the cache export mode. BuildKit compares it case-sensitively.
type Mode string

// Modes. ModeMin is BuildKit's default.
const (
	ModeMin Mode = "min" // export the layers of the result only
	ModeMax Mode = "max" // export intermediate steps too
)

// Compression is a layer compression BuildKit's cache exporters accept.
type Compression string

// Compressions accepted by a release build of BuildKit (nydus needs a
// daemon built with the nydus tag and is refused here).
const (
	CompressionUncompressed Compression = "uncompressed"
	CompressionGzip         Compression = "gzip"
	CompressionEstargz      Compression = "estargz"
	CompressionZstd         Compression = "zstd"
)

// RetryMode is the AWS SDK retry mode of the s3 backend.
type RetryMode string

// Retry modes accepted by BuildKit's s3 backend.
const (
	RetryStandard RetryMode = "standard"
	RetryAdaptive RetryMode = "adaptive"
)
