package validate

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

// Severity is how bad a diagnostic is. The zero Severity is invalid, so a
// forgotten field is detectable. Severities are ordered: Info < Warning <
// Error.
type Severity uint8

// Severities.
const (
	SeverityInvalid Severity = iota
	Info                     // advice
	Warning                  // legal, but very likely not what was meant
	Error                    // rejected by Buildx or BuildKit, or certain, documented misbehaviour
)

// String returns "info", "warning", "error" or "invalid".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "invalid"
}

// ParseSeverity reads "info", "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "info":
		return Info, nil
	case "warning":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return SeverityInvalid, errors.New("validate: unknown severity " + strconv.Quote(s) + "; use info, warning or error")
}

// Fix is a suggested correction. When Replace is set, replacing the bytes
// [Offset, Offset+Len) of the raw value with Text gives the corrected value;
// Label says in words what the fix does.
type Fix struct {
	Label   string
	Replace bool
	Offset  int
	Len     int
	Text    string
}

// Diagnostic is one finding about a build's cache configuration.
type Diagnostic struct {
	// Rule is the stable CamelCase rule name.
	Rule string
	// Severity is the rule's severity, or the caller's override.
	Severity Severity
	// Message is one line, with secrets redacted.
	Message string
	// Build is the index of the build in the set given to CheckAll, or 0.
	Build int
	// Direction is cachespec.Import for a cache-from value,
	// cachespec.Export for a cache-to value, and DirectionUnknown for a
	// finding about the build as a whole.
	Direction cachespec.Direction
	// Index is the position of the raw value in CacheFrom or CacheTo, or -1.
	Index int
	// Attr is the attribute concerned, or "".
	Attr string
	// Offset and Len locate the finding in the raw value, in bytes
	// (half-open); both are 0 when no position applies.
	Offset, Len int
	// Fix is the suggested correction; its Label is "" when there is none.
	Fix Fix
}

// String returns "<where>: <severity>: <message> [<Rule>]".
func (d Diagnostic) String() string {
	var b strings.Builder
	if d.Direction != cachespec.DirectionUnknown {
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

// HasErrors reports whether any diagnostic has Error severity.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns an error listing the error-severity diagnostics, or nil when
// there are none.
func (ds Diagnostics) Err() error {
	var msgs []string
	for _, d := range ds {
		if d.Severity == Error {
			msgs = append(msgs, d.String())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New("validate: " + strings.Join(msgs, "; "))
}

// compare orders diagnostics by build, direction (cache-from first), value
// index, offset, rule and message.
func compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Build, b.Build),
		cmp.Compare(a.Direction, b.Direction),
		cmp.Compare(a.Index, b.Index),
		cmp.Compare(a.Offset, b.Offset),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}

// Sort sorts the diagnostics in place, deterministically, and removes exact
// duplicates.
func (ds *Diagnostics) Sort() {
	slices.SortFunc(*ds, compare)
	*ds = slices.Compact(*ds)
}

// Apply returns raw with the fix applied, for a fix that replaces bytes of
// the value, with secrets redacted (cachespec.Redact), so the result can be
// printed. ok is false when the fix is not a replacement or its span does
// not lie within raw.
func (f Fix) Apply(raw string) (fixed string, ok bool) {
	if !f.Replace || f.Offset < 0 || f.Len < 0 || f.Offset+f.Len > len(raw) {
		return "", false
	}
	return cachespec.Redact(raw[:f.Offset] + f.Text + raw[f.Offset+f.Len:]), true
}
