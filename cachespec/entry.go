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
	// present attribute with its text as written and every unknown
	// attribute. The "type" key is not included. It REVEALS SECRETS: it is
	// for BuildKit's client.
	Attrs() map[string]string
	// String returns the canonical form of [Format] with secret values
	// replaced by [Redacted]: the form for people, as are every fmt verb
	// (the Format method, fmt.Formatter) and slog (LogValue).
	String() string
	// AppendText appends the canonical form of [Format] to b. It REVEALS
	// SECRETS, like every machine form.
	AppendText(b []byte) ([]byte, error)
	// MarshalText returns the canonical form of [Format]. It REVEALS
	// SECRETS (unlike [Secret.MarshalText], which redacts a lone secret):
	// encoding/json uses it for entries as map keys.
	MarshalText() ([]byte, error)
	// MarshalJSON returns the entry as a flat JSON object of strings in
	// Buildx's shape: {"type":"gha","scope":"app"}. It REVEALS SECRETS,
	// and encoding/json calls it for any struct or slice holding the
	// entry: marshal [RedactEntry](e) or [List.Redacted] for a log or a
	// report.
	MarshalJSON() ([]byte, error)
	// Validate reports whether the entry holds only what [Parse] accepts:
	// see [Validate].
	Validate() error

	// keys returns the attribute keys the backend knows, in canonical order.
	keys() []string
	// index returns the i for which keys()[i] is key, or -1.
	index(key string) int
	// field returns the typed field for keys()[i].
	field(i int) attrField
	// unknown returns the entry's unknown attributes.
	unknown() *Attributes
}

// The attribute keys, defaults and directions of the fields below are in
// the attribute tables of schema.go, which [Schema] exports.

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
