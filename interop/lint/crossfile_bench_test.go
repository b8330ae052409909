package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
)

// BenchmarkCalled measures following a workflow's calls: 20 jobs (a
// matrix of 4 legs each) calling a composite action that runs a script
// that runs bake, and a bake-action step with overrides.
func BenchmarkCalled(b *testing.B) {
	dir := b.TempDir()
	wf := "on: [push, pull_request]\njobs:\n"
	for i := range 20 {
		wf += fmt.Sprintf("  j%d:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        v: [a, b, c, d]\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: ./.github/actions/build\n        with:\n          target: t${{ matrix.v }}\n      - uses: docker/bake-action@v6\n        with:\n          set: |\n            *.cache-to=type=gha,scope=j%d-${{ matrix.v }},mode=max\n", i, i)
	}
	files := map[string]string{
		".github/workflows/ci.yml":         wf,
		".github/actions/build/action.yml": "inputs:\n  target: {}\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: ./ci/bake.sh ${{ inputs.target }}\n",
		"ci/bake.sh":                       "#!/bin/sh\ndocker buildx bake --set \"*.cache-from=type=gha,scope=$1\"\n",
		"docker-bake.hcl":                  "group \"default\" {\n  targets = [\"ta\", \"tb\"]\n}\ntarget \"ta\" {\n  cache-to = [\"type=registry,ref=ghcr.io/acme/a:cache\"]\n}\ntarget \"tb\" {\n  cache-to = [\"type=registry,ref=ghcr.io/acme/b:cache\"]\n}\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	wfs := workflow.ReadFiles(filepath.Join(dir, ".github", "workflows", "ci.yml"))
	for i := range wfs {
		wfs[i].Content = []byte(wf)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		fs := make([]source.File, len(wfs))
		copy(fs, wfs)
		out, _ := called(fs)
		if len(out) == 0 {
			b.Fatal("no calls followed")
		}
	}
}
