package workflow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
)

// FuzzParse feeds arbitrary documents to the workflow reader: it must not
// panic, and what it returns must be consistent: a position for every
// value, inside the file.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yml")
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"on: push\njobs:\n  j:\n    steps:\n      - run: docker buildx build --cache-to=type=gha,mode=max .\n",
		"on: [push]\nx: &a {cache-to: inline}\njobs: {j: {steps: [{uses: docker/build-push-action@v6, with: {<<: *a}}]}}\n",
		"jobs:\n  j:\n    strategy: {matrix: {a: [1, 2], include: [{a: 3, b: x}]}}\n    steps:\n      - uses: docker/bake-action@v5\n        with:\n          set: |\n            *.cache-to=type=gha,scope=${{ matrix.a }}\n",
		"on: pull_request\njobs:\n  j:\n    steps:\n      - run: |\n          buildctl build --export-cache \"type=registry,ref=${{ env.X }}\" \\\n            --output type=image,name=a,push=true\n",
		"jobs: {j: {steps: [{run: 'docker build --cache-from ${{ x }} $(echo'}]}}",
		"on: push\njobs:\n  j:\n    steps:\n      - run: |\n          ./a.sh && make -C d x\n          cd s; ./b.sh\n          docker buildx bake -f ../x.hcl\n        working-directory: w\n      - uses: ./.github/actions/a\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file := Parse("w.yml", data)
		lines := strings.Count(string(data), "\n") + 1
		check := func(what string, vals []string, pos []diag.Span) {
			if len(vals) != len(pos) {
				t.Fatalf("%s: %d values, %d positions", what, len(vals), len(pos))
			}
			for _, p := range pos {
				if p.File != "w.yml" || p.Start.Line < 0 || p.Start.Line > lines || p.Start.Col < 0 {
					t.Fatalf("%s: position %+v outside a file of %d lines", what, p, lines)
				}
			}
		}
		for _, b := range file.Builds {
			check("cache-from", b.CacheFrom, b.Source.CacheFrom)
			check("cache-to", b.CacheTo, b.Source.CacheTo)
		}
		for _, p := range file.Diagnostics {
			if p.Rule == "" || p.Message == "" || p.Range.File != "w.yml" {
				t.Fatalf("problem %+v", p)
			}
		}
		// the calls to follow: placed in the file, inside the repository
		for _, c := range Calls("w.yml", data) {
			if c.At.File != "w.yml" || c.At.Start.Line < 0 || c.At.Start.Line > lines {
				t.Fatalf("call placed at %+v", c.At)
			}
			for _, p := range append([]string{c.Path, c.Dir}, c.Files...) {
				if p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
					t.Fatalf("a call outside the repository: %+v", c)
				}
			}
		}
	})
}
