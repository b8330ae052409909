package bakefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/render"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

type tb interface {
	Helper()
	Fatal(args ...any)
}

func write(t tb, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func byName(f source.File) map[string]source.Build {
	m := map[string]source.Build{}
	for _, b := range f.Builds {
		m[b.Name+"@"+b.Group] = b
	}
	return m
}

const resolution = `variable "TAG" {
  default = "v1"
}
group "default" {
  targets = ["api", "tools"]
}
group "release" {
  targets = ["api"]
}
target "_common" {
  cache-from = ["type=gha,scope=common"]
}
target "api" {
  inherits = ["_common"]
  tags     = ["ghcr.io/org/api:${TAG}"]
  cache-to = ["type=gha,scope=api-${TAG},mode=max", "type=registry,ref=ghcr.io/org/api:cache"]
  output   = ["type=registry"]
}
target "tools" {
  name     = "tool-${item}"
  matrix   = { item = ["a", "b"] }
  cache-to = ["type=gha,scope=tool-${item}"]
}
`

func TestResolution(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "docker-bake.hcl", resolution)
	f := ReadFile(p, Options{})
	if len(f.Problems) != 0 {
		t.Fatalf("problems: %+v", f.Problems)
	}
	m := byName(f)
	api, ok := m["api@default"]
	if !ok {
		t.Fatalf("no api build in group default: %v", m)
	}
	if _, ok := m["api@release"]; !ok {
		t.Error("api is not also checked with group release")
	}
	if _, ok := m["_common@target _common"]; ok {
		t.Error("the inherited-only _common target is checked as a build")
	}
	// inherited cache-from, traced to its literal in _common's block: exact
	if len(api.CacheFrom) != 1 || api.CacheFrom[0] != "type=gha,scope=common" {
		t.Fatalf("api cache-from = %q", api.CacheFrom)
	}
	if p := api.CacheFromPos[0]; p.Line != 11 || p.Col != 18 || !p.Exact {
		t.Errorf("inherited cache-from at %+v, want 11:18 exact", p)
	}
	// a value with a variable is bake's resolution, placed at its target
	if api.CacheTo[0] != "type=gha,mode=max,scope=api-v1" || api.CacheToPos[0].Exact || api.CacheToPos[0].Line != 13 {
		t.Errorf("resolved cache-to %q at %+v", api.CacheTo[0], api.CacheToPos[0])
	}
	if api.CacheTo[1] != "type=registry,ref=ghcr.io/org/api:cache" || api.CacheToPos[1].Line != 16 || api.CacheToPos[1].Col != 54 || !api.CacheToPos[1].Exact {
		t.Errorf("literal cache-to %q at %+v, want 16:54", api.CacheTo[1], api.CacheToPos[1])
	}
	if len(api.Tags) != 1 || api.Tags[0] != "ghcr.io/org/api:v1" || api.Push == nil || !*api.Push || api.Origin != validate.OriginBake {
		t.Errorf("api tags %q push %v origin %v", api.Tags, api.Push, api.Origin)
	}
	for _, n := range []string{"tool-a@default", "tool-b@default"} {
		if b, ok := m[n]; !ok || len(b.CacheTo) != 1 || !strings.HasPrefix(b.CacheTo[0], "type=gha,scope=tool-") {
			t.Errorf("matrix target %s: %+v", n, b)
		}
	}
	// variables come from Options.Vars, as from the environment
	f = ReadFile(p, Options{Vars: map[string]string{"TAG": "v2"}})
	if b := byName(f)["api@default"]; b.CacheTo[0] != "type=gha,mode=max,scope=api-v2" {
		t.Errorf("with TAG=v2: %q", b.CacheTo)
	}
}

func TestRawTextKept(t *testing.T) {
	// bake keeps the last of a repeated key; the value as written is what
	// validate must see
	p := write(t, t.TempDir(), "docker-bake.hcl", "target \"a\" {\n  cache-to = [\"type=gha,mode=max,mode=min\", \"type=gha, scope=x\"]\n}\n")
	f := ReadFile(p, Options{})
	if len(f.Builds) != 1 {
		t.Fatalf("builds: %+v problems %+v", f.Builds, f.Problems)
	}
	b := f.Builds[0]
	if b.CacheTo[0] != "type=gha,mode=max,mode=min" || b.CacheTo[1] != "type=gha, scope=x" {
		t.Errorf("values %q: want them as written", b.CacheTo)
	}
	rules := map[string]bool{}
	for _, d := range validate.Check(b.Build) {
		rules[d.Rule] = true
	}
	if !rules["DuplicateCacheAttribute"] || !rules["WhitespaceAroundCacheKey"] {
		t.Errorf("rules %v", rules)
	}
}

func TestMisspelledKeys(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"docker-bake.hcl":  "target \"a\" {\n  cache_from = [\"type=gha\"]\n  cacheTo = [\"type=gha\"]\n}\n",
		"docker-bake.json": `{"target": {"a": {"cache_from": ["type=gha"]}}}`,
	} {
		f := ReadFile(write(t, dir, name, data), Options{})
		if len(f.Problems) == 0 {
			t.Fatalf("%s: no problem", name)
		}
		for _, p := range f.Problems {
			if p.Rule != source.RuleIgnoredCacheKey || p.Severity != validate.Warning || p.Pos.Line == 0 || !strings.HasPrefix(p.Fix, "rename it to cache-") {
				t.Errorf("%s: %+v", name, p)
			}
		}
		if name == "docker-bake.hcl" && (len(f.Problems) != 2 || f.Problems[0].Pos.Line != 2 || f.Problems[0].Pos.Col != 3 || f.Problems[1].Fix != "rename it to cache-to") {
			t.Errorf("hcl problems: %+v", f.Problems)
		}
	}
}

