package validate

import (
	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
)

// Severity is how bad a diagnostic is; see [diag.Severity].
type Severity = diag.Severity

// Severities, named as slog names its levels (slog.LevelError).
const (
	SeverityInvalid = diag.SeverityInvalid
	SeverityInfo    = diag.SeverityInfo    // advice
	SeverityWarning = diag.SeverityWarning // legal, but very likely not what was meant
	SeverityError   = diag.SeverityError   // rejected by Buildx or BuildKit, or certain, documented misbehaviour
)

// The severities' earlier names, which code outside this module calls.
const (
	// Deprecated: use SeverityInfo; Info reads as a type or a function.
	Info = SeverityInfo
	// Deprecated: use SeverityWarning.
	Warning = SeverityWarning
	// Deprecated: use SeverityError; Error reads as an error type.
	Error = SeverityError
)

// ParseSeverity reads "info", "warning" or "error".
func ParseSeverity(s string) (Severity, error) { return diag.ParseSeverity(s) }

// Diagnostic is one finding about a build's cache configuration; see
// [diag.Diagnostic]. Check fills in the value it concerns (Build,
// Direction, Index, Attr, Offset, Len) and, when the build says where it is
// written (Build.Source), its Range in the file.
type Diagnostic = diag.Diagnostic

// Diagnostics is a list of findings; see [diag.Diagnostics].
type Diagnostics = diag.Diagnostics

// Fix is a suggested correction; see [diag.Fix].
type Fix = diag.Fix

// TextEdit is one replacement in a raw value; see [diag.TextEdit].
type TextEdit = diag.TextEdit

// FixedValue returns raw with the fix's edits applied and secret values
// redacted ([cachespec.Redact]), so that the result can be printed. ok is
// false when the fix has no edits or one does not lie within raw. Use
// [diag.Fix.Apply] for the exact value to write back to a file.
func FixedValue(f Fix, raw string) (fixed string, ok bool) {
	s, ok := f.Apply(raw)
	if !ok {
		return "", false
	}
	return cachespec.Redact(s), true
}

// replace is a fix that replaces bytes [off, off+n) of the value with text.
func replace(msg string, off, n int, text string) Fix {
	return Fix{Message: msg, Edits: []TextEdit{{Offset: off, Len: n, NewText: text}}}
}
