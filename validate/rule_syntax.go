package validate

var keywordAsCacheRef = register(&Rule{
	Name: "KeywordAsCacheRef", Scope: ScopeValue, Code: "CS001", Severity: SeverityError,
	Summary:     "A cache type or mode written as a bare value is read as an image reference",
	Explanation: "A value without \"=\" is Buildx's shorthand for a registry cache ref, so `inline`, `gha`, `local`, `s3`, `azblob`, `registry`, `min` or `max` alone becomes the image docker.io/library/<word>:latest. The export then fails at push time with a 401 from Docker Hub, and an import silently finds nothing.",
	Bad:         Build{CacheTo: []string{"inline"}, Push: ptr(true)},
	Good:        Build{CacheTo: []string{"type=inline"}, Push: ptr(true)},
	Backing:     `Buildx ParseCacheEntry: a value without "=" is {type: registry, ref: <value>}; BuildKit canonicalises "inline" to docker.io/library/inline:latest`,
	Evidence:    []string{"TestE2ESeeds/KeywordAsCacheRef/inline-becomes-docker.io-library-inline"},
})

var duplicateCacheAttribute = register(&Rule{
	Name: "DuplicateCacheAttribute", Scope: ScopeValue, Code: "CS002", Severity: SeverityError,
	Summary:     "An attribute appears twice in one cache value",
	Explanation: "Buildx keeps the last occurrence of a repeated key without a word. A repeated `type` means two entries were joined on one line (one line of a build-push-action input is one value), so only the second is used and the first cache is never read or written.",
	Bad:         Build{CacheFrom: []string{"type=local,src=/cache/amd64,type=local,src=/cache/arm64"}},
	Good:        Build{CacheFrom: []string{"type=local,src=/cache/amd64", "type=local,src=/cache/arm64"}},
	Backing:     "Buildx util/buildflags cache.go UnmarshalText stores attributes in a map: the last value wins",
	Evidence:    []string{"TestE2ESeeds/DuplicateCacheAttribute/joined-local-sources-import-only-the-last"},
})

var whitespaceAroundCacheKey = register(&Rule{
	Name: "WhitespaceAroundCacheKey", Scope: ScopeValue, Code: "CS003", Severity: SeverityError,
	Summary:     "A key has white space around it, so BuildKit ignores the attribute",
	Explanation: "Neither Buildx nor the action trims inside a value, so `type=gha, mode=max` has the key \" mode\". BuildKit reads only the keys it knows: the export runs in min mode with no message; with \" ref\" the entry has no ref at all.",
	Bad:         Build{CacheTo: []string{"type=gha, mode=max"}},
	Good:        Build{CacheTo: []string{"type=gha,mode=max"}},
	Backing:     "go-csvvalue does not trim fields; BuildKit control.go reads attrs[\"mode\"] only",
	Evidence:    []string{"TestE2EModeSilences/import/WhitespaceAroundCacheKey/space-mode-is-ignored"},
})

var invalidCacheMode = register(&Rule{
	Name: "InvalidCacheMode", Scope: ScopeValue, Code: "CS005", Severity: SeverityError,
	Summary:     "mode is not min or max",
	Explanation: "BuildKit compares mode case-sensitively with \"min\" and \"max\"; anything else (`maxx`, `MAX`, empty) is logged at debug level and the export runs in min mode.",
	Bad:         Build{CacheTo: []string{"type=gha,mode=maxx"}},
	Good:        Build{CacheTo: []string{"type=gha,mode=max"}},
	Backing:     `BuildKit control.go: "skipping invalid cache export mode" (debug log only); min mode is used`,
	Evidence:    []string{"TestE2EModeSilences/import/InvalidCacheMode/maxx-is-min", "TestE2EModeSilences/import/InvalidCacheMode/MAX-is-min", "TestE2EModeSilences/import/InvalidCacheMode/gha-maxx-is-min"},
})