func TestRefusedByBake(t *testing.T) {
	dir := t.TempDir()
	// bake refuses a value without type; the values are still checked
	p := write(t, dir, "docker-bake.hcl", "target \"a\" {\n  cache-to = [\"mode=max\", \"inline\"]\n}\n")
	f := ReadFile(p, Options{})
	if len(f.Problems) != 1 || f.Problems[0].Rule != source.RuleSyntaxError || f.Problems[0].Pos.Line != 2 || !strings.Contains(f.Problems[0].Message, `type required for "mode=max"`) {
		t.Fatalf("problems: %+v", f.Problems)
	}
	if len(f.Builds) != 1 {
		t.Fatalf("builds: %+v", f.Builds)
	}
	rules := map[string]bool{}
	for _, d := range validate.Check(f.Builds[0].Build) {
		rules[d.Rule] = true
	}
	if !rules["MissingCacheType"] || !rules["KeywordAsCacheRef"] {
		t.Errorf("rules on the raw values: %v", rules)
	}

	for name, data := range map[string]string{
		"bad.hcl":  "target \"a\" {\n  cache-to = [\n",
		"bad.json": `{"target": {"a": {"cache-to": [}}}`,
		"big.hcl":  strings.Repeat("#", source.MaxFileSize+1),
		"bin.hcl":  "target \x00",
	} {
		f := ReadFile(write(t, dir, name, data), Options{})
		if len(f.Problems) == 0 || len(f.Builds) != 0 {
			t.Errorf("%s: problems %+v builds %d", name, f.Problems, len(f.Builds))
		}
	}
}

func TestGroupCollision(t *testing.T) {
	p := write(t, t.TempDir(), "docker-bake.hcl", `group "default" {
  targets = ["a", "b"]
}
target "a" {
  cache-to = ["type=gha,scope=shared,mode=max"]
}
target "b" {
  cache-to = ["type=gha,scope=shared,mode=max"]
}
`)
	f := ReadFile(p, Options{})
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
		t.Errorf("GHAScopeCollision reported %d times, want once per target", n)
	}
}

func TestSeveralFiles(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "docker-bake.hcl", "target \"app\" {\n  cache-from = [\"type=gha,scope=app\"]\n}\n")
	b := write(t, dir, "docker-bake.override.hcl", "target \"app\" {\n  cache-to = [\"type=gha,scope=app,mode=max\"]\n}\n")
	fs := Read([]string{a, b}, Options{})
	if len(fs) != 2 || len(fs[0].Builds) != 1 {
		t.Fatalf("files %+v", fs)
	}
	app := fs[0].Builds[0]
	if len(app.CacheFrom) != 1 || len(app.CacheTo) != 1 || app.CacheToPos[0].File != b || app.CacheToPos[0].Line != 2 {
		t.Errorf("merged target: %q %q at %+v", app.CacheFrom, app.CacheTo, app.CacheToPos)
	}
}

// TestRenderedFilesReadBack: bake files printed by the render package
// read back through this reader to the same entries.
func TestRenderedFilesReadBack(t *testing.T) {
	dir := t.TempDir()
	rapid.Check(t, func(rt *rapid.T) {
		values := rapid.SliceOfN(rapid.SampledFrom([]string{
			"type=gha,scope=a,mode=max", "type=registry,ref=ghcr.io/o/a:cache", "type=local,dest=/tmp/c",
			"type=s3,region=r,bucket=b,name=${x}", `type=local,"dest=/tmp/a,b"`, "type=azblob,account_url=https://a.blob.core.windows.net,name=%{x}",
		}), 1, 4).Draw(rt, "values")
		entries, err := cachespec.ParseList(values)
		if err != nil {
			rt.Fatal(err)
		}
		entries = cachespec.NormalizeList(entries)
		for _, form := range []render.Form{render.BakeHCL, render.BakeJSON} {
			text, err := render.Render(form, cachespec.Export, entries)
			if err != nil {
				rt.Fatal(err)
			}
			name := "docker-bake.hcl"
			if form == render.BakeJSON {
				name = "docker-bake.json"
			}
			f := ReadFile(write(rt, dir, name, text), Options{})
			if len(f.Problems) != 0 || len(f.Builds) != 1 {
				rt.Fatalf("%s: problems %+v builds %d\n%s", form, f.Problems, len(f.Builds), text)
			}
			got, err := cachespec.ParseList(f.Builds[0].CacheTo)
			if err != nil {
				rt.Fatalf("%s: %v", form, err)
			}
			if len(got) != len(entries) {
				rt.Fatalf("%s: %d entries, want %d", form, len(got), len(entries))
			}
			for i := range got {
				if cachespec.Format(cachespec.Normalize(got[i])) != cachespec.Format(cachespec.Normalize(entries[i])) {
					rt.Fatalf("%s: entry %d = %s, want %s", form, i, cachespec.Format(got[i]), cachespec.Format(entries[i]))
				}
			}
		}
	})
}
