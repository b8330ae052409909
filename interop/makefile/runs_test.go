package makefile

import (
	"fmt"
	"slices"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
)

// TestRuns: a Makefile's recipes' bake and compose commands are Runs,
// make variables expanded, --set values placed in the Makefile, run in
// the Makefile's directory; one after a cd in its recipe line is Moved
// (the next line runs in a shell of its own).
func TestRuns(t *testing.T) {
	src := "F := ci/bake.hcl\nbake:\n\tdocker buildx bake -f $(F) --set app.cache-to=type=gha\nup:\n\tdocker compose -f dev.yml build\n\tcd sub && docker compose build\n\tdocker buildx bake -f later.hcl\n"
	f := source.ParseOne(Reader, "Makefile", []byte(src))
	var got []string
	for _, r := range f.Runs {
		var sets []string
		for _, s := range r.Sets {
			sets = append(sets, fmt.Sprintf("%s=%s@%d:%d", s.Key, s.Value, s.At.Start.Line, s.At.Start.Col))
		}
		got = append(got, fmt.Sprintf("%s %s %q %q %q moved=%v", r.Tool, r.Name, r.Files, sets, r.Dir, r.Moved))
	}
	want := []string{
		`bake target bake: buildx bake ["ci/bake.hcl"] ["app.cache-to=type=gha@3:48"] "." moved=false`,
		`compose target up: compose build ["dev.yml"] [] "." moved=false`,
		`compose target up: compose build [] [] "." moved=true`,
		`bake target up: buildx bake ["later.hcl"] [] "." moved=false`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("runs %q, want %q", got, want)
	}
}
