package cachespec

import (
	"encoding"
	"log/slog"
	"time"

	"github.com/buildxcache/buildxcache/refs"
)

// Entry is one cache import or export: the value of one --cache-from or
// --cache-to flag. It is implemented only by *[Registry], *[Local],
// *[Inline], *[GHA], *[S3] and *[AzBlob], so a type switch over those six is
// exhaustive.
type Entry interface {
	// Type returns the backend.
	Type() Type
	// Attrs returns a new map holding exactly the attributes Buildx sends to
	// BuildKit for this entry, before any environment is applied: every
	// present attribute with its text as written (secrets included) and
	// every unknown attribute. The "type" key is not included.
	Attrs() map[string]string
	// String returns the canonical form of [Format] with secret values
	// replaced by [Redacted].
	String() string
	// AppendText appends the canonical form of [Format] to b.
	AppendText(b []byte) ([]byte, error)
	// MarshalText returns the canonical form of [Format].
	MarshalText() ([]byte, error)
	// MarshalJSON returns the entry as a flat JSON object of strings in
	// Buildx's shape: {"type":"gha","scope":"app"}.
	MarshalJSON() ([]byte, error)

	// keys returns the attribute keys the backend knows, in canonical order.
	keys() []string
	// field returns the typed field for keys()[i].
	field(i int) attrField
	// unknown returns the entry's unknown attributes.
	unknown() *Attributes
}

// ExportOptions are the attributes every cache exporter parses
// (control/control.go, util/compression/attrs.go, the registry and local
// backends). Each backend embeds them; package validate reports those a
// backend ignores (compression on gha, anything on inline) and those on a
// cache-from.
type ExportOptions struct {
	Mode             Optional[Mode]        // mode: min (default) or max
	IgnoreError      Optional[bool]        // ignore-error: drop export-time failures (default false)
	Compression      Optional[Compression] // compression of new layers (default gzip)
	CompressionLevel Optional[int]         // compression-level: -2..9 for gzip and estargz, 0..22 for zstd
	ForceCompression Optional[bool]        // force-compression: recompress reused layers; the empty value means true
	OCIMediaTypes    Optional[bool]        // oci-mediatypes (default true)
	ImageManifest    Optional[bool]        // image-manifest (default true; false when oci-mediatypes=false)
}

var exportKeys = []string{
	"mode", "ignore-error", "compression", "compression-level",
	"force-compression", "oci-mediatypes", "image-manifest",
}

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

// Registry is a registry cache (type=registry): a cache manifest pushed to,
// or pulled from, an image reference.
//
// The zero Registry prints as "type=registry"; it has no Ref, which BuildKit
// refuses ("registry cache exporter requires ref") and package validate
// reports.
type Registry struct {
	Ref      refs.Ref       // ref: the cache image reference
	Insecure Optional[bool] // registry.insecure: plain HTTP / unverified TLS for the ref's host
	ExportOptions
	Extra Attributes // attributes this package does not know, in order
}

var registryKeys = append([]string{"ref", "registry.insecure"}, exportKeys...)

// Type returns TypeRegistry.
func (*Registry) Type() Type             { return TypeRegistry }
func (*Registry) keys() []string         { return registryKeys }
func (e *Registry) unknown() *Attributes { return &e.Extra }
func (e *Registry) field(i int) attrField {
	switch i {
	case 0:
		return (*refField)(&e.Ref)
	case 1:
		return &e.Insecure
	}
	return e.ExportOptions.field(i - 2)
}

// Local is a local directory cache (type=local), an OCI layout on the
// machine running the client. Dest is for export, Src, Digest for import, Tag
// for both.
//
// The zero Local prints as "type=local"; without Dest or Src BuildKit refuses
// it, and package validate reports that for the direction in use.
type Local struct {
	Dest   Optional[string] // dest: export directory
	Src    Optional[string] // src: import directory
	Tag    Optional[string] // tag: index.json tag (default "latest")
	Digest Optional[string] // digest: manifest digest to import instead of the tag's
	Reset  Optional[bool]   // reset: prune unreferenced blobs after export (BuildKit client v0.31+)
	ExportOptions
	Extra Attributes
}

var localKeys = append([]string{"dest", "src", "tag", "digest", "reset"}, exportKeys...)

// Type returns TypeLocal.
func (*Local) Type() Type             { return TypeLocal }
func (*Local) keys() []string         { return localKeys }
func (e *Local) unknown() *Attributes { return &e.Extra }
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
	return e.ExportOptions.field(i - 5)
}

// Inline is inline cache (type=inline): cache metadata written into the
// config of the image being exported. It has no importer, always exports in
// min mode and takes its compression from the image output; BuildKit ignores
// every attribute on it, which package validate reports.
//
// The zero Inline is the valid "type=inline".
type Inline struct {
	ExportOptions
	Extra Attributes
}

// Type returns TypeInline.
func (*Inline) Type() Type              { return TypeInline }
func (*Inline) keys() []string          { return exportKeys }
func (e *Inline) unknown() *Attributes  { return &e.Extra }
func (e *Inline) field(i int) attrField { return e.ExportOptions.field(i) }

