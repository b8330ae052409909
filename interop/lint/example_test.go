package lint_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/buildxcache/buildxcache/interop/lint"
	"github.com/buildxcache/buildxcache/validate"
)

func ExamplePaths() {
	dir, _ := os.MkdirTemp("", "lint-example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "docker-bake.hcl"), []byte(`target "app" {
  tags     = ["ghcr.io/org/app:latest"]
  cache-to = ["type=gha, mode=max"]
}
`), 0o644)

	r := lint.Paths([]string{dir}, lint.Options{Threshold: validate.SeverityWarning})
	for _, d := range r.Diagnostics {
		rel, _ := filepath.Rel(dir, d.Range.File)
		fmt.Printf("%s:%d:%d: %s [%s]\n", rel, d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Rule)
	}
	// Output:
	// docker-bake.hcl:3:25: error [WhitespaceAroundCacheKey]
}
