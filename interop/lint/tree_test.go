package lint

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
)

var (
	treeDir   = flag.String("tree", "", "TestWriteTree writes the generated benchmark tree into this directory")
	treeScale = flag.Int("treescale", 1, "TestWriteTree writes this many times 1,000 workflows and 200 bake files")
)

// writeTree writes nWorkflows workflow files and nBake bake files (each
// with a compose-free docker-bake.hcl in its own directory) under dir. The
// files are realistic: matrix jobs, action and run: steps, several bake
// targets in a group, and a few mistakes each.
func writeTree(tb testing.TB, dir string, nWorkflows, nBake int) {
	tb.Helper()
	wf := filepath.Join(dir, ".github", "workflows")
	if err := os.MkdirAll(wf, 0o755); err != nil {
		tb.Fatal(err)
	}
	for i := range nWorkflows {
		data := fmt.Sprintf(`name: build %[1]d
on:
  push:
    branches: [main]
  pull_request:
jobs:
  image:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        platform: [linux/amd64, linux/arm64]
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: ${{ matrix.platform }}
          push: ${{ github.event_name != 'pull_request' }}
          tags: ghcr.io/org/app%[1]d:latest
          cache-from: |
            type=gha,scope=app%[1]d-${{ matrix.platform }}
            type=registry,ref=ghcr.io/org/app%[1]d:buildcache
          cache-to: |
            type=gha,scope=app%[1]d-${{ matrix.platform }},mode=max
            type=registry,ref=ghcr.io/org/app%[1]d:latest
  shell:
    runs-on: ubuntu-latest
    steps:
      - run: |
          docker buildx build --push -t ghcr.io/org/tool%[1]d:main \
            --cache-from type=registry,ref=ghcr.io/org/tool%[1]d:cache \
            --cache-to inline .
`, i)
		if err := os.WriteFile(filepath.Join(wf, fmt.Sprintf("build-%04d.yml", i)), []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	for i := range nBake {
		d := filepath.Join(dir, "services", fmt.Sprintf("svc%03d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			tb.Fatal(err)
		}
		data := fmt.Sprintf(`variable "TAG" {
  default = "latest"
}
group "default" {
  targets = ["api", "worker"]
}
target "_common" {
  cache-from = ["type=gha,scope=svc%[1]d"]
}
target "api" {
  inherits = ["_common"]
  tags = ["ghcr.io/org/svc%[1]d-api:${TAG}"]
  cache-to = ["type=gha,scope=svc%[1]d,mode=max"]
}
target "worker" {
  inherits = ["_common"]
  tags = ["ghcr.io/org/svc%[1]d-worker:${TAG}"]
  cache-to = ["type=gha,scope=svc%[1]d,mode=max"]
}
`, i)
		if err := os.WriteFile(filepath.Join(d, "docker-bake.hcl"), []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestWriteTree writes the benchmark tree when -tree is given, for timing
// the CLI: go test ./lint -run TestWriteTree -tree=/tmp/tree [-treescale=4]
func TestWriteTree(t *testing.T) {
	if *treeDir == "" {
		t.Skip("no -tree directory given")
	}
	writeTree(t, *treeDir, 1000**treeScale, 200**treeScale)
}

// BenchmarkLintTree lints the generated tree of 1,000 workflows and 200
// bake files; one op is one whole run.
func BenchmarkLintTree(b *testing.B) {
	dir := b.TempDir()
	writeTree(b, dir, 1000, 200)
	b.ReportAllocs()
	var r Result
	for b.Loop() {
		r = Paths([]string{dir}, Options{})
	}
	b.ReportMetric(float64(r.Files), "files")
	b.ReportMetric(float64(len(r.Diagnostics)), "findings")
}

// TestLintTreeMemory checks that the memory a run keeps does not grow with
// the number of files beyond its findings: linting 4x the files keeps about
// 4x the findings' memory, not the files'.
func TestLintTreeMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	peak := func(n int) (uint64, int) {
		dir := t.TempDir()
		writeTree(t, dir, n, 0)
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		stop := make(chan struct{})
		done := make(chan uint64)
		go func() { // sample the live heap while the run goes on
			var m runtime.MemStats
			var hi uint64
			for {
				select {
				case <-stop:
					done <- hi
					return
				default:
				}
				runtime.ReadMemStats(&m)
				hi = max(hi, m.HeapInuse)
				time.Sleep(2 * time.Millisecond)
			}
		}()
		r := Paths([]string{dir}, Options{Workers: 2})
		close(stop)
		hi := <-done
		return hi - min(hi, before.HeapInuse), len(r.Diagnostics)
	}
	small, fs := peak(100)
	large, fl := peak(800)
	t.Logf("peak heap over baseline: 100 files %d KiB (%d findings), 800 files %d KiB (%d findings)", small>>10, fs, large>>10, fl)
	// 8x the files: the findings grow 8x; allow their share plus slack,
	// far below what holding 8x the parsed files would take.
	if large > 8*small+(8<<20) {
		t.Errorf("peak heap grew from %d KiB to %d KiB for 8x the files", small>>10, large>>10)
	}
}

// BenchmarkLintWorkflows lints the realistic workflows of
// testgen.WriteWorkflows, the tree BenchmarkVsActionlint compares with
// actionlint; run it with -cpuprofile to see where the time goes.
func BenchmarkLintWorkflows(b *testing.B) {
	dir := b.TempDir()
	if err := testgen.WriteWorkflows(dir, 1000); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Paths([]string{dir}, Options{})
	}
}
