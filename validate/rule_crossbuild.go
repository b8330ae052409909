package validate

import (
	"slices"
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

var duplicateCacheExport = register(&Rule{
	Name: "DuplicateCacheExport", Scope: ScopeBuild, Code: "CS008", Severity: SeverityError,
	Summary:     "Two cache exports to the same place",
	Explanation: "BuildKit refuses two exports with the same key: the registry ref as written, or the whole entry for other backends. Refs that differ only in spelling (`user/app:c` and `docker.io/user/app:c`) are not caught by BuildKit and race each other; this rule compares them normalised.",
	Bad:         Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache", "type=registry,ref=ghcr.io/acme/app:cache,mode=max"}},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache,mode=max"}},
	Backing:     `BuildKit control.go: "duplicate cache exports [registry]"`,
	Evidence:    []string{"TestE2ERejections/DuplicateCacheExport/two-identical-local"},
	check:       checkDuplicateExport,
})

func checkDuplicateExport(c pass) {
	type first struct {
		v *value
		e cachespec.Entry
	}
	candidate := func(v *value, e cachespec.Entry) bool {
		return e.Type() != cachespec.TypeInline && v.x.templates == nil // BuildKit collapses inline entries; templates are unknown
	}
	n := 0
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if candidate(v, e) {
			n++
		}
	})
	if n < 2 {
		return // one export cannot repeat itself: no key to compute
	}
	seen := map[string]first{}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if !candidate(v, e) {
			return
		}
		k := exportKey(e)
		f, dup := seen[k]
		if !dup {
			seen[k] = first{v, e}
			return
		}
		where := "cache-to[" + strconv.Itoa(f.v.index) + "]"
		msg := "this cache-to exports to the same place as " + where + "; BuildKit fails with \"duplicate cache exports [" + e.Type().String() + "]\""
		if r, ok := e.(*cachespec.Registry); ok {
			fr := f.e.(*cachespec.Registry)
			if r.Ref.String() != fr.Ref.String() {
				msg = "this cache-to exports to " + r.Ref.Qualified() + " like " + where + "; BuildKit does not see the duplicate (the refs are spelt differently) and the two exports race"
			}
		}
		c.report(v, "", msg, Fix{Message: "keep one of the two exports"})
	})
}

var ghaScopeCollision = register(&Rule{
	Name: "GHAScopeCollision", Scope: ScopeBuilds, Code: "CS010", Severity: SeverityWarning,
	Summary:     "Several builds write the same gha cache scope",
	Explanation: "Every build that exports type=gha with the same scope (by default \"buildkit\") writes the same cache index; the last to finish wins, and the next run of the other builds finds an index that matches nothing and rebuilds from scratch.",
	Bad:         Build{CacheTo: []string{"type=gha,mode=max"}, Name: "api"},
	Good:        Build{CacheTo: []string{"type=gha,scope=api,mode=max"}, Name: "api"},
	Others:      []Build{{CacheTo: []string{"type=gha,mode=max"}, Name: "web"}},
	Backing:     "BuildKit gha.go: the index key is derived from the scope only; moby/buildkit#2529",
	Evidence:    []string{"TestE2EGHADefaultScope/GHAScopeCollision/default-scope-last-export-wins"},
	checkSet:    sharedBy("gha:", false),
})

var sharedRegistryCacheRef = register(&Rule{
	Name: "SharedRegistryCacheRef", Scope: ScopeBuilds, Code: "CS091", Severity: SeverityWarning,
	Summary:     "Several builds export registry cache to the same ref",
	Explanation: "Builds of different images or variants that export to one cache ref overwrite each other's cache manifest; each run imports the cache of whichever build finished last.",
	Bad:         Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/cache:latest"}, Name: "api"},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/cache:api"}, Name: "api"},
	Others:      []Build{{CacheTo: []string{"type=registry,ref=ghcr.io/acme/cache:latest"}, Name: "web"}},
	Backing:     "a registry tag holds one manifest; the last push wins",
	Evidence:    []string{"TestE2ELastWriterWins/SharedRegistryCacheRef/last-export-wins"},
	checkSet:    sharedBy("registry:", false),
})

