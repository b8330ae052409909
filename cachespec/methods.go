package cachespec

// The methods every backend shares, each a one-line call to the
// implementation written once in format.go, parse.go and json.go.

import (
	"fmt"
	"log/slog"
)

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It fails, leaving b unchanged, when the entry holds text that
// Parse could not read back: a control character or invalid UTF-8, or an
// unknown attribute whose key is empty, upper-case, holds "=" or white space
// around it, or is a known attribute.
func (e *Registry) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [Registry.AppendText].
func (e *Registry) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *Registry) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry].
func (e *Registry) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *Registry) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *Registry) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *Registry) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape; see [Entry].
func (e *Registry) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *Registry) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It fails, leaving b unchanged, when the entry holds text that
// Parse could not read back: a control character or invalid UTF-8, or an
// unknown attribute whose key is empty, upper-case, holds "=" or white space
// around it, or is a known attribute.
func (e *Local) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [Local.AppendText].
func (e *Local) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *Local) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry].
func (e *Local) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *Local) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *Local) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *Local) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape; see [Entry].
func (e *Local) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *Local) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It fails, leaving b unchanged, when the entry holds text that
// Parse could not read back: a control character or invalid UTF-8, or an
// unknown attribute whose key is empty, upper-case, holds "=" or white space
// around it, or is a known attribute.
func (e *Inline) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [Inline.AppendText].
func (e *Inline) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *Inline) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry].
func (e *Inline) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *Inline) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *Inline) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *Inline) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape; see [Entry].
func (e *Inline) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *Inline) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It fails, leaving b unchanged, when the entry holds text that
// Parse could not read back: a control character or invalid UTF-8, or an
// unknown attribute whose key is empty, upper-case, holds "=" or white space
// around it, or is a known attribute.
func (e *GHA) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [GHA.AppendText].
func (e *GHA) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *GHA) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry].
func (e *GHA) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *GHA) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *GHA) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *GHA) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape; see [Entry].
func (e *GHA) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *GHA) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It fails, leaving b unchanged, when the entry holds text that
// Parse could not read back: a control character or invalid UTF-8, or an
// unknown attribute whose key is empty, upper-case, holds "=" or white space
// around it, or is a known attribute.
func (e *S3) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [S3.AppendText].
func (e *S3) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *S3) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry].
func (e *S3) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *S3) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *S3) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *S3) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape; see [Entry].
func (e *S3) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *S3) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It fails, leaving b unchanged, when the entry holds text that
// Parse could not read back: a control character or invalid UTF-8, or an
// unknown attribute whose key is empty, upper-case, holds "=" or white space
// around it, or is a known attribute.
func (e *AzBlob) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [AzBlob.AppendText].
func (e *AzBlob) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *AzBlob) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry].
func (e *AzBlob) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *AzBlob) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *AzBlob) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *AzBlob) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape; see [Entry].
func (e *AzBlob) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *AzBlob) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }
