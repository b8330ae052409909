package workflow

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

func readTestdata(t *testing.T, name string) source.File {
	t.Helper()
	f := ReadFile(filepath.Join("testdata", name))
	for _, p := range f.Diagnostics {
		t.Errorf("unexpected problem: %s %s %s", p.Range, p.Rule, p.Message)
	}
	return f
}

func TestSeeds(t *testing.T) {
	f := readTestdata(t, "seeds.yml")
	if len(f.Builds) != 4 {
		for _, b := range f.Builds {
			t.Logf("%s: %q %q", b.Name, b.CacheFrom, b.CacheTo)
		}
		t.Fatalf("got %d builds, want 4 (two matrix legs, one buildx and one buildctl command)", len(f.Builds))
	}
	amd := f.Builds[0]
	if amd.Name != "build (linux/amd64): Build" {
		t.Errorf("name = %q", amd.Name)
	}
	wantFrom := []string{
		"type=local,mode=max,src=/path/to/cache/amd64,type=local,mode=max,src=/path/to/cache/arm64",
		"type=gha,scope=linux/amd64",
	}
	if strings.Join(amd.CacheFrom, "|") != strings.Join(wantFrom, "|") {
		t.Errorf("cache-from = %q, want %q", amd.CacheFrom, wantFrom)
	}
	// the first cache-from line is at line 24, column 13, written verbatim
	if p := amd.Source.CacheFrom[0]; p.Start.Line != 24 || p.Start.Col != 13 || !p.Exact {
		t.Errorf("cache-from[0] at %+v, want 24:13 exact", p)
	}
	// the second holds a matrix expression: substituted, so not exact
	if p := amd.Source.CacheFrom[1]; p.Start.Line != 25 || p.Exact {
		t.Errorf("cache-from[1] at %+v, want line 25, inexact", p)
	}
	if p := amd.Source.CacheTo[1]; p.Start.Line != 28 || p.Start.Col != 13 || !p.Exact {
		t.Errorf("cache-to[1] at %+v, want 28:13", p)
	}
	if amd.Push == nil || !*amd.Push || amd.Platforms[0] != "linux/amd64" || amd.Tags[0] != "ghcr.io/org/repo:test" {
		t.Errorf("push/platforms/tags = %v %q %q", amd.Push, amd.Platforms, amd.Tags)
	}
	if amd.CI.Event != "pull_request" || amd.Step != validate.StepAction {
		t.Errorf("ci = %+v step %v", amd.CI, amd.Step)
	}
	if strings.Join(amd.CI.Triggers, ",") != "push,pull_request" || amd.Origin != validate.OriginAction || f.Builds[2].Origin != validate.OriginCommandLine {
		t.Errorf("triggers %q, origins %v %v", amd.CI.Triggers, amd.Origin, f.Builds[2].Origin)
	}
	if amd.Builder.Driver != "docker-container" || amd.Builder.BuildKitVersion != "v0.18.0" || amd.Builder.Nodes != 1 {
		t.Errorf("builder = %+v", amd.Builder)
	}

	sh := f.Builds[2]
	if sh.Step != validate.StepRun || sh.CI.Event != "push" {
		t.Errorf("shell build: step %v event %q (the job's if excludes pull requests)", sh.Step, sh.CI.Event)
	}
	if len(sh.CacheTo) != 1 || sh.CacheTo[0] != "inline" || len(sh.CacheFrom) != 1 ||
		sh.CacheFrom[0] != "type=registry,ref=ghcr.io/effigies/buildx-repro:cache" {
		t.Errorf("shell values: %q %q", sh.CacheFrom, sh.CacheTo)
	}
	if p := sh.Source.CacheTo[0]; p.Start.Line != 36 || p.Start.Col != 24 || !p.Exact {
		t.Errorf("--cache-to value at %+v, want 36:24", p)
	}
	if p := sh.Source.CacheFrom[0]; p.Start.Line != 37 || p.Start.Col != 27 || !p.Exact {
		t.Errorf("--cache-from value at %+v, want 37:27 (after the quote)", p)
	}
	if sh.Push == nil || !*sh.Push || sh.Tags[0] != "ghcr.io/effigies/buildx-repro:main" || sh.Builder.Driver != "docker" {
		t.Errorf("shell push/tags/driver: %v %q %q", sh.Push, sh.Tags, sh.Builder.Driver)
	}
	if sh.CI.RuntimeExposed == nil || *sh.CI.RuntimeExposed {
		t.Errorf("RuntimeExposed = %v, want false", sh.CI.RuntimeExposed)
	}
	ctl := f.Builds[3]
	if ctl.Name != "shell: buildctl build" || ctl.CacheTo[0] != "type=registry,ref=local:///cache" {
		t.Errorf("buildctl build: %q %q", ctl.Name, ctl.CacheTo)
	}

	// The seeds' rules fire on what the reader produced.
	var builds []validate.Build
	for _, b := range f.Builds {
		builds = append(builds, b)
	}
	got := map[string]bool{}
	for _, d := range validate.CheckAll(builds) {
		got[d.Rule] = true
	}
	for _, rule := range []string{"DuplicateCacheAttribute", "WhitespaceAroundCacheKey", "KeywordAsCacheRef", "CacheRefIsImageTag", "CacheExportFromForkPR", "GHANeedsBuildKit020", "InvalidCacheRef"} {
		if !got[rule] {
			t.Errorf("rule %s not reported; got %v", rule, got)
		}
	}
}

