package cachespec

// The attribute tables: one per backend, plus the shared export attributes.
// Everything else that depends on the set of attributes is derived from
// them: keys() and field(i) (methods.go), [KnownKeys], [Schema], the
// defaults [Normalize] fills in, the keys redaction treats as credentials,
// the direct printer (methods.go) and the attribute table of the package
// documentation (doc.go). methods.go and that part of doc.go are generated
// from the tables by TestGenerated (schema_gen_test.go); run go generate
// after editing a table.
//
// The order of a table is the canonical print order.

//go:generate go test -run ^TestGenerated$ -update-generated .

// attr is one row of an attribute table: one attribute of a backend (E is
// the backend's struct) or of [ExportOptions].
type attr[E any] struct {
	key string
	// field returns the typed field the attribute is read into.
	field func(e *E) attrField
	// def is the default, canonically spelled, that Normalize fills in:
	// on the backend's own attributes when hasDef is set, on the shared
	// export attributes for the backends in defFor.
	def    string
	hasDef bool
	defFor typeSet
	// follows names an earlier attribute whose normalized text is the
	// default when it is present, instead of def.
	follows string
	dir     Direction // DirectionUnknown: read in both directions
	secret  bool      // the value is a credential (the field is a Secret)
	doc     string    // one line
}

// typeSet is a set of backends.
type typeSet uint8

func typesOf(ts ...Type) typeSet {
	var s typeSet
	for _, t := range ts {
		s |= 1 << t
	}
	return s
}

func (s typeSet) has(t Type) bool { return s&(1<<t) != 0 }

var allTypes = typesOf(Types()...)

// exporterTypes are the backends that read the export attributes: all but
// inline, on which BuildKit ignores every attribute.
var exporterTypes = typesOf(TypeRegistry, TypeLocal, TypeGHA, TypeS3, TypeAzBlob)

// exportAttrs are the attributes every cache exporter parses
// (control/control.go, util/compression/attrs.go, the registry and local
// backends), embedded by every backend as ExportOptions.
var exportAttrs = []attr[ExportOptions]{
	{key: "mode", field: func(o *ExportOptions) attrField { return &o.Mode }, def: "min", defFor: exporterTypes, dir: DirectionExport,
		doc: "min exports the layers of the result, max intermediate steps too"},
	{key: "ignore-error", field: func(o *ExportOptions) attrField { return &o.IgnoreError }, def: "false", defFor: exporterTypes, dir: DirectionExport,
		doc: "drop failures of the export run (not configuration errors)"},
	{key: "compression", field: func(o *ExportOptions) attrField { return &o.Compression }, def: "gzip", defFor: typesOf(TypeRegistry, TypeLocal, TypeS3), dir: DirectionExport,
		doc: "compression of new layers: gzip, zstd, estargz or uncompressed"},
	{key: "compression-level", field: func(o *ExportOptions) attrField { return &o.CompressionLevel }, dir: DirectionExport,
		doc: "-2..9 for gzip and estargz, 0..22 for zstd"},
	{key: "force-compression", field: func(o *ExportOptions) attrField { return (*forceField)(&o.ForceCompression) }, def: "false", defFor: typesOf(TypeRegistry, TypeLocal, TypeS3), dir: DirectionExport,
		doc: "recompress reused layers too; the empty value means true"},
	{key: "oci-mediatypes", field: func(o *ExportOptions) attrField { return &o.OCIMediaTypes }, def: "true", defFor: typesOf(TypeRegistry, TypeLocal), dir: DirectionExport,
		doc: "OCI media types in the cache manifest"},
	{key: "image-manifest", field: func(o *ExportOptions) attrField { return &o.ImageManifest }, def: "true", defFor: typesOf(TypeRegistry, TypeLocal), follows: "oci-mediatypes", dir: DirectionExport,
		doc: "an OCI image manifest rather than an index; absent, it follows oci-mediatypes"},
}

var registryAttrs = []attr[Registry]{
	{key: "ref", field: func(e *Registry) attrField { return (*refField)(&e.Ref) },
		doc: "the cache image reference (required)"},
	{key: "registry.insecure", field: func(e *Registry) attrField { return &e.Insecure }, def: "false", hasDef: true,
		doc: "plain HTTP and unverified TLS for the ref's host"},
}

var localAttrs = []attr[Local]{
	{key: "dest", field: func(e *Local) attrField { return &e.Dest }, dir: DirectionExport,
		doc: "export directory on the client (required on export)"},
	{key: "src", field: func(e *Local) attrField { return &e.Src }, dir: DirectionImport,
		doc: "import directory on the client (required on import)"},
	{key: "tag", field: func(e *Local) attrField { return &e.Tag }, def: "latest", hasDef: true,
		doc: "index.json tag"},
	{key: "digest", field: func(e *Local) attrField { return (*digestField)(&e.Digest) }, dir: DirectionImport,
		doc: "manifest digest to import instead of the tag's"},
	{key: "reset", field: func(e *Local) attrField { return &e.Reset }, def: "false", hasDef: true, dir: DirectionExport,
		doc: "prune unreferenced blobs after export (BuildKit client v0.31+)"},
}

