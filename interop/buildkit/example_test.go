package buildkit_test

import (
	"fmt"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildkit"
)

// Parse cache flags with cachespec and hand them to BuildKit's client, as
// client.SolveOpt.CacheImports / CacheExports.
func ExampleCacheOptions() {
	entries, err := cachespec.ParseList([]string{"type=registry,ref=ghcr.io/acme/app:buildcache,mode=max"})
	if err != nil {
		panic(err)
	}
	for _, o := range buildkit.CacheOptions(entries) {
		fmt.Println(o.Type, o.Attrs)
	}
	// Output:
	// registry map[mode:max ref:ghcr.io/acme/app:buildcache]
}