func TestMatrix(t *testing.T) {
	src := `
on: push
jobs:
  j:
    strategy:
      matrix:
        os: [a, b]
        v: [1, 2]
        exclude:
          - os: b
            v: 2
        include:
          - os: a
            extra: x
          - os: c
            v: 9
    steps:
      - uses: docker/build-push-action@v6
        with:
          cache-to: type=gha,scope=${{ matrix.os }}-${{ matrix.v }}-${{ matrix.extra }}
`
	f := Parse("w.yml", []byte(src))
	var got []string
	for _, b := range f.Builds {
		got = append(got, b.Name+"="+b.CacheTo[0])
	}
	want := []string{
		"j (a, 1, x)=type=gha,scope=a-1-x",
		"j (a, 2, x)=type=gha,scope=a-2-x",
		"j (b, 1)=type=gha,scope=b-1-${{ matrix.extra }}",
		"j (c, 9)=type=gha,scope=c-9-${{ matrix.extra }}",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("legs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestAnchorsAndMergeKeys(t *testing.T) {
	src := `
on: [push]
x-common: &common
  cache-from: type=gha,scope=app
  cache-to: type=gha,scope=app,mode=max
jobs:
  a:
    steps:
      - uses: docker/build-push-action@v6
        with:
          <<: *common
          cache-to: type=gha,scope=override
`
	f := Parse("w.yml", []byte(src))
	if len(f.Diagnostics) != 0 || len(f.Builds) != 1 {
		t.Fatalf("problems %v builds %d", f.Diagnostics, len(f.Builds))
	}
	b := f.Builds[0]
	if b.CacheFrom[0] != "type=gha,scope=app" || b.CacheTo[0] != "type=gha,scope=override" {
		t.Errorf("merged values %q %q: the mapping's own key must win", b.CacheFrom, b.CacheTo)
	}
	if p := b.Source.CacheFrom[0]; p.Start.Line != 4 || p.Start.Col != 15 {
		t.Errorf("merged value's position %+v, want the anchor's 4:15", p)
	}
}

func TestBadInput(t *testing.T) {
	big := strings.Repeat("a", source.MaxFileSize+1)
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	cases := []struct {
		name, data, rule, msg string
	}{
		{"malformed", "on: [push\njobs: {", validate.FileSyntaxError.Name, "not valid YAML"},
		{"not a mapping", "- a\n- b\n", validate.FileSyntaxError.Name, "sequence"},
		{"binary", "on: push\x00\x01", validate.UnreadableFile.Name, "NUL"},
		{"huge", big, validate.UnreadableFile.Name, "larger than"},
		{"deep", deep, validate.FileSyntaxError.Name, ""},
		{"bad shell", "on: push\njobs:\n  j:\n    steps:\n      - run: docker buildx build --cache-to x $(\n", validate.UnparsableRunScript.Name, "shell cannot parse"},
	}
	if f := Parse("w.yml", []byte("on: push\njobs: &a\n  j: *a\n")); len(f.Builds) != 0 {
		t.Errorf("recursive alias: %d builds", len(f.Builds))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := Parse("w.yml", []byte(c.data))
			if len(f.Diagnostics) == 0 {
				t.Fatalf("no problem reported")
			}
			p := f.Diagnostics[0]
			if p.Rule != c.rule || !strings.Contains(p.Message, c.msg) || p.Range.File != "w.yml" {
				t.Errorf("problem %+v, want rule %s with %q", p, c.rule, c.msg)
			}
		})
	}
}

