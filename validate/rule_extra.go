package validate

import (
	"slices"
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

// checkRelativeLocalPath reports relative src= and dest= of local caches
// written in a bake or compose file.
func checkRelativeLocalPath(c *checker) {
	if c.b.Origin != OriginBake && c.b.Origin != OriginCompose {
		return
	}
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		l, ok := e.(*cachespec.Local)
		if !ok {
			return
		}
		attr, path := "dest", l.Dest
		if v.dir == cachespec.Import {
			attr, path = "src", l.Src
		}
		p := path.Text()
		if !path.IsSet() || p == "" || strings.HasPrefix(p, "/") || strings.HasPrefix(p, "~") || isWindowsAbs(p) || v.fieldHasTemplate(attr) {
			return
		}
		c.report("RelativeLocalCachePath", v, attr,
			"the relative cache path "+strconv.Quote(p)+" resolves against the directory bake or compose runs in, not this file's directory",
			Fix{Label: "use an absolute path, or one built from a variable such as ${{ runner.temp }}"})
	})
}

func isWindowsAbs(p string) bool {
	return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
}

// defaultBranchEvents are the triggers that run on the default branch.
var defaultBranchEvents = []string{"push", "schedule", "workflow_dispatch", "merge_group", "release", "repository_dispatch", "workflow_call", "workflow_run"}

// checkNoDefaultBranchWriter reports cache exports of a workflow that runs
// only for pull requests.
func checkNoDefaultBranchWriter(c *checker) {
	if len(c.b.CI.Triggers) == 0 {
		return
	}
	for _, t := range c.b.CI.Triggers {
		if slices.Contains(defaultBranchEvents, t) {
			return
		}
	}
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		switch e.Type() {
		case cachespec.TypeGHA, cachespec.TypeRegistry, cachespec.TypeS3, cachespec.TypeAzBlob:
			c.report("NoDefaultBranchCacheWriter", v, "",
				"this workflow runs only on "+strings.Join(c.b.CI.Triggers, ", ")+", so nothing writes this cache on the default branch and each pull request starts cold",
				Fix{Label: "also run the build on push to the default branch, exporting the cache the pull requests import"})
		}
	})
}

// checkMultiNode reports cache exports of multi-platform builds on
// multi-node builders.
func checkMultiNode(c *checker) {
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
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline {
			return
		}
		c.report("MultiNodeRegistryCache", v, "",
			"a builder of "+strconv.Itoa(c.b.Builder.Nodes)+" nodes builds the platforms on different nodes, and the exported cache holds only one node's platform",
			Fix{Label: "export one cache per platform (one build per platform with its own ref or scope), or build on a single node"})
	})
}

// checkSourceMayNotExist is the opt-in note that a cache source is missing
// on the first run.
func checkSourceMayNotExist(c *checker) {
	c.each(cachespec.Import, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline {
			return
		}
		c.report("CacheSourceMayNotExist", v, "",
			"until a build exports it, this cache does not exist: BuildKit logs a warning such as \"not found\" and builds without it",
			Fix{Label: "nothing to do if an export writes it; the first run is slower"})
	})
}

// isPlaceholder reports whether an attribute value is a documentation
// placeholder: "...", "…", "<something>", "xxx".
func isPlaceholder(s string) bool {
	switch strings.ToLower(s) {
	case "...", "…", "xxx", "changeme", "todo":
		return true
	}
	return len(s) > 2 && s[0] == '<' && s[len(s)-1] == '>'
}

// docsPlaceholderRefs are repositories of the Docker documentation's
// examples, owned by someone else on Docker Hub.
var docsPlaceholderRefs = []string{"docker.io/user/app", "docker.io/user/image", "docker.io/username/app", "docker.io/myorg/myimage"}

// checkPlaceholder reports values copied from documentation without
// filling them in.
func checkPlaceholder(c *checker) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		attrs := e.Attrs()
		keys := make([]string, 0, len(attrs))
		for k := range attrs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if isPlaceholder(attrs[k]) && !v.fieldHasTemplate(k) {
				c.reportSeverity(Error, "PlaceholderCacheValue", v, k,
					strconv.Quote(k)+" is the placeholder "+strconv.Quote(attrs[k])+" from an example: BuildKit uses it as written and the cache fails to configure",
					Fix{Label: "fill in a real value, or leave " + k + " out where Buildx fills it in from the environment"})
			}
		}
		r, ok := e.(*cachespec.Registry)
		if !ok || r.Ref.IsZero() || len(v.x.templates) > 0 {
			return
		}
		name := r.Ref.Name()
		if !slices.Contains(docsPlaceholderRefs, name) {
			return
		}
		// a warning, not an error: in documentation and tests the example
		// repository is what is meant
		sev, msg := Warning, "imports from "+name+", the documentation's example repository on Docker Hub, which is not this project's cache"
		if v.dir == cachespec.Export {
			msg = "exports to " + name + ", the documentation's example repository on Docker Hub; a project's build cannot push there (denied), so the cache export would fail the build"
		}
		attr := "ref"
		if off, n := v.attrSpan("ref"); n == 0 && off == 0 {
			attr = ""
		}
		c.reportSeverity(sev, "PlaceholderCacheValue", v, attr, msg,
			Fix{Label: "use a repository of this project, such as ghcr.io/<owner>/<image>:buildcache"})
	})
}
