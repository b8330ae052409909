package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/interop/internal/tools"
)

// runProcess runs one process through the launcher and returns its wall
// time and peak resident memory in KiB; a non-zero exit (findings) is not
// an error. The launcher (testdata/rsslaunch) is what makes the memory
// figure the child's own: see its package comment.
func runProcess(b *testing.B, launcher, dir string, name string, args ...string) (time.Duration, int64) {
	b.Helper()
	cmd := exec.Command(launcher, append([]string{name}, args...)...)
	cmd.Dir = dir
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v\n%s", name, err, errs.String())
	}
	var wall, rss int64
	if _, err := fmt.Sscan(out.String(), &wall, &rss); err != nil {
		b.Fatalf("%s: launcher printed %q: %v", name, out.String(), err)
	}
	return time.Duration(wall), rss
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
	tmp := b.TempDir()
	bin := filepath.Join(tmp, "buildxcache")
	launcher := filepath.Join(tmp, "rsslaunch")
	for out, pkg := range map[string]string{bin: ".", launcher: "./testdata/rsslaunch"} {
		build := exec.Command("go", "build", "-o", out, pkg)
		if msg, err := build.CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
		}
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
				w, r := runProcess(b, launcher, dir, al, "-no-color", "-shellcheck=", "-pyflakes=")
				theirs += w
				theirsRSS = max(theirsRSS, r)
				w, r = runProcess(b, launcher, dir, bin, "lint", "--format", "json", ".")
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

// TestRSSLaunch: the launcher reports the peak memory of the command it
// runs, not the test binary's: with 64 MiB touched here, /bin/true run
// through it peaks at a few MiB.
func TestRSSLaunch(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the rusage figures are Linux's")
	}
	if testing.Short() {
		t.Skip("builds the launcher")
	}
	launcher := filepath.Join(t.TempDir(), "rsslaunch")
	if out, err := exec.Command("go", "build", "-o", launcher, "./testdata/rsslaunch").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	big := make([]byte, 64<<20)
	for i := range big {
		big[i] = byte(i)
	}
	out, err := exec.Command(launcher, "/bin/true").Output()
	if err != nil {
		t.Fatal(err)
	}
	var wall, rss int64
	if _, err := fmt.Sscan(string(out), &wall, &rss); err != nil {
		t.Fatalf("the launcher printed %q: %v", out, err)
	}
	if rss <= 0 || rss > 16<<10 {
		t.Errorf("/bin/true peaked at %d KiB through the launcher, want its own few MiB", rss)
	}
	runtime.KeepAlive(big)
}
