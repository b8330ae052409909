package cachespec

import (
	// go-digest accepts sha384 and sha512 digests only where crypto/sha512
	// is linked, as it is in BuildKit; link it so that Parse agrees.
	_ "crypto/sha512"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/buildxcache/buildxcache/refs"
	"github.com/opencontainers/go-digest"
)

// attrField is a typed attribute of an entry, seen through one interface so
// that parsing, printing, Attrs and normalisation are written once.
type attrField interface {
	present() bool
	// spelling returns the attribute's text as written; secrets unredacted.
	spelling() string
	// parse sets the field from the attribute's text, or returns the reason
	// the text does not fit (a bare reason; the caller adds the context).
	parse(s string) error
	// canonicalize respells a present value canonically.
	canonicalize()
	// isSecret reports whether the value is a credential.
	isSecret() bool
	// clear makes the field absent.
	clear()
	// check reports why a present field's text is not what parse accepts
	// (a value set in Go, such as Some(Mode("maxx"))), or nil.
	check() error
}

// Reasons a value does not fit its field; wrapped into a ParseError.
var (
	errBool     = errors.New(`must be a boolean: one of 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False`)
	errInt      = errors.New("must be a base-10 integer")
	errDuration = errors.New(`must be a Go duration with a unit, such as "10m" or "90s"`)
	errMode     = errors.New(`must be "min" or "max"`)
	errCompr    = errors.New(`must be one of "gzip", "zstd", "estargz", "uncompressed"`)
	errRetry    = errors.New(`must be "standard" or "adaptive"`)
	errPositive = errors.New("must be a positive integer")
	errDigest   = errors.New(`must be a digest such as "sha256:<64 hex digits>"`)
	errURL      = errors.New("must be a valid URL")
)

func (o *Optional[T]) present() bool    { return o.set }
func (o *Optional[T]) spelling() string { return o.text }
func (o *Optional[T]) isSecret() bool   { return false }
func (o *Optional[T]) clear()           { *o = Optional[T]{} }
func (o *Optional[T]) canonicalize()    { *o = o.canonical() }
func (o *Optional[T]) check() error {
	var c Optional[T]
	return c.parse(o.text)
}

// parse reads s the way BuildKit reads this type of attribute: strconv for
// bools and ints, time.ParseDuration for durations, exact case-sensitive
// words for enums.
func (o *Optional[T]) parse(s string) error {
	var v T
	switch p := any(&v).(type) {
	case *string:
		*p = s
	case *bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return errBool
		}
		*p = b
	case *int:
		n, err := parseInt(s)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return errors.New("is out of the range of a 64-bit integer")
			}
			return errInt
		}
		*p = int(n)
	case *time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return errDuration
		}
		*p = d
	case *Mode:
		switch Mode(s) {
		case ModeMin, ModeMax:
			*p = Mode(s)
		default:
			return errMode
		}
	case *Compression:
		switch Compression(s) {
		case CompressionGzip, CompressionZstd, CompressionEstargz, CompressionUncompressed:
			*p = Compression(s)
		default:
			return errCompr
		}
	case *RetryMode:
		switch RetryMode(s) {
		case RetryStandard, RetryAdaptive:
			*p = RetryMode(s)
		default:
			return errRetry
		}
	default:
		return errors.New("has an unsupported type")
	}
	o.text, o.set = s, true
	return nil
}

