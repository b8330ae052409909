package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

func touch(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("services:\n  a: {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDiscover(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir,
		".github/workflows/ci.yml", ".github/workflows/release.YAML", ".github/workflows/notes.md",
		"docker-bake.hcl", "docker-bake.override.json", "api/app.bake.hcl",
		"compose.yaml", "deploy/docker-compose.prod.yml", "other.yml",
		"node_modules/x/.github/workflows/skip.yml", ".git/compose.yaml",
	)
	targets, problems := Discover([]string{dir, filepath.Join(dir, "other.yml"), filepath.Join(dir, "nope")})
	var got []string
	for _, tg := range targets {
		var rel []string
		for _, p := range tg.Paths {
			r, _ := filepath.Rel(dir, p)
			rel = append(rel, r)
		}
		got = append(got, tg.Kind.String()+":"+strings.Join(rel, "+"))
	}
	want := []string{
		"workflow:.github/workflows/ci.yml",
		"workflow:.github/workflows/release.YAML",
		"bake:api/app.bake.hcl",
		"compose:compose.yaml",
		"compose:deploy/docker-compose.prod.yml",
		"bake:docker-bake.hcl+docker-bake.override.json",
		"compose:other.yml", // named explicitly: a compose file by its content
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("targets:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(problems) != 1 || problems[0].Rule != validate.UnreadableFile.Name || !strings.HasSuffix(problems[0].Range.File, "nope") {
		t.Errorf("problems = %+v", problems)
	}
}

func TestFilesPositions(t *testing.T) {
	b := validate.Build{Source: &validate.Source{Def: diag.At("f", diag.Pos{Line: 3, Col: 1}), Group: "g"}}
	b.Name = "one"
	b.CacheTo = []string{"type=gha, mode=max", "type=inline,mode=max"}
	b.Tags, b.Push = []string{"app"}, ptr(true)
	b.Source.CacheTo = []diag.Span{
		{File: "f", Start: diag.Pos{Line: 5, Col: 7}, Exact: true},
		{File: "f", Start: diag.Pos{Line: 6, Col: 7}}, // only the start is known
	}
	fs := Files([]source.File{{Path: "f", Builds: []validate.Build{b}}}, Options{})
	got := map[string]diag.Diagnostic{}
	for _, f := range fs {
		got[f.Rule] = f
	}
	if f := got["WhitespaceAroundCacheKey"]; f.Range.Start.Line != 5 || f.Range.Start.Col != 16 || f.Subject != "one" {
		t.Errorf("exact position: %+v, want 5:16 (column 7 + byte 9)", f)
	}
	if f := got["InlineIgnoresAttributes"]; f.Range.Start.Line != 6 || f.Range.Start.Col != 7 || fixText(f.Fix()) != "write type=inline: type=inline" {
		t.Errorf("inexact position or fix: %+v, want 6:7 and the corrected value", f)
	}
	// a diagnostic about the build as a whole is at the build
	b2 := b
	src := *b.Source
	b2.Source = &src
	b2.CacheTo, b2.Source.CacheTo = nil, nil
	b2.CacheFrom = []string{"type=inline"}
	b2.Source.CacheFrom = []diag.Span{{File: "f", Start: diag.Pos{Line: 9, Col: 1}, Exact: true}}
	for _, f := range Files([]source.File{{Builds: []validate.Build{b2}}}, Options{}) {
		if f.Rule == "InlineNotAnImporter" && (f.Range.Start.Line != 9) {
			t.Errorf("InlineNotAnImporter at %v", f.Range)
		}
	}
}

func TestProblemOptions(t *testing.T) {
	p := diag.Diagnostics{validate.IgnoredCacheKey.At(diag.Range{File: "x"}, "m")}
	if got := filter(p, Options{Threshold: validate.SeverityError}); len(got) != 0 {
		t.Error("a warning passed an error threshold")
	}
	for _, name := range []string{"IgnoredCacheKey", "file03", "ignoredcachekey"} {
		if got := filter(p, Options{Validate: validate.Options{Disable: []string{name}}}); len(got) != 0 {
			t.Errorf("disabled as %q, the rule was reported", name)
		}
	}
	got := filter(p, Options{Validate: validate.Options{Severity: map[string]validate.Severity{"FILE03": validate.SeverityError}}})
	if len(got) != 1 || got[0].Severity != validate.SeverityError {
		t.Errorf("severity override: %+v", got)
	}
}

func TestDedupeMatrixLegs(t *testing.T) {
	mk := func(name string) validate.Build {
		b := validate.Build{Source: &validate.Source{Group: "g"}}
		b.Name = name
		b.CacheTo = []string{"inline"}
		b.Source.CacheTo = []diag.Span{{File: "f", Start: diag.Pos{Line: 2, Col: 3}, Exact: true}}
		return b
	}
	fs := Files([]source.File{{Builds: []validate.Build{mk("j (a)"), mk("j (b)")}}}, Options{})
	fs = sortDiagnostics(fs)
	n := 0
	for _, f := range fs {
		if f.Rule == "KeywordAsCacheRef" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("KeywordAsCacheRef reported %d times for two legs sharing one value", n)
	}
}

func TestWriteTextSummary(t *testing.T) {
	var b bytes.Buffer
	r := Result{Files: 2, Diagnostics: diag.Diagnostics{{Range: diag.At("a", diag.Pos{Line: 1, Col: 2}), Rule: "R", Severity: validate.SeverityError, Message: "m", Fixes: []diag.Fix{{Message: "do x"}}}}}
	if err := (TextWriter{}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "a:1:2: error: m [R]\n    fix: do x\n2 files, 1 errors, 0 warnings, 0 info\n"
	if b.String() != want {
		t.Errorf("text = %q, want %q", b.String(), want)
	}
}

func ptr[T any](v T) *T { return &v }

func TestProgress(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, 3, 1)
	var b bytes.Buffer
	r := Paths([]string{dir}, Options{Progress: &b})
	if r.Files != 4 || !strings.Contains(b.String(), "\rlinted 4/4") || !strings.HasSuffix(b.String(), "\n") {
		t.Errorf("files %d, progress %q", r.Files, b.String())
	}
	b.Reset()
	Paths([]string{dir}, Options{})
	if b.Len() != 0 {
		t.Error("progress written without a writer")
	}
}

func TestCrossBuildFindingsAtOneValueMerge(t *testing.T) {
	mk := func(name, platform string) validate.Build {
		b := validate.Build{Source: &validate.Source{Group: "g"}}
		b.Name, b.Platforms = name, []string{platform}
		b.CacheTo = []string{"type=registry,ref=ghcr.io/a/b:cache,mode=max"}
		b.Source.CacheTo = []diag.Span{{File: "f", Start: diag.Pos{Line: 7, Col: 13}, Exact: true}}
		return b
	}
	fs := sortDiagnostics(Files([]source.File{{Builds: []validate.Build{mk("j (amd64)", "linux/amd64"), mk("j (arm64)", "linux/arm64")}}}, Options{}))
	n := 0
	for _, f := range fs {
		if f.Rule == "PerPlatformCacheCollision" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("PerPlatformCacheCollision reported %d times at one value written by two legs, want once: %v", n, fs)
	}
	// at different values, each is reported
	a, b := mk("a", "linux/amd64"), mk("b", "linux/arm64")
	b.Source.CacheTo = []diag.Span{{File: "f", Start: diag.Pos{Line: 9, Col: 13}, Exact: true}}
	n = 0
	for _, f := range sortDiagnostics(Files([]source.File{{Builds: []validate.Build{a, b}}}, Options{})) {
		if f.Rule == "PerPlatformCacheCollision" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("two values colliding: %d findings, want 2", n)
	}
}
