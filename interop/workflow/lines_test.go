package workflow

import (
	"reflect"
	"strings"
	"testing"
)

// TestCRLFWorkflow checks that a workflow with CRLF line ends reads as
// the same workflow with LF ones: the same builds, values and positions.
func TestCRLFWorkflow(t *testing.T) {
	lf := "on: push\njobs:\n  j:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          cache-to: |\n            type=gha,mode=max\n            type=registry,ref=r/x:c\n      - run: |\n          docker buildx build \\\n            --cache-from type=gha .\n"
	a, b := Parse("w.yml", []byte(lf)), Parse("w.yml", []byte(strings.ReplaceAll(lf, "\n", "\r\n")))
	if len(a.Builds) != 2 {
		t.Fatalf("%d builds read, want 2", len(a.Builds))
	}
	for i := range a.Builds {
		if !reflect.DeepEqual(a.Builds[i].CacheTo, b.Builds[i].CacheTo) || !reflect.DeepEqual(a.Builds[i].CacheFrom, b.Builds[i].CacheFrom) ||
			!reflect.DeepEqual(a.Builds[i].Source, b.Builds[i].Source) {
			t.Errorf("build %d: LF %+v %+v, CRLF %+v %+v", i, a.Builds[i].CacheTo, *a.Builds[i].Source, b.Builds[i].CacheTo, *b.Builds[i].Source)
		}
	}
	if got := fileLines([]byte("a\r\nb\nc")); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("fileLines = %q", got)
	}
}
