package render

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	composeloader "github.com/compose-spec/compose-go/v2/loader"
	composetypes "github.com/compose-spec/compose-go/v2/types"
	"github.com/docker/buildx/bake"
	"github.com/docker/buildx/util/buildflags"
	"github.com/moby/buildkit/cmd/buildctl/build"
	"go.yaml.in/yaml/v3"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildkit"
	"github.com/buildxcache/buildxcache/interop/buildx"
)

// tb is what the readers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// oddValues are attribute values with the characters every form must
// carry: commas, quotes, =, spaces, $, ${, %{, backslashes, unicode.
var oddValues = []string{"app", "a,b", `q"uote`, "x=y", "with space", "$HOME", "${VAR}", "%{x}", `back\slash`, "é☃", "it's", "a\tb", "-leading"}

// genEntry draws a valid entry of any backend with odd attribute values.
// gha entries carry a token and url, so that Buildx, which fills them in
// from the environment otherwise, keeps them as they are.
func genEntry() *rapid.Generator[cachespec.Entry] {
	return rapid.Custom(func(t *rapid.T) cachespec.Entry {
		odd := func(label string) string { return rapid.SampledFrom(oddValues).Draw(t, label) }
		var fields []string
		switch rapid.IntRange(0, 5).Draw(t, "type") {
		case 0:
			fields = []string{"type=registry", "ref=" + rapid.SampledFrom([]string{"user/app:cache", "ghcr.io/org/app:buildcache", "localhost:5000/a/b"}).Draw(t, "ref")}
			if rapid.Bool().Draw(t, "mode") {
				fields = append(fields, "mode=max")
			}
			if rapid.Bool().Draw(t, "im") {
				fields = append(fields, "image-manifest=true", "oci-mediatypes=true")
			}
		case 1:
			fields = []string{"type=local", "dest=/tmp/" + odd("dest"), "src=/tmp/" + odd("src")}
		case 2:
			fields = []string{"type=inline"}
		case 3:
			fields = []string{"type=gha", "scope=" + odd("scope"), "token=tok" + odd("token"), "url=https://cache.example/"}
		case 4:
			fields = []string{"type=s3", "region=us-east-1", "bucket=b", "name=" + odd("name"), "prefix=" + odd("prefix")}
		case 5:
			fields = []string{"type=azblob", "account_url=https://acct.blob.core.windows.net", "name=" + odd("name")}
		}
		if rapid.Bool().Draw(t, "ignore") {
			fields = append(fields, "ignore-error=true")
		}
		for i, f := range fields {
			if strings.ContainsAny(f, `,"`) {
				fields[i] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
			}
		}
		e, err := cachespec.Parse(strings.Join(fields, ","))
		if err != nil {
			t.Skipf("generator drew an invalid value: %v", err)
		}
		return e
	})
}

// same fails unless got and want are the same entries, compared in
// normalised canonical form (consumers make defaults explicit, and bake
// drops repeated entries as Buildx does).
func same(t tb, form Form, got, want []cachespec.Entry, text string) {
	t.Helper()
	got, want = cachespec.NormalizeList(got), cachespec.NormalizeList(want)
	if len(got) != len(want) {
		t.Fatalf("%s: %d entries read back, want %d\n%s", form, len(got), len(want), text)
	}
	for i := range got {
		g, w := cachespec.Format(cachespec.Normalize(got[i])), cachespec.Format(cachespec.Normalize(want[i]))
		if g != w {
			t.Fatalf("%s: entry %d read back as\n  %s\nwant\n  %s\nfrom:\n%s", form, i, g, w, text)
		}
	}
}

// shellWords splits a command line the way bash does.
func shellWords(t tb, line string) []string {
	f, err := syntax.NewParser().Parse(strings.NewReader("cmd "+line), "")
	if err != nil {
		t.Fatalf("bash cannot parse %q: %v", line, err)
	}
	call := f.Stmts[0].Cmd.(*syntax.CallExpr)
	words, err := expand.Fields(&expand.Config{}, call.Args[1:]...)
	if err != nil {
		t.Fatalf("expand %q: %v", line, err)
	}
	return words
}

