package bakefile

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/interop/bakefile/internal/loader"
	"github.com/docker/buildx/bake"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func write(t tb, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// builds indexes the builds of files by "name@group".
func builds(files []source.File) map[string]validate.Build {
	m := map[string]validate.Build{}
	for _, f := range files {
		for _, b := range f.Builds {
			m[b.Name+"@"+b.Source.Group] = b
		}
	}
	return m
}

func sortedKeys(m map[string]validate.Build) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// val is an expected value: its text and where it is ("file:line:col",
// the file relative to the test's directory), and whether exactly.
type val struct {
	text  string
	at    string
	exact bool
}

func (v val) String() string { return fmt.Sprintf("%q at %s exact=%v", v.text, v.at, v.exact) }

func got(dir string, vals []string, pos []diag.Span) []val {
	out := make([]val, len(vals))
	for i := range vals {
		p := pos[i]
		rel, err := filepath.Rel(dir, p.File)
		if err != nil || dir == "" {
			rel = p.File
		}
		out[i] = val{vals[i], fmt.Sprintf("%s:%d:%d", rel, p.Start.Line, p.Start.Col), p.Exact}
	}
	return out
}

func noProblems(t *testing.T, files []source.File) {
	t.Helper()
	for _, f := range files {
		for _, d := range f.Diagnostics {
			t.Errorf("unexpected diagnostic: %s", d)
		}
	}
}

// env is an environment of the variables in m.
func env(m map[string]string) cachespec.Env {
	if m == nil {
		return nil
	}
	return cachespec.MapEnv(m)
}

// vars are options whose environment holds the variables in m.
func vars(m map[string]string) source.Options { return source.Options{Env: env(m)} }

// readFile reads one bake file.
func readFile(path string, opts source.Options) source.File {
	return ReadFiles([]string{path}, opts)[0]
}

// input is a file given by content.
func input(name, data string) []source.Input {
	return []source.Input{{Path: name, Content: []byte(data)}}
}

// pinned sets every variable the testdata files use, so that the process
// environment cannot change the results.
var pinned = map[string]string{"REGISTRY": "ghcr.io/acme", "TAG": "v1"}

func TestTestdataHCL(t *testing.T) {
	files := ReadFiles([]string{"testdata/docker-bake.hcl"}, vars(pinned))
	noProblems(t, files)
	m := builds(files)
	want := []string{"api@default", "api@release", "worker-email@default", "worker-email@workers", "worker-video@default", "worker-video@workers"}
	if !slices.Equal(sortedKeys(m), want) {
		t.Fatalf("builds %q, want %q (the base _cache is not a build of its own)", sortedKeys(m), want)
	}
	api := m["api@default"]
	if api.Source.Def.String() != "testdata/docker-bake.hcl:28:1" || api.Origin != validate.OriginBake {
		t.Errorf("api at %s origin %v", api.Source.Def, api.Origin)
	}
	if !slices.Equal(api.Tags, []string{"ghcr.io/acme/api:v1"}) || !slices.Equal(api.Platforms, []string{"linux/amd64", "linux/arm64"}) || api.Push == nil || !*api.Push {
		t.Errorf("api tags %q platforms %q push %v", api.Tags, api.Platforms, api.Push)
	}
	check(t, "", "api cache-from", got("", api.CacheFrom, api.Source.CacheFrom), []val{
		{"type=gha,scope=shared", "testdata/docker-bake.hcl:25:18", true}, // inherited from _cache, at its literal
	})
	check(t, "", "api cache-to", got("", api.CacheTo, api.Source.CacheTo), []val{
		{"type=registry,ref=ghcr.io/acme/api:cache,mode=max", "testdata/docker-bake.hcl:33:18", false}, // a function call
		{"type=gha,scope=api,mode=max", "testdata/docker-bake.hcl:33:68", true},
	})
	w := m["worker-video@workers"]
	if w.Source.Def.String() != "testdata/docker-bake.hcl:36:1" || !slices.Equal(w.Tags, []string{"ghcr.io/acme/worker-video:v1"}) || w.Push != nil {
		t.Errorf("worker-video at %s tags %q push %v", w.Source.Def, w.Tags, w.Push)
	}
	check(t, "", "worker-video cache-to", got("", w.CacheTo, w.Source.CacheTo), []val{
		{"type=gha,scope=worker-video,mode=max", "testdata/docker-bake.hcl:41:16", false}, // a matrix value
	})

	// variables from Options.Vars, as from the environment
	m = builds(ReadFiles([]string{"testdata/docker-bake.hcl"}, vars(map[string]string{"REGISTRY": "registry.example/team", "TAG": "v2"})))
	if got := m["api@release"].CacheTo[0]; got != "type=registry,ref=registry.example/team/api:cache,mode=max" {
		t.Errorf("with REGISTRY set: %q", got)
	}
}

func TestTestdataJSON(t *testing.T) {
	files := ReadFiles([]string{"testdata/docker-bake.json"}, vars(pinned))
	if len(files) != 1 || len(files[0].Diagnostics) != 1 {
		t.Fatalf("files %+v", files)
	}
	p := files[0].Diagnostics[0]
	if p.Range.String() != "testdata/docker-bake.json:15:7" || p.Rule != validate.IgnoredCacheKey.Name || p.Severity != validate.SeverityWarning ||
		!strings.Contains(p.Message, `"cache_to"`) || p.Fix().Message != "rename it to cache-to" {
		t.Errorf("problem %+v", p)
	}
	m := builds(files)
	web := m["web@default"]
	if web.Source.Def.String() != "testdata/docker-bake.json:9:5" {
		t.Errorf("web at %s", web.Source.Def)
	}
	check(t, "", "web cache-from", got("", web.CacheFrom, web.Source.CacheFrom), []val{
		{"type=gha,scope=web", "testdata/docker-bake.json:11:23", true},
		{`{"type": "registry", "ref": "ghcr.io/acme/web:cache"}`, "testdata/docker-bake.json:11:44", true}, // the object as written
	})
	check(t, "", "web cache-to", got("", web.CacheTo, web.Source.CacheTo), []val{
		{"type=gha,scope=web-v1,mode=max", "testdata/docker-bake.json:12:21", false},
	})
	// the misspelled attribute is ignored: docs has no cache
	if docs, ok := m["docs@default"]; !ok || len(docs.CacheTo) != 0 {
		t.Errorf("docs: %+v", docs)
	}
}

func TestTestdataCompose(t *testing.T) {
	files := ReadFiles([]string{"testdata/compose.yaml"}, source.Options{})
	if len(files[0].Diagnostics) != 1 {
		t.Fatalf("problems %+v", files[0].Diagnostics)
	}
	if p := files[0].Diagnostics[0]; p.Range.String() != "testdata/compose.yaml:16:9" || p.Rule != validate.IgnoredCacheKey.Name || p.Fix().Message != "rename it to cache-from" {
		t.Errorf("x-bake misspelling: %+v", p)
	}
	m := builds(files)
	if len(m) != 1 {
		t.Fatalf("builds %q (db has no build section)", sortedKeys(m))
	}
	api := m["api@default"]
	if api.Source.Def.String() != "testdata/compose.yaml:7:3" || !slices.Equal(api.Tags, []string{"ghcr.io/acme/api:latest"}) {
		t.Errorf("api at %s tags %q", api.Source.Def, api.Tags)
	}
	check(t, "", "api cache-from", got("", api.CacheFrom, api.Source.CacheFrom), []val{
		{"type=gha,scope=shared", "testdata/compose.yaml:5:7", true}, // through the merge key, at the anchor
	})
	check(t, "", "api cache-to", got("", api.CacheTo, api.Source.CacheTo), []val{
		{"type=registry,ref=ghcr.io/acme/api:cache,mode=max", "testdata/compose.yaml:13:12", true},
		{"type=gha,scope=api,mode=max", "testdata/compose.yaml:15:19", true}, // x-bake's one-string form
	})
}

func check(t *testing.T, dir, what string, got, want []val) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %v\n want %v", what, got, want)
	}
}

