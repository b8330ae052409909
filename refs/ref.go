package refs

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/distribution/reference"
)

// Ref is an image reference as written, with its fully qualified form. The
// zero Ref is no reference (IsZero). A Ref holds only the text it was
// parsed from and offsets into it: copying is cheap and Refs are comparable
// with == (two Refs are == when written the same; compare Qualified to ask
// whether BuildKit treats them the same).
type Ref struct {
	s       string // as written
	domEnd  int32  // end of the written domain in s (dom is domWritten or domIndex)
	pathBeg int32  // start of the path in s
	pathEnd int32  // end of the path in s
	tagBeg  int32  // start of the tag in s (after ':'), or -1
	digBeg  int32  // start of the digest in s (after '@'), or -1
	dom     domKind
	library bool // "library/" is added to the path
}

// domKind says where a reference's domain comes from.
type domKind uint8

const (
	domDefault domKind = iota // none written: docker.io
	domWritten                // s[:domEnd]
	domIndex                  // "index.docker.io" written: docker.io
	domNone                   // distribution/reference keeps no domain
)

const (
	defaultDomain = "docker.io"
	libraryPrefix = "library/"
	// maxPath is reference.RepositoryNameTotalLengthMax.
	maxPath = 255
	maxTag  = 128
	// maxLen bounds the offsets a Ref keeps; no registry accepts a
	// reference anywhere near this long.
	maxLen = 1 << 30
)

// Error describes why a reference was refused.
type Error struct {
	// Input is the reference as given, except that the password of a
	// user:password@ part ("https://user:pass@host/repo",
	// "user:pass@host/repo") is replaced by "[redacted]".
	Input string
	// Offset is the byte offset, in the reference as given, where the
	// problem is found.
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

// The reasons a reference is refused. Where distribution/reference has a
// sentinel, it is that sentinel, so errors.Is works with either name.
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
		return "empty reference"
	}
	return strings.TrimPrefix(err.Error(), "invalid reference format: ")
}

func fail(s string, off int, err error) (Ref, error) {
	return Ref{}, &Error{Input: shown(s), Offset: off, Err: err}
}

// Parse reads s as BuildKit reads a registry cache ref: exactly what
// reference.ParseNormalizedNamed accepts, with the same normalisation. It
// returns the zero Ref with every error, a *Error. Parse does not allocate
// on success.
func Parse(s string) (Ref, error) {
	if s == "" {
		return fail(s, 0, ErrEmpty)
	}
	if isHexID(s) {
		return fail(s, 0, ErrHexIdentifier)
	}
	if len(s) > maxLen {
		return fail(s, maxLen, ErrInvalidFormat)
	}
	r := Ref{s: s, tagBeg: -1, digBeg: -1}

	// Where the domain is (distribution/reference splitDockerDomain).
	rest := 0 // start of the remainder after the domain
	if i := strings.IndexByte(s, '/'); i < 0 {
		r.dom, r.library = domDefault, true
	} else {
		d := s[:i]
		switch {
		case d == "localhost":
			r.dom, r.domEnd, rest = domWritten, int32(i), i+1
		case d == "index.docker.io":
			r.dom, r.domEnd, rest = domIndex, int32(i), i+1
		case hasDotOrColon(d) || !isLower(d):
			r.dom, r.domEnd, rest = domWritten, int32(i), i+1
		default:
			r.dom = domDefault
		}
		if r.dom != domDefault && !isDomain(d) {
			// The pattern's optional domain does not match, so the whole
			// text is read as a path without a domain.
			r.dom, rest = domNone, 0
		}
		if (r.dom == domDefault || r.dom == domIndex || r.dom == domWritten && d == defaultDomain) && strings.IndexByte(s[rest:], '/') < 0 {
			r.library = true
		}
	}

	// The repository name must be lower-case up to the first ':' of the
	// remainder (checked before the grammar, as ParseNormalizedNamed does).
	rem := s[rest:]
	if r.dom == domNone {
		rem = s[strings.IndexByte(s, '/')+1:]
	}
	upto := rem
	if j := strings.IndexByte(rem, ':'); j >= 0 {
		upto = rem[:j]
	}
	// The path: components of [a-z0-9] joined by separators. It is scanned
	// first so that the upper-case check skips what the scan proved
	// lower-case; the check's error still comes first.
	p := rest
	r.pathBeg = int32(p)
	end, bad := scanPath(s, p)
	r.pathEnd = int32(end)
	from := 0
	if bad < 0 && r.dom != domNone {
		from = end - rest // rem starts at the path, which has no ':'
	}
	if k := firstUpper(upto[from:]); k >= 0 {
		if r.dom != domNone || firstUpper(s[:strings.IndexByte(s, '/')]) < 0 {
			return fail(s, len(s)-len(rem)+from+k, ErrUppercase)
		}
	}

	if bad >= 0 {
		if r.dom == domNone && firstUpper(s) >= 0 {
			return fail(s, firstUpper(s), ErrUppercase)
		}
		return fail(s, bad, ErrInvalidFormat)
	}
	if n := int(r.pathEnd - r.pathBeg); n > maxPath || r.library && n+len(libraryPrefix) > maxPath {
		return fail(s, int(r.pathBeg), ErrNameTooLong)
	}
	i := end
	if i < len(s) && s[i] == ':' {
		r.tagBeg = int32(i + 1)
		j := i + 1
		for j < len(s) && s[j] != '@' {
			j++
		}
		if !isTag(s[i+1 : j]) {
			return fail(s, i+1, ErrInvalidFormat)
		}
		i = j
	}
	if i < len(s) && s[i] == '@' {
		r.digBeg = int32(i + 1)
		if err := checkDigest(s[i+1:]); err != nil {
			return fail(s, i+1, err)
		}
		i = len(s)
	}
	if i != len(s) {
		return fail(s, i, ErrInvalidFormat)
	}
	return r, nil
}

