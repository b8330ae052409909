package lint

import (
	"strconv"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
)

// matrixWorkflow is a job of legs matrix legs whose steps steps all
// export to one gha scope (issue 15 item 11: 256 legs x 64 steps ran out
// of memory).
func matrixWorkflow(legs, steps int) []byte {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        n: [")
	for i := 0; i < legs; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(i))
	}
	b.WriteString("]\n    steps:\n      - uses: docker/setup-buildx-action@v3\n")
	for i := 0; i < steps; i++ {
		b.WriteString("      - uses: docker/build-push-action@v6\n        with:\n          cache-to: type=gha,scope=one,mode=max\n          cache-from: type=gha,scope=one\n")
	}
	return []byte(b.String())
}

// BenchmarkMatrixLegs: the lint of a matrix job grows linearly with legs x
// steps (the legs share their values; each is parsed and placed once per
// leg, and the cross-build findings are one per value, not per pair).
func BenchmarkMatrixLegs(b *testing.B) {
	for _, c := range []struct{ legs, steps int }{{4, 16}, {16, 16}, {64, 16}, {256, 16}, {256, 64}} {
		data := matrixWorkflow(c.legs, c.steps)
		b.Run(strconv.Itoa(c.legs)+"x"+strconv.Itoa(c.steps), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f := source.ParseOne(workflow.Reader, "w.yml", data)
				ds := Files([]source.File{f}, Options{})
				if len(ds) == 0 {
					b.Fatal("no finding")
				}
			}
		})
	}
}

// TestMatrixLegsFindingsBounded: 256 legs x 64 steps writing one scope
// gives a bounded number of findings, not one per pair of builds.
func TestMatrixLegsFindingsBounded(t *testing.T) {
	f := source.ParseOne(workflow.Reader, "w.yml", matrixWorkflow(256, 64))
	if len(f.Builds) != 256*64 {
		t.Fatalf("%d builds", len(f.Builds))
	}
	ds := sortDiagnostics(Files([]source.File{f}, Options{}))
	if len(ds) > 64*8 {
		t.Errorf("%d findings for 64 values", len(ds))
	}
}
