package validate

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// fixCases are values whose finding has a mechanical fix, and the value the
// fix's edits make.
var fixCases = []struct {
	dir       string // "from" or "to"
	raw, rule string
	fixed     string
	build     Build // context; CacheFrom/CacheTo are set from raw
}{
	{"to", "inline", "KeywordAsCacheRef", "type=inline", Build{}},
	{"to", `"gha"`, "KeywordAsCacheRef", "type=gha", Build{}},
	{"to", "type=gha, mode=max", "WhitespaceAroundCacheKey", "type=gha,mode=max", Build{}},
	{"to", "type=gha,mode =max", "WhitespaceAroundCacheKey", "type=gha,mode=max", Build{}},
	{"to", "type=gha,mode=maxx", "InvalidCacheMode", "type=gha,mode=max", Build{}},
	{"to", "type=gha,compression=zst", "InvalidTypedValue", "type=gha,compression=zstd", Build{}},
	{"to", "type=regsitry,ref=ghcr.io/a/b:c", "UnknownCacheType", "type=registry,ref=ghcr.io/a/b:c", Build{}},
	{"to", "type=GHA,scope=a", "UnknownCacheType", "type=gha,scope=a", Build{}},
	{"to", "type=type=local,dest=/c", "UnknownCacheType", "type=local,dest=/c", Build{}},
	{"from", "type=registry,ref=ghcr.io/Org/App:cache", "InvalidCacheRef", "type=registry,ref=ghcr.io/org/app:cache", Build{}},
	{"from", "ref=ghcr.io/a/b:cache,mode=max", "MissingCacheType", "type=registry,ref=ghcr.io/a/b:cache,mode=max", Build{}},
	{"to", "type=gha,ignore-errors=true", "UnknownCacheAttribute", "type=gha,ignore-error=true", Build{}},
	{"to", "type=gha,IMAGE_MANIFEST=true", "UnknownCacheAttribute", "type=gha,image-manifest=true", Build{}},
	{"from", "type=local,dest=/c", "WrongDirectionAttribute", "type=local,src=/c", Build{}},
	{"to", "type=local,src=/c", "WrongDirectionAttribute", "type=local,dest=/c", Build{}},
	{"to", "type=inline,mode=max", "InlineIgnoresAttributes", "type=inline", Build{Push: ptr(true), Tags: []string{"app"}}},
	{"from", "type=local,src=/a,type=local,src=/b", "DuplicateCacheAttribute", "type=local,src=/a\ntype=local,src=/b", Build{}},
	{"to", "type=gha,ignore-error=yes", "InvalidTypedValue", "type=gha,ignore-error=true", Build{}},
	{"to", "type=registry,ref=ghcr.io/a/b:c,oci-mediatypes=off", "InvalidTypedValue", "type=registry,ref=ghcr.io/a/b:c,oci-mediatypes=false", Build{}},
}

func (b Build) with(dir, raw string) Build {
	if dir == "from" {
		b.CacheFrom = []string{raw}
	} else {
		b.CacheTo = []string{raw}
	}
	return b
}

// TestMechanicalFixes checks each mechanical fix: its edits make the
// expected value, the corrected value no longer gets the finding, and the
// fix is only an edit where the edited bytes are written as they are read.
func TestMechanicalFixes(t *testing.T) {
	for _, c := range fixCases {
		t.Run(c.rule+"/"+c.raw, func(t *testing.T) {
			d := fired(Check(c.build.with(c.dir, c.raw)), c.rule)
			if d == nil {
				t.Fatalf("%q does not fire %s", c.raw, c.rule)
			}
			got, ok := d.Fix().Apply(c.raw)
			if !ok || got != c.fixed {
				t.Fatalf("fix %+v gives %q, %v; want %q", d.Fix(), got, ok, c.fixed)
			}
			if want := c.fixed; strings.Contains(want, "\n") {
				if d.Fix().Fixed != "" {
					t.Errorf("Fixed of a split = %q, want none (the message names the values)", d.Fix().Fixed)
				}
				b := c.build
				b.CacheFrom = strings.Split(got, "\n") // the values it splits into
				if again := Check(b); len(again) != 0 {
					t.Errorf("the split values %q still get %v", got, again)
				}
				return
			}
			if d.Fix().Fixed != c.fixed {
				t.Errorf("Fixed = %q, want %q", d.Fix().Fixed, c.fixed)
			}
			if again := fired(Check(c.build.with(c.dir, got)), c.rule); again != nil {
				t.Errorf("the fixed value %q still fires: %v", got, again)
			}
		})
	}
}

// TestNoEditThroughTemplates: a fix never edits bytes that are not written
// as they are read.
func TestNoEditThroughTemplates(t *testing.T) {
	for _, raw := range []string{
		"type=registry,ref=ghcr.io/${{ github.repository_owner }}/App:cache",
		"${{ env.T }},ref=ghcr.io/a/b:c",
		"type=gha,${{ matrix.k }}=max, mode=max",
	} {
		for _, d := range Check(Build{CacheTo: []string{raw}}) {
			for _, e := range d.Fix().Edits {
				if idx := strings.Index(raw, "${{"); idx >= 0 && e.Offset < strings.Index(raw, "}}")+2 && e.Offset+e.Len > idx {
					t.Errorf("%q: %s edits a template: %+v", raw, d.Rule, e)
				}
			}
		}
	}
}

// TestPropertyFixesFix: applying every mechanical fix of a value, one after
// the other, never produces a value that fails to apply the next fix,
// and fixing a fixed value changes nothing.
func TestPropertyFixesFix(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.SampledFrom(fixCases).Draw(t, "case")
		raw := c.raw
		for range 4 {
			var next string
			for _, d := range Check(c.build.with(c.dir, raw)) {
				if f, ok := d.Fix().Apply(raw); ok {
					next = f
					break
				}
			}
			if next == "" {
				break
			}
			if next == raw {
				t.Fatalf("a fix of %q changes nothing", raw)
			}
			raw = next
		}
		for _, d := range Check(c.build.with(c.dir, raw)) {
			if _, ok := d.Fix().Apply(raw); ok {
				t.Fatalf("after fixing, %q still has a mechanical fix: %v", raw, d)
			}
		}
	})
}
