package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
)

// growthCase writes a tree whose size is k units: k files of one unit
// each, or one file of k units.
type growthCase struct {
	name  string
	write func(tb testing.TB, dir string, k int)
}

// growthUnit is the number of files, or of units in one file, at 1x.
const growthUnit = 8

func writeFile(tb testing.TB, p, data string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// growthCases are, for every reader, a tree of k files and a tree of one
// file k units long (jobs, targets, services, build commands, Makefile
// targets).
var growthCases = []growthCase{
	{"files/workflow", func(tb testing.TB, dir string, k int) {
		for i := range k {
			writeFile(tb, filepath.Join(dir, ".github", "workflows", fmt.Sprintf("w%d.yml", i)), testgen.Workflow(1))
		}
	}},
	{"files/bake", func(tb testing.TB, dir string, k int) {
		for i := range k {
			writeFile(tb, filepath.Join(dir, fmt.Sprintf("b%d", i), "docker-bake.hcl"), testgen.Bake(1))
		}
	}},
	{"files/compose", func(tb testing.TB, dir string, k int) {
		for i := range k {
			writeFile(tb, filepath.Join(dir, fmt.Sprintf("c%d", i), "compose.yaml"), testgen.Compose(1))
		}
	}},
	{"files/script", func(tb testing.TB, dir string, k int) {
		for i := range k {
			writeFile(tb, filepath.Join(dir, fmt.Sprintf("s%d.sh", i)), testgen.Script(1))
		}
	}},
	{"files/makefile", func(tb testing.TB, dir string, k int) {
		for i := range k {
			writeFile(tb, filepath.Join(dir, fmt.Sprintf("m%d", i), "Makefile"), testgen.Makefile(1))
		}
	}},
	{"size/workflow", func(tb testing.TB, dir string, k int) {
		writeFile(tb, filepath.Join(dir, ".github", "workflows", "w.yml"), testgen.Workflow(k))
	}},
	{"size/bake", func(tb testing.TB, dir string, k int) {
		writeFile(tb, filepath.Join(dir, "docker-bake.hcl"), testgen.Bake(k))
	}},
	{"size/compose", func(tb testing.TB, dir string, k int) {
		writeFile(tb, filepath.Join(dir, "compose.yaml"), testgen.Compose(k))
	}},
	{"size/script", func(tb testing.TB, dir string, k int) {
		writeFile(tb, filepath.Join(dir, "build.sh"), testgen.Script(k))
	}},
	{"size/makefile", func(tb testing.TB, dir string, k int) {
		writeFile(tb, filepath.Join(dir, "Makefile"), testgen.Makefile(k))
	}},
	{"size/matrix-legs", func(tb testing.TB, dir string, k int) {
		writeFile(tb, filepath.Join(dir, ".github", "workflows", "m.yml"), testgen.MatrixWorkflow(k))
	}},
}

// BenchmarkGrowth lints each growth case at 1x, 4x, 16x and 64x (8, 32,
// 128 and 512 files, or units in one file; matrix legs past 256 are
// not expanded, see workflow.MaxLegs); one op is one run over the tree.
//
//	go test ./lint -run '^$' -bench BenchmarkGrowth -benchmem
func BenchmarkGrowth(b *testing.B) {
	for _, c := range growthCases {
		for _, x := range []int{1, 4, 16, 64} {
			b.Run(fmt.Sprintf("%s/x%d", c.name, x), func(b *testing.B) {
				dir := b.TempDir()
				c.write(b, dir, x*growthUnit)
				b.ReportAllocs()
				var r Result
				for b.Loop() {
					r = Paths([]string{dir}, Options{})
				}
				if len(r.Diagnostics) == 0 {
					b.Fatal("no findings: the tree is not linted")
				}
				b.ReportMetric(float64(len(r.Diagnostics)), "findings")
			})
		}
	}
}

// BenchmarkLargeInputs lints the large inputs of the performance targets:
// a job with a matrix of 1,000 combinations (the first 256 are expanded
// and checked, the rest reported as MatrixTooLarge), a workflow of just
// under 4 MiB (the largest file read), and a bake file whose default
// group has 200 targets.
func BenchmarkLargeInputs(b *testing.B) {
	for _, c := range []struct {
		name, path, data string
	}{
		{"matrix-1000-legs", ".github/workflows/m.yml", testgen.MatrixWorkflow(1000)},
		{"workflow-4MiB", ".github/workflows/w.yml", testgen.WorkflowOfSize(4 << 20)},
		{"bake-group-200", "docker-bake.hcl", testgen.Bake(200)},
	} {
		b.Run(c.name, func(b *testing.B) {
			dir := b.TempDir()
			writeFile(b, filepath.Join(dir, filepath.FromSlash(c.path)), c.data)
			b.ReportAllocs()
			b.SetBytes(int64(len(c.data)))
			var r Result
			for b.Loop() {
				r = Paths([]string{dir}, Options{})
			}
			if len(r.Diagnostics) == 0 || len(r.Diagnostics) == 1 && r.Diagnostics[0].Rule == "UnreadableFile" {
				b.Fatalf("not linted: %v", r.Diagnostics)
			}
			b.ReportMetric(float64(len(r.Diagnostics)), "findings")
		})
	}
}

// allocated lints dir once, with one worker, and returns the bytes and
// the number of allocations it took.
func allocated(dir string) (bytes, allocs uint64, findings int) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := Paths([]string{dir}, Options{Workers: 1})
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs, len(r.Diagnostics)
}

// maxGrowth is the most the bytes and allocations of a lint run may grow
// for 4x the input: linear growth is 4x, fixed costs make it less;
// superlinear growth (a quadratic pass over the files, the builds of a
// file, the legs of a matrix or the lines of a value) makes it 16x.
const maxGrowth = 5.0

// TestGrowthLinear checks, with allocation counts and bytes allocated
// (not times), that linting grows linearly with the number of files and
// with the size of one file, for every reader: from 4x to 16x the input,
// each grows at most maxGrowth times.
func TestGrowthLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, c := range growthCases {
		t.Run(c.name, func(t *testing.T) {
			small, large := t.TempDir(), t.TempDir()
			c.write(t, small, 4*growthUnit)
			c.write(t, large, 16*growthUnit)
			allocated(small) // warm up: the rule tables, the parsers' caches
			bs, as, fs := allocated(small)
			bl, al, fl := allocated(large)
			if fs == 0 || fl < fs {
				t.Fatalf("findings %d at 4x, %d at 16x: the trees are not linted", fs, fl)
			}
			gb, ga := float64(bl)/float64(bs), float64(al)/float64(as)
			t.Logf("4x: %d KiB in %d allocations; 16x: %d KiB in %d allocations; growth %.2fx bytes, %.2fx allocations",
				bs>>10, as, bl>>10, al, gb, ga)
			if gb > maxGrowth || ga > maxGrowth {
				t.Errorf("4x the input takes %.2fx the bytes and %.2fx the allocations (at most %.0fx): superlinear", gb, ga, maxGrowth)
			}
		})
	}
}
