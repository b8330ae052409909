package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/moby/buildkit/client"
)

// rejection is a spec sent straight to the daemon, bypassing cachespec,
// and what BuildKit v0.34.2 does with it.
type rejection struct {
	// name is "<Rule>/<case>": the rule or refusal whose documentation the
	// case backs.
	name string
	typ  string
	// attrs are sent as they are.
	attrs  map[string]string
	export bool
	// wantErr is a substring of the Solve error; "" means the build
	// succeeds.
	wantErr string
	// wantVertexErr is a substring of a vertex error, for imports, which
	// fail without failing the build.
	wantVertexErr string
	// twice sends the entry twice.
	twice bool
	// gha marks the cases that need act's cache server (its URL or token).
	gha bool
	// within, when set, bounds how long the build may take.
	within time.Duration
}

func rejections() []rejection {
	reg := registryRef("rejections", "cache")
	return []rejection{
		{name: "MissingCacheAttribute/local-export-without-dest", typ: "local", attrs: map[string]string{"mode": "max"}, export: true,
			wantErr: "local cache exporter requires dest"},
		{name: "MissingCacheAttribute/local-import-without-src", typ: "local", attrs: map[string]string{},
			wantErr: "local cache importer requires src"},
		{name: "MissingCacheAttribute/registry-export-without-ref", typ: "registry", attrs: map[string]string{"mode": "max"}, export: true,
			wantErr: "registry cache exporter requires ref"},
		{name: "InvalidCacheRef/upper-case", typ: "registry", attrs: map[string]string{"ref": env["E2E_REGISTRY"] + "/Org/App:cache"}, export: true,
			wantErr: "failed to configure registry cache exporter: invalid reference format: repository name (Org/App) must be lowercase"},
		{name: "InvalidCacheRef/local-url", typ: "registry", attrs: map[string]string{"ref": "local:///cache"}, export: true,
			wantErr: "failed to configure registry cache exporter: invalid reference format"},
		{name: "InvalidTypedValue/oci-mediatypes", typ: "local", attrs: map[string]string{"dest": "/tmp/e2e-unused", "oci-mediatypes": "notabool"}, export: true,
			wantErr: `failed to parse oci-mediatypes: strconv.ParseBool: parsing "notabool": invalid syntax`},
		{name: "InvalidTypedValue/compression", typ: "registry", attrs: map[string]string{"ref": reg, "compression": "foo"}, export: true,
			wantErr: "unsupported compression type foo"},
		{name: "InvalidTypedValue/compression-level", typ: "registry", attrs: map[string]string{"ref": reg, "compression": "zstd", "compression-level": "abc"}, export: true,
			wantErr: "non-integer value abc specified for compression-level"},
		{name: "InvalidTypedValue/s3-upload_parallelism", typ: "s3", attrs: s3Attrs(map[string]string{"upload_parallelism": "0"}), export: true,
			wantErr: "upload_parallelism must be a positive integer"},
		{name: "InvalidTypedValue/s3-retry_mode", typ: "s3", attrs: s3Attrs(map[string]string{"retry_mode": "bogus"}), export: true,
			wantErr: `retry_mode must be "standard" or "adaptive"`},
		{name: "InvalidTypedValue/ignore-error-silently-false", typ: "registry", attrs: map[string]string{"ref": registryRef("rejections", "ignore"), "ignore-error": "maybe"}, export: true},
		{name: "ImageManifestNeedsOCIMediatypes/export", typ: "local", attrs: map[string]string{"dest": "/tmp/e2e-unused-im", "image-manifest": "true", "oci-mediatypes": "false"}, export: true,
			wantErr: "OCI mediatypes are required for image-manifest cache format"},
		{name: "S3MissingRequired/region", typ: "s3", attrs: map[string]string{"bucket": "b"}, export: true,
			wantErr: "failed to configure s3 cache exporter: region ($AWS_REGION) not set for s3 cache"},
		{name: "S3MissingRequired/bucket", typ: "s3", attrs: map[string]string{"region": "us-east-1"}, export: true,
			wantErr: "failed to configure s3 cache exporter: bucket ($AWS_BUCKET) not set for s3 cache"},
		{name: "AzBlobMissingAccountURL/export", typ: "azblob", attrs: map[string]string{"name": "x"}, export: true,
			wantErr: "either ${BUILDKIT_AZURE_STORAGE_ACCOUNT_URL} or account_url attribute is required for azblob cache"},
		{name: "GHAWithoutRuntimeToken/no-token", typ: "gha", attrs: map[string]string{"scope": "x"}, export: true,
			wantErr: "failed to configure gha cache exporter: token not set for github actions cache"},
		{name: "PlaceholderCacheValue/gha-token-dots", typ: "gha", attrs: map[string]string{"url": "http://127.0.0.1:1/", "token": "...", "scope": "x"}, export: true,
			wantErr: "failed to configure gha cache exporter"},
		{name: "UnknownCacheType/export", typ: "foo", attrs: map[string]string{}, export: true,
			wantErr: `unknown cache exporter: "foo"`},
		{name: "UnknownCacheType/case-sensitive", typ: "Local", attrs: map[string]string{"dest": "/tmp/e2e-unused"}, export: true,
			wantErr: `unknown cache exporter: "Local"`},
		{name: "UnknownCacheAttribute/silently-ignored", typ: "local", attrs: map[string]string{"dest": "/tmp/e2e-unused-attr", "foo": "bar"}, export: true},
		{name: "DuplicateCacheExport/two-identical-local", typ: "local", attrs: map[string]string{"dest": "/tmp/e2e-unused-dup", "mode": "max"}, export: true, twice: true,
			wantErr: "duplicate cache exports [local]"},
		{name: "RegistryNeedsImageManifest/legacy-index-refused", typ: "registry", attrs: map[string]string{"ref": registryRef("rejections", "legacy"), "mode": "max", "image-manifest": "false"}, export: true,
			wantErr: "blob unknown to registry"},
		{name: "CacheExportNotBestEffort/failed-export-fails-the-build", typ: "registry", attrs: map[string]string{"ref": "127.0.0.1:1/unreachable:cache", "mode": "max"}, export: true,
			wantErr: "connection refused"},
		{name: "CacheExportNotBestEffort/ignore-error-keeps-the-build", typ: "registry", attrs: map[string]string{"ref": "127.0.0.1:1/unreachable:cache", "mode": "max", "ignore-error": "true"}, export: true},
		{name: "WrongDirectionAttribute/dest-on-import", typ: "local", attrs: map[string]string{"dest": "/tmp/e2e-unused-wd"},
			wantErr: "local cache importer requires src"},
		{name: "GHAUnsupportedHost/non-actions-token", typ: "gha", attrs: map[string]string{"url": "http://127.0.0.1:1/", "token": "abc", "scope": "x"}, export: true,
			wantErr: "token contains an invalid number of segments"},
		{name: "CacheRefFromRepositoryExpression/owner-capitals", typ: "registry", attrs: map[string]string{"ref": env["E2E_REGISTRY"] + "/Robotic-Decision-Making-Lab/blue:cache", "mode": "max"}, export: true,
			wantErr: "must be lowercase"},
		{name: "InlineNotAnImporter/import", typ: "inline", attrs: map[string]string{},
			wantVertexErr: "unknown cache importer: inline"},
		{name: "InvalidCacheRef/import-upper-case-is-not-a-build-failure", typ: "registry", attrs: map[string]string{"ref": env["E2E_REGISTRY"] + "/Org/App:cache"},
			wantVertexErr: "must be lowercase"},
		{name: "S3MissingRequired/import-is-not-a-build-failure", typ: "s3", attrs: map[string]string{"bucket": "b"},
			wantVertexErr: "region ($AWS_REGION) not set for s3 cache"},
	}
}

