package buildkit_test

import (
	"context"
	"fmt"
	"os"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildkit"
)

// Parse cache flags with cachespec and hand them to BuildKit's client as
// Buildx does: CreateCaches applies the environment (the Actions runtime
// token and URLs for gha, the client's AWS credentials for s3) and drops
// what Buildx drops. Its result is client.SolveOpt.CacheImports or
// CacheExports.
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

// In a workflow step with the Actions runtime, gha entries get their token
// and URL from the environment, as Buildx gives them.
func ExampleCreateCaches_actions() {
	entries, _ := cachespec.ParseList([]string{"type=gha,scope=app,mode=max"})
	opts, _ := buildkit.CreateCaches(context.Background(), entries, buildkit.Environment{Lookup: os.LookupEnv})
	_ = opts // client.SolveOpt{CacheExports: opts}
}

// ToCacheOptions converts entries as they are written, without the
// environment: right for registry, local, s3 with explicit credentials and
// azblob, but a gha entry has no token or url this way. For a SolveOpt,
// use CreateCaches.
func ExampleToCacheOptions() {
	entries, err := cachespec.ParseList([]string{"type=registry,ref=ghcr.io/acme/app:buildcache,mode=max"})
	if err != nil {
		panic(err)
	}
	for _, o := range buildkit.ToCacheOptions(entries) {
		fmt.Println(o.Type, o.Attrs)
	}
	back, _ := buildkit.FromCacheOptions(buildkit.ToCacheOptions(entries))
	fmt.Println(back[0])
	// Output:
	// registry map[mode:max ref:ghcr.io/acme/app:buildcache]
	// type=registry,ref=ghcr.io/acme/app:buildcache,mode=max
}
