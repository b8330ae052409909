package validate

import (
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/refs"
)

var invalidCacheRef = register(&Rule{
	Name: "InvalidCacheRef", Scope: ScopeValue, Code: "CS080", Severity: SeverityError,
	Summary:     "A registry cache ref that is not a valid image reference",
	Explanation: "The ref must be a valid reference with a lower-case repository. On cache-to BuildKit fails the build; on cache-from it reports the error on the import step and builds without cache.",
	Bad:         Build{CacheFrom: []string{"type=registry,ref=ghcr.io/acme/App:cache"}},
	Good:        Build{CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app:cache"}},
	Backing:     `BuildKit: "invalid reference format: repository name (acme/App) must be lowercase"`,
	Evidence:    []string{"TestE2ERejections/InvalidCacheRef/upper-case", "TestE2ERejections/InvalidCacheRef/local-url", "TestE2ERejections/InvalidCacheRef/import-upper-case-is-not-a-build-failure"},
})

var cacheRefIsImageTag = register(&Rule{
	Name: "CacheRefIsImageTag", Scope: ScopeBuild, Code: "CS090", Severity: SeverityError,
	Summary:     "A registry cache export writes to the image's own tag",
	Explanation: "The image push and the cache export write the same tag; since BuildKit v0.28 they run in parallel and the last writer wins. When the cache manifest wins, pulls of the image fail with \"manifest unknown\" or find no platform. Refs are compared normalised: `user/app` is `docker.io/user/app:latest`. Templates: a ref and a tag written with the same template text (`acme/app:${{ github.event.release.tag_name }}` for both; white space inside `${{ }}` and `$VAR` against `${VAR}` do not count) are the same tag at run time, so the rule is as certain as on literal refs; a ref whose template could hold something else than the tag's is not reported. Environment variables are templates like any other.",
	Bad:         Build{Tags: []string{"ghcr.io/org/repo:test"}, CacheTo: []string{"type=registry,ref=ghcr.io/org/repo:test"}, Push: ptr(true)},
	Good:        Build{Tags: []string{"ghcr.io/org/repo:test"}, CacheTo: []string{"type=registry,ref=ghcr.io/org/repo:buildcache"}, Push: ptr(true)},
	Backing:     "BuildKit solver/llbsolver/solver.go runs the image push and cache exports in parallel (v0.28.0+); nothing checks the collision",
	Evidence:    []string{"TestE2ESeeds/CacheRefIsImageTag/cache-replaces-image"},
	check:       checkCacheRefIsImageTag,
})

func checkCacheRefIsImageTag(c pass) {
	tags := make([]string, len(c.b.Tags))
	for i, t := range c.b.Tags {
		tags[i] = refKey(t)
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		r, ok := e.(*cachespec.Registry)
		if !ok || r.Ref.IsZero() {
			return
		}
		rawRef := r.Ref.String()
		if len(v.x.templates) > 0 {
			// Compare the ref as written, templates included: the same
			// template text is the same tag at run time.
			off, n := v.attrSpan("ref")
			if n == 0 {
				return
			}
			field := strings.Trim(v.raw[off:off+n], `"`)
			rawRef = field[min(len(field), len("ref=")):]
		}
		key := refKey(rawRef)
		for i, t := range c.b.Tags {
			if tags[i] != key {
				continue
			}
			msg := "cache-to ref " + strconv.Quote(rawRef) + " is also an image tag of this build (" + strconv.Quote(t) + "): the image push and the cache export write the same tag and the last one wins, so pulls of the image can fail with \"manifest unknown\""
			if len(v.x.templates) > 0 {
				msg = "cache-to ref " + strconv.Quote(rawRef) + " is the same template as the image tag " + strconv.Quote(t) + ", so it is the same tag at run time: the image push and the cache export write it and the last one wins, so pulls of the image can fail with \"manifest unknown\""
			}
			suggest := suggestCacheRef(r.Ref)
			if len(v.x.templates) > 0 {
				name := rawRef // the ref as written, without its tag
				if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
					name = name[:i]
				}
				suggest = name + ":buildcache"
			}
			c.report(v, "ref", msg, Fix{Message: "use a separate tag for the cache, such as " + suggest})
			return
		}
	})
}

