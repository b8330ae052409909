package awscreds_test

import (
	"context"
	"os"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildkit"
	"github.com/buildxcache/buildxcache/interop/buildkit/awscreds"
)

// Give s3 entries the client's AWS credentials as Buildx does.
func ExampleDefault() {
	entries, _ := cachespec.ParseList([]string{"type=s3,region=eu-west-1,bucket=ci-cache"})
	opts, _ := buildkit.CreateCaches(context.Background(), entries, buildkit.Environment{
		Lookup:         os.LookupEnv,
		AWSCredentials: awscreds.Default,
	})
	_ = opts // client.SolveOpt.CacheExports
}
