package script

import (
	"fmt"
	"slices"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
)

// TestRuns: a script's bake and compose commands are Runs (even without
// a cache flag, which a script with only those does not need), with its
// constants resolved, its builder, and no directory of their own (a
// script runs where its caller does); one after a cd is Moved.
func TestRuns(t *testing.T) {
	src := "#!/bin/sh\nF=ci/bake.hcl\ndocker buildx create --use --name b\ndocker buildx bake -f \"$F\" app\ndocker compose build api\ncd deploy\ndocker buildx bake\n"
	f := source.ParseOne(Reader, "s.sh", []byte(src))
	var got []string
	for _, r := range f.Runs {
		got = append(got, fmt.Sprintf("%s %s %q %q %s %q moved=%v", r.Tool, r.Name, r.Files, r.Targets, r.Builder.Driver, r.Dir, r.Moved))
	}
	want := []string{
		`bake buildx bake at line 4 ["ci/bake.hcl"] ["app"] docker-container "" moved=false`,
		`compose compose build at line 5 [] ["api"] docker-container "" moved=false`,
		`bake buildx bake at line 7 [] [] docker-container "" moved=true`,
	}
	if !slices.Equal(got, want) || len(f.Builds) != 0 || len(f.Diagnostics) != 0 {
		t.Errorf("runs %q, want %q; builds %v diagnostics %v", got, want, f.Builds, f.Diagnostics)
	}
}
