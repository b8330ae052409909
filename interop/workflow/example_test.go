package workflow_test

import (
	"fmt"

	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

func ExampleParse() {
	src := `on: [push, pull_request]
jobs:
  image:
    strategy:
      matrix:
        platform: [linux/amd64, linux/arm64]
    steps:
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: ${{ matrix.platform }}
          cache-to: type=gha,scope=app,mode=max
`
	f := workflow.Parse("ci.yml", []byte(src))
	var builds []validate.Build
	for _, b := range f.Builds {
		fmt.Printf("%s: %s at %v, event %s, driver %s\n", b.Name, b.CacheTo[0], b.Source.CacheTo[0].Range(0, 0), b.CI.Event, b.Builder.Driver)
		builds = append(builds, b)
	}
	for _, d := range validate.CheckAll(builds) {
		if d.Rule == "PerPlatformCacheCollision" {
			fmt.Println(d.Rule, "in build", d.Build)
		}
	}
	// Output:
	// image (linux/amd64): type=gha,scope=app,mode=max at ci.yml:12:21, event pull_request, driver docker-container
	// image (linux/arm64): type=gha,scope=app,mode=max at ci.yml:12:21, event pull_request, driver docker-container
	// PerPlatformCacheCollision in build 0
	// PerPlatformCacheCollision in build 1
}