var registryNeedsImageManifest = register(&Rule{
	Name: "RegistryNeedsImageManifest", Scope: ScopeBuild, Code: "CS070", Severity: SeverityWarning,
	Summary:     "A registry cache on a registry that refuses index-style cache manifests",
	Explanation: "ECR, Artifactory, Quay and GCR refuse BuildKit's older cache format (an OCI index whose children are layers). BuildKit v0.21+ writes an image manifest by default (image-manifest defaults to true, and to false only when oci-mediatypes=false); older builders, or image-manifest=false, fail at the very end of the export. Not reported when the builder is known to be v0.21 or later, or to run Buildx's default BuildKit image (docker/setup-buildx-action without image=), which is the latest stable release.",
	Bad:         Build{CacheTo: []string{"type=registry,ref=123456789012.dkr.ecr.us-east-1.amazonaws.com/app:cache,mode=max,image-manifest=false"}},
	Good:        Build{CacheTo: []string{"type=registry,ref=123456789012.dkr.ecr.us-east-1.amazonaws.com/app:cache,mode=max,image-manifest=true,oci-mediatypes=true"}},
	Backing:     "ECR: \"unexpected status from PUT request to .../manifests/...: 400 Bad Request\"; moby/buildkit#2251",
	Evidence:    []string{"TestE2ERejections/RegistryNeedsImageManifest/legacy-index-refused"},
	check:       checkImageManifest,
})

func checkImageManifest(c pass) {
	newBuilder := false
	if less, ok := semverLess(c.b.Builder.BuildKitVersion, 0, 21); ok && !less {
		newBuilder = true
	} else if c.b.Builder.BuildKitVersion == "" && c.b.Builder.DefaultImage {
		newBuilder = true // the latest stable BuildKit, v0.21 or later
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		r, ok := e.(*cachespec.Registry)
		if !ok || r.Ref.IsZero() || !strictRegistry(r.Ref.Domain()) {
			return
		}
		im, set := r.ImageManifest.Get()
		oci, ociSet := r.OCIMediaTypes.Get()
		switch {
		case set && im:
			return
		case !set && newBuilder && (!ociSet || oci):
			return // BuildKit v0.21+ writes an image manifest by default
		}
		c.report(v, "image-manifest",
			r.Ref.Domain()+" refuses BuildKit's index-style cache manifest (400 or MANIFEST_INVALID at the end of the export)",
			Fix{Message: "add image-manifest=true,oci-mediatypes=true"})
	})
}

var cacheRefFromRepositoryExpression = register(&Rule{
	Name: "CacheRefFromRepositoryExpression", Scope: ScopeValue, Code: "CS081", Severity: SeverityWarning,
	Summary:     "A cache ref built from github.repository",
	Explanation: "github.repository and github.repository_owner keep the owner's capitals (My-Org/app), and BuildKit refuses upper-case repository names: the export fails and the import is skipped.",
	Bad:         Build{CacheTo: []string{"type=registry,ref=ghcr.io/${{ github.repository }}:buildcache"}},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/${{ steps.lower.outputs.repo }}:buildcache"}},
	Backing:     `BuildKit: "invalid reference format: repository name must be lowercase"; docker/build-push-action#424`,
	Evidence:    []string{"TestE2ERejections/CacheRefFromRepositoryExpression/owner-capitals"},
	check:       checkRepositoryExpression,
})

func checkRepositoryExpression(c pass) {
	for _, v := range c.values {
		for _, t := range v.x.templates {
			if t.kind != kindGitHub {
				continue
			}
			expr := t.text
			if !(strings.Contains(expr, "github.repository") || strings.Contains(expr, "repository_owner") ||
				strings.Contains(expr, ".full_name") || strings.Contains(expr, "github.actor")) {
				continue
			}
			off, n := v.attrSpan("ref")
			inRef := n > 0 && t.start >= off && t.start < off+n
			if !inRef && (len(v.entries) == 0 || v.entries[0].Type() != cachespec.TypeRegistry || strings.Contains(v.raw, "=")) {
				continue
			}
			c.reportSpan(c.rule.Severity, v, "ref", t.start, t.end-t.start,
				"the cache ref is built from "+strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(expr, "${{"), "}}"))+", which keeps the owner's capitals; BuildKit refuses upper-case repository names (\"repository name must be lowercase\")",
				Fix{Message: "lower-case the repository in an earlier step (for example with docker/metadata-action or ${GITHUB_REPOSITORY,,}) and use that output"})
		}
	}
}