// TestResolve checks, on files written to a directory, that each build's
// values are what bake resolves, given as written where they are literals,
// at their line and column.
func TestResolve(t *testing.T) {
	type build struct {
		from, to []val
	}
	tests := []struct {
		name  string
		files [][2]string // name, content; read in this order
		vars  map[string]string
		want  map[string]build // by "name@group"
	}{{
		name: "literals",
		files: [][2]string{{"docker-bake.hcl", `target "app" {
  cache-from = ["type=gha,scope=app", "ghcr.io/o/app:cache"]
  cache-to   = ["type=gha,scope=app,mode=max"]
}
`}},
		want: map[string]build{"app@target app": {
			from: []val{{"type=gha,scope=app", "docker-bake.hcl:2:18", true}, {"ghcr.io/o/app:cache", "docker-bake.hcl:2:40", true}},
			to:   []val{{"type=gha,scope=app,mode=max", "docker-bake.hcl:3:18", true}},
		}},
	}, {
		name: "variable and escape",
		files: [][2]string{{"docker-bake.hcl", `variable "BXC_T_SCOPE" {
  default = "main"
}
target "app" {
  cache-to = ["type=gha,scope=app-${BXC_T_SCOPE},mode=max", "type=local,dest=/tmp/$${x}"]
}
`}},
		vars: map[string]string{"BXC_T_SCOPE": "pr-1"},
		want: map[string]build{"app@target app": {
			to: []val{{"type=gha,scope=app-pr-1,mode=max", "docker-bake.hcl:5:16", false}, {"type=local,dest=/tmp/${x}", "docker-bake.hcl:5:62", false}},
		}},
	}, {
		name: "inherits: cache-from appended, cache-to replaced",
		files: [][2]string{{"docker-bake.hcl", `target "base" {
  cache-from = ["type=gha,scope=base"]
  cache-to   = ["type=gha,scope=base,mode=max"]
}
target "app" {
  inherits   = ["base"]
  cache-from = ["type=gha,scope=app"]
  cache-to   = ["type=gha,scope=app,mode=max"]
}
target "lib" {
  inherits = ["base"]
}
group "default" {
  targets = ["app", "lib"]
}
`}},
		want: map[string]build{
			"app@default": {
				from: []val{{"type=gha,scope=base", "docker-bake.hcl:2:18", true}, {"type=gha,scope=app", "docker-bake.hcl:7:18", true}},
				to:   []val{{"type=gha,scope=app,mode=max", "docker-bake.hcl:8:18", true}},
			},
			"lib@default": {
				from: []val{{"type=gha,scope=base", "docker-bake.hcl:2:18", true}},
				to:   []val{{"type=gha,scope=base,mode=max", "docker-bake.hcl:3:18", true}},
			},
		},
	}, {
		name: "matrix and group",
		files: [][2]string{{"docker-bake.hcl", `group "default" {
  targets = ["svc"]
}
target "svc" {
  name     = "svc-${s}"
  matrix   = { s = ["a", "b"] }
  cache-to = ["type=gha,scope=${s}", "type=gha,scope=all"]
}
`}},
		want: map[string]build{
			"svc-a@default": {to: []val{{"type=gha,scope=a", "docker-bake.hcl:7:16", false}, {"type=gha,scope=all", "docker-bake.hcl:7:39", true}}},
			"svc-a@svc":     {to: []val{{"type=gha,scope=a", "docker-bake.hcl:7:16", false}, {"type=gha,scope=all", "docker-bake.hcl:7:39", true}}},
			"svc-b@default": {to: []val{{"type=gha,scope=b", "docker-bake.hcl:7:16", false}, {"type=gha,scope=all", "docker-bake.hcl:7:39", true}}},
			"svc-b@svc":     {to: []val{{"type=gha,scope=b", "docker-bake.hcl:7:16", false}, {"type=gha,scope=all", "docker-bake.hcl:7:39", true}}},
		},
	}, {
		name: "a whole list from a variable",
		files: [][2]string{{"docker-bake.hcl", `variable "CACHE" {
  default = ["type=gha,scope=x", "type=gha,scope=y"]
}
target "app" {
  cache-from = CACHE
}
`}},
		want: map[string]build{"app@target app": {
			from: []val{{"type=gha,scope=x", "docker-bake.hcl:5:16", false}, {"type=gha,scope=y", "docker-bake.hcl:5:16", false}},
		}},
	}, {
		name: "as written: a ref list once, a repeated key kept, white space kept; a repeated entry dropped as bake drops it",
		files: [][2]string{{"docker-bake.hcl", `target "app" {
  cache-from = ["a.io/x:c,a.io/y:c", "type=gha, scope=x"]
  cache-to   = ["type=gha,mode=max,mode=min", "type=gha,mode=min"]
}
`}},
		want: map[string]build{"app@target app": {
			from: []val{{"a.io/x:c,a.io/y:c", "docker-bake.hcl:2:18", true}, {"type=gha, scope=x", "docker-bake.hcl:2:39", true}},
			to:   []val{{"type=gha,mode=max,mode=min", "docker-bake.hcl:3:18", true}},
		}},
	}, {
		name: "objects",
		files: [][2]string{{"docker-bake.hcl", `target "app" {
  cache-from = [{ type = "gha", scope = "app" }, { type = "local", src = "/c,d" }]
  cache-to   = [{ type = "gha", Scope = "app" }]
}
`}},
		want: map[string]build{"app@target app": {
			from: []val{{`{"scope":"app","type":"gha"}`, "docker-bake.hcl:2:17", false}, {`{"src":"/c,d","type":"local"}`, "docker-bake.hcl:2:50", false}},
			to:   []val{{`{"Scope":"app","type":"gha"}`, "docker-bake.hcl:3:17", false}},
		}},
	}, {
		name: "json",
		files: [][2]string{{"docker-bake.json", `{"variable": {"BXC_T_V": {"default": "x"}},
 "target": {"app": {
  "cache-from": ["type=gha,scope=\u0061pp", {"type": "gha", "scope": "${BXC_T_V}"}],
  "cache-to": ["type=gha,scope=app,mode=max"]}}}
`}},
		want: map[string]build{"app@target app": {
			from: []val{{"type=gha,scope=app", "docker-bake.json:3:19", false}, {"type=gha,scope=x", "docker-bake.json:3:45", false}},
			to:   []val{{"type=gha,scope=app,mode=max", "docker-bake.json:4:17", true}},
		}},
	}, {
		name: "several files: cache-from merged, cache-to replaced by the later file",
		files: [][2]string{
			{"docker-bake.hcl", "target \"app\" {\n  cache-from = [\"type=gha,scope=a\"]\n  cache-to = [\"type=gha,scope=a\"]\n}\n"},
			{"docker-bake.override.json", `{"target": {"app": {"cache-from": ["type=gha,scope=b"], "cache-to": ["type=gha,scope=b"]}}}`},
		},
		want: map[string]build{"app@target app": {
			from: []val{{"type=gha,scope=a", "docker-bake.hcl:2:18", true}, {"type=gha,scope=b", "docker-bake.override.json:1:37", true}},
			to:   []val{{"type=gha,scope=b", "docker-bake.override.json:1:71", true}},
		}},
	}, {
		name: "compose and hcl",
		files: [][2]string{
			{"compose.yaml", "services:\n  web:\n    build:\n      context: .\n      cache_from: [\"type=gha,scope=web\", \"type=gha,scope=$$x\"]\n      x-bake:\n        cache-to: [\"type=gha,scope=web\"]\n"},
			{"docker-bake.hcl", "target \"web\" {\n  cache-from = [\"type=gha,scope=hcl\"]\n}\n"},
		},
		want: map[string]build{"web@default": {
			from: []val{{"type=gha,scope=web", "compose.yaml:5:21", true}, {"type=gha,scope=$x", "compose.yaml:5:43", false}, {"type=gha,scope=hcl", "docker-bake.hcl:2:18", true}},
			to:   []val{{"type=gha,scope=web", "compose.yaml:7:21", true}},
		}},
	}, {
		name: "compose anchors and tags",
		files: [][2]string{
			{"compose.yaml", "x-c: &c type=gha,scope=anchored\nservices:\n  web:\n    build:\n      cache_from:\n        - *c\n        - !!str type=gha,scope=tagged\n"},
		},
		want: map[string]build{"web@default": {
			from: []val{{"type=gha,scope=anchored", "compose.yaml:1:9", true}, {"type=gha,scope=tagged", "compose.yaml:7:17", true}},
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var paths []string
			for _, f := range tt.files {
				paths = append(paths, write(t, dir, f[0], f[1]))
			}
			files := ReadFiles(paths, vars(tt.vars))
			noProblems(t, files)
			m := builds(files)
			if !slices.Equal(sortedKeys(m), slices.Sorted(func(yield func(string) bool) {
				for k := range tt.want {
					if !yield(k) {
						return
					}
				}
			})) {
				t.Fatalf("builds %q", sortedKeys(m))
			}
			for k, w := range tt.want {
				b := m[k]
				check(t, dir, k+" cache-from", got(dir, b.CacheFrom, b.Source.CacheFrom), w.from)
				check(t, dir, k+" cache-to", got(dir, b.CacheTo, b.Source.CacheTo), w.to)
				exactOffsets(t, k, b)
			}
		})
	}
}

// exactOffsets checks that each exactly placed value of an HCL or JSON
// file is at its span's byte offset in the file.
func exactOffsets(t *testing.T, name string, b validate.Build) {
	t.Helper()
	for _, d := range []struct {
		vals  []string
		spans []diag.Span
	}{{b.CacheFrom, b.Source.CacheFrom}, {b.CacheTo, b.Source.CacheTo}} {
		for i, sp := range d.spans {
			if !sp.Exact || strings.HasSuffix(sp.File, ".yaml") {
				continue // YAML positions have no offsets
			}
			data, err := os.ReadFile(sp.File)
			if err != nil {
				t.Fatal(err)
			}
			if o := sp.Start.Offset; o+len(d.vals[i]) > len(data) || string(data[o:o+len(d.vals[i])]) != d.vals[i] {
				t.Errorf("%s: %q is not at byte %d of %s", name, d.vals[i], o, sp.File)
			}
		}
	}
}

// TestReadFilesOrder: ReadFiles gives one File per path, in order, an
// unreadable file among them; Reader reads inputs as Read does.
func TestReadFilesOrder(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.hcl", "target \"one\" {\n  cache-to = [\"type=gha,scope=one\"]\n}\n")
	missing := filepath.Join(dir, "missing.hcl")
	b := write(t, dir, "b.json", `{"target": {"two": {"cache-to": ["type=gha,scope=two"]}}}`)
	files := ReadFiles([]string{a, missing, b}, source.Options{})
	if len(files) != 3 || files[0].Path != a || files[1].Path != missing || files[2].Path != b {
		t.Fatalf("files %+v", files)
	}
	if len(files[0].Builds) != 1 || len(files[2].Builds) != 1 || len(files[0].Diagnostics)+len(files[2].Diagnostics) != 0 {
		t.Errorf("the readable files: %+v", files)
	}
	if ds := files[1].Diagnostics; len(ds) != 1 || ds[0].Rule != validate.UnreadableFile.Name || ds[0].Range.File != missing {
		t.Errorf("the missing file: %+v", ds)
	}
	in := input("docker-bake.hcl", "target \"x\" {\n  cache-to = [\"type=gha\"]\n}\n")
	if r, w := Reader.Read(in, source.Options{}), Read(in, source.Options{}); len(r) != 1 || len(r[0].Builds) != 1 || r[0].Builds[0].Name != w[0].Builds[0].Name {
		t.Errorf("Reader.Read %+v, Read %+v", r, w)
	}
	if fs := ReadFiles(nil, source.Options{}); len(fs) != 0 {
		t.Errorf("no paths: %+v", fs)
	}
}

