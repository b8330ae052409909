package validate

import (
	"slices"
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

// CheckAll checks several builds that run together — the jobs and matrix
// legs of a workflow, the targets of a bake group — each on its own and
// then against each other: gha scopes, registry refs and s3/azblob names
// written by more than one build. Diagnostics carry the index of their
// build in Build.
func CheckAll(builds []Build) Diagnostics { return Options{}.CheckAll(builds) }

// CheckAll is like the package-level CheckAll, with the options applied.
func (o Options) CheckAll(builds []Build) Diagnostics {
	var all Diagnostics
	checkers := make([]*checker, len(builds))
	for i, b := range builds {
		c := newChecker(b)
		c.run()
		for _, d := range c.diags {
			d.Build = i
			all = append(all, d)
		}
		checkers[i] = c
	}
	all = append(all, crossCheck(checkers)...)
	all = append(all, quotaCheck(checkers)...)
	return o.apply(all)
}

// writer is one build's export to a shared location.
type writer struct {
	build int
	v     *value
	key   string // what is shared: "gha:<scope>", "registry:<ref>", "s3:<bucket>/<name>", ...
	what  string // for messages
}

// crossCheck finds locations written by several builds.
func crossCheck(cs []*checker) Diagnostics {
	byKey := map[string][]writer{}
	var keys []string
	for i, c := range cs {
		c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
			for _, w := range sharedTargets(e, v) {
				w.build = i
				if _, ok := byKey[w.key]; !ok {
					keys = append(keys, w.key)
				}
				byKey[w.key] = append(byKey[w.key], w)
			}
		})
	}
	var out Diagnostics
	for _, k := range keys {
		ws := byKey[k]
		builds := map[int]bool{}
		for _, w := range ws {
			builds[w.build] = true
		}
		if len(builds) < 2 {
			continue
		}
		for _, w := range ws {
			others := otherBuilds(cs, ws, w.build)
			rule := ruleForShared(k)
			if differentPlatforms(cs, ws) {
				rule = "PerPlatformCacheCollision"
			}
			msg := w.what + " is also written by " + others + "; the last export wins and the other builds find a cache that does not match"
			fix := "give each build its own " + fixNoun(k) + " (for example with the image name and platform)"
			d := Diagnostic{Rule: rule, Severity: severities[rule], Message: msg, Build: w.build,
				Direction: w.v.dir, Index: w.v.index, Fix: Fix{Label: fix}}
			out = append(out, d)
		}
	}
	return out
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
		if e.Ref.IsZero() || len(v.x.templates) > 0 {
			return nil
		}
		return []writer{{v: v, key: "registry:" + e.Ref.Qualified(), what: "registry cache " + e.Ref.Qualified()}}
	case *cachespec.S3:
		if len(v.x.templates) > 0 {
			return nil
		}
		var out []writer
		loc := e.Bucket.Or("$AWS_BUCKET") + "/" + e.Prefix.Text() + e.ManifestsPrefix.Or("manifests/")
		for _, n := range strings.Split(e.Name.Or("buildkit"), ";") {
			out = append(out, writer{v: v, key: "s3:" + loc + n, what: "s3 cache manifest " + strconv.Quote(loc+n)})
		}
		return out
	case *cachespec.AzBlob:
		if len(v.x.templates) > 0 {
			return nil
		}
		var out []writer
		loc := e.AccountURL.Or("$BUILDKIT_AZURE_STORAGE_ACCOUNT_URL") + "/" + e.Container.Or("buildkit-cache") + "/" + e.Prefix.Text()
		for _, n := range strings.Split(e.Name.Or("buildkit"), ";") {
			out = append(out, writer{v: v, key: "azblob:" + loc + n, what: "azblob cache manifest " + strconv.Quote(n)})
		}
		return out
	}
	return nil
}

func ruleForShared(key string) string {
	switch {
	case strings.HasPrefix(key, "gha:"):
		return "GHAScopeCollision"
	case strings.HasPrefix(key, "registry:"):
		return "SharedRegistryCacheRef"
	}
	return "BlobCacheNameCollision"
}

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
func differentPlatforms(cs []*checker, ws []writer) bool {
	var first []string
	for i, w := range ws {
		p := slices.Clone(cs[w.build].b.Platforms)
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

// otherBuilds names the builds other than self among the writers.
func otherBuilds(cs []*checker, ws []writer, self int) string {
	var names []string
	seen := map[int]bool{self: true}
	for _, w := range ws {
		if seen[w.build] {
			continue
		}
		seen[w.build] = true
		n := cs[w.build].b.Name
		if n == "" {
			n = "build " + strconv.Itoa(w.build)
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// quotaCheck reports gha mode=max exports when several builds make them:
// they share the repository's 10 GB Actions cache and evict each other.
func quotaCheck(cs []*checker) Diagnostics {
	type w struct {
		build int
		v     *value
	}
	var ws []w
	builds := map[int]bool{}
	for i, c := range cs {
		c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
			if g, ok := e.(*cachespec.GHA); ok && g.Mode.Or(cachespec.ModeMin) == cachespec.ModeMax {
				ws = append(ws, w{i, v})
				builds[i] = true
			}
		})
	}
	if len(builds) < 2 {
		return nil
	}
	var out Diagnostics
	for _, x := range ws {
		out = append(out, Diagnostic{Rule: "GHAModeMaxQuota", Severity: severities["GHAModeMaxQuota"],
			Message: strconv.Itoa(len(builds)) + " builds export gha cache in mode=max; they share the repository's 10 GB Actions cache and evict each other's entries",
			Build:   x.build, Direction: x.v.dir, Index: x.v.index,
			Fix: Fix{Label: "use mode=min for some builds, or a registry cache for large images"}})
	}
	return out
}
