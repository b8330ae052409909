// Code generated from the attribute tables (schema.go) by TestGenerated; DO NOT EDIT.

package cachespec

// The methods every backend shares, each a one-line call to the
// implementation written once in format.go, parse.go and json.go; keys and
// field, the tables' keys and fields as switches; and the direct printer of
// Format.

import (
	"fmt"
	"log/slog"
)

// Type returns TypeRegistry.
func (*Registry) Type() Type { return TypeRegistry }

func (*Registry) keys() []string { return schemas[TypeRegistry].keys }

// index returns the i for which keys()[i] is key, or -1, as a switch.
func (*Registry) index(key string) int {
	switch key {
	case "ref":
		return 0
	case "registry.insecure":
		return 1
	case "mode":
		return 2
	case "ignore-error":
		return 3
	case "compression":
		return 4
	case "compression-level":
		return 5
	case "force-compression":
		return 6
	case "oci-mediatypes":
		return 7
	case "image-manifest":
		return 8
	}
	return -1
}

func (e *Registry) unknown() *Attributes { return &e.Extra }

// field is registryAttrs[i].field(e), then exportAttrs' on e.ExportOptions,
// as a switch.
func (e *Registry) field(i int) attrField {
	switch i {
	case 0:
		return (*refField)(&e.Ref)
	case 1:
		return &e.Insecure
	}
	return e.ExportOptions.field(i - len(registryAttrs))
}

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It REVEALS SECRETS: it is a machine form; for people, use
// String. It fails, leaving b unchanged, when
// [Validate] refuses the entry: a typed value Parse refuses, a control
// character or invalid UTF-8, or an unknown attribute whose key is empty,
// upper-case, holds "=" or white space around it, or is a known attribute.
func (e *Registry) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [Registry.AppendText].
// It REVEALS SECRETS: it is the machine form (a lone [Secret]'s
// MarshalText redacts; an entry's does not), and encoding/json calls it for
// an entry used as a map key.
func (e *Registry) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *Registry) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Validate reports whether the entry holds only what [Parse] accepts; see
// [Validate].
func (e *Registry) Validate() error { return Validate(e) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry]. It
// REVEALS SECRETS: it is for BuildKit's client.
func (e *Registry) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *Registry) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *Registry) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *Registry) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape. It REVEALS
// SECRETS: it is the machine form, and encoding/json (and slog's JSON
// handler) call it for any []Entry, map or struct holding the entry. For
// a log or a report, marshal [RedactEntry](e), or log the entry itself
// (LogValue redacts). It refuses an entry [Validate] refuses.
func (e *Registry) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *Registry) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// Type returns TypeLocal.
func (*Local) Type() Type { return TypeLocal }

func (*Local) keys() []string { return schemas[TypeLocal].keys }

// index returns the i for which keys()[i] is key, or -1, as a switch.
func (*Local) index(key string) int {
	switch key {
	case "dest":
		return 0
	case "src":
		return 1
	case "tag":
		return 2
	case "digest":
		return 3
	case "reset":
		return 4
	case "mode":
		return 5
	case "ignore-error":
		return 6
	case "compression":
		return 7
	case "compression-level":
		return 8
	case "force-compression":
		return 9
	case "oci-mediatypes":
		return 10
	case "image-manifest":
		return 11
	}
	return -1
}

func (e *Local) unknown() *Attributes { return &e.Extra }