// TestEnvOnly: variables come from source.Options.Env, bake variables and
// their _JSON overrides, and compose interpolation alike.
func TestEnvOnly(t *testing.T) {
	dir := t.TempDir()
	h := write(t, dir, "docker-bake.hcl", `variable "BXC_T_S" {
  default = "d"
}
variable "BXC_T_LIST" {
  type    = list(string)
  default = []
}
target "a" {
  cache-to   = ["type=gha,scope=${BXC_T_S}"]
  cache-from = BXC_T_LIST
}
`)
	c := write(t, dir, "compose.yaml", "services:\n  web:\n    build:\n      context: .\n      cache_to: [\"type=gha,scope=c-${BXC_T_C}\"]\n")
	files := ReadFiles([]string{h, c}, vars(map[string]string{"BXC_T_S": "s", "BXC_T_LIST_JSON": `["type=gha,scope=l"]`, "BXC_T_C": "x"}))
	noProblems(t, files)
	m := builds(files)
	if a := m["a@target a"]; !slices.Equal(a.CacheTo, []string{"type=gha,scope=s"}) || !slices.Equal(a.CacheFrom, []string{"type=gha,scope=l"}) {
		t.Errorf("a: cache-to %q cache-from %q", a.CacheTo, a.CacheFrom)
	}
	if w := m["web@default"]; !slices.Equal(w.CacheTo, []string{"type=gha,scope=c-x"}) {
		t.Errorf("web: cache-to %q", w.CacheTo)
	}
}

