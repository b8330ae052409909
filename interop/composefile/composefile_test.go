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

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// val is an expected value: its text, "line:col", and whether exactly.
type val struct {
	text  string
	at    string
	exact bool
}

func vals(texts []string, pos []source.Value) []val {
	out := make([]val, len(texts))
	for i := range texts {
		out[i] = val{texts[i], fmt.Sprintf("%d:%d", pos[i].Line, pos[i].Col), pos[i].Exact}
	}
	return out
}

func byName(f source.File) map[string]source.Build {
	m := map[string]source.Build{}
	for _, b := range f.Builds {
		m[b.Name] = b
	}
	return m
}

func TestTestdata(t *testing.T) {
	f := ReadFile("testdata/compose.yaml", Options{Env: map[string]string{"TAG": "v3"}})
	if len(f.Problems) != 0 || len(f.Builds) != 2 {
		t.Fatalf("problems %+v builds %d", f.Problems, len(f.Builds))
	}
	m := byName(f)
	api, worker := m["api"], m["worker"]
	if api.Group != "shop" || api.Origin != validate.OriginCompose || api.Pos.String() != "testdata/compose.yaml:8:3" {
		t.Errorf("api: group %q origin %v at %s", api.Group, api.Origin, api.Pos)
	}
	if !slices.Equal(api.Tags, []string{"ghcr.io/acme/api:v3"}) || !slices.Equal(api.Platforms, []string{"linux/amd64", "linux/arm64"}) {
		t.Errorf("api tags %q platforms %q", api.Tags, api.Platforms)
	}
	if got, want := vals(api.CacheFrom, api.CacheFromPos), []val{{"type=gha,scope=shared", "6:7", true}}; !slices.Equal(got, want) {
		t.Errorf("api cache_from (through the merge key, at the anchor) %v, want %v", got, want)
	}
	if got, want := vals(api.CacheTo, api.CacheToPos), []val{
		{"type=gha,scope=api,mode=max", "14:11", true},
		{"type=registry,ref=ghcr.io/acme/api:cache-v3", "15:12", false}, // interpolated
	}; !slices.Equal(got, want) {
		t.Errorf("api cache_to %v, want %v", got, want)
	}
	// worker extends api: compose merges api's build into it
	if !slices.Equal(worker.Tags, []string{"ghcr.io/acme/worker:edge", "ghcr.io/acme/worker"}) || worker.Pos.Line != 17 {
		t.Errorf("worker tags %q at %s", worker.Tags, worker.Pos)
	}
	if got, want := vals(worker.CacheTo, worker.CacheToPos), []val{
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
			f := Parse("compose.yaml", []byte(data), Options{Env: tt.env, Project: "p"})
			if len(f.Problems) != 0 || len(f.Builds) != 1 {
				t.Fatalf("problems %+v builds %+v\n%s", f.Problems, f.Builds, data)
			}
			b := f.Builds[0]
			if got := vals(b.CacheFrom, b.CacheFromPos); !slices.Equal(got, []val{tt.want}) {
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
		opts       Options
		want       string
	}{
		{"directory", svc, Options{}, "myapp"},
		{"name in the file", "name: fromfile\n" + svc, Options{}, "fromfile"},
		{"COMPOSE_PROJECT_NAME", "name: fromfile\n" + svc, Options{Env: map[string]string{"COMPOSE_PROJECT_NAME": "fromenv"}}, "fromenv"},
		{"Options.Project", "name: fromfile\n" + svc, Options{Project: "given", Env: map[string]string{"COMPOSE_PROJECT_NAME": "fromenv"}}, "given"},
	}
	for _, tt := range tests {
		f := Parse(path, []byte(tt.data), tt.opts)
		if len(f.Builds) != 1 || f.Builds[0].Group != tt.want {
			t.Errorf("%s: problems %+v builds %+v", tt.name, f.Problems, f.Builds)
		}
	}
}

// TestEnvironment: only Options.Env is read, never the process
// environment; an unset variable is blank, as compose makes it.
func TestEnvironment(t *testing.T) {
	t.Setenv("BXC_T_SCOPE", "from-process")
	data := []byte("services:\n  a:\n    build:\n      cache_to: [\"type=gha,scope=x${BXC_T_SCOPE}\"]\n")
	if got := Parse("compose.yaml", data, Options{}).Builds[0].CacheTo; !slices.Equal(got, []string{"type=gha,scope=x"}) {
		t.Errorf("without Env: %q", got)
	}
	if got := Parse("compose.yaml", data, Options{Env: map[string]string{"BXC_T_SCOPE": "y"}}).Builds[0].CacheTo; !slices.Equal(got, []string{"type=gha,scope=xy"}) {
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
			f := Parse("compose.yaml", []byte(tt.data), Options{Project: "p"})
			if len(f.Problems) != 1 {
				t.Fatalf("problems %+v", f.Problems)
			}
			p := f.Problems[0]
			if p.Rule != source.RuleSyntaxError || p.Severity != validate.Error || p.Pos.Line != tt.line || p.Pos.Col != tt.col ||
				p.Fix != tt.fix || !strings.Contains(p.Message, "compose refuses this file: services.a") {
				t.Errorf("problem %s %+v", p.Pos, p)
			}
		})
	}
	// both misspelled: both reported
	f := Parse("compose.yaml", []byte("services:\n  a:\n    build:\n      cache-from: [x]\n      cache-to: [x]\n      cache_to: [type=gha,mode=maxx]\n"), Options{Project: "p"})
	if len(f.Problems) != 2 || f.Problems[0].Pos.Line != 4 || f.Problems[1].Pos.Line != 5 {
		t.Errorf("problems %+v", f.Problems)
	}
	// the values under the right keys are still checked as written
	if len(f.Builds) != 1 || f.Builds[0].Group != "file compose.yaml" || !slices.Equal(f.Builds[0].CacheTo, []string{"type=gha", "mode=maxx"}) {
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
		{"malformed", "services:\n  a: [\n", source.RuleSyntaxError, "not valid YAML", 0},
		{"binary", "services:\x00", source.RuleUnreadableFile, "NUL", 0},
		{"not UTF-8", "services:\n  a\xff: {}\n", source.RuleUnreadableFile, "UTF-8", 0},
		{"ten MiB", "services: {}\n#" + strings.Repeat("x", 10<<20), source.RuleUnreadableFile, "larger than", 0},
		{"deeply nested flow", deepFlow, source.RuleSyntaxError, "", 0},
		{"deeply nested blocks", deepBlock.String(), "", "", 1},
		{"billion laughs", laughs, source.RuleSyntaxError, "aliasing", 0},
		{"undefined alias", "services:\n  a:\n    build: *nope\n", source.RuleSyntaxError, "not valid YAML", 0},
		{"merge of a scalar", "services:\n  a:\n    build:\n      <<: x\n      cache_to: [type=gha]\n", source.RuleSyntaxError, "compose refuses this file", 1},
		{"not a mapping", "- a\n", source.RuleSyntaxError, "", 0},
		{"empty", "", source.RuleSyntaxError, "empty", 0},
		{"a string for a list", "services:\n  a:\n    build:\n      cache_from: type=gha\n", source.RuleSyntaxError, "services.a.build.cache_from must be a array", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			f := Parse("compose.yaml", []byte(tt.data), Options{Project: "p"})
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			if tt.rule == "" {
				if len(f.Problems) != 0 {
					t.Errorf("problems %+v", f.Problems)
				}
			} else if len(f.Problems) != 1 || f.Problems[0].Rule != tt.rule || !strings.Contains(f.Problems[0].Message, tt.msg) {
				t.Errorf("problems %+v", f.Problems)
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
	if f := ReadFile(big, Options{}); len(f.Problems) != 1 || f.Problems[0].Rule != source.RuleUnreadableFile {
		t.Errorf("ReadFile of 10 MiB: %+v", f.Problems)
	}
	if f := ReadFile(filepath.Join(dir, "missing.yaml"), Options{}); len(f.Problems) != 1 || f.Problems[0].Rule != source.RuleUnreadableFile {
		t.Errorf("ReadFile of a missing file: %+v", f.Problems)
	}
}

// TestProjectSet: the services of a project are checked together.
func TestProjectSet(t *testing.T) {
	f := Parse("compose.yaml", []byte(`services:
  a:
    build:
      cache_to: ["type=gha,scope=shared,mode=max"]
  b:
    build:
      cache_to: ["type=gha,scope=shared,mode=max"]
`), Options{Project: "p"})
	var builds []validate.Build
	for _, b := range f.Builds {
		builds = append(builds, b.Build)
	}
	var hits []string
	for _, d := range validate.CheckAll(builds) {
		if d.Rule == "GHAScopeCollision" {
			b := f.Builds[d.Build]
			hits = append(hits, fmt.Sprintf("%s:%s", b.Name, b.CacheToPos[d.Index].Pos))
		}
	}
	slices.Sort(hits)
	if want := []string{"a:compose.yaml:4:19", "b:compose.yaml:7:19"}; !slices.Equal(hits, want) {
		t.Errorf("GHAScopeCollision at %q, want %q", hits, want)
	}
}
