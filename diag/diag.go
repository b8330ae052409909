// Package diag is the one shape every finding of buildxcache takes, from the
// parser's refusal of a value to the line the linter prints: a [Diagnostic]
// with its rule, severity, message, the cache value it concerns, its
// [Range] in a file, and structured [Fix]es made of [TextEdit]s.
//
// Package cachespec produces diagnostics for values it refuses
// (ParseError.Diagnostic), package validate for the rules it checks, and the
// readers of the interop module for problems with files; the writers (text,
// JSON, SARIF) print them. None of them has a finding type of its own.
//
// A value read from a file travels with a [Span] that maps its byte offsets
// to file positions, so a diagnostic about bytes [Offset, Offset+Len) of a
// value is placed in the file where it is made.
package diag

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Severity is how bad a diagnostic is. The zero Severity is invalid, so a
// forgotten field is detectable. Severities are ordered: Info < Warning <
// Error.
type Severity uint8

// Severities, named as slog names its levels (slog.LevelError).
const (
	SeverityInvalid Severity = iota
	SeverityInfo             // advice
	SeverityWarning          // legal, but very likely not what was meant
	SeverityError            // rejected by Buildx or BuildKit, or certain, documented misbehaviour
)

// The severities' earlier names.
const (
	// Deprecated: use SeverityInfo; Info reads as a type or a function.
	Info = SeverityInfo
	// Deprecated: use SeverityWarning.
	Warning = SeverityWarning
	// Deprecated: use SeverityError; Error reads as an error type.
	Error = SeverityError
)

// String returns "info", "warning", "error" or "invalid".
func (s Severity) String() string {
	switch s {
	case SeverityInfo:
		return "info"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "invalid"
}

// ParseSeverity reads "info", "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "info":
		return SeverityInfo, nil
	case "warning":
		return SeverityWarning, nil
	case "error":
		return SeverityError, nil
	}
	return SeverityInvalid, errors.New("unknown severity " + strconv.Quote(s) + "; use info, warning or error")
}

// MarshalText implements encoding.TextMarshaler; the zero Severity is
// refused.
func (s Severity) MarshalText() ([]byte, error) {
	if s < SeverityInfo || s > SeverityError {
		return nil, errors.New("invalid severity " + strconv.Itoa(int(s)))
	}
	return []byte(s.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with [ParseSeverity].
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Direction says whether a cache value imports cache (cache-from) or
// exports it (cache-to). The zero Direction is unknown.
type Direction uint8

// Directions.
const (
	DirectionUnknown Direction = iota
	DirectionImport            // --cache-from, --import-cache, cache_from
	DirectionExport            // --cache-to, --export-cache, cache_to
)

// The directions' earlier names.
const (
	// Deprecated: use DirectionImport; Import reads as a function.
	Import = DirectionImport
	// Deprecated: use DirectionExport; Export reads as a function.
	Export = DirectionExport
)

// String returns "cache-from", "cache-to" or "unknown".
func (d Direction) String() string {
	switch d {
	case DirectionImport:
		return "cache-from"
	case DirectionExport:
		return "cache-to"
	}
	return "unknown"
}

// Pos is a position in a file. Line and Col count from 1, Col in bytes; a
// zero Line means the position within the file is unknown, a zero Col that
// only the line is. Offset counts bytes from the start of the file, from 0;
// readers whose parser gives only lines and columns leave it 0, so Line and
// Col are what locates a position.
type Pos struct {
	Line, Col, Offset int
}

// IsZero reports whether p is unknown.
func (p Pos) IsZero() bool { return p.Line == 0 }

// Range is a half-open range [Start, End) of a file. End is Start when only
// the start is known. A Range with an empty File is not placed.
type Range struct {
	File       string
	Start, End Pos
}

// IsZero reports whether r names no file.
func (r Range) IsZero() bool { return r.File == "" && r.Start.IsZero() }

// String returns "file:line:col", "file:line" or "file".
func (r Range) String() string {
	switch {
	case r.Start.Line == 0:
		return r.File
	case r.Start.Col == 0:
		return r.File + ":" + strconv.Itoa(r.Start.Line)
	default:
		return r.File + ":" + strconv.Itoa(r.Start.Line) + ":" + strconv.Itoa(r.Start.Col)
	}
}

// At returns the zero-length range at p in file.
func At(file string, p Pos) Range { return Range{File: file, Start: p, End: p} }

// Span places a text (a raw cache value) in a file: where its first byte
// is, and whether the byte at offset n of the text is at Start plus n bytes
// on the same line (Exact). A value written on one line as it is stored (a
// flag, a one-line list element, a line of an action input) is exact; a
// value assembled by a loader, or a folded or escaped scalar, is placed at
// its start only.
type Span struct {
	File  string
	Start Pos
	Exact bool
}

// Range returns the file range of bytes [off, off+n) of the text: exact
// when the span is, else the zero-length range at the text's start.
func (s Span) Range(off, n int) Range {
	r := At(s.File, s.Start)
	if s.Exact && !s.Start.IsZero() && s.Start.Col > 0 && off >= 0 && n >= 0 {
		r.Start.Col += off
		r.Start.Offset += off
		r.End = r.Start
		r.End.Col += n
		r.End.Offset += n
	}
	return r
}

// TextEdit replaces bytes of the cache value a diagnostic concerns:
// [Offset, Offset+Len) of the raw value, and Range in the file when the
// value's bytes map exactly to the file (the zero Range otherwise).
type TextEdit struct {
	Offset, Len int
	Range       Range
	NewText     string
}

// Fix is a suggested correction: a message saying in words what to do, and
// the edits that do it, when they are known.
type Fix struct {
	// Message says what the fix does; it is never empty.
	Message string
	// Edits, when not empty, correct the raw value; they do not overlap.
	Edits []TextEdit
	// Fixed is the raw value with Edits applied and secret values redacted,
	// for display; "" when there are no edits.
	Fixed string
}

// Apply returns raw with the edits applied: the exact corrected value,
// secrets included, for writing back to a file. Never print it; print Fixed.
// ok is false when there are no edits or one does not lie within raw.
func (f Fix) Apply(raw string) (fixed string, ok bool) {
	if len(f.Edits) == 0 {
		return "", false
	}
	edits := slices.Clone(f.Edits)
	slices.SortFunc(edits, func(a, b TextEdit) int { return cmp.Compare(a.Offset, b.Offset) })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		if e.Offset < at || e.Len < 0 || e.Offset+e.Len > len(raw) {
			return "", false
		}
		b.WriteString(raw[at:e.Offset])
		b.WriteString(e.NewText)
		at = e.Offset + e.Len
	}
	b.WriteString(raw[at:])
	return b.String(), true
}

// Diagnostic is one finding: about a cache value, a build, a set of builds,
// or a file.
type Diagnostic struct {
	// Rule is the stable CamelCase rule name.
	Rule string
	// Severity is the rule's severity, or the caller's override.
	Severity Severity
	// Message is one line, with secrets redacted.
	Message string
	// Range is where the finding is in a file: set for diagnostics about
	// files, and for diagnostics about values whose build says where it is
	// written; the zero Range otherwise.
	Range Range
	// Fixes are the suggested corrections, best first.
	Fixes []Fix
	// Subject names the build the finding is about (a job and matrix leg, a
	// bake target, a compose service), or "".
	Subject string
	// Build is the index of the build in the set it was checked with, or 0.
	Build int
	// Direction is DirectionImport for a cache-from value, DirectionExport
	// for a cache-to value, and DirectionUnknown for a finding about a build or a file.
	Direction Direction
	// Index is the position of the raw value among the build's values of
	// that direction, or -1.
	Index int
	// Attr is the attribute concerned, or "".
	Attr string
	// Offset and Len locate the finding in the raw value, in bytes
	// (half-open); both are 0 when no position applies.
	Offset, Len int
}

// Fix returns the first suggested fix, or the zero Fix when there is none.
func (d Diagnostic) Fix() Fix {
	if len(d.Fixes) == 0 {
		return Fix{}
	}
	return d.Fixes[0]
}

// String returns "<where>: <severity>: <message> [<Rule>]", where is the
// file position when the diagnostic is placed, else the value
// ("cache-to[1] byte 9").
func (d Diagnostic) String() string {
	var b strings.Builder
	switch {
	case !d.Range.IsZero():
		b.WriteString(d.Range.String())
		b.WriteString(": ")
	case d.Direction != DirectionUnknown:
		b.WriteString(d.Direction.String())
		if d.Index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(d.Index))
			b.WriteByte(']')
		}
		if d.Offset > 0 {
			b.WriteString(" byte ")
			b.WriteString(strconv.Itoa(d.Offset))
		}
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Message)
	b.WriteString(" [")
	b.WriteString(d.Rule)
	b.WriteByte(']')
	return b.String()
}

