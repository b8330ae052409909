package workflow

import (
	"strconv"
	"strings"
	"testing"
)

// runScriptWorkflow is a workflow whose one run: step holds n GitHub
// expressions, in the words of a build command and of others.
func runScriptWorkflow(n int) []byte {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n")
	for i := 0; i < n; i++ {
		if i%100 == 0 {
			b.WriteString("          docker buildx build --cache-to type=gha,scope=${{ github.ref_name }}-" + strconv.Itoa(i) + " -t ${{ env.IMAGE }} .\n")
			continue
		}
		b.WriteString("          echo ${{ matrix.x" + strconv.Itoa(i) + " }}\n")
	}
	return []byte(b.String())
}

// BenchmarkRunScriptExpressions: a run: script with 32,000 expressions
// (issue 15 item 11: unmask, and the conversion of each command's line and
// column to an offset, rescanned the text per item).
// Run at 1x..64x (500 to 32,000 expressions) the time per expression
// stays flat.
func BenchmarkRunScriptExpressions(b *testing.B) {
	for _, n := range []int{500, 2000, 8000, 32000} {
		data := runScriptWorkflow(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				f := Parse("w.yml", data)
				if len(f.Builds) != (n+99)/100 {
					b.Fatalf("%d builds: %v", len(f.Builds), f.Diagnostics)
				}
			}
		})
	}
}

// unmask restores every placeholder, and gives what trying every mask
// gives where placeholders are cut short (an index longer than its
// expression: "${{x}}" at index 100 and after).
func TestUnmaskLinear(t *testing.T) {
	var src strings.Builder
	for i := 0; i < 40; i++ {
		src.WriteString("${{x}}${{y}}\n") // indexes below 100: not cut short
	}
	for i := 0; i < 1200; i++ {
		src.WriteString("a ${{ matrix.x" + strconv.Itoa(i) + " }} b\n")
	}
	masked, masks := maskExpressions(src.String())
	if got := unmask(masked, masks); got != src.String() {
		t.Errorf("unmask does not restore the script")
	}
	var short strings.Builder
	for i := 0; i < 300; i++ {
		short.WriteString("a ${{x}} b\n")
	}
	masked2, masks2 := maskExpressions(short.String())
	if got, want := unmask(masked2, masks2), unmaskAll(masked2, masks2); got != want {
		t.Errorf("unmask and unmaskAll differ on placeholders cut short")
	}
	for _, s := range []string{"GHX", "GHXQ", "xGHX9", "GHX99999999999999999999Q"} {
		if got := unmask(s, masks); got != unmaskAll(s, masks) {
			t.Errorf("unmask(%q) = %q, unmaskAll %q", s, got, unmaskAll(s, masks))
		}
	}
}
