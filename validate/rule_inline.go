package validate

import (
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

var inlineIgnoresAttributes = register(&Rule{
	Name: "InlineIgnoresAttributes", Scope: ScopeValue, Code: "CS100", Severity: SeverityWarning,
	Summary:     "Attributes on an inline cache are ignored",
	Explanation: "Inline cache always records the final image's layers only (min mode) and takes its compression from the image output; mode=max and every other attribute have no effect. Use a registry cache with its own ref for max mode.",
	Bad:         Build{CacheTo: []string{"type=inline,mode=max"}, Push: ptr(true)},
	Good:        Build{CacheTo: []string{"type=inline"}, Push: ptr(true)},
	Backing:     "BuildKit solver/llbsolver/export.go inlineCache hardcodes min mode; the inline resolver ignores its attributes",
	check:       checkInlineAttributes,
})

func checkInlineAttributes(c pass) {
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeInline {
			return
		}
		keys := setKeys(v, e)
		for k := range extraOf(e).All() {
			keys = append(keys, k)
		}
		if len(keys) == 0 {
			return
		}
		msg := "inline cache ignores " + strings.Join(keys, ", ")
		if contains(keys, "mode") {
			msg += "; it always records the final image's layers only (min mode): use a registry cache with its own ref for mode=max"
		}
		c.report(v, keys[0], msg, replace("write type=inline", 0, len(v.raw), "type=inline"))
	})
}

var inlineNotAnImporter = register(&Rule{
	Name: "InlineNotAnImporter", Scope: ScopeValue, Code: "CS101", Severity: SeverityError,
	Summary:     "type=inline on a cache-from",
	Explanation: "There is no inline importer: the import step fails with \"unknown cache importer: inline\" and the build runs without cache. Inline cache is read from the image it was pushed with: cache-from type=registry,ref=<the image>.",
	Bad:         Build{CacheFrom: []string{"type=inline"}},
	Good:        Build{CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app:latest"}},
	Backing:     `BuildKit: "unknown cache importer: inline" on the import vertex (non-fatal)`,
	Evidence:    []string{"TestE2ERejections/InlineNotAnImporter/import"},
	check:       checkInlineImport,
})

func checkInlineImport(c pass) {
	c.each(cachespec.DirectionImport, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline {
			c.report(v, "type",
				`there is no inline cache importer: BuildKit reports "unknown cache importer: inline" and builds without cache`,
				Fix{Message: "import inline cache from the image: type=registry,ref=<image>"})
		}
	})
}

var inlineWithoutPush = register(&Rule{
	Name: "InlineWithoutPush", Scope: ScopeBuild, Code: "CS102", Severity: SeverityWarning,
	Summary:     "Inline cache in a build that does not push",
	Explanation: "Inline cache lives in the pushed image's config; when the image is only loaded or not exported, no other machine can import it.",
	Bad:         Build{CacheTo: []string{"type=inline"}, Tags: []string{"ghcr.io/effigies/buildx-repro:main"}, Push: ptr(false), Load: ptr(true)},
	Good:        Build{CacheTo: []string{"type=inline"}, Tags: []string{"ghcr.io/effigies/buildx-repro:main"}, Push: ptr(true)},
	Backing:     "BuildKit writes inline cache only into image configs (exporter/containerimage, exporter/oci)",
	check:       checkInlineWithoutPush,
})

func checkInlineWithoutPush(c pass) {
	if c.b.Push == nil || *c.b.Push {
		return
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline {
			c.report(v, "type",
				"inline cache is stored in the pushed image, and this build does not push: no other build can import it",
				Fix{Message: "push the image, or export a registry or gha cache instead"})
		}
	})
}
