package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/interop/internal/tools"
)

// runProcess times one process and returns its wall time and peak resident
// memory; a non-zero exit (findings) is not an error.
func runProcess(b *testing.B, dir string, name string, args ...string) (time.Duration, int64) {
	b.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		b.Fatalf("%s: %v\n%s", name, err, out.String())
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	var rss int64
	if ru != nil {
		rss = ru.Maxrss // KiB on Linux
	}
	return wall, rss
}

// BenchmarkVsActionlint runs the buildxcache command and actionlint on the
// same tree of realistic workflows, pair by pair, and reports each one's
// wall time and peak memory per run and their ratios. actionlint runs
// without shellcheck and pyflakes (-shellcheck= -pyflakes=), which it
// would otherwise call per script. Skipped, with the reason, when
// actionlint cannot be installed.
//
//	go test ./cmd/buildxcache -run '^$' -bench BenchmarkVsActionlint -benchtime 10x
func BenchmarkVsActionlint(b *testing.B) {
	al, err := tools.Actionlint()
	if err != nil {
		b.Skipf("SKIPPED: %v", err)
	}
	bin := filepath.Join(b.TempDir(), "buildxcache")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, n := range []int{1000} {
		dir := b.TempDir()
		if err := testgen.WriteWorkflows(dir, n); err != nil {
			b.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil { // actionlint finds the project by it
			b.Fatal(err)
		}
		b.Run("workflows="+strconv.Itoa(n), func(b *testing.B) {
			var ours, theirs time.Duration
			var oursRSS, theirsRSS int64
			for b.Loop() {
				w, r := runProcess(b, dir, al, "-no-color", "-shellcheck=", "-pyflakes=")
				theirs += w
				theirsRSS = max(theirsRSS, r)
				w, r = runProcess(b, dir, bin, "lint", "--format", "json", ".")
				ours += w
				oursRSS = max(oursRSS, r)
			}
			k := float64(b.N)
			b.ReportMetric(float64(ours.Milliseconds())/k, "buildxcache-ms/op")
			b.ReportMetric(float64(theirs.Milliseconds())/k, "actionlint-ms/op")
			b.ReportMetric(float64(ours)/float64(theirs), "time-ratio")
			b.ReportMetric(float64(oursRSS)/1024, "buildxcache-MB")
			b.ReportMetric(float64(theirsRSS)/1024, "actionlint-MB")
			b.ReportMetric(float64(oursRSS)/float64(theirsRSS), "memory-ratio")
		})
	}
}
