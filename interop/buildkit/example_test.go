package buildkit_test

import (
	"context"
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

func ExampleCreateCaches() {
	entries, _ := cachespec.ParseList([]string{"type=gha,scope=app", "type=registry,ref=user/app:cache"})
	env := map[string]string{} // a run: step: no ACTIONS_RUNTIME_TOKEN
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	opts, dropped := buildkit.CreateCaches(context.Background(), entries, buildkit.Environment{Lookup: lookup})
	for _, o := range opts {
		fmt.Println("sent:", o.Type)
	}
	for _, d := range dropped {
		fmt.Println("dropped:", cachespec.Format(d.Entry))
	}
	// Output:
	// sent: registry
	// dropped: type=gha,scope=app
}