// field is localAttrs[i].field(e), then exportAttrs' on e.ExportOptions,
// as a switch.
func (e *Local) field(i int) attrField {
	switch i {
	case 0:
		return &e.Dest
	case 1:
		return &e.Src
	case 2:
		return &e.Tag
	case 3:
		return (*digestField)(&e.Digest)
	case 4:
		return &e.Reset
	}
	return e.ExportOptions.field(i - len(localAttrs))
}

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It REVEALS SECRETS: it is a machine form; for people, use
// String. It fails, leaving b unchanged, when
// [Validate] refuses the entry: a typed value Parse refuses, a control
// character or invalid UTF-8, or an unknown attribute whose key is empty,
// upper-case, holds "=" or white space around it, or is a known attribute.
func (e *Local) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [Local.AppendText].
// It REVEALS SECRETS: it is the machine form (a lone [Secret]'s
// MarshalText redacts; an entry's does not), and encoding/json calls it for
// an entry used as a map key.
func (e *Local) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *Local) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Validate reports whether the entry holds only what [Parse] accepts; see
// [Validate].
func (e *Local) Validate() error { return Validate(e) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry]. It
// REVEALS SECRETS: it is for BuildKit's client.
func (e *Local) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *Local) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *Local) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *Local) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape. It REVEALS
// SECRETS: it is the machine form, and encoding/json (and slog's JSON
// handler) call it for any []Entry, map or struct holding the entry. For
// a log or a report, marshal [RedactEntry](e), or log the entry itself
// (LogValue redacts). It refuses an entry [Validate] refuses.
func (e *Local) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *Local) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// Type returns TypeInline.
func (*Inline) Type() Type { return TypeInline }

func (*Inline) keys() []string { return schemas[TypeInline].keys }

// index returns the i for which keys()[i] is key, or -1, as a switch.
func (*Inline) index(key string) int {
	switch key {
	case "mode":
		return 0
	case "ignore-error":
		return 1
	case "compression":
		return 2
	case "compression-level":
		return 3
	case "force-compression":
		return 4
	case "oci-mediatypes":
		return 5
	case "image-manifest":
		return 6
	}
	return -1
}

func (e *Inline) unknown() *Attributes { return &e.Extra }

// field is inlineAttrs[i].field(e), then exportAttrs' on e.ExportOptions,
// as a switch.
func (e *Inline) field(i int) attrField {
	return e.ExportOptions.field(i - len(inlineAttrs))
}

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It REVEALS SECRETS: it is a machine form; for people, use
// String. It fails, leaving b unchanged, when
// [Validate] refuses the entry: a typed value Parse refuses, a control
// character or invalid UTF-8, or an unknown attribute whose key is empty,
// upper-case, holds "=" or white space around it, or is a known attribute.
func (e *Inline) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [Inline.AppendText].
// It REVEALS SECRETS: it is the machine form (a lone [Secret]'s
// MarshalText redacts; an entry's does not), and encoding/json calls it for
// an entry used as a map key.
func (e *Inline) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *Inline) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Validate reports whether the entry holds only what [Parse] accepts; see
// [Validate].
func (e *Inline) Validate() error { return Validate(e) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry]. It
// REVEALS SECRETS: it is for BuildKit's client.
func (e *Inline) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *Inline) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *Inline) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *Inline) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape. It REVEALS
// SECRETS: it is the machine form, and encoding/json (and slog's JSON
// handler) call it for any []Entry, map or struct holding the entry. For
// a log or a report, marshal [RedactEntry](e), or log the entry itself
// (LogValue redacts). It refuses an entry [Validate] refuses.
func (e *Inline) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *Inline) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// Type returns TypeGHA.
func (*GHA) Type() Type { return TypeGHA }

func (*GHA) keys() []string { return schemas[TypeGHA].keys }

// index returns the i for which keys()[i] is key, or -1, as a switch.
func (*GHA) index(key string) int {
	switch key {
	case "scope":
		return 0
	case "url":
		return 1
	case "url_v2":
		return 2
	case "version":
		return 3
	case "timeout":
		return 4
	case "repository":
		return 5
	case "token":
		return 6
	case "ghtoken":
		return 7
	case "mode":
		return 8
	case "ignore-error":
		return 9
	case "compression":
		return 10
	case "compression-level":
		return 11
	case "force-compression":
		return 12
	case "oci-mediatypes":
		return 13
	case "image-manifest":
		return 14
	}
	return -1
}

func (e *GHA) unknown() *Attributes { return &e.Extra }