var perPlatformCacheCollision = register(&Rule{
	Name: "PerPlatformCacheCollision", Scope: ScopeBuilds, Code: "CS130", Severity: SeverityWarning,
	Summary:     "Builds for different platforms write the same cache",
	Explanation: "Per-platform builds (a matrix of runners, push-by-digest jobs) that export to one registry ref or gha scope overwrite each other: each run keeps only the platform that finished last, and the other rebuilds.",
	Bad:         Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, Platforms: []string{"linux/amd64"}, Name: "amd64"},
	Good:        Build{CacheTo: []string{"type=gha,scope=app-linux-amd64,mode=max"}, Platforms: []string{"linux/amd64"}, Name: "amd64"},
	Others:      []Build{{CacheTo: []string{"type=gha,scope=app,mode=max"}, Platforms: []string{"linux/arm64"}, Name: "arm64"}},
	Backing:     "docker/build-push-action#1087; docker/buildx#1044",
	checkSet:    sharedBy("", true),
})

var blobCacheNameCollision = register(&Rule{
	Name: "BlobCacheNameCollision", Scope: ScopeBuilds, Code: "CS151", Severity: SeverityWarning,
	Summary:     "Several builds write the same s3 or azblob cache manifest",
	Explanation: "s3 and azblob caches store one manifest per name (by default \"buildkit\") in a bucket or container; builds of different images that share it overwrite each other.",
	Bad:         Build{CacheTo: []string{"type=s3,region=us-east-1,bucket=ci"}, Name: "api"},
	Good:        Build{CacheTo: []string{"type=s3,region=us-east-1,bucket=ci,name=api"}, Name: "api"},
	Others:      []Build{{CacheTo: []string{"type=s3,region=us-east-1,bucket=ci"}, Name: "web"}},
	Backing:     "BuildKit s3.go / azblob utils.go: the manifest key is <prefix><manifests_prefix><name>",
	Evidence:    []string{"TestE2ELastWriterWins/BlobCacheNameCollision/last-s3-export-wins"},
	checkSet:    sharedBy("blob:", false),
})

var ghaModeMaxQuota = register(&Rule{
	Name: "GHAModeMaxQuota", Scope: ScopeBuilds, Code: "CS110", Severity: SeverityInfo,
	Summary:     "Several builds export gha cache in mode=max",
	Explanation: "GitHub keeps 10 GB of Actions cache per repository and evicts the oldest entries beyond it, with no error anywhere. Several mode=max exports fill it quickly and thrash each other.",
	Bad:         Build{CacheTo: []string{"type=gha,scope=api,mode=max"}, Name: "api"},
	Good:        Build{CacheTo: []string{"type=gha,scope=api,mode=min"}, Name: "api"},
	Others:      []Build{{CacheTo: []string{"type=gha,scope=web,mode=max"}, Name: "web"}},
	Backing:     "GitHub Actions cache limits (10 GB per repository, least recently used evicted); docker/packaging#28",
	checkSet:    checkModeMaxQuota,
})

// exportKey is what BuildKit de-duplicates exports by, normalised: the fully
// qualified ref for registry entries, the normalised entry otherwise.
func exportKey(e cachespec.Entry) string {
	if r, ok := e.(*cachespec.Registry); ok && !r.Ref.IsZero() {
		return "registry:" + r.Ref.Qualified()
	}
	return cachespec.Format(cachespec.Normalize(e))
}

// CheckAll checks several builds that run together — the jobs and matrix
// legs of a workflow, the targets of a bake group — each on its own and
// then against each other: gha scopes, registry refs and s3/azblob names
// written by more than one build. Diagnostics carry the index of their
// build in Build.
func CheckAll(builds []Build) Diagnostics { return Options{}.CheckAll(builds) }

// CheckAll is like the package-level CheckAll, with the options applied.
func (o Options) CheckAll(builds []Build) Diagnostics {
	ds, _ := o.checkAll(builds)
	return ds
}