// Diagnostics is a list of findings. It is not an error; use Err for one.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic has severity SeverityError.
func (ds Diagnostics) HasErrors() bool { return ds.Max() == SeverityError }

// Max returns the highest severity among the diagnostics, or
// SeverityInvalid when there are none.
func (ds Diagnostics) Max() Severity {
	m := SeverityInvalid
	for _, d := range ds {
		m = max(m, d.Severity)
	}
	return m
}

// Err returns an error listing the error-severity diagnostics, or nil when
// there are none.
func (ds Diagnostics) Err() error {
	var msgs []string
	for _, d := range ds {
		if d.Severity == SeverityError {
			msgs = append(msgs, d.String())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "; "))
}

// Compare orders diagnostics by file, line, column, build, direction
// (cache-from first), value index, offset, rule and message.
func Compare(a, b Diagnostic) int {
	return cmp.Or(
		strings.Compare(a.Range.File, b.Range.File),
		cmp.Compare(a.Range.Start.Line, b.Range.Start.Line),
		cmp.Compare(a.Range.Start.Col, b.Range.Start.Col),
		cmp.Compare(a.Build, b.Build),
		cmp.Compare(a.Direction, b.Direction),
		cmp.Compare(a.Index, b.Index),
		cmp.Compare(a.Offset, b.Offset),
		strings.Compare(a.Rule, b.Rule),
		strings.Compare(a.Message, b.Message),
	)
}

// Equal reports whether a and b are the same finding: every field equal,
// fixes included.
func Equal(a, b Diagnostic) bool {
	return a.Rule == b.Rule && a.Severity == b.Severity && a.Message == b.Message &&
		a.Range == b.Range && a.Subject == b.Subject && a.Build == b.Build &&
		a.Direction == b.Direction && a.Index == b.Index && a.Attr == b.Attr &&
		a.Offset == b.Offset && a.Len == b.Len &&
		slices.EqualFunc(a.Fixes, b.Fixes, func(x, y Fix) bool {
			return x.Message == y.Message && x.Fixed == y.Fixed && slices.Equal(x.Edits, y.Edits)
		})
}

// Sort sorts the diagnostics in place, deterministically, and removes exact
// duplicates.
func (ds *Diagnostics) Sort() {
	slices.SortStableFunc(*ds, Compare)
	*ds = slices.CompactFunc(*ds, Equal)
}