// field is ghaAttrs[i].field(e), then exportAttrs' on e.ExportOptions,
// as a switch.
func (e *GHA) field(i int) attrField {
	switch i {
	case 0:
		return &e.Scope
	case 1:
		return &e.URL
	case 2:
		return &e.URLV2
	case 3:
		return (*positiveField)(&e.Version)
	case 4:
		return &e.Timeout
	case 5:
		return &e.Repository
	case 6:
		return &e.Token
	case 7:
		return &e.GHToken
	}
	return e.ExportOptions.field(i - len(ghaAttrs))
}

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It REVEALS SECRETS: it is a machine form; for people, use
// String. It fails, leaving b unchanged, when
// [Validate] refuses the entry: a typed value Parse refuses, a control
// character or invalid UTF-8, or an unknown attribute whose key is empty,
// upper-case, holds "=" or white space around it, or is a known attribute.
func (e *GHA) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [GHA.AppendText].
// It REVEALS SECRETS: it is the machine form (a lone [Secret]'s
// MarshalText redacts; an entry's does not), and encoding/json calls it for
// an entry used as a map key.
func (e *GHA) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *GHA) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Validate reports whether the entry holds only what [Parse] accepts; see
// [Validate].
func (e *GHA) Validate() error { return Validate(e) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry]. It
// REVEALS SECRETS: it is for BuildKit's client.
func (e *GHA) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *GHA) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *GHA) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *GHA) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape. It REVEALS
// SECRETS: it is the machine form, and encoding/json (and slog's JSON
// handler) call it for any []Entry, map or struct holding the entry. For
// a log or a report, marshal [RedactEntry](e), or log the entry itself
// (LogValue redacts). It refuses an entry [Validate] refuses.
func (e *GHA) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *GHA) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// Type returns TypeS3.
func (*S3) Type() Type { return TypeS3 }

func (*S3) keys() []string { return schemas[TypeS3].keys }

// index returns the i for which keys()[i] is key, or -1, as a switch.
func (*S3) index(key string) int {
	switch key {
	case "region":
		return 0
	case "bucket":
		return 1
	case "name":
		return 2
	case "prefix":
		return 3
	case "manifests_prefix":
		return 4
	case "blobs_prefix":
		return 5
	case "endpoint_url":
		return 6
	case "use_path_style":
		return 7
	case "access_key_id":
		return 8
	case "secret_access_key":
		return 9
	case "session_token":
		return 10
	case "upload_parallelism":
		return 11
	case "touch_refresh":
		return 12
	case "disable_accept_encoding":
		return 13
	case "retry_mode":
		return 14
	case "retry_max_attempts":
		return 15
	case "mode":
		return 16
	case "ignore-error":
		return 17
	case "compression":
		return 18
	case "compression-level":
		return 19
	case "force-compression":
		return 20
	case "oci-mediatypes":
		return 21
	case "image-manifest":
		return 22
	}
	return -1
}

func (e *S3) unknown() *Attributes { return &e.Extra }

// field is s3Attrs[i].field(e), then exportAttrs' on e.ExportOptions,
// as a switch.
func (e *S3) field(i int) attrField {
	switch i {
	case 0:
		return &e.Region
	case 1:
		return &e.Bucket
	case 2:
		return &e.Name
	case 3:
		return &e.Prefix
	case 4:
		return &e.ManifestsPrefix
	case 5:
		return &e.BlobsPrefix
	case 6:
		return &e.EndpointURL
	case 7:
		return &e.UsePathStyle
	case 8:
		return &e.AccessKeyID
	case 9:
		return &e.SecretAccessKey
	case 10:
		return &e.SessionToken
	case 11:
		return (*positiveField)(&e.UploadParallelism)
	case 12:
		return &e.TouchRefresh
	case 13:
		return &e.DisableAcceptEncoding
	case 14:
		return &e.RetryMode
	case 15:
		return (*positiveField)(&e.RetryMaxAttempts)
	}
	return e.ExportOptions.field(i - len(s3Attrs))
}

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It REVEALS SECRETS: it is a machine form; for people, use
// String. It fails, leaving b unchanged, when
// [Validate] refuses the entry: a typed value Parse refuses, a control
// character or invalid UTF-8, or an unknown attribute whose key is empty,
// upper-case, holds "=" or white space around it, or is a known attribute.
func (e *S3) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [S3.AppendText].
// It REVEALS SECRETS: it is the machine form (a lone [Secret]'s
// MarshalText redacts; an entry's does not), and encoding/json calls it for
// an entry used as a map key.
func (e *S3) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *S3) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Validate reports whether the entry holds only what [Parse] accepts; see
// [Validate].
func (e *S3) Validate() error { return Validate(e) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry]. It
// REVEALS SECRETS: it is for BuildKit's client.
func (e *S3) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *S3) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *S3) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *S3) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape. It REVEALS
// SECRETS: it is the machine form, and encoding/json (and slog's JSON
// handler) call it for any []Entry, map or struct holding the entry. For
// a log or a report, marshal [RedactEntry](e), or log the entry itself
// (LogValue redacts). It refuses an entry [Validate] refuses.
func (e *S3) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *S3) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// Type returns TypeAzBlob.
func (*AzBlob) Type() Type { return TypeAzBlob }