func TestReadFileMissing(t *testing.T) {
	f := ReadFile(filepath.Join(t.TempDir(), "nope.yml"))
	if len(f.Diagnostics) != 1 || f.Diagnostics[0].Rule != validate.UnreadableFile.Name {
		t.Fatalf("problems = %+v", f.Diagnostics)
	}
	if _, err := os.Stat("testdata/seeds.yml"); err != nil {
		t.Fatal(err)
	}
}

func TestSetupBuildxAppend(t *testing.T) {
	src := `
on: pull_request
jobs:
  j:
    steps:
      - uses: docker/setup-buildx-action@v3
        with:
          driver: kubernetes
          append: |
            - name: arm
              endpoint: tcp://arm:1234
            - name: x86
              endpoint: tcp://x86:1234
      - uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64,linux/arm64
          cache-to: type=registry,ref=ghcr.io/a/b:cache,mode=max
`
	f := Parse("w.yml", []byte(src))
	if len(f.Builds) != 1 {
		t.Fatalf("builds: %d, problems %v", len(f.Builds), f.Diagnostics)
	}
	b := f.Builds[0]
	if b.Builder.Nodes != 3 || b.Builder.Driver != "kubernetes" {
		t.Errorf("builder = %+v, want 3 kubernetes nodes", b.Builder)
	}
	got := map[string]bool{}
	for _, d := range validate.Check(b) {
		got[d.Rule] = true
	}
	for _, r := range []string{"MultiNodeRegistryCache", "NoDefaultBranchCacheWriter"} {
		if !got[r] {
			t.Errorf("%s not reported: %v", r, got)
		}
	}
}

func TestAnchoredAndTaggedValues(t *testing.T) {
	src := "on: push\njobs:\n  j:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          cache-from: &from type=gha,scope=a\n          cache-to: !!str type=gha,scope=a,mode=max\n"
	f := Parse("w.yml", []byte(src))
	if len(f.Builds) != 1 {
		t.Fatalf("builds %d problems %v", len(f.Builds), f.Diagnostics)
	}
	b := f.Builds[0]
	if p := b.Source.CacheFrom[0]; p.Start.Line != 7 || p.Start.Col != 29 || !p.Exact {
		t.Errorf("anchored value at %+v, want 7:29 (after &from)", p)
	}
	if p := b.Source.CacheTo[0]; p.Start.Line != 8 || p.Start.Col != 27 || !p.Exact {
		t.Errorf("tagged value at %+v, want 8:27 (after !!str)", p)
	}
}

// TestEmptyWorkflow: an empty or comment-only workflow is no finding (it was
// an error whose message said a mapping is not a mapping).
func TestEmptyWorkflow(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "\n"} {
		if f := Parse("w.yml", []byte(src)); len(f.Diagnostics) != 0 || len(f.Builds) != 0 {
			t.Errorf("%q: %+v", src, f)
		}
	}
}

// TestIncludeOnlyMatrixTooLarge: a matrix given only by include entries is
// cut at MaxLegs with MatrixTooLarge, not silently.
func TestIncludeOnlyMatrixTooLarge(t *testing.T) {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        include:\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "          - scope: s%d\n", i)
	}
	b.WriteString("    steps:\n      - run: docker buildx build --cache-to type=gha,scope=${{ matrix.scope }} .\n")
	f := Parse("w.yml", []byte(b.String()))
	if len(f.Builds) != MaxLegs || len(f.Diagnostics) != 1 || f.Diagnostics[0].Rule != validate.MatrixTooLarge.Name {
		t.Errorf("%d builds, %v", len(f.Builds), f.Diagnostics)
	}
	// exactly MaxLegs include entries: no finding
	var c strings.Builder
	c.WriteString("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        include:\n")
	for i := 0; i < MaxLegs; i++ {
		fmt.Fprintf(&c, "          - scope: s%d\n", i)
	}
	c.WriteString("    steps:\n      - run: docker buildx build --cache-to type=gha,scope=${{ matrix.scope }} .\n")
	if f := Parse("w.yml", []byte(c.String())); len(f.Builds) != MaxLegs || len(f.Diagnostics) != 0 {
		t.Errorf("at the limit: %d builds, %v", len(f.Builds), f.Diagnostics)
	}
}
