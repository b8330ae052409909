package composefile

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// val is an expected value: its text, "line:col", and whether exactly.
type val struct {
	text  string
	at    string
	exact bool
}

func vals(texts []string, pos []diag.Span) []val {
	out := make([]val, len(texts))
	for i := range texts {
		out[i] = val{texts[i], fmt.Sprintf("%d:%d", pos[i].Start.Line, pos[i].Start.Col), pos[i].Exact}
	}
	return out
}

// env is an environment of the variables in m.
func env(m map[string]string) cachespec.Env {
	if m == nil {
		return nil
	}
	return cachespec.MapEnv(m)
}

// opts are options whose environment holds the pairs kv (name, value, ...).
func opts(kv ...string) source.Options {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return source.Options{Env: env(m)}
}

// readData reads one compose file from data.
func readData(path string, data []byte, o source.Options) source.File {
	fs := Read([]source.Input{{Path: path, Content: data}}, o)
	if len(fs) != 1 {
		panic(fmt.Sprintf("Read of one input gave %d files", len(fs)))
	}
	return fs[0]
}

// readFile reads the compose file at path.
func readFile(path string, o source.Options) source.File {
	return ReadFiles([]string{path}, o)[0]
}

func byName(f source.File) map[string]validate.Build {
	m := map[string]validate.Build{}
	for _, b := range f.Builds {
		m[b.Name] = b
	}
	return m
}

func TestTestdata(t *testing.T) {
	f := readFile("testdata/compose.yaml", opts("TAG", "v3"))
	if len(f.Diagnostics) != 0 || len(f.Builds) != 2 {
		t.Fatalf("diagnostics %+v builds %d", f.Diagnostics, len(f.Builds))
	}
	m := byName(f)
	api, worker := m["api"], m["worker"]
	if api.Source.Group != "shop" || api.Origin != validate.OriginCompose || api.Source.Def.String() != "testdata/compose.yaml:8:3" {
		t.Errorf("api: group %q origin %v at %s", api.Source.Group, api.Origin, api.Source.Def)
	}
	if !slices.Equal(api.Tags, []string{"ghcr.io/acme/api:v3"}) || !slices.Equal(api.Platforms, []string{"linux/amd64", "linux/arm64"}) {
		t.Errorf("api tags %q platforms %q", api.Tags, api.Platforms)
	}
	if got, want := vals(api.CacheFrom, api.Source.CacheFrom), []val{{"type=gha,scope=shared", "6:7", true}}; !slices.Equal(got, want) {
		t.Errorf("api cache_from (through the merge key, at the anchor) %v, want %v", got, want)
	}
	if got, want := vals(api.CacheTo, api.Source.CacheTo), []val{
		{"type=gha,scope=api,mode=max", "14:11", true},
		{"type=registry,ref=ghcr.io/acme/api:cache-v3", "15:12", false}, // interpolated
	}; !slices.Equal(got, want) {
		t.Errorf("api cache_to %v, want %v", got, want)
	}
	// worker extends api: compose merges api's build into it
	if !slices.Equal(worker.Tags, []string{"ghcr.io/acme/worker:edge", "ghcr.io/acme/worker"}) || worker.Source.Def.Start.Line != 17 {
		t.Errorf("worker tags %q at %s", worker.Tags, worker.Source.Def)
	}
	if got, want := vals(worker.CacheTo, worker.Source.CacheTo), []val{
		{"type=gha,scope=api,mode=max", "22:19", true},
		{"type=registry,ref=ghcr.io/acme/api:cache-v3", "15:12", false},
	}; !slices.Equal(got, want) {
		t.Errorf("worker cache_to %v, want %v", got, want)
	}
}