func (*AzBlob) keys() []string { return schemas[TypeAzBlob].keys }

// index returns the i for which keys()[i] is key, or -1, as a switch.
func (*AzBlob) index(key string) int {
	switch key {
	case "account_url":
		return 0
	case "account_name":
		return 1
	case "container":
		return 2
	case "name":
		return 3
	case "prefix":
		return 4
	case "manifests_prefix":
		return 5
	case "blobs_prefix":
		return 6
	case "secret_access_key":
		return 7
	case "mode":
		return 8
	case "ignore-error":
		return 9
	case "compression":
		return 10
	case "compression-level":
		return 11
	case "force-compression":
		return 12
	case "oci-mediatypes":
		return 13
	case "image-manifest":
		return 14
	}
	return -1
}

func (e *AzBlob) unknown() *Attributes { return &e.Extra }

// field is azblobAttrs[i].field(e), then exportAttrs' on e.ExportOptions,
// as a switch.
func (e *AzBlob) field(i int) attrField {
	switch i {
	case 0:
		return (*urlField)(&e.AccountURL)
	case 1:
		return &e.AccountName
	case 2:
		return &e.Container
	case 3:
		return &e.Name
	case 4:
		return &e.Prefix
	case 5:
		return &e.ManifestsPrefix
	case 6:
		return &e.BlobsPrefix
	case 7:
		return &e.SecretAccessKey
	}
	return e.ExportOptions.field(i - len(azblobAttrs))
}

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It REVEALS SECRETS: it is a machine form; for people, use
// String. It fails, leaving b unchanged, when
// [Validate] refuses the entry: a typed value Parse refuses, a control
// character or invalid UTF-8, or an unknown attribute whose key is empty,
// upper-case, holds "=" or white space around it, or is a known attribute.
func (e *AzBlob) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [AzBlob.AppendText].
// It REVEALS SECRETS: it is the machine form (a lone [Secret]'s
// MarshalText redacts; an entry's does not), and encoding/json calls it for
// an entry used as a map key.
func (e *AzBlob) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *AzBlob) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Validate reports whether the entry holds only what [Parse] accepts; see
// [Validate].
func (e *AzBlob) Validate() error { return Validate(e) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry]. It
// REVEALS SECRETS: it is for BuildKit's client.
func (e *AzBlob) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *AzBlob) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *AzBlob) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *AzBlob) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape. It REVEALS
// SECRETS: it is the machine form, and encoding/json (and slog's JSON
// handler) call it for any []Entry, map or struct holding the entry. For
// a log or a report, marshal [RedactEntry](e), or log the entry itself
// (LogValue redacts). It refuses an entry [Validate] refuses.
func (e *AzBlob) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *AzBlob) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }

