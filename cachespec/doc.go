// Package cachespec models Docker Buildx / BuildKit cache specifications: the
// values of --cache-from and --cache-to, bake cache-from / cache-to, compose
// cache_from / cache_to, buildctl --import-cache / --export-cache, and the
// cache-from / cache-to inputs of docker/build-push-action.
//
// A value is read into an [Entry], one typed struct per backend: *[Registry],
// *[Local], *[Inline], *[GHA], *[S3] and *[AzBlob]. Every attribute BuildKit
// reads is a typed field ([Optional] values that remember how they were
// written, [Secret] for credentials, [refs.Ref] for registry refs); the
// attributes every exporter shares are factored into [ExportOptions];
// attributes this package does not know are kept, in order, in
// [Attributes]. Entries are plain values: copy them with *e or [Clone],
// compare them with == or [Equal].
//
// # Grammar
//
// A value is one line of comma-separated fields, read as Buildx reads it
// (github.com/tonistiigi/go-csvvalue): no trimming; a field that starts with
// a double quote is quoted and may then hold commas and doubled quotes; a
// quote anywhere else is an error. Quote a whole field ("dest=a,b"), never
// part of one.
//
//	value     = ref-list | fields
//	ref-list  = ref *( "," ref )          ; a value with no "=" at all
//	fields    = field *( "," field )      ; exactly one field is type=<backend>
//	field     = key "=" value             ; split at the first "="
//
// Keys are lower-cased, as Buildx does; values are kept as written and are
// case-sensitive, as BuildKit reads them: type=Registry is not registry.
//
// A value without "=" is the registry shorthand: "ghcr.io/o/app:cache"
// means type=registry,ref=ghcr.io/o/app:cache. Given to [ParseList] (a
// repeated flag), a comma-separated list of refs gives one registry entry
// per ref and an empty value gives none; [Parse] reads exactly one entry.
//
// # What Parse refuses that Buildx accepts
//
// Buildx validates nothing but the presence of a type, and BuildKit silently
// ignores much of what it then receives. Parse refuses, with a
// *[ParseError] naming the key, the byte offset and the fix:
//
//	type=gha,scope=a,scope=b     ErrDuplicateKey: Buildx keeps the last one silently
//	type=gha, mode=max           ErrKeyWhitespace: the key " mode" is ignored by BuildKit
//	inline                       ErrAmbiguousShorthand: read as the image docker.io/library/inline
//	type=regsitry,ref=x          ErrUnknownType, suggesting "registry"
//	type=gha,mode=maxx           ErrInvalidValue: BuildKit would export in min mode
//	type=s3,touch_refresh=1d     ErrInvalidValue: BuildKit would use 24h
//	type=registry,ref=Org/App    ErrInvalidRef: repository names are lower-case
//	type=registry,ref=${{ x }}   ErrInvalidRef: an unexpanded template
//
// plus invalid UTF-8 and control characters ([ErrInvalidText]) and values
// over [MaxValueLen] ([ErrTooLong]). Unknown attributes are not refused
// (newer BuildKit versions add attributes): they are kept and package
// validate reports them.
//
// Typed values are read as BuildKit reads them: bools with
// strconv.ParseBool (1, t, T, TRUE, true, True and the false forms; the
// empty force-compression= means true), durations with time.ParseDuration
// (a unit is required), ints in base 10, mode min|max, compression
// gzip|zstd|estargz|uncompressed, retry_mode standard|adaptive. Beyond
// BuildKit's own checks, Parse refuses compression-level outside -2..9 for
// gzip and estargz (the export would fail) and 0..22 for zstd, and
// upload_parallelism, retry_max_attempts and gha version below 1.
//
// # Other forms
//
// [ParseJSON] reads the JSON object form of Buildx and bake
// ({"type":"gha","scope":"app"}); [List] reads bake's string-or-object JSON
// arrays; [ParseBuildctl] reads buildctl values, including the deprecated
// bare-ref form; [SplitActionInput] splits a build-push-action input exactly
// as docker/actions-toolkit does.
//
// # Flags
//
// Bind --cache-from and --cache-to with [Values], for std flag and for
// cobra/pflag alike. Its Set keeps each value and never fails, so the flag
// package never prints a refused value (std flag and pflag quote the raw
// argument in their own message, secrets included, beside whatever error
// Set returns); after parsing, [Values.Err] reports every refusal at once,
// redacted, and [Values.Raw] gives package validate the values as typed,
// so that its diagnostics point into what the user wrote. [Values] with
// Single set takes a flag given once. [List] and [Flag] are flag.Values
// too, deprecated as flag bindings: their Set must fail on a refused value,
// and the flag package then prints that value.
//
// # Entries built in Go
//
// An entry built in Go can hold what Parse refuses (Some(Mode("maxx")),
// UploadParallelism: Some(0), a path with a newline). [Validate] (and the
// Validate method of every entry) applies Parse's checks to it; AppendText,
// MarshalText, MarshalJSON, [FormatActionInput] and the interop printers
// refuse an invalid entry, and so do [FormatChecked], [BuildxArgsChecked]
// and [BuildctlArgsChecked]: what a checking printer returns, Parse reads
// back to the entry given. [Format], [BuildxArgs] and [BuildctlArgs] keep
// signatures without an error and write an invalid entry anyway (Parse
// then refuses their output): use them for parsed entries, the checked
// ones for entries built in Go. Package validate checks typed entries too
// (validate.Build.CacheToEntries).
//
// # Identity and display
//
// Entries are pointers: [KeyOf] gives the comparable key that
// de-duplicates them (equal exactly when BuildKit treats the entries the
// same), [NormalizeListDrops] says what [NormalizeList] left out and which
// earlier entry each repeated, [Display] is the short form for people
// (redacted, defaults left out) and [ImportOf] derives the cache-from of a
// cache-to (a local dest becomes the src; export-only attributes are
// dropped).
//
// # Printing
//
// [Format] writes the canonical form: type first, then the backend's own
// attributes in the order of its struct's fields, then the [ExportOptions]
// in their field order, then unknown attributes in the order written; a
// field is quoted, as a whole, only when it holds a comma or a quote. Typed
// values keep their spelling, so Parse(Format(e)) equals e. AppendText,
// MarshalText and MarshalJSON write the same attributes; [BuildxArgs] and
// [BuildctlArgs] write command-line arguments and [FormatActionInput] an
// action input block. [FormatChecked], [BuildxArgsChecked] and
// [BuildctlArgsChecked] are Format, BuildxArgs and BuildctlArgs with the
// check of [Validate].
//
// # Attributes
//
// The attributes each backend reads, as [Schema] lists them: the backend's own,
// then the shared export attributes ([ExportOptions]), in canonical order.
// Dir is where BuildKit reads an attribute: E on export (cache-to) only, I on
// import (cache-from) only, E/I both. Default is what [Normalize] fills in;
// "secret" marks a [Secret].
//
// type=registry:
//
//	key                      dir        default     description
//	ref                      E/I        -           the cache image reference (required)
//	registry.insecure        E/I        false       plain HTTP and unverified TLS for the ref's host
//
// type=local:
//
//	key                      dir        default     description
//	dest                     E          -           export directory on the client (required on export)
//	src                      I          -           import directory on the client (required on import)
//	tag                      E/I        latest      index.json tag
//	digest                   I          -           manifest digest to import instead of the tag's
//	reset                    E          false       prune unreferenced blobs after export (BuildKit client v0.31+)
//
// type=gha:
//
//	key                      dir        default     description
//	scope                    E/I        buildkit    cache index name
//	url                      E/I        -           cache service v1 URL (Buildx: $ACTIONS_CACHE_URL)
//	url_v2                   E/I        -           cache service v2 URL (Buildx: $ACTIONS_RESULTS_URL)
//	version                  E/I        -           cache service API version, 1 or 2 (guessed from the URL)
//	timeout                  E/I        10m0s       how long to retry while the cache service answers 429; no bound on a request
//	repository               E          -           owner/repo, used with ghtoken
//	token                    E/I secret -           the Actions runtime token (Buildx: $ACTIONS_RUNTIME_TOKEN)
//	ghtoken                  E secret   -           GitHub API token, used with repository
//
// type=s3:
//
//	key                      dir        default     description
//	region                   E/I        -           bucket region (daemon: $AWS_REGION)
//	bucket                   E/I        -           bucket name (daemon: $AWS_BUCKET)
//	name                     E/I        buildkit    ";"-separated manifest names; import reads the first
//	prefix                   E/I        ""          key prefix, concatenated with no separator
//	manifests_prefix         E/I        manifests/  manifest key prefix, after prefix
//	blobs_prefix             E/I        blobs/      blob key prefix, after prefix
//	endpoint_url             E/I        -           S3-compatible endpoint (SDK default)
//	use_path_style           E/I        false       path-style bucket addressing; only with endpoint_url
//	access_key_id            E/I secret -           static credentials, with secret_access_key (Buildx: client AWS configuration)
//	secret_access_key        E/I secret -           static credentials, with access_key_id
//	session_token            E/I secret -           session token of temporary credentials
//	upload_parallelism       E          4           layers uploaded concurrently, positive
//	touch_refresh            E          24h0m0s     age after which an existing blob is touched rather than uploaded
//	disable_accept_encoding  E/I        false       drop the SDK's Accept-Encoding: gzip, for GCS-style endpoints (BuildKit v0.30+)
//	retry_mode               E/I        -           SDK retry mode, standard or adaptive (BuildKit v0.30+)
//	retry_max_attempts       E/I        -           SDK retry attempts, positive (BuildKit v0.30+; SDK default 3)
//
// type=azblob:
//
//	key                      dir        default     description
//	account_url              E/I        -           storage account URL (daemon: $BUILDKIT_AZURE_STORAGE_ACCOUNT_URL)
//	account_name             E/I        -           account name (daemon: $BUILDKIT_AZURE_STORAGE_ACCOUNT_NAME, else the URL's first host label)
//	container                E/I        -           container (daemon: $BUILDKIT_AZURE_STORAGE_CONTAINER, else "buildkit-cache")
//	name                     E/I        buildkit    ";"-separated manifest names
//	prefix                   E/I        -           blob name prefix, joined with "/" (daemon: $BUILDKIT_AZURE_STORAGE_PREFIX)
//	manifests_prefix         E/I        manifests   manifest name prefix, after prefix
//	blobs_prefix             E/I        blobs       blob name prefix, after prefix
//	secret_access_key        E/I secret -           storage account key (else the daemon's default Azure credential)
//
// The shared export attributes, on every backend (BuildKit ignores some of
// them on some backends, which package validate reports); Normalize fills
// their defaults in only on the backends named:
//
//	key                      dir        default     description
//	mode                     E          min         min exports the layers of the result, max intermediate steps too (default on registry, local, gha, s3, azblob)
//	ignore-error             E          false       drop failures of the export run (not configuration errors) (default on registry, local, gha, s3, azblob)
//	compression              E          gzip        compression of new layers: gzip, zstd, estargz or uncompressed (default on registry, local, s3)
//	compression-level        E          -           -2..9 for gzip and estargz, 0..22 for zstd
//	force-compression        E          false       recompress reused layers too; the empty value means true (default on registry, local, s3)
//	oci-mediatypes           E          true        OCI media types in the cache manifest (default on registry, local)
//	image-manifest           E          true        an OCI image manifest rather than an index; absent, it follows oci-mediatypes (default on registry, local)
//
// # Normalization
//
// [Normalize] makes entries that BuildKit treats the same compare equal:
//
//	as written                               normalized
//	type=registry,ref=app                    ref=docker.io/library/app:latest plus the defaults below
//	ignore-error=1                           ignore-error=true
//	timeout=600s                             timeout=10m0s
//	force-compression=                       force-compression=true
//	type=registry (no mode, ...)             mode=min,ignore-error=false,compression=gzip,
//	                                         force-compression=false,oci-mediatypes=true,
//	                                         image-manifest=true,registry.insecure=false
//	type=registry,oci-mediatypes=false       ...,image-manifest=false
//	type=local                               tag=latest,reset=false and the registry defaults
//	type=gha                                 scope=buildkit,timeout=10m0s,mode=min,ignore-error=false
//	type=s3                                  name=buildkit,prefix=,manifests_prefix=manifests/,
//	                                         blobs_prefix=blobs/,use_path_style=false,
//	                                         upload_parallelism=4,touch_refresh=24h0m0s,
//	                                         disable_accept_encoding=false,compression=gzip,
//	                                         force-compression=false,mode=min,ignore-error=false
//	type=azblob                              name=buildkit,manifests_prefix=manifests,
//	                                         blobs_prefix=blobs,mode=min,ignore-error=false
//	type=inline,mode=max                     type=inline (BuildKit ignores every attribute on inline)
//
// [NormalizeList] also drops duplicates (keeping the first occurrence and the
// order) and every inline entry after the first, as BuildKit collapses them.
//
// # Errors
//
// Every parse error is a *[ParseError]; errors.Is matches its [Kind]
// (ErrSyntax, ErrDuplicateKey, ...) and its cause (such as a refs
// sentinel). Its Rule method gives the stable rule name package validate
// reports it under.
//
// # Secrets
//
// gha token and ghtoken, s3 access_key_id, secret_access_key and
// session_token, and azblob secret_access_key are [Secret] values. String,
// %v, %+v, %#v, %q, slog (text and JSON handlers), [Redact], [Display],
// and every error and diagnostic print [Redacted] instead, as they do for
// unknown attributes whose key is a near miss of a secret attribute
// ("tokne", "sesion_tokn": the key package validate suggests a secret
// attribute for) or names a credential ("password", "pwd", "sas",
// "connection_string", a key with "token", "secret", "key" or "auth" in
// it), and for any value that looks like one (a JWT, a GitHub token, an
// AWS key id, a URL with a password). The CSV and JSON readers redact the
// same keys.
//
// The machine forms REVEAL SECRETS, by design: [Format], AppendText,
// MarshalText, MarshalJSON, Attrs, [List.Strings], [List.MarshalJSON],
// [Values.Raw], [BuildxArgs], [BuildctlArgs], their Checked variants and
// [FormatActionInput] write the real values for BuildKit, Buildx and
// files. A lone [Secret]'s MarshalText redacts; an entry's does not.
//
// Beware encoding/json: it calls MarshalJSON for an entry, a List, a
// []Entry, a map or a struct holding entries, and so does slog's JSON
// handler for a []Entry or a struct holding entries (slog asks only the
// value logged itself for a LogValue). MarshalJSON cannot redact without
// breaking the JSON round trip that bake files and BuildKit's JSON form
// need, so it does not. For a log, a report or an API response:
//
//   - log an entry or a [List] itself (slog.Any("to", cachespec.List(entries)));
//     their LogValue methods redact, in slog's text and JSON handlers alike;
//   - marshal [RedactEntry](e) or [List.Redacted]: the same JSON shape with
//     every secret replaced by [Redacted];
//   - print with fmt (%v, %+v) or slog's text handler, which redact an
//     entry wherever it is held, since fmt asks each entry for its Format.
package cachespec
