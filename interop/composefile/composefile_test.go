package composefile

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/render"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

const project = `x-cache: &cache
  cache_from:
    - type=gha,scope=shared
services:
  api:
    image: ghcr.io/org/api:${TAG:-latest}
    build:
      context: .
      <<: *cache
      cache_to:
        - type=gha,scope=shared,mode=max
        - "type=registry,ref=ghcr.io/org/api:${TAG:-latest}"
      platforms: [linux/amd64]
  worker:
    build:
      context: .
      tags: [ghcr.io/org/worker:1]
      cache_to: ["type=gha,scope=shared,mode=max"]
  db:
    image: postgres
`

func TestParse(t *testing.T) {
	f := Parse("compose.yaml", []byte(project), Options{Env: map[string]string{"TAG": "v3"}, Project: "p"})
	if len(f.Problems) != 0 || len(f.Builds) != 2 {
		t.Fatalf("problems %+v builds %d", f.Problems, len(f.Builds))
	}
	api, worker := f.Builds[0], f.Builds[1]
	if api.Name != "api" || api.Group != "project p" || api.Origin != validate.OriginCompose || api.Pos.Line != 5 {
		t.Errorf("api: %q %q %v %+v", api.Name, api.Group, api.Origin, api.Pos)
	}
	// merge key: the anchor's cache_from, at the anchor's position
	if len(api.CacheFrom) != 1 || api.CacheFrom[0] != "type=gha,scope=shared" || api.CacheFromPos[0].Line != 3 || api.CacheFromPos[0].Col != 7 || !api.CacheFromPos[0].Exact {
		t.Errorf("api cache_from %q at %+v", api.CacheFrom, api.CacheFromPos)
	}
	if api.CacheTo[1] != "type=registry,ref=ghcr.io/org/api:v3" || api.CacheToPos[1].Line != 12 || api.CacheToPos[1].Exact {
		t.Errorf("interpolated cache_to %q at %+v (want line 12, not exact)", api.CacheTo[1], api.CacheToPos[1])
	}
	if p := api.CacheToPos[0]; p.Line != 11 || p.Col != 11 || !p.Exact {
		t.Errorf("cache_to[0] at %+v, want 11:11", p)
	}
	if strings.Join(api.Tags, ",") != "ghcr.io/org/api:v3" || strings.Join(api.Platforms, ",") != "linux/amd64" {
		t.Errorf("api tags %q platforms %q", api.Tags, api.Platforms)
	}
	if worker.Tags[0] != "ghcr.io/org/worker:1" || worker.CacheToPos[0].Line != 18 || worker.CacheToPos[0].Col != 19 {
		t.Errorf("worker: %q %+v", worker.Tags, worker.CacheToPos)
	}
	// the services of the project are checked together
	var builds []validate.Build
	for _, b := range f.Builds {
		builds = append(builds, b.Build)
	}
	n := 0
	for _, d := range validate.CheckAll(builds) {
		if d.Rule == "GHAScopeCollision" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("GHAScopeCollision %d times, want 2", n)
	}
}

func TestRefusedAndBadFiles(t *testing.T) {
	misspelled := "services:\n  a:\n    build:\n      context: .\n      cache-to: [type=gha]\n      cache_from: [inline]\n"
	f := Parse("compose.yaml", []byte(misspelled), Options{})
	if len(f.Problems) != 1 || f.Problems[0].Rule != source.RuleSyntaxError || f.Problems[0].Fix != "rename cache-to to cache_to" {
		t.Fatalf("problems %+v", f.Problems)
	}
	// the values are still checked as written
	if len(f.Builds) != 1 || f.Builds[0].CacheFrom[0] != "inline" {
		t.Fatalf("builds %+v", f.Builds)
	}
	deep := "services:\n  a:\n    build: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n"
	for name, data := range map[string]string{
		"malformed": "services:\n  a: [\n",
		"binary":    "services:\x00",
		"huge":      strings.Repeat("#", source.MaxFileSize+1),
		"deep":      deep,
		"not a map": "- a\n",
	} {
		f := Parse("compose.yaml", []byte(data), Options{})
		if len(f.Problems) == 0 || len(f.Builds) != 0 {
			t.Errorf("%s: problems %+v builds %d", name, f.Problems, len(f.Builds))
		}
	}
}

// TestRenderedFilesReadBack: compose files printed by the render package
// read back through this reader to the same entries.
func TestRenderedFilesReadBack(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		values := rapid.SliceOfN(rapid.SampledFrom([]string{
			"type=gha,scope=a,mode=max", "type=registry,ref=ghcr.io/o/a:cache", "type=local,dest=/tmp/$HOME",
			"type=s3,region=r,bucket=b,name=${x}", `type=local,"dest=/tmp/a,b"`, `type=gha,"scope=q""uote"`,
		}), 1, 4).Draw(rt, "values")
		entries, err := cachespec.ParseList(values)
		if err != nil {
			rt.Fatal(err)
		}
		text, err := render.Render(render.Compose, cachespec.Import, entries)
		if err != nil {
			rt.Fatal(err)
		}
		f := Parse("compose.yaml", []byte(text), Options{Project: "r"})
		if len(f.Problems) != 0 || len(f.Builds) != 1 {
			rt.Fatalf("problems %+v builds %d\n%s", f.Problems, len(f.Builds), text)
		}
		got, err := cachespec.ParseList(f.Builds[0].CacheFrom)
		if err != nil || len(got) != len(entries) {
			rt.Fatalf("read back %q: %v", f.Builds[0].CacheFrom, err)
		}
		for i := range got {
			if !cachespec.Equal(got[i], entries[i]) {
				rt.Fatalf("entry %d = %s, want %s", i, cachespec.Format(got[i]), cachespec.Format(entries[i]))
			}
		}
	})
}