var inlineAttrs = []attr[Inline]{}

var ghaAttrs = []attr[GHA]{
	{key: "scope", field: func(e *GHA) attrField { return &e.Scope }, def: "buildkit", hasDef: true,
		doc: "cache index name"},
	{key: "url", field: func(e *GHA) attrField { return &e.URL },
		doc: "cache service v1 URL (Buildx: $ACTIONS_CACHE_URL)"},
	{key: "url_v2", field: func(e *GHA) attrField { return &e.URLV2 },
		doc: "cache service v2 URL (Buildx: $ACTIONS_RESULTS_URL)"},
	{key: "version", field: func(e *GHA) attrField { return (*positiveField)(&e.Version) },
		doc: "cache service API version, 1 or 2 (guessed from the URL)"},
	{key: "timeout", field: func(e *GHA) attrField { return &e.Timeout }, def: "10m0s", hasDef: true,
		doc: "how long to retry while the cache service answers 429; no bound on a request"},
	{key: "repository", field: func(e *GHA) attrField { return &e.Repository }, dir: DirectionExport,
		doc: "owner/repo, used with ghtoken"},
	{key: "token", field: func(e *GHA) attrField { return &e.Token }, secret: true,
		doc: "the Actions runtime token (Buildx: $ACTIONS_RUNTIME_TOKEN)"},
	{key: "ghtoken", field: func(e *GHA) attrField { return &e.GHToken }, dir: DirectionExport, secret: true,
		doc: "GitHub API token, used with repository"},
}

var s3Attrs = []attr[S3]{
	{key: "region", field: func(e *S3) attrField { return &e.Region },
		doc: "bucket region (daemon: $AWS_REGION)"},
	{key: "bucket", field: func(e *S3) attrField { return &e.Bucket },
		doc: "bucket name (daemon: $AWS_BUCKET)"},
	{key: "name", field: func(e *S3) attrField { return &e.Name }, def: "buildkit", hasDef: true,
		doc: `";"-separated manifest names; import reads the first`},
	{key: "prefix", field: func(e *S3) attrField { return &e.Prefix }, def: "", hasDef: true,
		doc: "key prefix, concatenated with no separator"},
	{key: "manifests_prefix", field: func(e *S3) attrField { return &e.ManifestsPrefix }, def: "manifests/", hasDef: true,
		doc: "manifest key prefix, after prefix"},
	{key: "blobs_prefix", field: func(e *S3) attrField { return &e.BlobsPrefix }, def: "blobs/", hasDef: true,
		doc: "blob key prefix, after prefix"},
	{key: "endpoint_url", field: func(e *S3) attrField { return &e.EndpointURL },
		doc: "S3-compatible endpoint (SDK default)"},
	{key: "use_path_style", field: func(e *S3) attrField { return &e.UsePathStyle }, def: "false", hasDef: true,
		doc: "path-style bucket addressing; only with endpoint_url"},
	{key: "access_key_id", field: func(e *S3) attrField { return &e.AccessKeyID }, secret: true,
		doc: "static credentials, with secret_access_key (Buildx: client AWS configuration)"},
	{key: "secret_access_key", field: func(e *S3) attrField { return &e.SecretAccessKey }, secret: true,
		doc: "static credentials, with access_key_id"},
	{key: "session_token", field: func(e *S3) attrField { return &e.SessionToken }, secret: true,
		doc: "session token of temporary credentials"},
	{key: "upload_parallelism", field: func(e *S3) attrField { return (*positiveField)(&e.UploadParallelism) }, def: "4", hasDef: true, dir: DirectionExport,
		doc: "layers uploaded concurrently, positive"},
	{key: "touch_refresh", field: func(e *S3) attrField { return &e.TouchRefresh }, def: "24h0m0s", hasDef: true, dir: DirectionExport,
		doc: "age after which an existing blob is touched rather than uploaded"},
	{key: "disable_accept_encoding", field: func(e *S3) attrField { return &e.DisableAcceptEncoding }, def: "false", hasDef: true,
		doc: "drop the SDK's Accept-Encoding: gzip, for GCS-style endpoints (BuildKit v0.30+)"},
	{key: "retry_mode", field: func(e *S3) attrField { return &e.RetryMode },
		doc: "SDK retry mode, standard or adaptive (BuildKit v0.30+)"},
	{key: "retry_max_attempts", field: func(e *S3) attrField { return (*positiveField)(&e.RetryMaxAttempts) },
		doc: "SDK retry attempts, positive (BuildKit v0.30+; SDK default 3)"},
}