// field is exportAttrs[i].field(o), as a switch.
func (o *ExportOptions) field(i int) attrField {
	switch i {
	case 0:
		return &o.Mode
	case 1:
		return &o.IgnoreError
	case 2:
		return &o.Compression
	case 3:
		return &o.CompressionLevel
	case 4:
		return (*forceField)(&o.ForceCompression)
	case 5:
		return &o.OCIMediaTypes
	case 6:
		return &o.ImageManifest
	}
	return nil
}

func (o *ExportOptions) appendTo(b []byte) []byte {
	b = appendOpt(b, "mode", &o.Mode)
	b = appendOpt(b, "ignore-error", &o.IgnoreError)
	b = appendOpt(b, "compression", &o.Compression)
	b = appendOpt(b, "compression-level", &o.CompressionLevel)
	b = appendOpt(b, "force-compression", &o.ForceCompression)
	b = appendOpt(b, "oci-mediatypes", &o.OCIMediaTypes)
	b = appendOpt(b, "image-manifest", &o.ImageManifest)
	return b
}

// appendDirect writes the canonical form of e.
func appendDirect(b []byte, e Entry) []byte {
	switch e := e.(type) {
	case *Registry:
		b = append(b, "type=registry"...)
		b = appendRef(b, "ref", &e.Ref)
		b = appendOpt(b, "registry.insecure", &e.Insecure)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	case *Local:
		b = append(b, "type=local"...)
		b = appendOpt(b, "dest", &e.Dest)
		b = appendOpt(b, "src", &e.Src)
		b = appendOpt(b, "tag", &e.Tag)
		b = appendOpt(b, "digest", &e.Digest)
		b = appendOpt(b, "reset", &e.Reset)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	case *Inline:
		b = append(b, "type=inline"...)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	case *GHA:
		b = append(b, "type=gha"...)
		b = appendOpt(b, "scope", &e.Scope)
		b = appendOpt(b, "url", &e.URL)
		b = appendOpt(b, "url_v2", &e.URLV2)
		b = appendOpt(b, "version", &e.Version)
		b = appendOpt(b, "timeout", &e.Timeout)
		b = appendOpt(b, "repository", &e.Repository)
		b = appendSecret(b, "token", &e.Token)
		b = appendSecret(b, "ghtoken", &e.GHToken)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	case *S3:
		b = append(b, "type=s3"...)
		b = appendOpt(b, "region", &e.Region)
		b = appendOpt(b, "bucket", &e.Bucket)
		b = appendOpt(b, "name", &e.Name)
		b = appendOpt(b, "prefix", &e.Prefix)
		b = appendOpt(b, "manifests_prefix", &e.ManifestsPrefix)
		b = appendOpt(b, "blobs_prefix", &e.BlobsPrefix)
		b = appendOpt(b, "endpoint_url", &e.EndpointURL)
		b = appendOpt(b, "use_path_style", &e.UsePathStyle)
		b = appendSecret(b, "access_key_id", &e.AccessKeyID)
		b = appendSecret(b, "secret_access_key", &e.SecretAccessKey)
		b = appendSecret(b, "session_token", &e.SessionToken)
		b = appendOpt(b, "upload_parallelism", &e.UploadParallelism)
		b = appendOpt(b, "touch_refresh", &e.TouchRefresh)
		b = appendOpt(b, "disable_accept_encoding", &e.DisableAcceptEncoding)
		b = appendOpt(b, "retry_mode", &e.RetryMode)
		b = appendOpt(b, "retry_max_attempts", &e.RetryMaxAttempts)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	case *AzBlob:
		b = append(b, "type=azblob"...)
		b = appendOpt(b, "account_url", &e.AccountURL)
		b = appendOpt(b, "account_name", &e.AccountName)
		b = appendOpt(b, "container", &e.Container)
		b = appendOpt(b, "name", &e.Name)
		b = appendOpt(b, "prefix", &e.Prefix)
		b = appendOpt(b, "manifests_prefix", &e.ManifestsPrefix)
		b = appendOpt(b, "blobs_prefix", &e.BlobsPrefix)
		b = appendSecret(b, "secret_access_key", &e.SecretAccessKey)
		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
	}
	return b
}
