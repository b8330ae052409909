package buildx_test

import (
	"fmt"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildx"
	"github.com/docker/buildx/util/buildflags"
)

// Read Buildx's entries into typed ones, refusing what BuildKit would
// silently ignore.
func ExampleFromCacheOptions() {
	opts, _ := buildflags.ParseCacheEntry([]string{"type=gha,scope=app,mode=max", "type=gha,mode=maxx"})
	_, err := buildx.FromCacheOptions(opts)
	fmt.Println(err != nil)
	entries, _ := buildx.FromCacheOptions(opts[:1])
	fmt.Println(entries[0].(*cachespec.GHA).Scope.Or("buildkit"))
	// Output:
	// true
	// app
}