// TestBuildsAttachedToTheirFile: a build is given with the file that
// first defines its target.
func TestBuildsAttachedToTheirFile(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.hcl", "target \"one\" {\n  cache-to = [\"type=gha,scope=one\"]\n}\n")
	b := write(t, dir, "b.hcl", "target \"two\" {\n  cache-to = [\"type=gha,scope=two\"]\n}\ntarget \"one\" {\n  tags = [\"x\"]\n}\n")
	files := ReadFiles([]string{a, b}, source.Options{})
	if len(files) != 2 || len(files[0].Builds) != 1 || files[0].Builds[0].Name != "one" || len(files[1].Builds) != 1 || files[1].Builds[0].Name != "two" {
		t.Fatalf("files %+v", files)
	}
	if one := files[0].Builds[0]; !slices.Equal(one.Tags, []string{"x"}) {
		t.Errorf("one: tags %q from the second file", one.Tags)
	}
}

// TestEnvironment: variables Options.Vars leaves out come from the process
// environment, as with docker buildx bake; Vars win.
func TestEnvironment(t *testing.T) {
	if v, _ := strconv.ParseBool(os.Getenv("BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP")); v {
		t.Skip("bake's environment lookup is disabled")
	}
	t.Setenv("BXC_T_ENV_SCOPE", "from-env")
	p := write(t, t.TempDir(), "docker-bake.hcl", "variable \"BXC_T_ENV_SCOPE\" {\n  default = \"d\"\n}\ntarget \"a\" {\n  cache-to = [\"type=gha,scope=${BXC_T_ENV_SCOPE}\"]\n}\n")
	if got := readFile(p, source.Options{}).Builds[0].CacheTo; !slices.Equal(got, []string{"type=gha,scope=from-env"}) {
		t.Errorf("from the environment: %q", got)
	}
	if got := readFile(p, vars(map[string]string{"BXC_T_ENV_SCOPE": "from-vars"})).Builds[0].CacheTo; !slices.Equal(got, []string{"type=gha,scope=from-vars"}) {
		t.Errorf("from Vars: %q", got)
	}
}

