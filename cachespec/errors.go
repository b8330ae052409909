package cachespec

import (
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
)

// Kind is the class of a parse failure. The exported Err* values are the
// kinds; test for them with errors.Is. Each kind has a stable rule name,
// the name package validate reports the failure under.
type Kind struct {
	msg  string
	rule string
}

// Error returns the kind's short description.
func (k *Kind) Error() string { return "cachespec: " + k.msg }

// Rule returns the kind's stable CamelCase rule name.
func (k *Kind) Rule() string { return k.rule }

// The kinds of parse failure. Syntax-level kinds come first,
// then the typed-value kinds.
var (
	// ErrEmpty: the value is empty (Parse only; lists skip empty values).
	ErrEmpty = &Kind{"empty cache value", "EmptyCacheValue"}
	// ErrTooLong: the value is longer than MaxValueLen bytes.
	ErrTooLong = &Kind{"cache value too long", "CacheValueTooLong"}
	// ErrInvalidText: invalid UTF-8 or a control character.
	ErrInvalidText = &Kind{"invalid character in cache value", "InvalidCacheText"}
	// ErrSyntax: malformed CSV, a field without "=", an empty field or key,
	// a malformed JSON object.
	ErrSyntax = &Kind{"malformed cache value", "InvalidCacheSyntax"}
	// ErrMissingType: no type attribute, or an empty one.
	ErrMissingType = &Kind{"missing cache type", "MissingCacheType"}
	// ErrUnknownType: a type BuildKit does not register (case-sensitive).
	ErrUnknownType = &Kind{"unknown cache type", "UnknownCacheType"}
	// ErrDuplicateKey: the same attribute twice; Buildx keeps the last one
	// silently, which is how two entries joined on one line look.
	ErrDuplicateKey = &Kind{"duplicate cache attribute", "DuplicateCacheAttribute"}
	// ErrKeyWhitespace: a key with surrounding white space, such as the
	// " mode" of "type=gha, mode=max", which BuildKit ignores.
	ErrKeyWhitespace = &Kind{"white space around cache attribute key", "WhitespaceAroundCacheKey"}
	// ErrAmbiguousShorthand: a bare word that names a cache type or mode,
	// such as "inline", which Buildx reads as the image
	// docker.io/library/inline.
	ErrAmbiguousShorthand = &Kind{"cache keyword used as a registry ref", "KeywordAsCacheRef"}
	// ErrMultipleEntries: several comma-separated refs given to Parse, which
	// returns one entry; ParseList splits them.
	ErrMultipleEntries = &Kind{"several cache entries in one value", "MultipleCacheEntries"}
	// ErrInvalidRef: a registry ref that distribution/reference refuses.
	ErrInvalidRef = &Kind{"invalid cache ref", "InvalidCacheRef"}
	// ErrInvalidValue: a value its typed field cannot hold.
	ErrInvalidValue = &Kind{"invalid cache attribute value", "InvalidTypedValue"}
)

// ParseError describes why a cache value was refused. Its message is one
// line: the redacted input, what is wrong at which key and byte, and the fix.
type ParseError struct {
	// Input is the value, with secret values replaced by [Redacted].
	Input string
	// Index is the 0-based position of the value in the list given to
	// ParseList (or among the items of an action input), or -1.
	Index int
	// Line is the 1-based line of an action input where the value starts
	// (ParseActionInput), or 0. When it is set the message names the line.
	Line int
	// Key is the attribute concerned, lower-cased, or "".
	Key string
	// Offset is the byte offset in the original value where the problem
	// starts, and Len the length of the offending span (0 if unknown).
	Offset, Len int
	// Kind is one of the Err* kinds.
	Kind *Kind
	// Err is the underlying cause, such as a *refs.Error, or nil.
	Err error
	// Fix says how to correct the value: a corrected value where one exists.
	Fix string
	// Edit, when the fix is mechanical (a keyword written as a ref, white
	// space around a key, a near miss of a mode, compression or type, an
	// upper-case repository), is the replacement in the value that makes
	// it: bytes [Edit.Offset, Edit.Offset+Edit.Len) of the value replaced by
	// Edit.NewText. It is nil when the fix needs a choice. NewText never
	// holds a secret.
	Edit *diag.TextEdit

	reason string // what is wrong, without context
}