// parseInt is strconv.ParseInt(s, 10, 64), with a shortcut for the short
// decimal numbers attributes hold: up to 18 digits, which cannot overflow.
func parseInt(s string) (int64, error) {
	d := s
	if len(d) > 0 && (d[0] == '-' || d[0] == '+') {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 18 {
		return strconv.ParseInt(s, 10, 64)
	}
	var n int64
	for i := 0; i < len(d); i++ {
		c := d[i] - '0'
		if c > 9 {
			return strconv.ParseInt(s, 10, 64)
		}
		n = n*10 + int64(c)
	}
	if s[0] == '-' {
		n = -n
	}
	return n, nil
}

// forceField is force-compression: a bool whose empty spelling means true
// (util/compression/attrs.go).
type forceField Optional[bool]

func (f *forceField) opt() *Optional[bool] { return (*Optional[bool])(f) }
func (f *forceField) present() bool        { return f.set }
func (f *forceField) spelling() string     { return f.opt().text }
func (f *forceField) isSecret() bool       { return false }
func (f *forceField) clear()               { *f = forceField{} }
func (f *forceField) canonicalize()        { f.opt().canonicalize() }
func (f *forceField) check() error {
	var c forceField
	return c.parse(f.opt().text)
}
func (f *forceField) parse(s string) error {
	if s == "" {
		*f = forceField(spelled(true, ""))
		return nil
	}
	return f.opt().parse(s)
}

// positiveField is an int attribute BuildKit requires to be at least 1.
type positiveField Optional[int]

func (f *positiveField) opt() *Optional[int] { return (*Optional[int])(f) }
func (f *positiveField) present() bool       { return f.set }
func (f *positiveField) spelling() string    { return f.opt().text }
func (f *positiveField) isSecret() bool      { return false }
func (f *positiveField) clear()              { *f = positiveField{} }
func (f *positiveField) canonicalize()       { f.opt().canonicalize() }
func (f *positiveField) check() error {
	var c positiveField
	return c.parse(f.opt().text)
}
func (f *positiveField) parse(s string) error {
	var o Optional[int]
	if err := o.parse(s); err != nil {
		return err
	}
	if o.value() < 1 {
		return errPositive
	}
	*f = positiveField(o)
	return nil
}

// digestField is a local import digest, checked as an OCI digest.
type digestField Optional[string]

func (f *digestField) opt() *Optional[string] { return (*Optional[string])(f) }
func (f *digestField) present() bool          { return f.set }
func (f *digestField) spelling() string       { return f.opt().text }
func (f *digestField) isSecret() bool         { return false }
func (f *digestField) clear()                 { *f = digestField{} }
func (f *digestField) canonicalize()          {}
func (f *digestField) check() error {
	var c digestField
	return c.parse(f.opt().text)
}
func (f *digestField) parse(s string) error {
	if _, err := digest.Parse(s); err != nil {
		return errDigest
	}
	*f = digestField(spelled(s, s))
	return nil
}

// urlField is an attribute BuildKit parses with url.Parse.
type urlField Optional[string]

func (f *urlField) opt() *Optional[string] { return (*Optional[string])(f) }
func (f *urlField) present() bool          { return f.set }
func (f *urlField) spelling() string       { return f.opt().text }
func (f *urlField) isSecret() bool         { return false }
func (f *urlField) clear()                 { *f = urlField{} }
func (f *urlField) canonicalize()          {}
func (f *urlField) check() error {
	var c urlField
	return c.parse(f.opt().text)
}
func (f *urlField) parse(s string) error {
	if _, err := url.Parse(s); err != nil {
		return errURL
	}
	*f = urlField(spelled(s, s))
	return nil
}

func (s *Secret) present() bool        { return s.set }
func (s *Secret) spelling() string     { return s.v }
func (s *Secret) isSecret() bool       { return true }
func (s *Secret) clear()               { *s = Secret{} }
func (s *Secret) canonicalize()        {}
func (s *Secret) parse(v string) error { *s = NewSecret(v); return nil }
func (s *Secret) check() error         { return nil }

// refField is a registry ref.
type refField refs.Ref

func (f *refField) ref() *refs.Ref   { return (*refs.Ref)(f) }
func (f *refField) present() bool    { return !f.ref().IsZero() }
func (f *refField) spelling() string { return f.ref().String() }
func (f *refField) isSecret() bool   { return false }
func (f *refField) clear()           { *f = refField{} }
func (f *refField) canonicalize() {
	if !f.present() {
		return
	}
	q, err := refs.Parse(f.ref().Qualified())
	if err == nil {
		*f = refField(q)
	}
}
func (f *refField) check() error { return nil } // a refs.Ref is valid by construction
func (f *refField) parse(s string) error {
	r, err := refs.Parse(s)
	if err != nil {
		return err
	}
	*f = refField(r)
	return nil
}

// lowerASCII reports whether s has no upper-case ASCII letter.
func lowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return false
		}
	}
	return true
}

// toLower lower-cases s the way Buildx does (strings.ToLower), without
// allocating when s is already lower-case ASCII.
func toLower(s string) string {
	if lowerASCII(s) && isASCII(s) {
		return s
	}
	return strings.ToLower(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
