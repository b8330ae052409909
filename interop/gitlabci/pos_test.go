package gitlabci

import (
	"fmt"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
)

// TestPositions: the cache values of every YAML style a script line is
// written in are placed where they are written, exactly when they are
// written verbatim on one line; a value in a template of an included file
// that a job of the root file references is placed in the included file.
func TestPositions(t *testing.T) {
	v := "type=registry,ref=r.example/a:c"
	tests := []struct {
		name, yaml string
		line, col  int
		exact      bool
	}{
		{"plain", "j:\n  script:\n    - docker buildx build --cache-to " + v + " .\n", 3, 38, true},
		{"plain over lines", "j:\n  script:\n    - docker buildx build\n        --push\n        --cache-to " + v + "\n        .\n", 5, 20, true},
		{"single-quoted", "j:\n  script:\n    - 'docker buildx build --cache-to " + v + " .'\n", 3, 39, true},
		{"double-quoted", "j:\n  script: [\"docker buildx build --cache-to " + v + " .\"]\n", 2, 44, true},
		{"double-quoted after an escape", "j:\n  script: [\"echo \\\"x\\\"; docker buildx build --cache-to " + v + " .\"]\n", 2, 12, false},
		{"literal block", "j:\n  script:\n    - |\n      set -e\n      docker buildx build \\\n        --cache-to " + v + " .\n", 6, 20, true},
		{"folded block", "j:\n  script:\n    - >\n      docker buildx build\n      --cache-to " + v + " .\n", 5, 18, true},
		{"after an anchor", "j:\n  script:\n    - &b docker buildx build --cache-to " + v + " .\n", 3, 41, true},
		{"a quoted shell word", "j:\n  script:\n    - docker buildx build --cache-to \"" + v + "\" .\n", 3, 39, true},
		{"through a variable", "variables:\n  C: " + v + "\nj:\n  script:\n    - docker buildx build --cache-to $C .\n", 5, 38, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse("p/.gitlab-ci.yml", []byte(tt.yaml))
			if len(f.Builds) != 1 || len(f.Builds[0].CacheTo) != 1 || f.Builds[0].CacheTo[0] != v {
				t.Fatalf("builds %+v, diagnostics %v", f.Builds, f.Diagnostics)
			}
			sp := f.Builds[0].Source.CacheTo[0]
			if sp.File != "p/.gitlab-ci.yml" || sp.Start.Line != tt.line || sp.Start.Col != tt.col || sp.Exact != tt.exact {
				t.Errorf("span %+v, want %d:%d exact %v", sp, tt.line, tt.col, tt.exact)
			}
			checkPlaced(t, []source.Input{{Path: "p/.gitlab-ci.yml", Content: []byte(tt.yaml)}}, []source.File{f})
		})
	}
	in := []source.Input{
		{Path: "p/.gitlab-ci.yml", Content: []byte("include: ci/t.yml\nj:\n  script:\n    - !reference [.t, script]\n")},
		{Path: "p/ci/t.yml", Content: []byte(".t:\n  script:\n    - docker buildx build --cache-to " + v + " .\n")},
	}
	files := Read(in, source.Options{})
	if len(files[0].Builds) != 1 {
		t.Fatalf("builds %+v", files)
	}
	sp := files[0].Builds[0].Source.CacheTo[0]
	if got := fmt.Sprintf("%s:%d:%d %v", sp.File, sp.Start.Line, sp.Start.Col, sp.Exact); got != "p/ci/t.yml:3:38 true" {
		t.Errorf("referenced value at %s", got)
	}
	checkPlaced(t, in, files)
}
