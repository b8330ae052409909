package validate

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

// Rules from current pain points of the backends (docs/rules.md cites the
// issues and the code of each).

var bakeLocalCacheNeedsEntitlement = register(&Rule{
	Name: "BakeLocalCacheNeedsEntitlement", Scope: ScopeBuild, Code: "CS171", Severity: SeverityWarning,
	Summary: "A bake local cache directory outside the working directory, which Buildx v0.20+ refuses without --allow",
	Explanation: "Since Buildx v0.20 bake checks filesystem entitlements: a local cache-to dest outside the directory bake runs in needs `--allow fs.write=DIR`, a cache-from src `--allow fs.read=DIR`; without them bake stops before building with \"additional privileges requested\" (a prompt on a terminal, an error in CI)." +
		" Reported for bake files (Origin bake), where the directory is absolute or climbs out with `..`; a warning and not an error because the command line (`--allow`, docker/bake-action's `allow:` input, BUILDX_BAKE_ENTITLEMENTS_FS=0) can grant it, which the bake file does not show. Templates: a directory that starts with a template is not judged; one whose literal start is `/` or `..` is. Environment variables are templates.",
	Bad:     Build{CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}, Origin: OriginBake},
	Good:    Build{CacheTo: []string{"type=local,dest=.buildx-cache,mode=max"}, Origin: OriginBake},
	Backing: `Buildx bake/entitlements.go: local cache-to dest is a write path, cache-from src a read path; "additional privileges requested: pass \"--allow=fs.write=...\"" (v0.20+); ITISFoundation/osparc-simcore#8665`,
	check:   checkBakeEntitlement,
})

func checkBakeEntitlement(c pass) {
	if c.b.Origin != OriginBake {
		return
	}
	eachOf(c.checker, cachespec.DirectionUnknown, func(v *value, e *cachespec.Local) {
		dir, ok := localDir(c.b, v, e)
		if !ok {
			return
		}
		if ts := findTemplates(dir); len(ts) > 0 && ts[0].start == 0 {
			return
		}
		if !strings.HasPrefix(dir, "/") && dir != ".." && !strings.HasPrefix(dir, "../") {
			return
		}
		flag, access := "fs.read", "read"
		if v.dir == cachespec.DirectionExport {
			flag, access = "fs.write", "write"
		}
		c.report(v, attrOf(v), "bake (Buildx v0.20+) asks for "+access+" access to "+dir+", outside the directory it runs in, and stops with \"additional privileges requested\" unless it is granted",
			Fix{Message: "run bake with --allow " + flag + "=" + dir + " (docker/bake-action: allow: " + flag + "=" + dir + "), or keep the cache under the working directory"})
	})
}

var ghaServiceV2NotBool = register(&Rule{
	Name: "GHAServiceV2NotBool", Scope: ScopeBuild, Code: "CS062", Severity: SeverityWarning,
	Summary: "ACTIONS_CACHE_SERVICE_V2 set to a value that is not a Go boolean",
	Explanation: "Buildx reads ACTIONS_CACHE_SERVICE_V2 with strconv.ParseBool: `on`, `yes` and `enabled` are not true, so Buildx does not add url_v2 to gha entries and BuildKit guesses the cache API version from the URL, keeping v1 on anything but GitHub's own results service (third-party cache services fail)." +
		" Certain (warning) when the workflow's env: (or the environment given) sets the variable and the build uses a gha cache; an unknown value or a template is not judged.",
	Bad:     Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, CI: CI{Provider: githubActions, Env: map[string]string{"ACTIONS_CACHE_SERVICE_V2": "on"}}},
	Good:    Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, CI: CI{Provider: githubActions, Env: map[string]string{"ACTIONS_CACHE_SERVICE_V2": "true"}}},
	Backing: "Buildx build/opt.go addGithubToken: strconv.ParseBool(ACTIONS_CACHE_SERVICE_V2); BuildKit cache/remotecache/gha/gha.go getConfig; runs-on/runs-on#541",
	check:   checkServiceV2,
})

