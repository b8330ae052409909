package composefile_test

import (
	"fmt"

	"github.com/buildxcache/buildxcache/interop/composefile"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Read a compose file, interpolated from a given environment, and report
// each finding about its cache values at its line and column.
func ExampleRead() {
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
	// the environment: TAG, and the project name as docker compose -p gives it
	env := map[string]string{"TAG": "v1", "COMPOSE_PROJECT_NAME": "shop"}
	opts := source.Options{Env: func(name string) (string, bool) { v, ok := env[name]; return v, ok }}
	for _, f := range composefile.Read([]source.Input{{Path: "compose.yaml", Content: []byte(yaml)}}, opts) {
		for _, b := range f.Builds {
			fmt.Printf("%s in project %s: tags %q\n", b.Name, b.Source.Group, b.Tags)
			for _, d := range validate.Check(b) {
				fmt.Printf("%s: %s: %s [%s]\n", d.Range, d.Severity, d.Message, d.Rule)
			}
		}
	}
	// Output:
	// web in project shop: tags ["ghcr.io/acme/web:v1"]
	// compose.yaml:9:57: error: invalid mode "maxx": must be "min" or "max" [InvalidCacheMode]
}