// CheckAllPart is CheckAll, and also returns the RepositoryPart of the
// first n builds (what PrepareRepository(builds[:n]) returns) from the
// values CheckAll parsed: a tool that checks a repository group by group,
// and then as a whole, parses each value once. n is clamped to
// [0, len(builds)].
func (o Options) CheckAllPart(builds []Build, n int) (Diagnostics, *RepositoryPart) {
	ds, set := o.checkAll(builds)
	return ds, newRepositoryPart(set.checkers[:max(0, min(n, len(builds)))])
}

// checkAll is CheckAll, with the checkers it made.
func (o Options) checkAll(builds []Build) (Diagnostics, *buildSet) {
	set := &buildSet{checkers: make([]*checker, len(builds))}
	for i, b := range builds {
		c := newChecker(b)
		c.run()
		set.checkers[i] = c
		set.diags = append(set.diags, c.diags...)
		set.owner = append(set.owner, make([]int, len(c.diags))...)
		for j := len(set.owner) - len(c.diags); j < len(set.owner); j++ {
			set.owner[j] = i
		}
	}
	for _, r := range registry {
		if r.checkSet != nil && r.Scope != ScopeRepository {
			r.checkSet(setPass{set, r})
		}
	}
	for i := range set.diags {
		set.diags[i].Build = set.owner[i]
	}
	// each build's diagnostics, in the order found: a stable sort by
	// build, in place (a large group has many builds and many diagnostics)
	all := set.diags
	slices.SortStableFunc(all, func(a, b Diagnostic) int { return a.Build - b.Build })
	memo := redactMemo{}
	for lo := 0; lo < len(all); {
		hi := lo + 1
		for hi < len(all) && all[hi].Build == all[lo].Build {
			hi++
		}
		placeAll(builds[all[lo].Build], all[lo:hi], memo)
		lo = hi
	}
	return o.apply(all), set
}

// buildSet is the state of one CheckAll: every build's checker, and the
// diagnostics with the index of the build each is about.
type buildSet struct {
	checkers []*checker
	diags    Diagnostics
	owner    []int
	shared   map[string][]writer // written locations, computed once
	keys     []string            // keys of shared in first-seen order
}

// setPass is a set rule's view of a CheckAll: the set, and the rule every
// report is made under.
type setPass struct {
	*buildSet
	rule *Rule
}

// report adds a diagnostic about value v of build b, at the rule's severity.
func (s setPass) report(b int, v *value, msg string, fix Fix) {
	s.diags = append(s.diags, Diagnostic{Rule: s.rule.Name, Severity: s.rule.Severity, Message: msg,
		Direction: v.dir, Index: v.index, Fixes: []Fix{fix}})
	s.owner = append(s.owner, b)
}

// writer is one build's export to a shared location.
type writer struct {
	build int
	v     *value
	key   string // what is shared: "gha:<scope>", "registry:<ref>", "blob:s3:<bucket>/<name>", ...
	what  string // for messages
}

// writers returns the locations written by more than one build, computed
// once per set.
func (s *buildSet) writers() (map[string][]writer, []string) {
	if s.shared != nil {
		return s.shared, s.keys
	}
	s.shared = map[string][]writer{}
	for i, c := range s.checkers {
		c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
			for _, w := range sharedTargets(e, v) {
				w.build = i
				if _, ok := s.shared[w.key]; !ok {
					s.keys = append(s.keys, w.key)
				}
				s.shared[w.key] = append(s.shared[w.key], w)
			}
		})
	}
	for k, ws := range s.shared {
		builds := map[int]bool{}
		for _, w := range ws {
			builds[w.build] = true
		}
		if len(builds) < 2 {
			delete(s.shared, k)
		}
	}
	s.keys = slices.DeleteFunc(s.keys, func(k string) bool { _, ok := s.shared[k]; return !ok })
	return s.shared, s.keys
}

