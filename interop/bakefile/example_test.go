package bakefile_test

import (
	"fmt"

	"github.com/buildxcache/buildxcache/interop/bakefile"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Read a bake definition from content, check each group's targets
// together, and report each finding at its file, line and column.
func ExampleRead() {
	hcl := `variable "TAG" {
  default = "latest"
}
group "default" {
  targets = ["api", "worker"]
}
target "api" {
  cache-to = ["type=gha,scope=app,mode=max"]
}
target "worker" {
  cache_from = ["type=gha,scope=worker"]
  cache-to   = ["type=gha,scope=app,mode=max", "type=registry,ref=ghcr.io/acme/worker:${TAG}"]
}
`
	vars := map[string]string{"TAG": "cache"}
	opts := source.Options{Env: func(name string) (string, bool) { v, ok := vars[name]; return v, ok }}
	files := bakefile.Read([]source.Input{{Path: "docker-bake.hcl", Content: []byte(hcl)}}, opts)
	for _, f := range files {
		for _, d := range f.Diagnostics {
			fmt.Printf("%s: %s [%s]\n", d.Range, d.Fix().Message, d.Rule)
		}
		for _, b := range f.Builds {
			fmt.Printf("%s (group %s): cache-to %q\n", b.Name, b.Source.Group, b.CacheTo)
		}
		// the builds of one group: the file has only the group "default"
		for _, d := range validate.CheckAll(f.Builds) {
			if d.Rule == "GHAScopeCollision" {
				fmt.Printf("%s: %s [%s]\n", d.Range, d.Subject, d.Rule)
			}
		}
	}
	// Output:
	// docker-bake.hcl:11:3: rename it to cache-from [IgnoredCacheKey]
	// api (group default): cache-to ["type=gha,scope=app,mode=max"]
	// worker (group default): cache-to ["type=gha,scope=app,mode=max" "type=registry,ref=ghcr.io/acme/worker:cache"]
	// docker-bake.hcl:8:16: api [GHAScopeCollision]
	// docker-bake.hcl:12:18: worker [GHAScopeCollision]
}