// TestPositions: where each kind of YAML scalar puts its value.
func TestPositions(t *testing.T) {
	tests := []struct {
		name, yaml string
		env        map[string]string
		want       val
	}{
		{"plain", "- type=gha,scope=a", nil, val{"type=gha,scope=a", "6:11", true}},
		{"double quoted", `- "type=gha,scope=a"`, nil, val{"type=gha,scope=a", "6:12", true}},
		{"single quoted", `- 'type=gha,scope=a'`, nil, val{"type=gha,scope=a", "6:12", true}},
		{"double quoted with an escape", `- "type=gha,scope=\x61"`, nil, val{"type=gha,scope=a", "6:11", false}},
		{"single quoted with a quote", `- 'type=local,"dest=it''s"'`, nil, val{`type=local,"dest=it's"`, "6:11", false}},
		{"flow sequence", `["type=gha,scope=a"]`, nil, val{"type=gha,scope=a", "5:21", true}},
		{"interpolated", "- type=gha,scope=${S}", map[string]string{"S": "b"}, val{"type=gha,scope=b", "6:11", false}},
		{"escaped dollar", "- type=gha,scope=$$x", nil, val{"type=gha,scope=$x", "6:11", false}},
		{"folded", "- >-\n          type=gha,\n          scope=a", nil, val{"type=gha, scope=a", "7:11", false}},
		{"alias", "- *v", nil, val{"type=gha,scope=anchored", "1:9", true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := "x-v: &v type=gha,scope=anchored\nservices:\n  a:\n    build:\n      cache_from: "
			if strings.HasPrefix(tt.yaml, "[") {
				data += tt.yaml + "\n"
			} else {
				data += "\n        " + tt.yaml + "\n"
			}
			o := source.Options{Env: func(k string) (string, bool) {
				if k == "COMPOSE_PROJECT_NAME" {
					return "p", true
				}
				v, ok := tt.env[k]
				return v, ok
			}}
			f := readData("compose.yaml", []byte(data), o)
			if len(f.Diagnostics) != 0 || len(f.Builds) != 1 {
				t.Fatalf("diagnostics %+v builds %+v\n%s", f.Diagnostics, f.Builds, data)
			}
			b := f.Builds[0]
			if got := vals(b.CacheFrom, b.Source.CacheFrom); !slices.Equal(got, []val{tt.want}) {
				t.Errorf("got %v, want %v\n%s", got, tt.want, data)
			}
		})
	}
}

func TestProjectName(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "My App")
	path := filepath.Join(dir, "compose.yaml")
	svc := "services:\n  a:\n    build: .\n"
	tests := []struct {
		name, data string
		opts       source.Options
		want       string
	}{
		{"directory", svc, source.Options{}, "myapp"},
		{"name in the file", "name: fromfile\n" + svc, source.Options{}, "fromfile"},
		{"COMPOSE_PROJECT_NAME", "name: fromfile\n" + svc, opts("COMPOSE_PROJECT_NAME", "fromenv"), "fromenv"},
		{"an empty COMPOSE_PROJECT_NAME", "name: fromfile\n" + svc, opts("COMPOSE_PROJECT_NAME", ""), "fromfile"},
	}
	for _, tt := range tests {
		f := readData(path, []byte(tt.data), tt.opts)
		if len(f.Builds) != 1 || f.Builds[0].Source.Group != tt.want {
			t.Errorf("%s: diagnostics %+v builds %+v", tt.name, f.Diagnostics, f.Builds)
		}
	}
}

// TestEnvironment: only source.Options.Env is read, never the process
// environment; an unset variable is unknown, kept as a template.
func TestEnvironment(t *testing.T) {
	t.Setenv("BXC_T_SCOPE", "from-process")
	data := []byte("services:\n  a:\n    build:\n      cache_to: [\"type=gha,scope=x${BXC_T_SCOPE}\"]\n")
	if got := readData("compose.yaml", data, source.Options{}).Builds[0].CacheTo; !slices.Equal(got, []string{"type=gha,scope=x${BXC_T_SCOPE}"}) {
		t.Errorf("without Env: %q", got)
	}
	if got := readData("compose.yaml", data, opts("BXC_T_SCOPE", "y")).Builds[0].CacheTo; !slices.Equal(got, []string{"type=gha,scope=xy"}) {
		t.Errorf("with Env: %q", got)
	}
}

// TestComposeRefusesUnknownKeys pins what compose-go does with a
// misspelled cache key: its schema refuses the file, so the reader reports
// an error, not a warning.
func TestComposeRefusesUnknownKeys(t *testing.T) {
	for _, data := range []string{
		"services:\n  a:\n    build:\n      context: .\n      cache-from: [x]\n",
		"services:\n  a:\n    build: .\n    cache_from: [x]\n",
	} {
		_, err := loader.LoadWithContext(t.Context(), types.ConfigDetails{
			WorkingDir:  t.TempDir(),
			ConfigFiles: []types.ConfigFile{{Filename: "compose.yaml", Content: []byte(data)}},
		}, func(o *loader.Options) { o.SetProjectName("p", true) })
		if err == nil {
			t.Errorf("compose-go accepts:\n%s", data)
		}
	}
}