// isHexID reports whether s is 64 lower-case hex digits.
func isHexID(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func isLower(s string) bool { return firstUpper(s) < 0 }

// hasDotOrColon is strings.ContainsAny(d, ".:") without building a set.
func hasDotOrColon(d string) bool {
	for i := 0; i < len(d); i++ {
		if d[i] == '.' || d[i] == ':' {
			return true
		}
	}
	return false
}

// firstUpper is the index of the first upper-case letter, or -1. Like
// strings.ToLower(s) != s, it counts non-ASCII upper-case letters, which
// makes invalid UTF-8 count too.
func firstUpper(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			return i
		}
		if c >= utf8.RuneSelf {
			if j := nonASCIIUpper(s[i:]); j >= 0 {
				return i + j
			}
			return -1
		}
	}
	return -1
}

// nonASCIIUpper returns the offset of the first rune of s that
// strings.ToLower changes (an upper-case letter, or an invalid byte, which
// ToLower replaces), or -1.
func nonASCIIUpper(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i
			}
		}
		if unicode.ToLower(r) != r {
			return i
		}
	}
	return -1
}

// isDomain reports whether d matches distribution/reference's domain
// pattern: a host (dot-separated labels of [a-zA-Z0-9-], no label starting
// or ending with '-', or a bracketed IPv6 address) and an optional port.
func isDomain(d string) bool {
	i := 0
	if strings.HasPrefix(d, "[") {
		j := strings.IndexByte(d, ']')
		if j < 2 {
			return false
		}
		for k := 1; k < j; k++ {
			if c := d[k]; !(isHex(c) || c == ':') {
				return false
			}
		}
		i = j + 1
	} else {
		for {
			start := i
			for i < len(d) && charClass[d[i]]&classLabel != 0 {
				i++
			}
			if i == start || d[start] == '-' || d[i-1] == '-' {
				return false
			}
			if i < len(d) && d[i] == '.' {
				i++
				continue
			}
			break
		}
	}
	if i == len(d) {
		return true
	}
	if d[i] != ':' || i+1 == len(d) {
		return false
	}
	for k := i + 1; k < len(d); k++ {
		if d[k] < '0' || d[k] > '9' {
			return false
		}
	}
	return true
}