// newError is the one constructor of ParseError: every refusal is built by
// it, so the input is always redacted and Index is always -1 until a list
// reader sets it.
func newError(kind *Kind, input string, key string, off, n int, reason, fix string) *ParseError {
	return &ParseError{Input: redactInput(input), Index: -1, Key: key, Offset: off, Len: n, Kind: kind, reason: reason, Fix: fix}
}

// newShownError is newError for an input that is already redacted, such as
// the JSON text jsonShown returns.
func newShownError(kind *Kind, shown string, key string, off, n int, reason, fix string) *ParseError {
	return &ParseError{Input: shown, Index: -1, Key: key, Offset: off, Len: n, Kind: kind, reason: reason, Fix: fix}
}

// withEdit sets the mechanical edit of the fix.
func (e *ParseError) withEdit(off, n int, text string) *ParseError {
	e.Edit = &diag.TextEdit{Offset: off, Len: n, NewText: text}
	return e
}

// Error returns the one-line message.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("cachespec: ")
	switch {
	case e.Line > 0:
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteByte(' ')
	case e.Index >= 0:
		b.WriteString("value ")
		b.WriteString(strconv.Itoa(e.Index))
		b.WriteByte(' ')
	}
	b.WriteString(quoteInput(e.Input))
	b.WriteString(": ")
	b.WriteString(e.Reason())
	b.WriteString(" (at byte ")
	b.WriteString(strconv.Itoa(e.Offset))
	b.WriteByte(')')
	if e.Fix != "" {
		b.WriteString("; ")
		b.WriteString(e.Fix)
	}
	return b.String()
}

// Reason returns what is wrong, without the input, the offset or the fix:
// the part of the message that names the problem.
func (e *ParseError) Reason() string {
	if e.reason != "" {
		return e.reason
	}
	if e.Kind == nil {
		return ""
	}
	if e.Key != "" {
		return e.Kind.msg + " " + strconv.Quote(e.Key)
	}
	return e.Kind.msg
}

// Unwrap returns the kind and the cause, for errors.Is and errors.As.
func (e *ParseError) Unwrap() []error {
	errs := make([]error, 0, 2)
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// Rule returns the stable rule name of the failure: the kind's, except that
// an invalid mode is InvalidCacheMode.
func (e *ParseError) Rule() string {
	if e.Kind == nil {
		return ""
	}
	if e.Kind == ErrInvalidValue && e.Key == "mode" {
		return "InvalidCacheMode"
	}
	return e.Kind.rule
}

// Diagnostic returns the refusal as a diagnostic of severity Error about
// the value: the rule, the reason as message, the key as Attr, the byte span
// and the fix. Index is the value's index in a list, or -1; the caller that
// knows which build and direction the value belongs to sets them.
func (e *ParseError) Diagnostic() diag.Diagnostic {
	d := diag.Diagnostic{
		Rule: e.Rule(), Severity: diag.SeverityError, Message: e.Reason(),
		Index: e.Index, Attr: e.Key, Offset: e.Offset, Len: e.Len,
	}
	if e.Fix != "" {
		f := diag.Fix{Message: e.Fix}
		if e.Edit != nil {
			f.Edits = []diag.TextEdit{*e.Edit}
		}
		d.Fixes = []diag.Fix{f}
	}
	return d
}

// quoteInput quotes a redacted input for a message, shortened when long.
func quoteInput(s string) string {
	const max = 120
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		return strconv.Quote(s[:cut]) + "..."
	}
	return strconv.Quote(s)
}
