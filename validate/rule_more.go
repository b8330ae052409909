package validate

import (
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/refs"
)

func checkLocalInTmp(c *checker) {
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		l, ok := e.(*cachespec.Local)
		if !ok || !l.Dest.IsSet() {
			return
		}
		if d := l.Dest.Text(); d == "/tmp" || strings.HasPrefix(d, "/tmp/") {
			c.report("LocalCacheInTmp", v, "dest",
				"/tmp is often a RAM-backed tmpfs on self-hosted runners, and this cache grows with every build",
				Fix{Label: "export to a disk path, such as ${{ runner.temp }}/buildx-cache on GitHub Actions"})
		}
	})
}

func checkCacheFromImage(c *checker) {
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
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
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
	c.each(cachespec.Import, func(v *value, e cachespec.Entry) {
		r, ok := e.(*cachespec.Registry)
		if !ok || r.Ref.IsZero() || len(v.x.templates) > 0 {
			return
		}
		q := r.Ref.Qualified()
		if t, isTag := tags[q]; isTag && !exportsTo[q] {
			c.report("CacheFromImageWithoutCache", v, "ref",
				"the image "+t+" is imported as cache, but this build writes no cache into it: an image without inline cache metadata gives no cache hits",
				Fix{Label: "add --cache-to type=inline, or export a registry cache to its own ref and import that"})
		}
	})
}

// prEvents are the pull request events, whose github.ref is
// refs/pull/<n>/merge.
var prEvents = map[string]bool{"pull_request": true, "pull_request_target": true}

func checkScopePerPR(c *checker) {
	if !prEvents[c.b.CI.Event] {
		return
	}
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeGHA {
			return
		}
		off, n := v.attrSpan("scope")
		if n == 0 {
			return
		}
		for _, t := range v.x.templates {
			if t.start >= off && t.start < off+n && (strings.Contains(t.text, "github.ref") || strings.Contains(t.text, "github.head_ref")) {
				c.report("GHAScopeUniquePerPR", v, "scope",
					"on pull requests "+strings.TrimSpace(strings.Trim(t.text, "${}"))+" is unique to the pull request, so this scope never finds the cache the default branch wrote",
					Fix{Label: "use a fixed scope per image (and platform)"})
				return
			}
		}
	})
}

// ghaHosts are CI providers known to lack GitHub's cache service.
var noGHAService = map[string]bool{"gitea-actions": true, "forgejo-actions": true, "act": true, "github-enterprise-server": true}

func checkGHAHost(c *checker) {
	if !noGHAService[c.b.CI.Provider] {
		return
	}
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeGHA {
			c.report("GHAUnsupportedHost", v, "",
				"type=gha needs GitHub's cache service, which "+c.b.CI.Provider+" does not provide (or provides in an older form)",
				Fix{Label: "use a registry or s3 cache on this runner"})
		}
	})
}
