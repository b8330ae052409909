package refs

import (
	"errors"
	"strconv"
	"strings"

	"github.com/distribution/reference"
)

// Ref is an image reference as written, with its fully qualified form. The
// zero Ref is no reference (IsZero); Refs are comparable with ==.
type Ref struct {
	s    string // as written
	qual string // fully qualified, with TagNameOnly applied
	name string // fully qualified name, without tag or digest
	tag  string
	dig  string
}

// Error describes why a reference was refused.
type Error struct {
	// Input is the reference as given.
	Input string
	// Offset is the byte offset in Input where the problem is.
	Offset int
	// Err is the reason: one of the Err* sentinels.
	Err error
}

// Error returns a one-line message.
func (e *Error) Error() string {
	return "refs: invalid reference " + strconv.Quote(e.Input) + ": " + reason(e.Err) + " (at byte " + strconv.Itoa(e.Offset) + ")"
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// The reasons a reference is refused. They are distribution/reference's
// sentinels, so errors.Is works with either name.
var (
	ErrInvalidFormat = reference.ErrReferenceInvalidFormat
	ErrInvalidTag    = reference.ErrTagInvalidFormat
	ErrInvalidDigest = reference.ErrDigestInvalidFormat
	ErrUppercase     = reference.ErrNameContainsUppercase
	ErrEmpty         = reference.ErrNameEmpty
	ErrNameTooLong   = reference.ErrNameTooLong
	// ErrHexIdentifier: a 64-character hexadecimal string, which is an
	// image ID rather than a name.
	ErrHexIdentifier = errors.New("invalid repository name: cannot specify 64-byte hexadecimal strings")
)

func reason(err error) string {
	switch err {
	case ErrUppercase:
		return "repository name must be lowercase"
	case ErrEmpty:
		return "repository name must have at least one component"
	}
	return strings.TrimPrefix(err.Error(), "invalid reference format: ")
}

// Parse reads s as BuildKit reads a registry cache ref:
// reference.ParseNormalizedNamed, then reference.TagNameOnly for the
// qualified form. It returns the zero Ref with every error, a *Error.
func Parse(s string) (Ref, error) {
	n, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		return Ref{}, &Error{Input: s, Offset: errorOffset(s), Err: classify(s, err)}
	}
	r := Ref{s: s, name: n.Name(), qual: reference.TagNameOnly(n).String()}
	if t, ok := n.(reference.Tagged); ok {
		r.tag = t.Tag()
	}
	if d, ok := n.(reference.Digested); ok {
		r.dig = d.Digest().String()
	}
	return r, nil
}

// classify maps distribution/reference's errors, some of which are plain
// strings, to the sentinels.
func classify(s string, err error) error {
	for _, k := range []error{ErrInvalidTag, ErrInvalidDigest, ErrUppercase, ErrEmpty, ErrNameTooLong, ErrInvalidFormat} {
		if errors.Is(err, k) {
			return k
		}
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "must be lowercase"):
		return ErrUppercase
	case strings.Contains(msg, "64-byte hexadecimal"):
		return ErrHexIdentifier
	}
	return ErrInvalidFormat
}

// errorOffset is the first byte that is not valid in a reference, or 0.
func errorOffset(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("._-/:@[]", c) >= 0) {
			return i
		}
	}
	return 0
}

// MustParse is like Parse but panics on error. It is intended for use in
// tests with hard-coded strings.
func MustParse(s string) Ref {
	r, err := Parse(s)
	if err != nil {
		panic("refs.MustParse(" + strconv.Quote(s) + "): " + err.Error())
	}
	return r
}

// String returns the reference as written.
func (r Ref) String() string { return r.s }

// IsZero reports whether r is the zero Ref.
func (r Ref) IsZero() bool { return r.s == "" }

// Qualified returns the fully qualified reference, with ":latest" added when
// there is neither tag nor digest: "app" is "docker.io/library/app:latest".
func (r Ref) Qualified() string { return r.qual }

// Name returns the fully qualified repository name, without tag or digest.
func (r Ref) Name() string { return r.name }

// Domain returns the registry host, "docker.io" when none is written.
func (r Ref) Domain() string {
	d, _, _ := strings.Cut(r.name, "/")
	return d
}

// Path returns the repository path: "library/app" for "app".
func (r Ref) Path() string {
	_, p, _ := strings.Cut(r.name, "/")
	return p
}

// Tag returns the tag as written, or "".
func (r Ref) Tag() string { return r.tag }

// Digest returns the digest as written, or "".
func (r Ref) Digest() string { return r.dig }

// Named returns r as a reference.Named, or nil for the zero Ref.
func (r Ref) Named() reference.Named {
	if r.IsZero() {
		return nil
	}
	n, _ := reference.ParseNormalizedNamed(r.s)
	return n
}

// Familiar returns the shortest form of r (reference.FamiliarString).
func (r Ref) Familiar() string {
	if r.IsZero() {
		return ""
	}
	return reference.FamiliarString(r.Named())
}

// AppendText implements encoding.TextAppender with the reference as written.
func (r Ref) AppendText(b []byte) ([]byte, error) { return append(b, r.s...), nil }

// MarshalText implements encoding.TextMarshaler. The zero Ref is empty text.
func (r Ref) MarshalText() ([]byte, error) { return []byte(r.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler with Parse; empty text
// gives the zero Ref.
func (r *Ref) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = Ref{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
