package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if len(problems) != 1 || problems[0].Rule != source.RuleUnreadableFile || !strings.HasSuffix(problems[0].Pos.File, "nope") {
		t.Errorf("problems = %+v", problems)
	}
}

func TestFilesPositions(t *testing.T) {
	b := source.Build{Pos: source.Pos{File: "f", Line: 3, Col: 1}, Group: "g"}
	b.Name = "one"
	b.CacheTo = []string{"type=gha, mode=max", "type=inline,mode=max"}
	b.Tags, b.Push = []string{"app"}, ptr(true)
	b.CacheToPos = []source.Value{
		{Pos: source.Pos{File: "f", Line: 5, Col: 7}, Exact: true},
		{Pos: source.Pos{File: "f", Line: 6, Col: 7}}, // only the start is known
	}
	fs := Files([]source.File{{Path: "f", Builds: []source.Build{b}}}, Options{})
	got := map[string]Finding{}
	for _, f := range fs {
		got[f.Rule] = f
	}
	if f := got["WhitespaceAroundCacheKey"]; f.Pos.Line != 5 || f.Pos.Col != 16 || f.Build != "one" {
		t.Errorf("exact position: %+v, want 5:16 (column 7 + byte 9)", f)
	}
	if f := got["InlineIgnoresAttributes"]; f.Pos.Line != 6 || f.Pos.Col != 7 || !strings.HasSuffix(f.Fix, ": type=inline") {
		t.Errorf("inexact position or fix: %+v, want 6:7 and the corrected value", f)
	}
	// a diagnostic about the build as a whole is at the build
	b2 := b
	b2.CacheTo, b2.CacheToPos = nil, nil
	b2.CacheFrom = []string{"type=inline"}
	b2.CacheFromPos = []source.Value{{Pos: source.Pos{File: "f", Line: 9, Col: 1}, Exact: true}}
	for _, f := range Files([]source.File{{Builds: []source.Build{b2}}}, Options{}) {
		if f.Rule == "InlineNotAnImporter" && (f.Pos.Line != 9) {
			t.Errorf("InlineNotAnImporter at %v", f.Pos)
		}
	}
}

func TestProblemOptions(t *testing.T) {
	p := source.Problem{Pos: source.Pos{File: "x"}, Rule: source.RuleIgnoredCacheKey, Severity: validate.Warning, Message: "m"}
	if _, ok := problemFinding(p, Options{Threshold: validate.Error}); ok {
		t.Error("a warning passed an error threshold")
	}
	if _, ok := problemFinding(p, Options{Validate: validate.Options{Disable: []string{source.RuleIgnoredCacheKey}}}); ok {
		t.Error("a disabled rule was reported")
	}
	f, ok := problemFinding(p, Options{Validate: validate.Options{Severity: map[string]validate.Severity{source.RuleIgnoredCacheKey: validate.Error}}})
	if !ok || f.Severity != validate.Error {
		t.Errorf("severity override: %+v %v", f, ok)
	}
}

func TestDedupeMatrixLegs(t *testing.T) {
	mk := func(name string) source.Build {
		b := source.Build{Group: "g"}
		b.Name = name
		b.CacheTo = []string{"inline"}
		b.CacheToPos = []source.Value{{Pos: source.Pos{File: "f", Line: 2, Col: 3}, Exact: true}}
		return b
	}
	fs := Files([]source.File{{Builds: []source.Build{mk("j (a)"), mk("j (b)")}}}, Options{})
	fs = sortFindings(fs)
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
	r := Result{Files: 2, Findings: []Finding{{Pos: source.Pos{File: "a", Line: 1, Col: 2}, Rule: "R", Severity: validate.Error, Message: "m", Fix: "do x"}}}
	if err := WriteText(&b, r); err != nil {
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
	mk := func(name, platform string) source.Build {
		b := source.Build{Group: "g"}
		b.Name, b.Platforms = name, []string{platform}
		b.CacheTo = []string{"type=registry,ref=ghcr.io/a/b:cache,mode=max"}
		b.CacheToPos = []source.Value{{Pos: source.Pos{File: "f", Line: 7, Col: 13}, Exact: true}}
		return b
	}
	fs := sortFindings(Files([]source.File{{Builds: []source.Build{mk("j (amd64)", "linux/amd64"), mk("j (arm64)", "linux/arm64")}}}, Options{}))
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
	b.CacheToPos = []source.Value{{Pos: source.Pos{File: "f", Line: 9, Col: 13}, Exact: true}}
	n = 0
	for _, f := range sortFindings(Files([]source.File{{Builds: []source.Build{a, b}}}, Options{})) {
		if f.Rule == "PerPlatformCacheCollision" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("two values colliding: %d findings, want 2", n)
	}
}