func checkServiceV2(c pass) {
	val, ok := c.b.CI.Env["ACTIONS_CACHE_SERVICE_V2"]
	if !ok && c.b.Env != nil {
		val, ok = c.b.Env("ACTIONS_CACHE_SERVICE_V2")
	}
	if !ok || len(findTemplates(val)) > 0 {
		return
	}
	if _, err := strconv.ParseBool(val); err == nil {
		return
	}
	var first *value
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		if first == nil && e.Type() == cachespec.TypeGHA {
			first = v
		}
	})
	if first == nil {
		return
	}
	c.report(first, "", "ACTIONS_CACHE_SERVICE_V2="+strconv.Quote(val)+" is not a boolean Go reads (true, 1, false, 0): Buildx does not select the v2 cache API for this gha cache",
		Fix{Message: "set ACTIONS_CACHE_SERVICE_V2=true, or version=2 on the gha entry"})
}

var compressionIgnored = register(&Rule{
	Name: "CompressionIgnored", Scope: ScopeBuild, Code: "CS072", Severity: SeverityWarning,
	Summary: "compression attributes on a gha or azblob cache (or s3 before BuildKit v0.34), which ignore them",
	Explanation: "The gha and azblob exporters write gzip layers whatever compression, compression-level and force-compression say, and do not even validate them; the s3 exporter honours them only from BuildKit v0.34.0. Inline cache takes its compression from the image output (InlineIgnoresAttributes)." +
		" Certain for gha and azblob; for s3 reported only when the builder is known to be older than v0.34. Templates: a value that is a template (compression=${{ env.C }}) is not judged, since what it holds is unknown until the run. Environment variables are templates.",
	Bad:     Build{CacheTo: []string{"type=gha,scope=app,mode=max,compression=zstd"}},
	Good:    Build{CacheTo: []string{"type=gha,scope=app,mode=max"}},
	Backing: "BuildKit cache/remotecache/gha/gha.go Config() and azblob/exporter.go Config() return the default compression; s3.go honours compression from v0.34.0 (moby/buildkit#7121)",
	check:   checkCompressionIgnored,
})

func checkCompressionIgnored(c pass) {
	oldS3 := false
	if less, ok := semverLess(c.b.Builder.BuildKitVersion, 0, 34); ok && less {
		oldS3 = true
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		t := e.Type()
		if t != cachespec.TypeGHA && t != cachespec.TypeAzBlob && !(t == cachespec.TypeS3 && oldS3) {
			return
		}
		attrs := v.attrsOf(e)
		for _, k := range []string{"compression", "compression-level", "force-compression"} {
			if _, ok := attrs[k]; !ok {
				continue
			}
			why := "the " + t.String() + " cache exporter ignores it and writes gzip layers"
			if t == cachespec.TypeS3 {
				why = "the s3 cache exporter ignores it before BuildKit v0.34.0 (this builder is " + c.b.Builder.BuildKitVersion + ")"
			}
			c.report(v, k, k+" has no effect here: "+why, Fix{Message: "remove " + k + "=, or use a registry cache to choose the compression"})
		}
	})
}