// ghaRejections are the gha cases of TestE2ERejections: act's runtime
// token with a missing or empty token or url, a cache service that is down
// (a loopback port where nothing listens), and bad typed values.
func ghaRejections() []rejection {
	down := env["E2E_GHA_DOWN_URL"]
	return []rejection{
		{name: "GHAWithoutRuntimeToken/empty-token", typ: "gha", attrs: ghaAttrs(map[string]string{"token": "", "scope": "rej"}), export: true, gha: true,
			wantErr: "failed to configure gha cache exporter: token is malformed: token contains an invalid number of segments"},
		{name: "GHAWithoutRuntimeToken/no-url", typ: "gha", attrs: ghaAttrs(map[string]string{"url": unset, "scope": "rej"}), export: true, gha: true,
			wantErr: "failed to configure gha cache exporter: url not set for github actions cache"},
		{name: "GHAWithoutRuntimeToken/no-token-fails-despite-ignore-error", typ: "gha", attrs: ghaAttrs(map[string]string{"token": unset, "scope": "rej", "ignore-error": "true"}), export: true, gha: true,
			wantErr: "failed to configure gha cache exporter: token not set for github actions cache"},
		{name: "GHAWithoutRuntimeToken/import-no-token-is-not-a-build-failure", typ: "gha", attrs: ghaAttrs(map[string]string{"token": unset, "scope": "rej"}), gha: true,
			wantVertexErr: "token not set for github actions cache"},
		{name: "GHAWithoutRuntimeToken/import-no-url-is-not-a-build-failure", typ: "gha", attrs: ghaAttrs(map[string]string{"url": unset, "scope": "rej"}), gha: true,
			wantVertexErr: "url not set for github actions cache"},
		{name: "CacheExportNotBestEffort/gha-service-down-fails-the-build", typ: "gha", attrs: ghaAttrs(map[string]string{"url": down, "scope": "rej", "mode": "max"}), export: true, gha: true,
			wantErr: "connection refused"},
		{name: "CacheExportNotBestEffort/gha-service-down-ignore-error-keeps-the-build", typ: "gha", attrs: ghaAttrs(map[string]string{"url": down, "scope": "rej", "mode": "max", "ignore-error": "true"}), export: true, gha: true},
		{name: "gha/timeout-10m-does-not-retry-a-refused-connection", typ: "gha", attrs: ghaAttrs(map[string]string{"url": down, "scope": "rej", "mode": "max", "timeout": "10m"}), export: true, gha: true,
			wantErr: "connection refused", within: 30 * time.Second},
		{name: "gha/import-service-down-is-not-a-build-failure", typ: "gha", attrs: ghaAttrs(map[string]string{"url": down, "scope": "rej"}), gha: true,
			wantVertexErr: "connection refused"},
		{name: "GHAUnsupportedHost/non-jwt-token-fails-despite-ignore-error", typ: "gha", attrs: map[string]string{"url": "http://127.0.0.1:1/", "token": "abc", "scope": "x", "ignore-error": "true"}, export: true,
			wantErr: "failed to configure gha cache exporter: token is malformed: token contains an invalid number of segments"},
		{name: "InvalidTypedValue/gha-timeout", typ: "gha", attrs: ghaAttrs(map[string]string{"timeout": "600", "scope": "rej"}), export: true, gha: true,
			wantErr: `failed to configure gha cache exporter: failed to parse timeout for github actions cache: time: missing unit in duration "600"`},
		{name: "InvalidTypedValue/gha-version", typ: "gha", attrs: ghaAttrs(map[string]string{"version": "v2", "scope": "rej"}), export: true, gha: true,
			wantErr: `failed to configure gha cache exporter: failed to parse api version "v2", expected positive integer`},
		{name: "gha/compression-is-not-read", typ: "gha", attrs: ghaAttrs(map[string]string{"compression": "bogus", "compression-level": "x", "scope": "rej-compression"}), export: true, gha: true},
	}
}

