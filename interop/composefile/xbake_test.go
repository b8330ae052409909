package composefile

import (
	"slices"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// TestXBakeCacheValues: a service's build.x-bake cache-from and cache-to
// (a string or a list) are the service's cache values too, after its own,
// placed where they are written, and checked.
func TestXBakeCacheValues(t *testing.T) {
	t.Parallel()
	const data = `services:
  api:
    image: ghcr.io/acme/api
    build:
      context: .
      cache_from: ["type=registry,ref=ghcr.io/acme/api:cache"]
      x-bake:
        cache-from:
          - type=gha,scope=${SCOPE:-api}
        cache-to: type=gha,scope=api,mode=maximum
        platforms: [linux/amd64]
`
	f := Read([]source.Input{{Path: "compose.yaml", Content: []byte(data)}}, source.Options{})[0]
	if len(f.Diagnostics) > 0 || len(f.Builds) != 1 {
		t.Fatalf("diagnostics %v, builds %d", f.Diagnostics, len(f.Builds))
	}
	b := f.Builds[0]
	if want := []string{"type=registry,ref=ghcr.io/acme/api:cache", "type=gha,scope=api"}; !slices.Equal(b.CacheFrom, want) {
		t.Errorf("cache-from %q, want %q", b.CacheFrom, want)
	}
	if want := []string{"type=gha,scope=api,mode=maximum"}; !slices.Equal(b.CacheTo, want) {
		t.Errorf("cache-to %q, want %q", b.CacheTo, want)
	}
	if p := b.Source.CacheTo[0]; p.Start.Line != 10 || p.Start.Col != 19 || !p.Exact {
		t.Errorf("x-bake cache-to at %+v, want 10:19 exact", p)
	}
	// interpolated (the default of ${SCOPE:-api}): placed at its start
	if p := b.Source.CacheFrom[1]; p.Start.Line != 9 || p.Start.Col != 13 || p.Exact {
		t.Errorf("x-bake cache-from at %+v, want 9:13", p)
	}
	ds := validate.CheckAll(f.Builds)
	found := false
	for _, d := range ds {
		if d.Rule == "InvalidCacheMode" && d.Range.Start.Line == 10 {
			found = true
		}
	}
	if !found {
		t.Errorf("mode=maximum in x-bake not reported: %v", ds)
	}
}

// TestXBakeInRefusedFile: a file compose refuses still has its x-bake
// values checked as written.
func TestXBakeInRefusedFile(t *testing.T) {
	t.Parallel()
	const data = "services:\n  api:\n    build:\n      context: .\n      x-bake:\n        cache-to: [\"type=gha,mode=max\"]\n    ports: [\"not a port\"]\n"
	f := Read([]source.Input{{Path: "compose.yaml", Content: []byte(data)}}, source.Options{})[0]
	if len(f.Builds) != 1 || !slices.Equal(f.Builds[0].CacheTo, []string{"type=gha,mode=max"}) {
		t.Fatalf("builds %+v diagnostics %v", f.Builds, f.Diagnostics)
	}
}
