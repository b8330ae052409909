package composefile_test

import (
	"fmt"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/composefile"
	"github.com/buildxcache/buildxcache/validate"
)

// Read a compose file, interpolated from a given environment, and report
// each finding about its cache values at its line and column.
func ExampleParse() {
	yaml := `services:
  web:
    image: ghcr.io/acme/web:${TAG}
    build:
      context: .
      cache_from:
        - ghcr.io/acme/web:cache
      cache_to:
        - type=registry,ref=ghcr.io/acme/web:cache,mode=maxx
`
	f := composefile.Parse("compose.yaml", []byte(yaml), composefile.Options{Env: map[string]string{"TAG": "v1"}, Project: "shop"})
	for _, b := range f.Builds {
		fmt.Printf("%s in project %s: tags %q\n", b.Name, b.Group, b.Tags)
		for _, d := range validate.Check(b.Build) {
			pos := b.CacheFromPos
			if d.Direction == cachespec.Export {
				pos = b.CacheToPos
			}
			if d.Index >= 0 {
				fmt.Printf("%s: %s: %s [%s]\n", pos[d.Index].At(d.Offset), d.Severity, d.Message, d.Rule)
			}
		}
	}
	// Output:
	// web in project shop: tags ["ghcr.io/acme/web:v1"]
	// compose.yaml:9:57: error: invalid mode "maxx": must be "min" or "max" [InvalidCacheMode]
}