// GHA is the GitHub Actions cache service (type=gha).
//
// The zero GHA is the valid "type=gha": scope "buildkit", with the token and
// URLs that Buildx fills in from ACTIONS_RUNTIME_TOKEN, ACTIONS_CACHE_URL and
// ACTIONS_RESULTS_URL (and drops the entry without a message when they are
// missing).
type GHA struct {
	Scope      Optional[string]        // scope: cache index name (default "buildkit")
	URL        Optional[string]        // url: cache service v1 URL
	URLV2      Optional[string]        // url_v2: cache service v2 URL
	Version    Optional[int]           // version: cache service API version (1 or 2)
	Timeout    Optional[time.Duration] // timeout (default 10m)
	Repository Optional[string]        // repository: owner/repo, used with ghtoken
	Token      Secret                  // token: the Actions runtime token
	GHToken    Secret                  // ghtoken: GitHub API token, used with repository
	ExportOptions
	Extra Attributes
}

var ghaKeys = append([]string{"scope", "url", "url_v2", "version", "timeout", "repository", "token", "ghtoken"}, exportKeys...)

// Type returns TypeGHA.
func (*GHA) Type() Type             { return TypeGHA }
func (*GHA) keys() []string         { return ghaKeys }
func (e *GHA) unknown() *Attributes { return &e.Extra }
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
	return e.ExportOptions.field(i - 8)
}

// S3 is an Amazon S3 (or S3-compatible) bucket cache (type=s3). Region and
// Bucket fall back to the daemon's AWS_REGION and AWS_BUCKET; Buildx fills
// missing credentials from the client's AWS configuration.
//
// The zero S3 prints as "type=s3"; it works only when the daemon has
// AWS_REGION and AWS_BUCKET, which package validate can check.
type S3 struct {
	Region                Optional[string]        // region (daemon $AWS_REGION)
	Bucket                Optional[string]        // bucket (daemon $AWS_BUCKET)
	Name                  Optional[string]        // name: ";"-separated manifest names (default "buildkit")
	Prefix                Optional[string]        // prefix: concatenated with no separator
	ManifestsPrefix       Optional[string]        // manifests_prefix (default "manifests/")
	BlobsPrefix           Optional[string]        // blobs_prefix (default "blobs/")
	EndpointURL           Optional[string]        // endpoint_url
	UsePathStyle          Optional[bool]          // use_path_style: only with endpoint_url
	AccessKeyID           Secret                  // access_key_id
	SecretAccessKey       Secret                  // secret_access_key
	SessionToken          Secret                  // session_token
	UploadParallelism     Optional[int]           // upload_parallelism: positive (default 4)
	TouchRefresh          Optional[time.Duration] // touch_refresh (default 24h)
	DisableAcceptEncoding Optional[bool]          // disable_accept_encoding (BuildKit v0.30+)
	RetryMode             Optional[RetryMode]     // retry_mode (BuildKit v0.30+)
	RetryMaxAttempts      Optional[int]           // retry_max_attempts: positive (BuildKit v0.30+)
	ExportOptions
	Extra Attributes
}

var s3Keys = append([]string{
	"region", "bucket", "name", "prefix", "manifests_prefix", "blobs_prefix",
	"endpoint_url", "use_path_style", "access_key_id", "secret_access_key", "session_token",
	"upload_parallelism", "touch_refresh", "disable_accept_encoding", "retry_mode", "retry_max_attempts",
}, exportKeys...)

// Type returns TypeS3.
func (*S3) Type() Type             { return TypeS3 }
func (*S3) keys() []string         { return s3Keys }
func (e *S3) unknown() *Attributes { return &e.Extra }
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
	return e.ExportOptions.field(i - 16)
}

// AzBlob is an Azure Blob Storage cache (type=azblob). AccountURL, AccountName,
// Container and Prefix fall back to the daemon's BUILDKIT_AZURE_STORAGE_*
// variables; without SecretAccessKey the daemon's default Azure credential is
// used.
//
// The zero AzBlob prints as "type=azblob"; it works only when the daemon has
// BUILDKIT_AZURE_STORAGE_ACCOUNT_URL.
type AzBlob struct {
	AccountURL      Optional[string] // account_url (daemon $BUILDKIT_AZURE_STORAGE_ACCOUNT_URL)
	AccountName     Optional[string] // account_name (default: first label of the account URL host)
	Container       Optional[string] // container (default "buildkit-cache")
	Name            Optional[string] // name: ";"-separated manifest names (default "buildkit")
	Prefix          Optional[string] // prefix: joined with "/"
	ManifestsPrefix Optional[string] // manifests_prefix (default "manifests")
	BlobsPrefix     Optional[string] // blobs_prefix (default "blobs")
	SecretAccessKey Secret           // secret_access_key: the storage account key
	ExportOptions
	Extra Attributes
}

var azblobKeys = append([]string{
	"account_url", "account_name", "container", "name", "prefix",
	"manifests_prefix", "blobs_prefix", "secret_access_key",
}, exportKeys...)

// Type returns TypeAzBlob.
func (*AzBlob) Type() Type             { return TypeAzBlob }
func (*AzBlob) keys() []string         { return azblobKeys }
func (e *AzBlob) unknown() *Attributes { return &e.Extra }
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
	return e.ExportOptions.field(i - 8)
}

// Compile-time checks that every backend implements the encodings.
var (
	_ Entry                  = (*Registry)(nil)
	_ Entry                  = (*Local)(nil)
	_ Entry                  = (*Inline)(nil)
	_ Entry                  = (*GHA)(nil)
	_ Entry                  = (*S3)(nil)
	_ Entry                  = (*AzBlob)(nil)
	_ encoding.TextAppender  = (*Registry)(nil)
	_ encoding.TextMarshaler = (*Registry)(nil)
	_ slog.LogValuer         = (*Registry)(nil)
)