// TestBakeIgnoresUnknownAttributes pins the behaviour the misspelling
// warnings rest on: bake v0.38.2 loads a target with attributes it does
// not know, silently, and the target has no cache.
func TestBakeIgnoresUnknownAttributes(t *testing.T) {
	for name, data := range map[string]string{
		"a.hcl":  "target \"a\" {\n  cache_from = [\"type=gha\"]\n  cacheTo = [\"type=gha\"]\n  foo = 1\n}\n",
		"a.json": `{"target": {"a": {"cache_from": ["type=gha"], "cacheTo": ["type=gha"], "foo": 1}}}`,
	} {
		files := []bake.File{{Name: name, Data: []byte(data)}}
		ts, _, err := bake.ReadTargets(t.Context(), files, []string{"a"}, nil, nil, nil, &bake.EntitlementConf{})
		if err != nil {
			t.Fatalf("%s: bake refuses it: %v", name, err)
		}
		if a := ts["a"]; a == nil || len(a.CacheFrom) != 0 || len(a.CacheTo) != 0 {
			t.Errorf("%s: target %+v", name, a)
		}
	}
}

func TestMisspelledKeys(t *testing.T) {
	tests := []struct {
		key, fix string // fix "" means not reported
	}{
		{"cache_from", "cache-from"},
		{"cache_to", "cache-to"},
		{"cacheFrom", "cache-from"},
		{"cachefrom", "cache-from"},
		{"cache-From", "cache-from"},
		{"CACHE_TO", "cache-to"},
		{"cache-form", "cache-from"},
		{"cahce-to", "cache-to"},
		{"cache-from", ""},
		{"cache-to", ""},
		{"cache", ""},
		{"x-cache", ""},
		{"caches", ""},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		for _, form := range []string{"hcl", "json", "compose"} {
			t.Run(tt.key+"/"+form, func(t *testing.T) {
				var name, data string
				var line, col int
				switch form {
				case "hcl":
					name, data, line, col = "docker-bake.hcl", fmt.Sprintf("target \"a\" {\n  %s = [\"type=gha\"]\n}\n", tt.key), 2, 3
				case "json":
					name, data, line, col = "docker-bake.json", fmt.Sprintf("{\"target\": {\"a\": {\n  %q: [\"type=gha\"]}}}\n", tt.key), 2, 3
				case "compose":
					name, data, line, col = "compose.yaml", fmt.Sprintf("services:\n  a:\n    build:\n      context: .\n      x-bake:\n        %s: [type=gha]\n", tt.key), 6, 9
				}
				files := ReadFiles([]string{write(t, dir, name, data)}, source.Options{})
				probs := files[0].Diagnostics
				if tt.fix == "" {
					if len(probs) != 0 {
						t.Fatalf("problems %+v", probs)
					}
					return
				}
				if len(probs) != 1 {
					t.Fatalf("problems %+v", probs)
				}
				p := probs[0]
				if p.Rule != validate.IgnoredCacheKey.Name || p.Severity != validate.SeverityWarning || p.Range.Start.Line != line || p.Range.Start.Col != col ||
					!strings.Contains(p.Message, strconv.Quote(tt.key)) || !strings.Contains(p.Message, tt.fix) || p.Fix().Message != "rename it to "+tt.fix {
					t.Errorf("problem %+v", p)
				}
				// bake ignores it: the build has no cache and no other problem
				if bs := files[0].Builds; len(bs) != 1 || len(bs[0].CacheFrom)+len(bs[0].CacheTo) != 0 {
					t.Errorf("builds %+v", bs)
				}
			})
		}
	}
}

