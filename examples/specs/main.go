// Command specs parses a few real-world cache values, as they appear in
// workflows and build scripts, and prints what each means: the backend, the
// canonical form, the normalised form BuildKit effectively uses, or the
// reason the value is refused and how to fix it.
//
//	go run ./examples/specs [value ...]
//
// Without arguments it reads a built-in set of values, mistakes included.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/buildxcache/buildxcache/cachespec"
)

// samples are values seen in public repositories and issue threads.
var samples = []string{
	"type=gha,mode=max",
	"type=registry,ref=ghcr.io/acme/app:buildcache,mode=max,image-manifest=true,oci-mediatypes=true",
	"type=local,src=/tmp/.buildx-cache",
	"type=local,dest=/tmp/.buildx-cache-new,mode=max",
	"user/app:cache",
	"type=s3,region=us-east-1,bucket=acme-cache,name=app,mode=max",
	"inline",
	"type=gha, mode=max",
	"type=local,mode=max,src=/path/to/cache/amd64,type=local,mode=max,src=/path/to/cache/arm64",
	"type=registry,ref=ghcr.io/Acme/App:cache",
	"type=gha,mode=maxx",
	"type=regsitry,ref=ghcr.io/acme/app:cache",
	"type=gha,scope=build,token=eyJhbGciOiJSUzI1NiJ9.eyJhYyI6IltdIn0.c2lnbmF0dXJl",
}

func main() {
	values := os.Args[1:]
	if len(values) == 0 {
		values = samples
	}
	if bad := run(os.Stdout, values); bad > 0 {
		fmt.Fprintf(os.Stdout, "\n%d of %d values refused\n", bad, len(values))
	}
}

// run describes each value and returns how many were refused.
func run(w io.Writer, values []string) int {
	bad := 0
	for _, v := range values {
		entries, err := cachespec.ParseList([]string{v})
		if err != nil {
			bad++
			var pe *cachespec.ParseError
			errors.As(err, &pe)
			fmt.Fprintf(w, "refused  [%s] %v\n", pe.Rule(), err)
			continue
		}
		for _, e := range entries {
			fmt.Fprintf(w, "%-8s %v\n", e.Type(), e)
			fmt.Fprintf(w, "         normalized: %v\n", cachespec.Normalize(e))
		}
	}
	return bad
}