func TestMisspelledKeys(t *testing.T) {
	tests := []struct {
		name, data string
		line, col  int
		fix        string
	}{
		{"cache-from", "services:\n  a:\n    build:\n      context: .\n      cache-from: [type=gha]\n", 5, 7, "rename it to cache_from"},
		{"cacheTo", "services:\n  a:\n    build:\n      context: .\n      cacheTo: [type=gha]\n", 5, 7, "rename it to cache_to"},
		{"CACHE_FROM", "services:\n  a:\n    build:\n      context: .\n      CACHE_FROM: [type=gha]\n", 5, 7, "rename it to cache_from"},
		{"cache-form", "services:\n  a:\n    build:\n      context: .\n      cache-form: [type=gha]\n", 5, 7, "rename it to cache_from"},
		{"under the service", "services:\n  a:\n    build: .\n    cache_to: [type=gha]\n", 4, 5, "move it under build: as cache_to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readData("compose.yaml", []byte(tt.data), opts("COMPOSE_PROJECT_NAME", "p"))
			if len(f.Diagnostics) != 1 {
				t.Fatalf("diagnostics %+v", f.Diagnostics)
			}
			p := f.Diagnostics[0]
			if p.Rule != validate.FileSyntaxError.Name || p.Severity != validate.SeverityError || p.Range.Start.Line != tt.line || p.Range.Start.Col != tt.col ||
				p.Fix().Message != tt.fix || !strings.Contains(p.Message, "compose refuses this file: services.a") {
				t.Errorf("diagnostic %s %+v", p.Range, p)
			}
		})
	}
	// both misspelled: both reported
	f := readData("compose.yaml", []byte("services:\n  a:\n    build:\n      cache-from: [x]\n      cache-to: [x]\n      cache_to: [type=gha,mode=maxx]\n"), opts("COMPOSE_PROJECT_NAME", "p"))
	if len(f.Diagnostics) != 2 || f.Diagnostics[0].Range.Start.Line != 4 || f.Diagnostics[1].Range.Start.Line != 5 {
		t.Errorf("diagnostics %+v", f.Diagnostics)
	}
	// the values under the right keys are still checked as written
	if len(f.Builds) != 1 || f.Builds[0].Source.Group != "file compose.yaml" || !slices.Equal(f.Builds[0].CacheTo, []string{"type=gha", "mode=maxx"}) {
		t.Errorf("builds %+v", f.Builds)
	}
}