// TestSyntaxErrors: a file bake cannot parse or refuses gives a problem
// naming the file with Buildx's message, and the other file is still read.
func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, file, data string
		line, col        int
		msg              string
		fix              string
	}{
		{"malformed hcl", "bad.hcl", "target \"a\" {\n  cache-to = [\n", 3, 1, "bad.hcl:3,1-1: Missing expression", ""},
		{"malformed json", "bad.json", "{\"target\": {\"a\": {\"cache-to\": [}}}", 1, 32, "bad.json:1,32-33: Missing JSON value", ""},
		{"malformed yaml", "compose.yaml", "services:\n  a: [\n", 2, 0, "not valid YAML", ""},
		{"json not an object", "bad.json", "[]", 1, 1, "A JSON object is required here", ""},
		{"a string for a list", "bad.hcl", "target \"a\" {\n  cache-to = \"type=gha\"\n}\n", 2, 15, "list of map of string required, but have string", ""},
		{"a value without a type", "bad.hcl", "target \"a\" {\n  cache-to = [\"mode=max\"]\n}\n", 2, 14, `type required for "mode=max"`, ""},
		{"an undefined variable", "bad.hcl", "target \"a\" {\n  cache-to = [\"type=gha,scope=${BXC_T_UNDEFINED}\"]\n}\n", 2, 33, `There is no variable named "BXC_T_UNDEFINED"`, ""},
		{"compose: a misspelled build key", "compose.yaml", "services:\n  a:\n    build:\n      context: .\n      cache-from: [type=gha]\n", 5, 7, "services.a.build additional properties 'cache-from' not allowed", "rename cache-from to cache_from"},
		{"compose: a string for a list", "compose.yaml", "services:\n  a:\n    build:\n      context: .\n      cache_from: type=gha\n", 5, 7, "services.a.build.cache_from must be a array", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			bad := write(t, dir, tt.file, tt.data)
			good := write(t, dir, "good.hcl", "target \"g\" {\n  cache-to = [\"type=gha,scope=g\"]\n}\n")
			files := ReadFiles([]string{bad, good}, source.Options{})
			if len(files[0].Diagnostics) != 1 {
				t.Fatalf("problems %+v", files[0].Diagnostics)
			}
			p := files[0].Diagnostics[0]
			if p.Rule != validate.FileSyntaxError.Name || p.Severity != validate.SeverityError || p.Range.File != bad || p.Range.Start.Line != tt.line || p.Range.Start.Col != tt.col ||
				!strings.Contains(p.Message, tt.msg) || p.Fix().Message != tt.fix {
				t.Errorf("problem %s %+v", p.Range, p)
			}
			if len(files[1].Diagnostics) != 0 || len(files[1].Builds) != 1 || files[1].Builds[0].CacheTo[0] != "type=gha,scope=g" {
				t.Errorf("the good file: %+v", files[1])
			}
		})
	}
}

