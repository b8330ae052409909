package render_test

import (
	"fmt"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/render"
)

func ExampleRender() {
	entries, _ := cachespec.ParseList([]string{"type=gha,scope=app,mode=max", "type=registry,ref=ghcr.io/org/app:cache"})
	for _, f := range []render.Form{render.Buildx, render.Action, render.BakeHCL, render.Compose} {
		out, err := render.Render(f, cachespec.DirectionExport, entries)
		if err != nil {
			fmt.Println(err)
		}
		fmt.Print(out)
	}
	// Output:
	// --cache-to=type=gha,scope=app,mode=max --cache-to=type=registry,ref=ghcr.io/org/app:cache
	// cache-to: |
	//   type=gha,scope=app,mode=max
	//   type=registry,ref=ghcr.io/org/app:cache
	// target "app" {
	//   cache-to = ["type=gha,scope=app,mode=max", "type=registry,ref=ghcr.io/org/app:cache"]
	// }
	// services:
	//   app:
	//     build:
	//       context: .
	//       cache_to:
	//         - "type=gha,scope=app,mode=max"
	//         - "type=registry,ref=ghcr.io/org/app:cache"
}