func TestBadFiles(t *testing.T) {
	deepFlow := "services:\n  a:\n    build:\n      args: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"
	var deepBlock strings.Builder
	deepBlock.WriteString("services:\n  a:\n    build:\n      cache_to: [type=gha]\nx-deep:\n")
	for i := range 1000 {
		fmt.Fprintf(&deepBlock, "%s k:\n", strings.Repeat(" ", i+1))
	}
	laughs := "x-a: &a [a, a, a, a, a, a, a, a, a]\n"
	for i, c := range "bcdefgh" {
		prev := string("abcdefgh"[i])
		laughs += fmt.Sprintf("x-%c: &%c [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", c, c, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	laughs += "services:\n  a:\n    build:\n      cache_from: *h\n"
	tests := []struct {
		name, data string
		rule       string
		msg        string
		builds     int
	}{
		{"malformed", "services:\n  a: [\n", validate.FileSyntaxError.Name, "not valid YAML", 0},
		{"binary", "services:\x00", validate.UnreadableFile.Name, "NUL", 0},
		{"not UTF-8", "services:\n  a\xff: {}\n", validate.UnreadableFile.Name, "UTF-8", 0},
		{"ten MiB", "services: {}\n#" + strings.Repeat("x", 10<<20), validate.UnreadableFile.Name, "larger than", 0},
		{"deeply nested flow", deepFlow, validate.FileSyntaxError.Name, "", 0},
		{"deeply nested blocks", deepBlock.String(), "", "", 1},
		{"billion laughs", laughs, validate.FileSyntaxError.Name, "aliasing", 0},
		{"undefined alias", "services:\n  a:\n    build: *nope\n", validate.FileSyntaxError.Name, "not valid YAML", 0},
		{"merge of a scalar", "services:\n  a:\n    build:\n      <<: x\n      cache_to: [type=gha]\n", validate.FileSyntaxError.Name, "compose refuses this file", 1},
		{"not a mapping", "- a\n", validate.FileSyntaxError.Name, "", 0},
		{"empty", "", validate.FileSyntaxError.Name, "empty", 0},
		{"a string for a list", "services:\n  a:\n    build:\n      cache_from: type=gha\n", validate.FileSyntaxError.Name, "services.a.build.cache_from must be a array", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			f := readData("compose.yaml", []byte(tt.data), opts("COMPOSE_PROJECT_NAME", "p"))
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			if tt.rule == "" {
				if len(f.Diagnostics) != 0 {
					t.Errorf("diagnostics %+v", f.Diagnostics)
				}
			} else if len(f.Diagnostics) != 1 || f.Diagnostics[0].Rule != tt.rule || !strings.Contains(f.Diagnostics[0].Message, tt.msg) {
				t.Errorf("diagnostics %+v", f.Diagnostics)
			}
			if len(f.Builds) != tt.builds {
				t.Errorf("builds %+v", f.Builds)
			}
		})
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "compose.yaml")
	if err := os.WriteFile(big, []byte("services: {}\n#"+strings.Repeat("x", 10<<20)), 0o644); err != nil {
		t.Fatal(err)
	}
	if f := readFile(big, source.Options{}); len(f.Diagnostics) != 1 || f.Diagnostics[0].Rule != validate.UnreadableFile.Name {
		t.Errorf("ReadFiles of 10 MiB: %+v", f.Diagnostics)
	}
	if f := readFile(filepath.Join(dir, "missing.yaml"), source.Options{}); len(f.Diagnostics) != 1 || f.Diagnostics[0].Rule != validate.UnreadableFile.Name {
		t.Errorf("ReadFiles of a missing file: %+v", f.Diagnostics)
	}
}

// TestProjectSet: the services of a project are checked together.
func TestProjectSet(t *testing.T) {
	f := readData("compose.yaml", []byte(`services:
  a:
    build:
      cache_to: ["type=gha,scope=shared,mode=max"]
  b:
    build:
      cache_to: ["type=gha,scope=shared,mode=max"]
`), opts("COMPOSE_PROJECT_NAME", "p"))
	var hits []string
	for _, d := range validate.CheckAll(f.Builds) {
		if d.Rule == "GHAScopeCollision" {
			b := f.Builds[d.Build]
			sp := b.Source.CacheTo[d.Index]
			hits = append(hits, fmt.Sprintf("%s:%s", b.Name, diag.At(sp.File, sp.Start)))
		}
	}
	slices.Sort(hits)
	if want := []string{"a:compose.yaml:4:19", "b:compose.yaml:7:19"}; !slices.Equal(hits, want) {
		t.Errorf("GHAScopeCollision at %q, want %q", hits, want)
	}
}

// TestReadEachOnItsOwn: Read reads each input as its own file and project;
// a refused file does not stop the next. ReadFiles gives the files read,
// then those that cannot be read; Reader reads as Read does.
func TestReadEachOnItsOwn(t *testing.T) {
	good := []byte("name: one\nservices:\n  a:\n    build:\n      cache_to: [type=gha,scope=a]\n")
	bad := []byte("services:\n  a:\n    build:\n      cache-to: [type=gha]\n")
	other := []byte("name: two\nservices:\n  b:\n    build:\n      cache_to: [type=gha,scope=b]\n")
	fs := Read([]source.Input{{Path: "one.yaml", Content: good}, {Path: "bad.yaml", Content: bad}, {Path: "two.yaml", Content: other}}, source.Options{})
	if len(fs) != 3 || fs[0].Path != "one.yaml" || fs[1].Path != "bad.yaml" || fs[2].Path != "two.yaml" {
		t.Fatalf("files %+v", fs)
	}
	if len(fs[0].Builds) != 1 || fs[0].Builds[0].Source.Group != "one" || len(fs[2].Builds) != 1 || fs[2].Builds[0].Source.Group != "two" {
		t.Errorf("projects: %+v / %+v", fs[0].Builds, fs[2].Builds)
	}
	if len(fs[1].Diagnostics) != 1 || fs[1].Diagnostics[0].Rule != validate.FileSyntaxError.Name || fs[1].Diagnostics[0].Fix().Message != "rename it to cache_to" {
		t.Errorf("the refused file: %+v", fs[1].Diagnostics)
	}
	if r := Reader.Read([]source.Input{{Path: "one.yaml", Content: good}}, source.Options{}); len(r) != 1 || len(r[0].Builds) != 1 {
		t.Errorf("Reader.Read: %+v", r)
	}

	dir := t.TempDir()
	p := filepath.Join(dir, "compose.yaml")
	if err := os.WriteFile(p, good, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.yaml")
	files := ReadFiles([]string{missing, p}, source.Options{})
	if len(files) != 2 || files[1].Path != p || len(files[1].Builds) != 1 || files[0].Path != missing ||
		len(files[0].Diagnostics) != 1 || files[0].Diagnostics[0].Rule != validate.UnreadableFile.Name {
		t.Errorf("ReadFiles: %+v", files)
	}
}