var invalidTypedValue = register(&Rule{
	Name: "InvalidTypedValue", Scope: ScopeValue, Code: "CS006", Severity: SeverityError,
	Summary:     "A value its attribute's type cannot hold",
	Explanation: "Bools are read with strconv.ParseBool (`yes` is not a bool), durations need a unit (`600` is not a duration), integers are base 10 without spaces, and enums are case-sensitive. BuildKit fails the export for most such values, and silently uses the default for some (`ignore-error`, s3 `touch_refresh`, `use_path_style`).",
	Bad:         Build{CacheTo: []string{"type=gha,ignore-error=yes"}},
	Good:        Build{CacheTo: []string{"type=gha,ignore-error=true"}},
	Backing:     `BuildKit: "failed to parse oci-mediatypes: strconv.ParseBool ...", "failed to parse timeout for github actions cache", "upload_parallelism must be a positive integer"; ignore-error and touch_refresh fall back silently`,
	Evidence:    []string{"TestE2ERejections/InvalidTypedValue/oci-mediatypes", "TestE2ERejections/InvalidTypedValue/compression", "TestE2ERejections/InvalidTypedValue/compression-level", "TestE2ERejections/InvalidTypedValue/s3-upload_parallelism", "TestE2ERejections/InvalidTypedValue/s3-retry_mode", "TestE2ERejections/InvalidTypedValue/ignore-error-silently-false", "TestE2ERejections/InvalidTypedValue/gha-timeout", "TestE2ERejections/InvalidTypedValue/gha-version"},
})

var invalidCacheSyntax = register(&Rule{
	Name: "InvalidCacheSyntax", Scope: ScopeValue, Code: "CS012", Severity: SeverityError,
	Summary:     "A cache value Buildx cannot read",
	Explanation: "A value is comma-separated key=value fields. A field without \"=\", an empty field (a trailing comma) or a quote inside a field makes Buildx fail before the build starts; quote a whole field (\"dest=a,b\") to put a comma in a value.",
	Bad:         Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache,"}},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache"}},
	Backing:     `Buildx: "invalid value <field>"; go-csvvalue: "bare \" in non-quoted-field"`,
})

var missingCacheType = register(&Rule{
	Name: "MissingCacheType", Scope: ScopeValue, Code: "CS013", Severity: SeverityError,
	Summary:     "A cache value with attributes but no type",
	Explanation: "A value with key=value fields must say which backend it is.",
	Bad:         Build{CacheTo: []string{"ref=ghcr.io/acme/app:cache,mode=max"}},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache,mode=max"}},
	Backing:     `Buildx: "type required for <value>"`,
})

var unknownCacheType = register(&Rule{
	Name: "UnknownCacheType", Scope: ScopeValue, Code: "CS014", Severity: SeverityError,
	Summary:     "A cache type BuildKit does not have",
	Explanation: "The types are registry, local, inline, gha, s3 and azblob, compared case-sensitively. An unknown exporter fails the build; an unknown importer is skipped with an error on the import step.",
	Bad:         Build{CacheTo: []string{"type=regsitry,ref=ghcr.io/acme/app:cache"}},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache"}},
	Backing:     `BuildKit control.go: "unknown cache exporter: \"regsitry\""`,
	Evidence:    []string{"TestE2ERejections/UnknownCacheType/export", "TestE2ERejections/UnknownCacheType/case-sensitive"},
})

var invalidCacheText = register(&Rule{
	Name: "InvalidCacheText", Scope: ScopeValue, Code: "CS015", Severity: SeverityError,
	Summary:     "A cache value with invalid UTF-8 or a control character",
	Explanation: "A cache value is one line of text. Control characters usually come from a copied multi-line value or an unquoted variable.",
	Bad:         Build{CacheTo: []string{"type=gha,scope=app\t"}},
	Good:        Build{CacheTo: []string{"type=gha,scope=app"}},
	Backing:     "BuildKit keeps the character in the attribute, so scopes, refs and paths silently differ from what was meant",
})

var cacheValueTooLong = register(&Rule{
	Name: "CacheValueTooLong", Scope: ScopeValue, Code: "CS016", Severity: SeverityError,
	Summary:     "A cache value longer than 16 KiB",
	Explanation: "No real cache value is that long; it is most likely a file or a variable pasted by mistake.",
	Bad:         Build{CacheTo: []string{"type=gha,scope=" + longScope}},
	Good:        Build{CacheTo: []string{"type=gha,scope=app"}},
	Backing:     "buildxcache limit (cachespec.MaxValueLen)",
})