func s3Attrs(extra map[string]string) map[string]string {
	m := map[string]string{"region": "us-east-1", "bucket": env["E2E_S3_BUCKET"], "endpoint_url": env["E2E_S3_ENDPOINT"], "use_path_style": "true",
		"access_key_id": env["E2E_S3_ACCESS_KEY"], "secret_access_key": env["E2E_S3_SECRET_KEY"], "name": "rejections"}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// TestE2ERejections sends specs that cachespec or validate refuse straight
// to BuildKit and asserts what the pinned daemon does: the exact error, a
// vertex error that does not fail the build (imports), or silent success.
// A daemon-side rejection costs about 5 s (the client waits out the status
// stream), so the cases run in parallel.
func TestE2ERejections(t *testing.T) {
	needServices(t)
	for _, c := range append(rejections(), ghaRejections()...) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if c.gha {
				needGHA(t)
			}
			fx := newFixture(t, singleStage, c.name)
			o := []client.CacheOptionsEntry{{Type: c.typ, Attrs: c.attrs}}
			if c.twice {
				o = append(o, o[0])
			}
			var r result
			start := time.Now()
			if c.export {
				r = buildRaw(t, fx, nil, o)
			} else {
				r = buildRaw(t, fx, o, nil)
			}
			took := time.Since(start)
			t.Logf("BuildKit (%v): error %v; vertex errors %q", took.Round(time.Millisecond), r.err, r.vertexError(""))
			if c.within != 0 && took > c.within {
				t.Errorf("the build took %v, want at most %v", took, c.within)
			}
			switch {
			case c.wantErr != "":
				if r.err == nil || !strings.Contains(r.err.Error(), c.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", r.err, c.wantErr)
				}
			case r.err != nil:
				t.Fatalf("the build failed (%v); BuildKit v0.34.2 accepts this spec", r.err)
			}
			if c.wantVertexErr != "" {
				if got := r.vertexError(""); !strings.Contains(got, c.wantVertexErr) {
					t.Fatalf("vertex errors %q, want %q; the build itself succeeds", got, c.wantVertexErr)
				}
			}
		})
	}
}
