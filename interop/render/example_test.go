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

// RenderSpec writes both directions for a named target or service.
func ExampleRenderSpec() {
	to, _ := cachespec.ParseList([]string{"type=gha,scope=web,mode=max"})
	from := []cachespec.Entry{}
	for _, e := range to {
		imp, _ := cachespec.ImportOf(e)
		from = append(from, imp)
	}
	out, err := render.RenderSpec(render.BakeHCL, render.Spec{Name: "web", From: from, To: to})
	if err != nil {
		fmt.Println(err)
	}
	fmt.Print(out)
	// Output:
	// target "web" {
	//   cache-from = ["type=gha,scope=web"]
	//   cache-to   = ["type=gha,scope=web,mode=max"]
	// }
}

// Generators that write their own files keep the consumers' escaping.
func ExampleEscapeCompose() {
	fmt.Println(render.EscapeCompose("type=s3,bucket=b,prefix=$HOME/"))
	fmt.Println(render.EscapeHCL("type=s3,bucket=b,prefix=${HOME}/"))
	// Output:
	// type=s3,bucket=b,prefix=$$HOME/
	// type=s3,bucket=b,prefix=$${HOME}/
}