var ghaCachePoisoning = register(&Rule{
	Name: "GHACachePoisoning", Scope: ScopeBuild, Code: "CS023", Severity: SeverityWarning, OptIn: true,
	Summary: "A release build that imports gha cache (opt-in security rule)",
	Explanation: "The Actions cache of a repository is written by any workflow run on its branches, including runs triggered by pull_request_target, issue comments or workflow_run that execute code a contributor controls; a release (on: release, a tag push) that imports type=gha can build and publish layers such a run put there. Off unless enabled; reported when the workflow runs for releases or tag pushes and the build imports gha cache." +
		" Templates and environment variables do not change it (the backend type is what counts).",
	Bad:     Build{CacheFrom: []string{"type=gha,scope=app"}, Push: ptr(true), CI: CI{Provider: githubActions, Event: "release", Triggers: []string{"release"}, Releases: true}},
	Good:    Build{CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app:buildcache"}, Push: ptr(true), CI: CI{Provider: githubActions, Event: "release", Triggers: []string{"release"}, Releases: true}},
	Backing: "zizmor's cache-poisoning audit (crates/zizmor/src/audit/cache_poisoning.rs) does not consider cache-from: type=gha; open-constructs/cdk-terrain#261 moved release builds to a registry cache for this reason",
	check:   checkCachePoisoning,
})

func checkCachePoisoning(c pass) {
	if !c.b.CI.Releases && c.b.CI.Event != "release" {
		return
	}
	c.each(cachespec.DirectionImport, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeGHA {
			return
		}
		c.report(v, "", "this release build imports gha cache, which any workflow run on the repository's branches can write: a poisoned cache entry ends up in the published image",
			Fix{Message: "do not import gha cache in release builds (build them without cache, or from a registry cache only trusted runs write)"})
	})
}

var s3EndpointNeedsOption = register(&Rule{
	Name: "S3EndpointNeedsOption", Scope: ScopeValue, Code: "CS153", Severity: SeverityWarning,
	Summary: "An s3 cache on an endpoint that needs use_path_style=true or disable_accept_encoding=true",
	Explanation: "MinIO (and most self-hosted S3 servers) serve buckets by path, not by virtual host: without use_path_style=true BuildKit asks BUCKET.host, which does not resolve or is refused. Google Cloud Storage's S3 interoperability rewrites Accept-Encoding, which the AWS SDK signs: without disable_accept_encoding=true (BuildKit v0.30+) every request fails with 403 SignatureDoesNotMatch." +
		" Keyed on endpoint_url: a host storage.googleapis.com, or a host or port that names MinIO (minio, :9000). Other endpoints are not judged; an endpoint_url that is a template is not judged.",
	Bad:     Build{CacheTo: []string{"type=s3,region=us-east-1,bucket=ci,endpoint_url=http://minio:9000,mode=max"}},
	Good:    Build{CacheTo: []string{"type=s3,region=us-east-1,bucket=ci,endpoint_url=http://minio:9000,use_path_style=true,mode=max"}},
	Backing: "moby/buildkit#5468, #5804 (MinIO needs use_path_style); moby/buildkit#3749 (GCS 403 SignatureDoesNotMatch; disable_accept_encoding, v0.30.0)",
	check:   checkS3Endpoint,
})

func checkS3Endpoint(c pass) {
	eachOf(c.checker, cachespec.DirectionUnknown, func(v *value, e *cachespec.S3) {
		ep := e.EndpointURL.Text()
		if ep == "" || v.fieldHasTemplate("endpoint_url") {
			return
		}
		u, err := url.Parse(ep)
		if err != nil || u.Host == "" {
			return
		}
		host := strings.ToLower(u.Hostname())
		attrs := v.attrsOf(e)
		isTrue := func(k string) bool { b, err := strconv.ParseBool(attrs[k]); return err == nil && b }
		switch {
		case host == "storage.googleapis.com" && !isTrue("disable_accept_encoding"):
			c.report(v, "endpoint_url", "Google Cloud Storage rewrites the Accept-Encoding header the AWS SDK signs: without disable_accept_encoding=true every request fails with 403 SignatureDoesNotMatch",
				Fix{Message: "add disable_accept_encoding=true (BuildKit v0.30+)"})
		case (strings.Contains(host, "minio") || u.Port() == "9000") && !isTrue("use_path_style"):
			c.report(v, "endpoint_url", "MinIO serves buckets by path: without use_path_style=true BuildKit addresses "+e.Bucket.Or("the bucket")+"."+host+", which does not resolve or is refused",
				Fix{Message: "add use_path_style=true"})
		}
	})
}
