package validate

import (
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

var localCacheGrowsUnbounded = register(&Rule{
	Name: "LocalCacheGrowsUnbounded", Scope: ScopeBuild, Code: "CS050", Severity: SeverityWarning,
	Summary:     "A local cache exported into the directory it is imported from",
	Explanation: "BuildKit adds new blobs to the directory and never removes the old ones, so it grows every run until the disk or the actions/cache quota is full.",
	Bad:         Build{CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}},
	Good:        Build{CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max,reset=true"}},
	Backing:     "BuildKit client/solve.go keeps every blob of a local cache store; docker/build-push-action#252",
	Evidence:    []string{"TestE2ELocalCacheGrowth/LocalCacheGrowsUnbounded/old-blobs-stay", "TestE2ELocalCacheGrowth/LocalCacheGrowsUnbounded/reset-removes-them"},
	check:       checkLocalGrowth,
})

func checkLocalGrowth(c pass) {
	srcs := map[string]bool{}
	c.each(cachespec.DirectionImport, func(v *value, e cachespec.Entry) {
		if l, ok := e.(*cachespec.Local); ok && l.Src.IsSet() {
			srcs[cleanPath(l.Src.Text())] = true
		}
	})
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		l, ok := e.(*cachespec.Local)
		if !ok || !l.Dest.IsSet() || !srcs[cleanPath(l.Dest.Text())] {
			return
		}
		if r, ok := l.Reset.Get(); ok && r {
			return
		}
		if c.moved(l.Dest.Text()) {
			return // moved away after the build: the next run starts from what replaced it
		}
		c.report(v, "dest",
			"this cache-to writes into the directory a cache-from reads; BuildKit never removes old blobs there, so it grows every run",
			Fix{Message: "add reset=true (BuildKit client v0.31+), or export to a new directory and replace the old one after the build"})
	})
}

var localCacheInTmp = register(&Rule{
	Name: "LocalCacheInTmp", Scope: ScopeValue, Code: "CS051", Severity: SeverityInfo,
	Summary:     "A local cache exported under /tmp",
	Explanation: "On self-hosted runners /tmp is often a tmpfs in memory, and a local cache grows with every build.",
	Bad:         Build{CacheTo: []string{"type=local,dest=/tmp/.buildx-cache-new,mode=max"}},
	Good:        Build{CacheTo: []string{"type=local,dest=/var/cache/buildx,mode=max"}},
	Backing:     "Euro-Office/DesktopEditors#83 (an 11 GB export into a 7.7 GB tmpfs)",
	check:       checkLocalInTmp,
})

func checkLocalInTmp(c pass) {
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		l, ok := e.(*cachespec.Local)
		if !ok || !l.Dest.IsSet() {
			return
		}
		if d := l.Dest.Text(); d == "/tmp" || strings.HasPrefix(d, "/tmp/") {
			msg := "/tmp is often a RAM-backed tmpfs on self-hosted runners, and this cache grows with every build"
			if c.moved(d) {
				msg = "/tmp is often a RAM-backed tmpfs on self-hosted runners, where this cache (exported anew and moved into place each run) takes memory as large as the cache"
			}
			c.report(v, "dest", msg,
				Fix{Message: "export to a disk path, such as ${{ runner.temp }}/buildx-cache on GitHub Actions"})
		}
	})
}

var relativeLocalCachePath = register(&Rule{
	Name: "RelativeLocalCachePath", Scope: ScopeBuild, Code: "CS170", Severity: SeverityInfo,
	Summary:     "A relative local cache path in a bake or compose file",
	Explanation: "Bake and compose resolve a local cache's relative src= or dest= against the directory the command runs in, not the directory of the file, so the cache lands elsewhere when run from another directory.",
	Bad:         Build{CacheTo: []string{"type=local,dest=.cache/buildx"}, Origin: OriginBake},
	Good:        Build{CacheTo: []string{"type=local,dest=/var/cache/buildx"}, Origin: OriginBake},
	Backing:     "Euro-Office/DesktopEditors#83",
	check:       checkRelativeLocalPath,
})

// checkRelativeLocalPath reports relative src= and dest= of local caches
// written in a bake or compose file.
func checkRelativeLocalPath(c pass) {
	if c.b.Origin != OriginBake && c.b.Origin != OriginCompose {
		return
	}
	eachOf(c.checker, cachespec.DirectionUnknown, func(v *value, l *cachespec.Local) {
		attr, path := "dest", l.Dest
		if v.dir == cachespec.DirectionImport {
			attr, path = "src", l.Src
		}
		p := path.Text()
		if !path.IsSet() || p == "" || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "~") || isWindowsAbs(p) || v.fieldHasTemplate(attr) {
			return
		}
		c.report(v, attr,
			"the relative cache path "+strconv.Quote(p)+" resolves against the directory bake or compose runs in, not this file's directory",
			Fix{Message: "use an absolute path, or one built from a variable such as ${{ runner.temp }}"})
	})
}

// cleanPath normalises a directory path for comparison.
func cleanPath(p string) string {
	p = strings.TrimRight(p, "/")
	p = strings.TrimPrefix(p, "./")
	return p
}

func isWindowsAbs(p string) bool {
	return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
}

// moved reports whether a later step moves directory dir away after the
// build (Build.MovedDirs).
func (c *checker) moved(dir string) bool {
	for _, m := range c.b.MovedDirs {
		if cleanPath(m) == cleanPath(dir) {
			return true
		}
	}
	return false
}