// TestRefusedValuesStillChecked: the literal values of a file bake refuses
// are checked as written, at their positions.
func TestRefusedValuesStillChecked(t *testing.T) {
	p := write(t, t.TempDir(), "docker-bake.hcl", "target \"a\" {\n  cache-to = [\"mode=max\", \"inline\", \"type=gha,scope=${NOPE}\"]\n}\n")
	f := readFile(p, source.Options{})
	if len(f.Diagnostics) != 1 || len(f.Builds) != 1 {
		t.Fatalf("problems %+v builds %+v", f.Diagnostics, f.Builds)
	}
	b := f.Builds[0]
	if b.Source.Group != "file "+p {
		t.Errorf("group %q", b.Source.Group)
	}
	check(t, filepath.Dir(p), "cache-to", got(filepath.Dir(p), b.CacheTo, b.Source.CacheTo), []val{
		{"mode=max", "docker-bake.hcl:2:16", true},
		{"inline", "docker-bake.hcl:2:28", true},
		{"type=gha,scope=${NOPE}", "docker-bake.hcl:2:38", false},
	})
	rules := map[string]bool{}
	for _, d := range validate.Check(b) {
		rules[d.Rule] = true
	}
	if !rules["MissingCacheType"] || !rules["KeywordAsCacheRef"] {
		t.Errorf("rules on the values as written: %v", rules)
	}
}

// TestUnresolvableTarget: a target bake cannot resolve is a problem at the
// target; the other targets are resolved.
func TestUnresolvableTarget(t *testing.T) {
	p := write(t, t.TempDir(), "docker-bake.hcl", "target \"a\" {\n  inherits = [\"missing\"]\n  cache-to = [\"type=gha,scope=a\"]\n}\ntarget \"b\" {\n  cache-to = [\"type=gha,scope=${upper(\"b\")}\"]\n}\n")
	f := readFile(p, source.Options{})
	if len(f.Diagnostics) != 1 || f.Diagnostics[0].Range.Start.Line != 1 || !strings.Contains(f.Diagnostics[0].Message, "failed to find target missing") {
		t.Fatalf("problems %+v", f.Diagnostics)
	}
	m := builds([]source.File{f})
	if a := m["a@file "+p]; len(a.CacheTo) != 1 {
		t.Errorf("a as written: %+v", a)
	}
	if b := m["b@target b"]; !slices.Equal(b.CacheTo, []string{"type=gha,scope=B"}) {
		t.Errorf("b resolved: %+v", b)
	}
}

// TestInheritanceCycle: targets that inherit each other are read without
// looping, as bake reads them.
func TestInheritanceCycle(t *testing.T) {
	p := write(t, t.TempDir(), "docker-bake.hcl", "target \"a\" {\n  inherits = [\"b\"]\n}\ntarget \"b\" {\n  inherits = [\"a\"]\n  cache-to = [\"type=gha\"]\n}\n")
	m := builds([]source.File{readFile(p, source.Options{})})
	if len(m["a@target a"].CacheTo) != 1 || len(m["b@target b"].CacheTo) != 1 {
		t.Errorf("builds %+v", m)
	}
}

func TestUnreadableFiles(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, data, msg string
	}{
		{"huge.hcl", "# " + strings.Repeat("x", 10<<20) + "\n", "larger than 4 MiB"},
		{"binary.hcl", "target \"a\" {\x00}", "NUL bytes"},
		{"latin1.json", "{\"target\": {\"a\": {\"tags\": [\"caf\xe9\"]}}}", "not valid UTF-8"},
		{"huge.yaml", "services: {}\n#" + strings.Repeat("x", 10<<20), "larger than 4 MiB"},
	}
	good := write(t, dir, "good.hcl", "target \"g\" {\n  cache-to = [\"type=gha\"]\n}\n")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := ReadFiles([]string{write(t, dir, tt.name, tt.data), good}, source.Options{})
			if len(files[0].Diagnostics) != 1 || files[0].Diagnostics[0].Rule != validate.UnreadableFile.Name || !strings.Contains(files[0].Diagnostics[0].Message, tt.msg) {
				t.Errorf("problems %+v", files[0].Diagnostics)
			}
			if len(files[1].Builds) != 1 {
				t.Errorf("the good file: %+v", files[1])
			}
		})
	}
	files := ReadFiles([]string{filepath.Join(dir, "missing.hcl")}, source.Options{})
	if len(files[0].Diagnostics) != 1 || files[0].Diagnostics[0].Rule != validate.UnreadableFile.Name {
		t.Errorf("missing file: %+v", files[0].Diagnostics)
	}
	fs := Read(input("stdin.hcl", "\x00"), source.Options{})
	if len(fs[0].Diagnostics) != 1 || fs[0].Diagnostics[0].Rule != validate.UnreadableFile.Name {
		t.Errorf("Read of binary data: %+v", fs[0].Diagnostics)
	}
}

