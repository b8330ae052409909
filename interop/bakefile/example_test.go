package bakefile_test

import (
	"fmt"

	"github.com/buildxcache/buildxcache/interop/bakefile"
	"github.com/buildxcache/buildxcache/validate"
)

// Read a bake definition from content, check each group's targets
// together, and report each finding at its file, line and column.
func ExampleParse() {
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
	files := bakefile.Parse([]bakefile.Input{{Name: "docker-bake.hcl", Data: []byte(hcl)}}, bakefile.Options{Vars: map[string]string{"TAG": "cache"}})
	for _, f := range files {
		for _, p := range f.Problems {
			fmt.Printf("%s: %s [%s]\n", p.Pos, p.Fix, p.Rule)
		}
		var builds []validate.Build
		for _, b := range f.Builds {
			builds = append(builds, b.Build)
			fmt.Printf("%s (group %s): cache-to %q\n", b.Name, b.Group, b.CacheTo)
		}
		for _, d := range validate.CheckAll(builds) {
			b := f.Builds[d.Build]
			if d.Rule == "GHAScopeCollision" {
				fmt.Printf("%s: %s [%s]\n", b.CacheToPos[d.Index].At(d.Offset), b.Name, d.Rule)
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
