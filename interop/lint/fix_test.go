package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docker/buildx/util/buildflags"
	"pgregory.net/rapid"
)

const fixWorkflow = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/setup-buildx-action@v3
      # a comment that must stay
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/acme/app:latest
          cache-from: |
            type=registry,ref=ghcr.io/Acme/App:buildcache
            type=local,src=/c/amd64,type=local,src=/c/arm64
          cache-to: |
            type=gha, mode=maxx
      - run: |
          docker buildx build --push -t ghcr.io/acme/tool:latest \
            --cache-to inline --cache-from 'type=local,dest=/tmp/c' .
`

const fixBake = `target "app" {
  # keep me
  cache_from = ["type=gha,scope=app"]
  cache-to   = ["type=gha,scope=app,mode=maxx"]
}
`

const fixCompose = `services:
  web:
    build:
      context: .
      cache_to:
        - "type=registry,ref=ghcr.io/Org/web:cache,mode=max"
`

func writeFiles(t interface{ Fatal(...any) }, dir string, files map[string]string) {
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFixTree(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".github/workflows/ci.yml": fixWorkflow, "docker-bake.hcl": fixBake, "compose.yaml": fixCompose})
	opts := Options{Threshold: 1}
	again, changes, err := FixPaths([]string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		".github/workflows/ci.yml": {"type=registry,ref=ghcr.io/acme/app:buildcache\n", "type=gha,mode=max\n",
			"            type=local,src=/c/amd64\n            type=local,src=/c/arm64\n",
			"--cache-to type=inline --cache-from 'type=local,src=/tmp/c' .", "# a comment that must stay\n"},
		"docker-bake.hcl": {`  cache-from = ["type=gha,scope=app"]`, `cache-to   = ["type=gha,scope=app,mode=max"]`, "# keep me\n"},
		"compose.yaml":    {`- "type=registry,ref=ghcr.io/org/web:cache,mode=max"`},
	}
	if len(changes) != len(want) {
		t.Fatalf("%d changes, want %d: %+v", len(changes), len(want), changes)
	}
	for _, c := range changes {
		rel, _ := filepath.Rel(dir, c.Path)
		for _, s := range want[filepath.ToSlash(rel)] {
			if !strings.Contains(string(c.After), s) {
				t.Errorf("%s: fixed content lacks %q:\n%s", rel, s, c.After)
			}
		}
		// only the edited bytes change: one line more per split entry
		if d := strings.Count(string(c.After), "\n") - strings.Count(string(c.Before), "\n"); d != map[string]int{".github/workflows/ci.yml": 1}[filepath.ToSlash(rel)] {
			t.Errorf("%s: the fix added %d lines", rel, d)
		}
		for _, d := range c.Fixed {
			if v := d.Fix().Fixed; v != "" {
				if _, err := buildflags.ParseCacheEntry([]string{v}); err != nil {
					t.Errorf("%s: Buildx refuses the fixed value %q: %v", rel, v, err)
				}
			}
		}
		if !strings.Contains(c.Diff(), "--- "+filepath.ToSlash(c.Path)) {
			t.Errorf("diff: %s", c.Diff())
		}
		if now, _ := os.ReadFile(c.Path); string(now) != string(c.After) {
			t.Errorf("%s: the file is not what the change says", rel)
		}
	}
	for _, d := range again.Diagnostics {
		if Fixable(d) {
			t.Errorf("after --fix, still fixable: %v", d)
		}
		switch d.Rule {
		case "KeywordAsCacheRef", "WhitespaceAroundCacheKey", "InvalidCacheMode", "InvalidCacheRef", "IgnoredCacheKey", "WrongDirectionAttribute":
			t.Errorf("after --fix: %v", d)
		}
	}
	if second, err := PlanFixes(again); err != nil || len(second) != 0 {
		t.Errorf("fixing twice changes something: %v %+v", err, second)
	}
}

func TestFixRefusals(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"docker-bake.hcl": fixBake})
	p := filepath.Join(dir, "docker-bake.hcl")
	r := Paths([]string{dir}, Options{})
	// changed since it was read: PlanFixes refuses, and so does Write
	changes, err := PlanFixes(r)
	if err != nil || len(changes) != 1 {
		t.Fatalf("%v %d", err, len(changes))
	}
	if err := os.WriteFile(p, []byte(fixBake+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := PlanFixes(r); err == nil || !strings.Contains(err.Error(), "changed since it was read") {
		t.Errorf("PlanFixes on a changed file: %v", err)
	}
	if err := changes[0].Write(); err == nil || !strings.Contains(err.Error(), "changed since it was read") {
		t.Errorf("Write on a changed file: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != fixBake+"\n" {
		t.Errorf("a changed file was written")
	}
	// no temporary file left
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".buildxcache-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestFixReadOnlyFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"docker-bake.hcl": fixBake})
	p := filepath.Join(dir, "docker-bake.hcl")
	changes, _ := PlanFixes(Paths([]string{dir}, Options{}))
	if len(changes) != 1 {
		t.Fatal(len(changes))
	}
	if err := os.Chmod(p, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := changes[0].Write(); err == nil || !strings.Contains(err.Error(), "not writable") {
		t.Errorf("Write on a read-only file: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != fixBake {
		t.Error("a read-only file was changed")
	}
}

// TestPropertyFixConverges: a workflow holding any mix of fixable values,
// in action inputs and on command lines, is fixed by one --fix (or by a
// few, where fixes overlap) to a workflow with no mechanical fix left,
// and fixing it again changes nothing.
func TestPropertyFixConverges(t *testing.T) {
	pool := []string{"inline", "type=gha, mode=max", "type=gha,mode=maxx", "type=GHA,scope=a",
		"type=registry,ref=ghcr.io/Acme/App:c", "type=gha,ignore-errors=true", "type=gha,scope=ok",
		"type=inline,mode=max", "ref=ghcr.io/a/b:c", "type=gha,compression=zst"}
	rapid.Check(t, func(t *rapid.T) {
		from := rapid.SliceOfN(rapid.SampledFrom(pool), 0, 3).Draw(t, "from")
		to := rapid.SliceOfN(rapid.SampledFrom(pool), 1, 3).Draw(t, "to")
		run := rapid.SliceOfN(rapid.SampledFrom(pool), 0, 2).Draw(t, "run")
		var b strings.Builder
		b.WriteString("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n")
		b.WriteString("      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/acme/app:latest\n")
		for _, in := range []struct {
			key  string
			vals []string
		}{{"cache-from", from}, {"cache-to", to}} {
			if len(in.vals) == 0 {
				continue
			}
			b.WriteString("          " + in.key + ": |\n")
			for _, v := range in.vals {
				b.WriteString("            " + v + "\n")
			}
		}
		if len(run) > 0 {
			b.WriteString("      - run: docker buildx build --push -t ghcr.io/acme/x:1")
			for _, v := range run {
				b.WriteString(fmt.Sprintf(" --cache-to '%s'", v))
			}
			b.WriteString(" .\n")
		}
		dir, err := os.MkdirTemp("", "fixprop")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		writeFiles(t, dir, map[string]string{".github/workflows/w.yml": b.String()})
		opts := Options{Threshold: 1}
		for round := 0; ; round++ {
			r := Paths([]string{dir}, opts)
			changes, err := PlanFixes(r)
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) == 0 {
				for _, d := range r.Diagnostics {
					if Fixable(d) {
						t.Fatalf("fixable but not changed: %v\n%s", d, b.String())
					}
				}
				return
			}
			if round == 4 {
				t.Fatalf("no convergence after %d rounds:\n%s", round, changes[0].After)
			}
			for _, c := range changes {
				if err := c.Write(); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