// sharedBy returns the check of a rule about locations written by several
// builds: those whose key has prefix, when the writers build the same
// platforms (perPlatform false), or any location when they build different
// platforms (perPlatform true).
func sharedBy(prefix string, perPlatform bool) func(setPass) {
	return func(s setPass) {
		shared, keys := s.writers()
		for _, k := range keys {
			ws := shared[k]
			if !strings.HasPrefix(k, prefix) || s.differentPlatforms(ws) != perPlatform {
				continue
			}
			builds := distinctBuilds(ws)
			for _, w := range ws {
				s.report(w.build, w.v,
					w.what+" is also written by "+s.otherBuilds(builds, w.build)+"; the last export wins and the other builds find a cache that does not match",
					Fix{Message: "give each build its own " + fixNoun(k) + " (for example with the image name and platform)"})
			}
		}
	}
}

// sharedTargets returns the locations an export writes that another build
// could also write. Locations that depend on a template are unknown and
// left out.
func sharedTargets(e cachespec.Entry, v *value) []writer {
	switch e := e.(type) {
	case *cachespec.GHA:
		if v.fieldHasTemplate("scope") {
			return nil
		}
		scope := e.Scope.Or("buildkit")
		return []writer{{v: v, key: "gha:" + scope, what: "gha cache scope " + strconv.Quote(scope)}}
	case *cachespec.Registry:
		if e.Ref.IsZero() {
			return nil
		}
		if len(v.x.templates) > 0 {
			ref, written, ok := runConstantRef(v)
			if !ok {
				return nil
			}
			return []writer{{v: v, key: "registry:" + refKey(ref), what: "registry cache " + written}}
		}
		return []writer{{v: v, key: "registry:" + e.Ref.Qualified(), what: "registry cache " + e.Ref.Qualified()}}
	case *cachespec.S3:
		if len(v.x.templates) > 0 {
			return nil
		}
		var out []writer
		loc := e.Bucket.Or("$AWS_BUCKET") + "/" + e.Prefix.Text() + e.ManifestsPrefix.Or("manifests/")
		for _, n := range strings.Split(e.Name.Or("buildkit"), ";") {
			out = append(out, writer{v: v, key: "blob:s3:" + loc + n, what: "s3 cache manifest " + strconv.Quote(loc+n)})
		}
		return out
	case *cachespec.AzBlob:
		if len(v.x.templates) > 0 {
			return nil
		}
		var out []writer
		loc := e.AccountURL.Or("$BUILDKIT_AZURE_STORAGE_ACCOUNT_URL") + "/" + e.Container.Or("buildkit-cache") + "/" + e.Prefix.Text()
		for _, n := range strings.Split(e.Name.Or("buildkit"), ";") {
			out = append(out, writer{v: v, key: "blob:azblob:" + loc + n, what: "azblob cache manifest " + strconv.Quote(n)})
		}
		return out
	}
	return nil
}

// fixNoun names what each build should have its own of.
func fixNoun(key string) string {
	switch {
	case strings.HasPrefix(key, "gha:"):
		return "scope="
	case strings.HasPrefix(key, "registry:"):
		return "cache ref"
	}
	return "name="
}

// differentPlatforms reports whether the writers build different platform
// sets, all known.
func (s *buildSet) differentPlatforms(ws []writer) bool {
	var first []string
	for i, w := range ws {
		p := slices.Clone(s.checkers[w.build].b.Platforms)
		if len(p) == 0 {
			return false
		}
		slices.Sort(p)
		if i == 0 {
			first = p
		} else if !slices.Equal(first, p) {
			return true
		}
	}
	return false
}

// distinctBuilds returns the builds of the writers, each once, in order.
func distinctBuilds(ws []writer) []int {
	seen := make(map[int]bool, len(ws))
	var out []int
	for _, w := range ws {
		if !seen[w.build] {
			seen[w.build] = true
			out = append(out, w.build)
		}
	}
	return out
}

// maxNamed is how many other builds a cross-build message names; the rest
// are counted, so that a message stays short however many builds share a
// location (a matrix of hundreds of legs).
const maxNamed = 3

