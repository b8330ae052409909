package compat

import (
	"maps"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	ibk "github.com/buildxcache/buildxcache/interop/buildkit"
	ibx "github.com/buildxcache/buildxcache/interop/buildx"
	"github.com/docker/buildx/util/buildflags"
	"github.com/moby/buildkit/client"
)

// buildflagsOf converts buildctl's entries for the reason classifier.
func buildflagsOf(in []client.CacheOptionsEntry) buildflags.CacheOptions {
	out := make(buildflags.CacheOptions, 0, len(in))
	for _, e := range in {
		out = append(out, &buildflags.CacheOptionsEntry{Type: e.Type, Attrs: e.Attrs})
	}
	return out
}

// TestConversions checks the interop packages' conversions both ways.
func TestConversions(t *testing.T) {
	for _, v := range handValues {
		entries, err := cachespec.ParseList([]string{v})
		if err != nil {
			continue
		}
		for _, e := range entries {
			bk := bkConvert(e)
			if bk.Type != e.Type().String() || !maps.Equal(bk.Attrs, e.Attrs()) {
				t.Errorf("%q: BuildKit entry %v", v, bk)
			}
			back, err := bkBack(bk)
			if err != nil || back.Type() != e.Type() || !maps.Equal(back.Attrs(), e.Attrs()) {
				t.Errorf("%q: from BuildKit: %v, %v", v, back, err)
			}
			bx := bxConvert(e)
			if bx.Type != e.Type().String() || !maps.Equal(bx.Attrs, e.Attrs()) {
				t.Errorf("%q: Buildx entry %v", v, bx)
			}
			back, err = bxBack(bx)
			if err != nil || back.Type() != e.Type() || !maps.Equal(back.Attrs(), e.Attrs()) {
				t.Errorf("%q: from Buildx: %v, %v", v, back, err)
			}
		}
	}
}

var (
	bkConvert = ibk.CacheOptionsEntry
	bkBack    = ibk.FromCacheOptionsEntry
	bxConvert = ibx.ToBuildflags
	bxBack    = ibx.FromBuildflags
)
