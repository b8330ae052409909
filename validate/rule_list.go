package validate

import (
	"strconv"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/refs"
)

// exportKey is what BuildKit de-duplicates exports by, normalised: the fully
// qualified ref for registry entries, the normalised entry otherwise.
func exportKey(e cachespec.Entry) string {
	if r, ok := e.(*cachespec.Registry); ok && !r.Ref.IsZero() {
		return "registry:" + r.Ref.Qualified()
	}
	return cachespec.Format(cachespec.Normalize(e))
}

func checkDuplicateExport(c *checker) {
	type first struct {
		v *value
		e cachespec.Entry
	}
	seen := map[string]first{}
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline || v.x.templates != nil {
			return // BuildKit collapses inline entries; templates are unknown
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
		c.report("DuplicateCacheExport", v, "", msg, Fix{Label: "keep one of the two exports"})
	})
}

func checkCacheRefIsImageTag(c *checker) {
	type tag struct {
		raw  string
		qual string // "" when the tag holds a template
	}
	var tags []tag
	for _, t := range c.b.Tags {
		tg := tag{raw: t}
		if len(findTemplates(t)) == 0 {
			if r, err := refs.Parse(t); err == nil {
				tg.qual = r.Qualified()
			}
		}
		tags = append(tags, tg)
	}
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		r, ok := e.(*cachespec.Registry)
		if !ok || r.Ref.IsZero() {
			return
		}
		rawRef := r.Ref.String()
		if len(v.x.templates) > 0 {
			// Compare the ref as written, templates included.
			off, n := v.attrSpan("ref")
			if n == 0 {
				return
			}
			rawRef = v.raw[off+len("ref=") : off+n]
		}
		for _, t := range tags {
			same := t.raw == rawRef
			if !same && t.qual != "" && len(v.x.templates) == 0 {
				same = t.qual == r.Ref.Qualified()
			}
			if same {
				c.report("CacheRefIsImageTag", v, "ref",
					"cache-to ref "+strconv.Quote(rawRef)+" is also an image tag of this build ("+strconv.Quote(t.raw)+"): the image push and the cache export write the same tag and the last one wins, so pulls of the image can fail with \"manifest unknown\"",
					Fix{Label: "use a separate tag for the cache, such as " + suggestCacheRef(r.Ref)})
				return
			}
		}
	})
}

// suggestCacheRef proposes a cache ref next to an image ref.
func suggestCacheRef(r refs.Ref) string {
	return r.Name() + ":buildcache"
}

func checkInlineWithoutPush(c *checker) {
	if c.b.Push == nil || *c.b.Push {
		return
	}
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline {
			c.report("InlineWithoutPush", v, "type",
				"inline cache is stored in the pushed image, and this build does not push: no other build can import it",
				Fix{Label: "push the image, or export a registry or gha cache instead"})
		}
	})
}
