package validate

import (
	"path"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

var localCacheNotPersisted = register(&Rule{
	Name: "LocalCacheNotPersisted", Scope: ScopeBuild, Code: "CS052", Severity: SeverityWarning,
	Summary: "A local cache on a GitHub-hosted runner that no step saves between runs",
	Explanation: "A GitHub-hosted runner starts every job on a new disk. A type=local cache directory that no actions/cache (or upload/download-artifact) step of the job covers is empty at the start of every run: the import finds nothing and the export is thrown away with the runner." +
		" Certain (warning) when the job's runs-on is a GitHub-hosted label (ubuntu-*, windows-*, macos-*) and the workflow shows the job's steps; not reported on self-hosted or unknown runners, whose disk may persist. A directory that a later step moves into place (the rm/mv rotation) counts as covered when any directory is saved. Templates: a directory written with a template is covered by a saved path written with the same text; the rule judges it only when the job saves nothing at all. Environment variables are templates.",
	Bad:     Build{CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}, CI: CI{Provider: githubActions, HostedRunner: ptr(true)}},
	Good:    Build{CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}, CI: CI{Provider: githubActions, HostedRunner: ptr(true)}, Persisted: []Persisted{{Path: "/tmp/.buildx-cache", Key: "buildx-${{ github.sha }}"}}},
	Backing: "GitHub-hosted runners: \"each job runs in a fresh instance of a runner image\" (docs.github.com, About GitHub-hosted runners); actions/cache is what carries a directory to the next run",
	check:   checkLocalNotPersisted,
})

// covers reports whether saved path p covers directory dir.
func covers(p, dir string) bool {
	p = path.Clean(strings.TrimSpace(p))
	dir = path.Clean(dir)
	return p == dir || strings.HasPrefix(dir, strings.TrimSuffix(p, "/")+"/")
}

// localDir returns the directory of a local entry of value v (src for an
// import, dest for an export), as written with templates normalised.
func localDir(b Build, v *value, e *cachespec.Local) (string, bool) {
	keys, ok := placesOf(b, v, e)
	if !ok || len(keys) == 0 {
		return "", false
	}
	return strings.TrimPrefix(keys[0], "local:"), true
}

func checkLocalNotPersisted(c pass) {
	if c.b.CI.HostedRunner == nil || !*c.b.CI.HostedRunner {
		return
	}
	imported := map[string]bool{}
	eachOf(c.checker, cachespec.DirectionImport, func(v *value, e *cachespec.Local) {
		if dir, ok := localDir(c.b, v, e); ok {
			imported[dir] = true
		}
	})
	eachOf(c.checker, cachespec.DirectionUnknown, func(v *value, e *cachespec.Local) {
		dir, ok := localDir(c.b, v, e)
		if !ok {
			return
		}
		if v.dir == cachespec.DirectionExport && (imported[dir] || len(imported) > 0 && movedDir(c.b, dir)) {
			return // reported once, on the import of the same cache
		}
		if len(c.b.Persisted) > 0 {
			if len(findTemplates(dir)) > 0 && !strings.HasPrefix(dir, "/") {
				return // a relative template: not judged
			}
			if v.dir == cachespec.DirectionExport && movedDir(c.b, dir) {
				return // moved into a saved directory by a later step
			}
			for _, p := range c.b.Persisted {
				if covers(templateText(p.Path), dir) {
					return
				}
			}
		}
		c.report(v, attrOf(v), "no actions/cache or artifact step of this job saves "+dir+", and a GitHub-hosted runner starts every run on a new disk: the local cache is empty on every run", Fix{Message: "save and restore the directory with actions/cache (path: " + dir + "), or use type=gha or a registry cache"})
	})
}

// attrOf is the attribute of a local entry's directory.
func attrOf(v *value) string {
	if v.dir == cachespec.DirectionExport {
		return "dest"
	}
	return "src"
}

var localCacheKeyShared = register(&Rule{
	Name: "LocalCacheKeyShared", Scope: ScopeBuilds, Code: "CS053", Severity: SeverityWarning,
	Summary: "Builds that save their local caches under one actions/cache key",
	Explanation: "actions/cache saves a key once: the first job to finish saves it, the others find the key taken and save nothing (\"Unable to reserve cache with key ..., another job may be creating this cache\"). Matrix legs that build different images or platforms and save their local cache directories under one key keep only one leg's cache, and the others rebuild; the restore gives every leg that one cache." +
		" Certain (warning) when the key, after the matrix values are substituted, is the same text for builds of different legs. Templates in the key other than the matrix's (hashFiles, github.sha) are the same for every leg of one run, so they do not tell the legs apart. Environment variables are templates.",
	Bad:      Build{CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}, Platforms: []string{"linux/amd64"}, Name: "build (amd64)", Persisted: []Persisted{{Path: "/tmp/.buildx-cache", Key: "buildx-${{ github.sha }}"}}},
	Good:     Build{CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}, Platforms: []string{"linux/amd64"}, Name: "build (amd64)", Persisted: []Persisted{{Path: "/tmp/.buildx-cache", Key: "buildx-amd64-${{ github.sha }}"}}},
	Others:   []Build{{CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}, Platforms: []string{"linux/arm64"}, Name: "build (arm64)", Persisted: []Persisted{{Path: "/tmp/.buildx-cache", Key: "buildx-${{ github.sha }}"}}}},
	Backing:  "actions/cache: a key is immutable once saved; a second save of it fails with \"Unable to reserve cache with key\" (actions/cache#485, actions/toolkit cache reserveCache)",
	checkSet: checkLocalKeyShared,
})

func checkLocalKeyShared(s setPass) {
	type saver struct {
		build int
		v     *value
	}
	byKey := map[string][]saver{}
	var order []string
	for i, c := range s.checkers {
		eachOf(c, cachespec.DirectionExport, func(v *value, e *cachespec.Local) {
			dir, ok := localDir(c.b, v, e)
			if !ok {
				return
			}
			for _, p := range c.b.Persisted {
				if p.Key == "" || !covers(templateText(p.Path), dir) && !movedDir(c.b, dir) {
					continue
				}
				k := templateText(p.Key)
				if _, seen := byKey[k]; !seen {
					order = append(order, k)
				}
				byKey[k] = append(byKey[k], saver{i, v})
			}
		})
	}
	for _, k := range order {
		ss := byKey[k]
		names := map[string]bool{}
		var builds []int
		for _, x := range ss {
			if !names[s.checkers[x.build].b.Name] {
				names[s.checkers[x.build].b.Name] = true
				builds = append(builds, x.build)
			}
		}
		if len(names) < 2 {
			continue
		}
		for _, x := range ss {
			s.report(x.build, x.v, "this local cache is saved with actions/cache key "+k+", which "+s.otherBuilds(builds, x.build)+" also saves: the first job to finish saves the key and the others' caches are lost",
				Fix{Message: "put what tells the builds apart in the key (for example ${{ matrix.platform }}), and the same in restore-keys"})
		}
	}
}