func readBuildx(t tb, dir cachespec.Direction, text string) []cachespec.Entry {
	prefix := "--cache-to="
	if dir == cachespec.DirectionImport {
		prefix = "--cache-from="
	}
	var values []string
	for _, w := range shellWords(t, text) {
		v, ok := strings.CutPrefix(w, prefix)
		if !ok {
			t.Fatalf("word %q is not %s...", w, prefix)
		}
		values = append(values, v)
	}
	opts, err := buildflags.ParseCacheEntry(values)
	if err != nil {
		t.Fatalf("Buildx refuses %q: %v", values, err)
	}
	out, err := buildx.FromCacheOptions(opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readBuildctl(t tb, dir cachespec.Direction, text string) []cachespec.Entry {
	words := shellWords(t, text)
	var values []string
	for i := 0; i+1 < len(words); i += 2 {
		values = append(values, words[i+1])
	}
	parse := build.ParseExportCache
	if dir == cachespec.DirectionImport {
		parse = build.ParseImportCache
	}
	opts, err := parse(values)
	if err != nil {
		t.Fatalf("buildctl refuses %q: %v", values, err)
	}
	var out []cachespec.Entry
	for _, o := range opts {
		e, err := buildkit.FromCacheOptionsEntry(o)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func readBake(t tb, dir cachespec.Direction, name, text string) []cachespec.Entry {
	targets, _, err := bake.ReadTargets(context.Background(), []bake.File{{Name: name, Data: []byte(text)}}, []string{Target}, nil, nil, nil, &bake.EntitlementConf{})
	if err != nil {
		t.Fatalf("bake refuses:\n%s\n%v", text, err)
	}
	tg := targets[Target]
	if tg == nil {
		t.Fatalf("bake: no target %q in\n%s", Target, text)
	}
	opts := tg.CacheTo
	if dir == cachespec.DirectionImport {
		opts = tg.CacheFrom
	}
	out, err := buildx.FromCacheOptions(opts)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readCompose(t tb, dir cachespec.Direction, text string) []cachespec.Entry {
	tmp, err := os.MkdirTemp("", "render-compose")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	p := filepath.Join(tmp, "compose.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	proj, err := composeloader.LoadWithContext(context.Background(), composetypes.ConfigDetails{
		WorkingDir:  tmp,
		ConfigFiles: []composetypes.ConfigFile{{Filename: p}},
		Environment: composetypes.Mapping{},
	}, func(o *composeloader.Options) { o.SetProjectName("render", true) })
	if err != nil {
		t.Fatalf("compose-go refuses:\n%s\n%v", text, err)
	}
	svc, err := proj.GetService(Target)
	if err != nil || svc.Build == nil {
		t.Fatalf("compose-go: service %s: %v", Target, err)
	}
	values := svc.Build.CacheTo
	if dir == cachespec.DirectionImport {
		values = svc.Build.CacheFrom
	}
	out, err := cachespec.ParseList(values)
	if err != nil {
		t.Fatalf("compose values %q: %v", values, err)
	}
	return out
}

// readAction reads the action form as the runner and build-push-action
// do: YAML gives the input string, actions-toolkit's list reader splits it
// (here the Go reader, checked against the real package in
// TestActionFormWithActionsToolkit).
func actionInput(t tb, dir cachespec.Direction, text string) string {
	var m map[string]string
	if err := yaml.Unmarshal([]byte(text), &m); err != nil {
		t.Fatalf("YAML refuses:\n%s\n%v", text, err)
	}
	key := "cache-to"
	if dir == cachespec.DirectionImport {
		key = "cache-from"
	}
	in, ok := m[key]
	if !ok {
		t.Fatalf("no %s key in\n%s", key, text)
	}
	return in
}

func readAction(t tb, dir cachespec.Direction, text string) []cachespec.Entry {
	items, err := cachespec.SplitActionInput(actionInput(t, dir, text))
	if err != nil {
		t.Fatal(err)
	}
	out, err := cachespec.ParseList(items)
	if err != nil {
		t.Fatalf("items %q: %v", items, err)
	}
	return out
}

func readBack(t tb, f Form, dir cachespec.Direction, text string) []cachespec.Entry {
	switch f {
	case Canonical:
		out, err := cachespec.ParseList(strings.Split(strings.TrimSuffix(text, "\n"), "\n"))
		if err != nil {
			t.Fatal(err)
		}
		return out
	case Buildx:
		return readBuildx(t, dir, text)
	case Buildctl:
		return readBuildctl(t, dir, text)
	case BakeJSON:
		return readBake(t, dir, "docker-bake.json", text)
	case BakeHCL:
		return readBake(t, dir, "docker-bake.hcl", text)
	case Compose:
		return readCompose(t, dir, text)
	case Action:
		return readAction(t, dir, text)
	}
	t.Fatalf("no reader for %s", f)
	return nil
}

func TestFormsReadBackByConsumers(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		entries := rapid.SliceOfN(genEntry(), 1, 3).Draw(rt, "entries")
		dir := rapid.SampledFrom([]cachespec.Direction{cachespec.DirectionImport, cachespec.DirectionExport}).Draw(rt, "dir")
		for _, f := range Forms {
			text, err := Render(f, dir, entries)
			if err != nil {
				rt.Fatalf("%s: %v", f, err)
			}
			same(rt, f, readBack(rt, f, dir, text), entries, text)
		}
	})
}

func TestFormsFixed(t *testing.T) {
	for _, v := range [][]string{
		{"type=gha,scope=a,token=t,url=https://u/", "type=registry,ref=ghcr.io/org/app:cache,mode=max"},
		{"type=local,src=/tmp/x,dest=/tmp/y"},
		{"type=s3,region=eu-west-1,bucket=b,name=${{ github.ref_name }}"},
	} {
		entries, err := cachespec.ParseList(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, dir := range []cachespec.Direction{cachespec.DirectionImport, cachespec.DirectionExport} {
			for _, f := range Forms {
				text, err := Render(f, dir, entries)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				same(t, f, readBack(t, f, dir, text), entries, text)
			}
		}
	}
}

func TestParseForm(t *testing.T) {
	for _, f := range Forms {
		if g, err := ParseForm(string(f)); err != nil || g != f {
			t.Errorf("ParseForm(%q) = %q, %v", f, g, err)
		}
	}
	if _, err := ParseForm("yaml"); err == nil || !strings.Contains(err.Error(), "bake-hcl") {
		t.Errorf("ParseForm(yaml) error = %v, want the list of forms", err)
	}
	if _, err := Render(Canonical, cachespec.DirectionUnknown, nil); err == nil {
		t.Error("Render with no direction succeeded")
	}
}

// TestActionFormWithActionsToolkit reads generated action forms with the
// real @docker/actions-toolkit under node (installed by make test into
// scripts/actions-toolkit).
func TestActionFormWithActionsToolkit(t *testing.T) {
	dir := filepath.Join("..", "..", "scripts", "actions-toolkit")
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("SKIPPED: node is not installed, so the real actions-toolkit cannot run")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@docker", "actions-toolkit")); err != nil {
		t.Skip("SKIPPED: run `make oracle` (part of make test) to install @docker/actions-toolkit")
	}
	var inputs []string
	var want [][]cachespec.Entry
	rapid.Check(t, func(rt *rapid.T) {
		entries := rapid.SliceOfN(genEntry(), 1, 4).Draw(rt, "entries")
		text, err := Render(Action, cachespec.DirectionExport, entries)
		if err != nil {
			rt.Fatal(err)
		}
		inputs = append(inputs, actionInput(rt, cachespec.DirectionExport, text))
		want = append(want, entries)
	})
	data, _ := json.Marshal(inputs)
	cmd := exec.Command("node", "split.mjs")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(string(data))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node split.mjs: %v", err)
	}
	var res []struct {
		Items []string `json:"items"`
		Error string   `json:"error"`
	}
	if err := json.Unmarshal(out, &res); err != nil || len(res) != len(inputs) {
		t.Fatalf("node output: %v (%d results for %d inputs)", err, len(res), len(inputs))
	}
	for i, r := range res {
		if r.Error != "" {
			t.Fatalf("actions-toolkit refuses %q: %s", inputs[i], r.Error)
		}
		got, err := cachespec.ParseList(r.Items)
		if err != nil {
			t.Fatalf("items %q: %v", r.Items, err)
		}
		same(t, Action, got, want[i], inputs[i])
	}
	t.Logf("%d generated action inputs read back by @docker/actions-toolkit", len(inputs))
}