// TestDeepNesting: files nested deep enough to overflow HCL's recursive
// parsers are refused before they are parsed, quickly.
func TestDeepNesting(t *testing.T) {
	tests := []struct{ name, data string }{
		{"brackets.hcl", "target \"a\" {\n  cache-to = " + strings.Repeat("[", 2<<20) + "\n}\n"},
		{"brackets.json", `{"target": {"a": {"cache-to": ` + strings.Repeat("[", 1<<20) + strings.Repeat("]", 1<<20) + "}}}"},
		{"negations.hcl", "target \"a\" {\n  cache-to = " + strings.Repeat("-", 3<<20) + "1\n}\n"},
		{"directives.hcl", "target \"a\" {\n  cache-to = [<<EOT\n" + strings.Repeat("%{ if true }", 300000) + "\nEOT\n  ]\n}\n"},
		{"unknown-extension", strings.Repeat("(", 3<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			fs := Read(input(tt.name, tt.data), source.Options{})
			if len(fs[0].Diagnostics) != 1 || fs[0].Diagnostics[0].Rule != validate.FileSyntaxError.Name || !strings.Contains(fs[0].Diagnostics[0].Message, "levels deep") {
				t.Errorf("problems %+v", fs[0].Diagnostics)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	// a realistic file is not refused
	if why := tooDeep([]byte("# " + strings.Repeat("-", 78) + "\ntarget \"a\" {\n  args = { A = [[1]] }\n}\n")); why != "" {
		t.Errorf("refused: %s", why)
	}
}

// TestGroupSets: the targets of a group are checked together, so a gha
// scope written by two targets of one group is a collision; a target of
// another group with the same scope is not part of that set.
func TestGroupSets(t *testing.T) {
	p := write(t, t.TempDir(), "docker-bake.hcl", `group "default" {
  targets = ["a", "b"]
}
group "other" {
  targets = ["c"]
}
target "a" {
  cache-to = ["type=gha,scope=shared,mode=max"]
}
target "b" {
  cache-to = ["type=gha,scope=shared,mode=max"]
}
target "c" {
  cache-to = ["type=gha,scope=shared,mode=max"]
}
`)
	f := readFile(p, source.Options{})
	sets := map[string][]validate.Build{}
	for _, b := range f.Builds {
		sets[b.Source.Group] = append(sets[b.Source.Group], b)
	}
	if len(sets) != 2 || len(sets["default"]) != 2 || len(sets["other"]) != 1 {
		t.Fatalf("sets %+v", sets)
	}
	for g, bs := range sets {
		var vb []validate.Build
		for _, b := range bs {
			vb = append(vb, b)
		}
		var hits []string
		for _, d := range validate.CheckAll(vb) {
			if d.Rule == "GHAScopeCollision" {
				hits = append(hits, fmt.Sprintf("%s:%d", bs[d.Build].Name, bs[d.Build].Source.CacheTo[d.Index].Start.Line))
			}
		}
		want := map[string][]string{"default": {"a:8", "b:11"}, "other": nil}[g]
		slices.Sort(hits)
		if !slices.Equal(hits, want) {
			t.Errorf("group %s: GHAScopeCollision at %q, want %q", g, hits, want)
		}
	}
}

func TestEntryText(t *testing.T) {
	tests := []struct {
		typ   string
		attrs map[string]string
		want  string
	}{
		{"registry", map[string]string{"ref": "ghcr.io/o/a:cache"}, "type=registry,ref=ghcr.io/o/a:cache"},
		{"gha", map[string]string{"mode": "max", "scope": "a"}, "type=gha,scope=a,mode=max"},
		{"local", map[string]string{"dest": "/a,b"}, `type=local,"dest=/a,b"`},
		{"gha", map[string]string{"mode": "maxx"}, "type=gha,mode=maxx"},
		{"gha", map[string]string{"Scope": "a"}, `{"Scope":"a","type":"gha"}`},
		{"gha", map[string]string{" mode": "max"}, "type=gha, mode=max"},
	}
	for _, tt := range tests {
		if got := entryText(&loader.CacheEntry{Type: tt.typ, Attrs: tt.attrs}); got != tt.want {
			t.Errorf("entryText(%s %v) = %q, want %q", tt.typ, tt.attrs, got, tt.want)
		}
	}
}