// otherBuilds names the builds other than self: the first maxNamed, and
// how many more.
func (s *buildSet) otherBuilds(builds []int, self int) string {
	var names []string
	others := 0
	for _, b := range builds {
		if b == self {
			continue
		}
		others++
		if len(names) == maxNamed {
			continue
		}
		n := s.checkers[b].b.Name
		if n == "" {
			n = "build " + strconv.Itoa(b)
		}
		names = append(names, n)
	}
	out := strings.Join(names, ", ")
	if more := others - len(names); more > 0 {
		out += " and " + strconv.Itoa(more) + " other builds"
	}
	return out
}

// checkModeMaxQuota reports gha mode=max exports when several builds make
// them: they share the repository's 10 GB Actions cache and evict each
// other.
func checkModeMaxQuota(s setPass) {
	type w struct {
		build int
		v     *value
	}
	var ws []w
	builds := map[int]bool{}
	for i, c := range s.checkers {
		c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
			if g, ok := e.(*cachespec.GHA); ok && g.Mode.Or(cachespec.ModeMin) == cachespec.ModeMax {
				ws = append(ws, w{i, v})
				builds[i] = true
			}
		})
	}
	if len(builds) < 2 {
		return
	}
	msg := strconv.Itoa(len(builds)) + " builds export gha cache in mode=max; they share the repository's 10 GB Actions cache and evict each other's entries"
	for _, x := range ws {
		s.report(x.build, x.v, msg, Fix{Message: "use mode=min for some builds, or a registry cache for large images"})
	}
}

// runConstantRef returns the ref of registry value v, templates
// normalised, and as written, when each of its templates is a run
// constant: then two builds of one run that write the same text write the
// same ref.
func runConstantRef(v *value) (ref, written string, ok bool) {
	written, ok = writtenRef(v)
	if !ok || written == "" {
		return "", "", false
	}
	for _, t := range findTemplates(written) {
		if !runConstant(t) {
			return "", "", false
		}
	}
	return templateText(written), written, true
}

// runConstant reports whether template t has one value for every build of
// a run: the repository, the commit and the pipeline as GitHub Actions and
// GitLab CI give them to every job (not a job's own variables, matrix
// values, inputs, outputs or secrets).
func runConstant(t template) bool {
	switch t.kind {
	case kindGitHub:
		body := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(t.text, "${{"), "}}"))
		return githubRunConstants[body]
	case kindVar, kindBrace:
		name := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(t.text, "$"), "{"), "}")
		return ciRunConstants[name]
	}
	return false
}

// githubRunConstants are the github context's values that are the same in
// every job of a workflow run.
var githubRunConstants = map[string]bool{
	"github.repository": true, "github.repository_owner": true, "github.event.repository.name": true,
	"github.ref": true, "github.ref_name": true, "github.sha": true, "github.head_ref": true, "github.base_ref": true,
	"github.event_name": true, "github.run_id": true, "github.run_number": true, "github.server_url": true,
}

// ciRunConstants are the environment variables GitHub Actions and GitLab CI
// set to the same value in every job of a run or pipeline.
var ciRunConstants = map[string]bool{
	"GITHUB_REPOSITORY": true, "GITHUB_REPOSITORY_OWNER": true, "GITHUB_REF": true, "GITHUB_REF_NAME": true,
	"GITHUB_SHA": true, "GITHUB_HEAD_REF": true, "GITHUB_BASE_REF": true, "GITHUB_RUN_ID": true, "GITHUB_RUN_NUMBER": true,
	"CI_REGISTRY": true, "CI_REGISTRY_IMAGE": true, "CI_PROJECT_PATH": true, "CI_PROJECT_PATH_SLUG": true,
	"CI_PROJECT_NAME": true, "CI_PROJECT_NAMESPACE": true, "CI_PROJECT_ID": true, "CI_DEFAULT_BRANCH": true,
	"CI_COMMIT_REF_NAME": true, "CI_COMMIT_REF_SLUG": true, "CI_COMMIT_BRANCH": true, "CI_COMMIT_TAG": true,
	"CI_COMMIT_SHA": true, "CI_COMMIT_SHORT_SHA": true, "CI_PIPELINE_ID": true, "CI_SERVER_HOST": true,
	"CI_MERGE_REQUEST_IID": true,
}