var cacheFromImageWithoutCache = register(&Rule{
	Name: "CacheFromImageWithoutCache", Scope: ScopeBuild, Code: "CS140", Severity: SeverityInfo,
	Summary:     "Importing cache from the image itself, which carries none",
	Explanation: "An image is a cache source only when it was built with inline cache; otherwise the import succeeds with no cache records and no error. An info when the build itself tags the image and writes no cache into it (another build may push it with inline cache); a warning, certain, when the whole repository is checked (CheckRepository) and a build of it pushes that image without inline cache while no build exports cache to its tag: then nothing can put cache records into it. Templates: a tag and an import written with the same template text are the same image; an image whose name holds other templates is not judged. Environment variables are templates.",
	Bad:         Build{CacheFrom: []string{"ghcr.io/acme/app:latest"}, Tags: []string{"ghcr.io/acme/app:latest"}, Push: ptr(true)},
	Good:        Build{CacheFrom: []string{"ghcr.io/acme/app:latest"}, CacheTo: []string{"type=inline"}, Tags: []string{"ghcr.io/acme/app:latest"}, Push: ptr(true)},
	Backing:     "BuildKit cache/remotecache/import.go importInlineCache: an image config without cache metadata gives an empty cache",
	Evidence:    []string{"TestE2EImageWithoutInlineCache/CacheFromImageWithoutCache/empty-cache"},
	check:       checkCacheFromImage,
	checkRepo:   checkCacheFromImageRepo,
})

func checkCacheFromImage(c pass) {
	tags := map[string]string{}
	for _, t := range c.b.Tags {
		if len(findTemplates(t)) == 0 {
			if r, err := refs.Parse(t); err == nil {
				tags[r.Qualified()] = t
			}
		}
	}
	if len(tags) == 0 {
		return
	}
	exportsTo := map[string]bool{}
	inline := false
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		switch e := e.(type) {
		case *cachespec.Inline:
			inline = true
		case *cachespec.Registry:
			if !e.Ref.IsZero() {
				exportsTo[e.Ref.Qualified()] = true
			}
		}
	})
	if inline {
		return
	}
	c.each(cachespec.DirectionImport, func(v *value, e cachespec.Entry) {
		r, ok := e.(*cachespec.Registry)
		if !ok || r.Ref.IsZero() || len(v.x.templates) > 0 {
			return
		}
		q := r.Ref.Qualified()
		if t, isTag := tags[q]; isTag && !exportsTo[q] {
			c.report(v, "ref",
				"the image "+t+" is imported as cache, but this build writes no cache into it: an image without inline cache metadata gives no cache hits",
				Fix{Message: "add --cache-to type=inline, or export a registry cache to its own ref and import that"})
		}
	})
}

var multiNodeRegistryCache = register(&Rule{
	Name: "MultiNodeRegistryCache", Scope: ScopeBuild, Code: "CS131", Severity: SeverityInfo,
	Summary:     "A multi-platform cache export on a multi-node builder",
	Explanation: "When a builder has several nodes, each platform is built on its own node, and the exported cache holds the cache of only one of them: the other platforms rebuild next time.",
	Bad:         Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:buildcache,mode=max"}, Platforms: []string{"linux/amd64,linux/arm64"}, Builder: Builder{Driver: "docker-container", Nodes: 2}},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:buildcache-amd64,mode=max"}, Platforms: []string{"linux/amd64"}, Builder: Builder{Driver: "docker-container", Nodes: 2}},
	Backing:     "docker/buildx#1044 (open; a confirmed multi-node limitation), moby/buildkit#2822",
	check:       checkMultiNode,
})

// checkMultiNode reports cache exports of multi-platform builds on
// multi-node builders.
func checkMultiNode(c pass) {
	if c.b.Builder.Nodes < 2 {
		return
	}
	n := 0
	for _, p := range c.b.Platforms {
		for _, q := range strings.Split(p, ",") {
			if strings.TrimSpace(q) != "" {
				n++
			}
		}
	}
	if n < 2 {
		return
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline {
			return
		}
		c.report(v, "",
			"a builder of "+strconv.Itoa(c.b.Builder.Nodes)+" nodes builds the platforms on different nodes, and the exported cache holds only one node's platform",
			Fix{Message: "export one cache per platform (one build per platform with its own ref or scope), or build on a single node"})
	})
}

// strictRegistry reports whether a registry host is known to refuse
// BuildKit's index-style cache manifest.
func strictRegistry(domain string) bool {
	return strings.Contains(domain, ".dkr.ecr.") && strings.HasSuffix(domain, ".amazonaws.com") ||
		strings.HasSuffix(domain, ".jfrog.io") || domain == "quay.io" || domain == "gcr.io" || strings.HasSuffix(domain, ".gcr.io")
}

// suggestCacheRef proposes a cache ref next to an image ref.
func suggestCacheRef(r refs.Ref) string {
	return r.Name() + ":buildcache"
}