var azblobAttrs = []attr[AzBlob]{
	{key: "account_url", field: func(e *AzBlob) attrField { return (*urlField)(&e.AccountURL) },
		doc: "storage account URL (daemon: $BUILDKIT_AZURE_STORAGE_ACCOUNT_URL)"},
	{key: "account_name", field: func(e *AzBlob) attrField { return &e.AccountName },
		doc: "account name (daemon: $BUILDKIT_AZURE_STORAGE_ACCOUNT_NAME, else the URL's first host label)"},
	{key: "container", field: func(e *AzBlob) attrField { return &e.Container },
		doc: `container (daemon: $BUILDKIT_AZURE_STORAGE_CONTAINER, else "buildkit-cache")`},
	{key: "name", field: func(e *AzBlob) attrField { return &e.Name }, def: "buildkit", hasDef: true,
		doc: `";"-separated manifest names`},
	{key: "prefix", field: func(e *AzBlob) attrField { return &e.Prefix },
		doc: `blob name prefix, joined with "/" (daemon: $BUILDKIT_AZURE_STORAGE_PREFIX)`},
	{key: "manifests_prefix", field: func(e *AzBlob) attrField { return &e.ManifestsPrefix }, def: "manifests", hasDef: true,
		doc: "manifest name prefix, after prefix"},
	{key: "blobs_prefix", field: func(e *AzBlob) attrField { return &e.BlobsPrefix }, def: "blobs", hasDef: true,
		doc: "blob name prefix, after prefix"},
	{key: "secret_access_key", field: func(e *AzBlob) attrField { return &e.SecretAccessKey }, secret: true,
		doc: "storage account key (else the daemon's default Azure credential)"},
}

// AttrSpec describes one attribute a backend reads, as [Schema] lists it.
type AttrSpec struct {
	// Key is the attribute key, lower-case.
	Key string
	// Default is the value BuildKit uses when the attribute is absent, as
	// [Normalize] fills it in, canonically spelled; it is "" when
	// HasDefault is false. Attributes whose default comes from the
	// daemon's environment, or that have none, have no Default.
	Default string
	// HasDefault reports whether the attribute has a Default (which may
	// be the empty string, as s3 prefix's is).
	HasDefault bool
	// Direction is where BuildKit reads the attribute: [DirectionImport] for
	// cache-from only, [DirectionExport] for cache-to only, [DirectionUnknown] for
	// both.
	Direction Direction
	// Secret reports whether the value is a credential, held in a [Secret]
	// field and redacted from every human-facing form.
	Secret bool
	// Doc is a one-line description.
	Doc string
}

// schema is a backend's table seen without its struct type.
type schema struct {
	keys    []string
	specs   []AttrSpec
	follows []int // index of the attribute whose normalized text is the default, or -1
}

// schemas is indexed by Type.
var schemas = [...]*schema{
	TypeRegistry: buildSchema(TypeRegistry, registryAttrs),
	TypeLocal:    buildSchema(TypeLocal, localAttrs),
	TypeInline:   buildSchema(TypeInline, inlineAttrs),
	TypeGHA:      buildSchema(TypeGHA, ghaAttrs),
	TypeS3:       buildSchema(TypeS3, s3Attrs),
	TypeAzBlob:   buildSchema(TypeAzBlob, azblobAttrs),
}

// buildSchema joins a backend's own attributes and the export attributes.
func buildSchema[E any](t Type, own []attr[E]) *schema {
	s := &schema{}
	add := func(key, def string, hasDef bool, follows string, dir Direction, secret bool, doc string) {
		s.keys = append(s.keys, key)
		s.specs = append(s.specs, AttrSpec{Key: key, Default: def, HasDefault: hasDef, Direction: dir, Secret: secret, Doc: doc})
		s.follows = append(s.follows, indexKey(s.keys, follows))
	}
	for _, a := range own {
		add(a.key, a.def, a.hasDef, a.follows, a.dir, a.secret, a.doc)
	}
	for _, a := range exportAttrs {
		add(a.key, a.def, a.defFor.has(t), a.follows, a.dir, a.secret, a.doc)
	}
	for i, sp := range s.specs {
		if !sp.HasDefault {
			s.specs[i].Default = ""
		}
	}
	return s
}

// schemaOf returns the schema of a valid t.
func schemaOf(t Type) *schema { return schemas[t] }

// Schema returns the attributes backend t reads, in canonical order (the
// order [Format] prints them in and [KnownKeys] lists them in): the
// backend's own attributes, then the shared export attributes. The slice is
// a copy. It returns nil for an invalid Type.
func Schema(t Type) []AttrSpec {
	if !t.IsValid() {
		return nil
	}
	s := schemaOf(t).specs
	return append(s[:0:0], s...)
}

// secretKeys are the attributes BuildKit reads as credentials: every key a
// table marks secret, once.
var secretKeys = func() []string {
	var out []string
	for _, t := range Types() {
		for _, sp := range schemaOf(t).specs {
			if sp.Secret && indexKey(out, sp.Key) < 0 {
				out = append(out, sp.Key)
			}
		}
	}
	return out
}()

// fillDefaults sets every absent attribute of e that has a default.
func fillDefaults(e Entry) {
	s := schemaOf(e.Type())
	for i := range s.specs {
		sp := &s.specs[i]
		if !sp.HasDefault {
			continue
		}
		f := e.field(i)
		if f.present() {
			continue
		}
		def := sp.Default
		if j := s.follows[i]; j >= 0 {
			if g := e.field(j); g.present() {
				def = g.spelling()
			}
		}
		if err := f.parse(def); err != nil {
			panic("cachespec: default " + sp.Key + "=" + def + " does not parse: " + err.Error())
		}
	}
}
