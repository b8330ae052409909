package testgen

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestGrowthGenerators checks the sizes the growth benchmarks rely on: n
// units make n times one unit, WorkflowOfSize fills its size without
// passing it, a matrix has the combinations asked for, and the YAML
// files parse.
func TestGrowthGenerators(t *testing.T) {
	for name, gen := range map[string]func(int) string{"workflow": Workflow, "bake": Bake, "compose": Compose, "script": Script, "makefile": Makefile} {
		one, four := len(gen(1))-len(gen(0)), len(gen(4))-len(gen(0))
		if one == 0 || four < 4*one || four > 4*one+64 {
			t.Errorf("%s: one unit %d bytes, four units %d", name, one, four)
		}
	}
	const size = 4 << 20
	w := WorkflowOfSize(size)
	if len(w) > size || len(w) < size-len(workflowJob(99999)) {
		t.Errorf("WorkflowOfSize(%d) is %d bytes", size, len(w))
	}
	for _, doc := range []string{Workflow(3), Compose(3), MatrixWorkflow(1000)} {
		var v map[string]any
		if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatalf("%v\n%s", err, doc)
		}
	}
	for legs, want := range map[int][2]int{1: {1, 1}, 3: {3, 1}, 16: {4, 4}, 1000: {4, 250}} {
		doc := MatrixWorkflow(legs)
		var v struct {
			Jobs map[string]struct {
				Strategy struct{ Matrix map[string][]string }
			}
		}
		if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatal(err)
		}
		m := v.Jobs["build"].Strategy.Matrix
		if len(m["platform"]) != want[0] || len(m["variant"]) != want[1] {
			t.Errorf("MatrixWorkflow(%d): %d platforms, %d variants, want %v", legs, len(m["platform"]), len(m["variant"]), want)
		}
	}
	if !strings.Contains(Bake(2), `targets = ["t0", "t1"]`) {
		t.Errorf("Bake(2) does not group its targets:\n%s", Bake(2))
	}
}