// scanPath reads a path at s[i:]: components of [a-z0-9]+ joined by '.',
// '_', "__" or a run of '-', separated by '/'. It returns where the path
// ends (at ':', '@' or the end) and the offset of an invalid byte, or -1.
func scanPath(s string, i int) (end, bad int) {
	for {
		// One component.
		if i >= len(s) || !isLowerAlnum(s[i]) {
			return i, i
		}
		for i < len(s) && isLowerAlnum(s[i]) {
			i++
		}
		for i < len(s) {
			switch c := s[i]; {
			case c == '.':
				i++
			case c == '_':
				i++
				if i < len(s) && s[i] == '_' {
					i++
				}
			case c == '-':
				for i < len(s) && s[i] == '-' {
					i++
				}
			default:
				goto endComponent
			}
			if i >= len(s) || !isLowerAlnum(s[i]) {
				return i, i
			}
			for i < len(s) && isLowerAlnum(s[i]) {
				i++
			}
		}
	endComponent:
		if i < len(s) && s[i] == '/' {
			i++
			continue
		}
		if i == len(s) || s[i] == ':' || s[i] == '@' {
			return i, -1
		}
		return i, i
	}
}

// isTag reports whether t matches [\w][\w.-]{0,127}.
func isTag(t string) bool {
	if len(t) == 0 || len(t) > maxTag || !isWord(t[0]) {
		return false
	}
	for i := 1; i < len(t); i++ {
		if c := t[i]; !(isWord(c) || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// checkDigest checks a digest as distribution/reference does: the pattern
// [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}, then
// go-digest's validation (sha256, sha384 or sha512 with lower-case hex of
// the right length).
func checkDigest(d string) error {
	colon := strings.IndexByte(d, ':')
	if colon < 1 {
		return ErrInvalidFormat
	}
	alg, hex := d[:colon], d[colon+1:]
	i := 0
	for {
		if i >= len(alg) || !isLetter(alg[i]) {
			return ErrInvalidFormat
		}
		i++
		for i < len(alg) && (isLetter(alg[i]) || '0' <= alg[i] && alg[i] <= '9') {
			i++
		}
		if i == len(alg) {
			break
		}
		if c := alg[i]; c != '-' && c != '_' && c != '+' && c != '.' {
			return ErrInvalidFormat
		}
		i++
	}
	if len(hex) < 32 {
		return ErrInvalidFormat
	}
	for k := 0; k < len(hex); k++ {
		if !isHex(hex[k]) {
			return ErrInvalidFormat
		}
	}
	var n int
	switch alg {
	case "sha256":
		n = 64
	case "sha384":
		n = 96
	case "sha512":
		n = 128
	default:
		return ErrInvalidDigest // algorithm not available
	}
	if len(hex) != n {
		return ErrInvalidDigest
	}
	for k := 0; k < len(hex); k++ {
		if c := hex[k]; 'A' <= c && c <= 'F' {
			return ErrInvalidDigest
		}
	}
	return nil
}

func isLowerAlnum(c byte) bool { return charClass[c]&classLowerAlnum != 0 }
func isAlnum(c byte) bool      { return charClass[c]&classAlnum != 0 }
func isLetter(c byte) bool     { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isWord(c byte) bool       { return isAlnum(c) || c == '_' }
func isHex(c byte) bool        { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

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

// Domain returns the registry host: as written, or "docker.io" when none
// is written (or "index.docker.io" is). For the rare name that
// distribution/reference reads without a domain (a first component such as
// "a_b.c" that is neither a host nor the default), it is "".
func (r Ref) Domain() string {
	switch r.dom {
	case domWritten:
		return r.s[:r.domEnd]
	case domNone:
		return ""
	}
	if r.IsZero() {
		return ""
	}
	return defaultDomain
}

// Path returns the repository path: "library/app" for "app".
func (r Ref) Path() string {
	if r.library {
		return libraryPrefix + r.s[r.pathBeg:r.pathEnd]
	}
	return r.s[r.pathBeg:r.pathEnd]
}

// Name returns the fully qualified repository name, without tag or digest:
// "docker.io/library/app" for "app:v1".
func (r Ref) Name() string {
	if r.IsZero() {
		return ""
	}
	var b strings.Builder
	b.Grow(r.nameLen())
	r.writeName(&b)
	return b.String()
}

func (r Ref) nameLen() int {
	n := len(r.Domain()) + 1 + int(r.pathEnd-r.pathBeg)
	if r.library {
		n += len(libraryPrefix)
	}
	return n
}

func (r Ref) writeName(b *strings.Builder) {
	if d := r.Domain(); d != "" {
		b.WriteString(d)
		b.WriteByte('/')
	}
	if r.library {
		b.WriteString(libraryPrefix)
	}
	b.WriteString(r.s[r.pathBeg:r.pathEnd])
}

// Tag returns the tag as written, or "" (not "latest") when there is none.
func (r Ref) Tag() string {
	if r.tagBeg < 0 {
		return ""
	}
	end := len(r.s)
	if r.digBeg >= 0 {
		end = int(r.digBeg) - 1
	}
	return r.s[r.tagBeg:end]
}

// Digest returns the digest as written, or "".
func (r Ref) Digest() string {
	if r.digBeg < 0 {
		return ""
	}
	return r.s[r.digBeg:]
}

// Qualified returns the reference as BuildKit uses it: fully qualified, with
// ":latest" added when there is neither tag nor digest
// (reference.TagNameOnly). "app" is "docker.io/library/app:latest".
func (r Ref) Qualified() string {
	if r.IsZero() {
		return ""
	}
	var b strings.Builder
	b.Grow(r.nameLen() + len(r.s) - int(r.pathEnd) + len(":latest"))
	r.writeName(&b)
	switch {
	case r.tagBeg >= 0:
		b.WriteByte(':')
		b.WriteString(r.Tag())
	case r.digBeg < 0:
		b.WriteString(":latest")
	}
	if r.digBeg >= 0 {
		b.WriteByte('@')
		b.WriteString(r.Digest())
	}
	return b.String()
}

// Familiar returns the shortest form, as reference.FamiliarString does:
// "docker.io/library/app:v1" is "app:v1". No ":latest" is added.
func (r Ref) Familiar() string {
	if r.IsZero() {
		return ""
	}
	var b strings.Builder
	path := r.Path()
	if r.Domain() == defaultDomain {
		if rest, ok := strings.CutPrefix(path, libraryPrefix); ok && !strings.Contains(rest, "/") {
			path = rest
		}
	} else if d := r.Domain(); d != "" {
		b.WriteString(d)
		b.WriteByte('/')
	}
	b.WriteString(path)
	if r.tagBeg >= 0 {
		b.WriteByte(':')
		b.WriteString(r.Tag())
	}
	if r.digBeg >= 0 {
		b.WriteByte('@')
		b.WriteString(r.Digest())
	}
	return b.String()
}

// Named returns r as distribution/reference's reference.Named, for code
// that needs that type; nil for the zero Ref.
func (r Ref) Named() reference.Named {
	if r.IsZero() {
		return nil
	}
	n, err := reference.ParseNormalizedNamed(r.s)
	if err != nil {
		return nil
	}
	return n
}

// AppendText implements encoding.TextAppender with the reference as written.
func (r Ref) AppendText(b []byte) ([]byte, error) { return append(b, r.s...), nil }

// MarshalText implements encoding.TextMarshaler with the reference as
// written. The zero Ref is empty text.
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

// The classes of charClass, one bit each.
const (
	classLowerAlnum = 1 << iota // [a-z0-9]
	classAlnum                  // [a-zA-Z0-9]
	classLabel                  // [a-zA-Z0-9-]: a byte of a domain label
)

// charClass holds the classes of every byte: one table load in the loops
// that read names and domains, in place of a chain of comparisons.
var charClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		lower := 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
		alnum := lower || 'A' <= c && c <= 'Z'
		if lower {
			t[c] |= classLowerAlnum
		}
		if alnum {
			t[c] |= classAlnum
		}
		if alnum || c == '-' {
			t[c] |= classLabel
		}
	}
	return t
}()
