package makefile

import (
	"testing"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/validate"
)

// FuzzMakefile feeds arbitrary Makefiles to the Makefile reader,
// unguarded: it must not panic nor hang, every value must have a
// position, and every diagnostic of the reader and of validate must lie
// inside the file and on the value it names.
func FuzzMakefile(f *testing.F) {
	for _, s := range []string{
		"IMAGE ?= ghcr.io/a/b\nC := type=registry,ref=$(IMAGE):cache\n\nimage:\n\t@docker buildx build --cache-from $(C) --cache-to ${C},mode=max -t $(IMAGE) .\n",
		"export BUILDX_BUILDER = ci\nb:\n\tdocker buildx create --name ci --use\n\tdocker buildx build \\\n\t\t--cache-to type=gha,scope=$@ \\\n\t\t.\n",
		".ONESHELL:\nx: ; C=type=gha\n\tdocker build --cache-to \"$$C\" .\n",
		"define X\na:\n\tdocker build --cache-to type=gha .\nendef\n",
		"a:\n\tdocker build --cache-to $(X .\n",
		".RECIPEPREFIX = >\na:\n> docker buildx build --cache-to type=inline .\n",
		"ifeq ($(CI),true)\nC = type=gha\nelse\nC = type=local,dest=/tmp/c\nendif\nt: V = 1\nt:: p ; docker build --cache-to $(C) $(shell echo --cache-from x) .\n",
		"A = $(A)$(A)\nt:\n\tdocker build --cache-to $(A) .\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file := parse("Makefile", data)
		for _, b := range file.Builds {
			if b.Source == nil || len(b.CacheFrom) != len(b.Source.CacheFrom) || len(b.CacheTo) != len(b.Source.CacheTo) {
				t.Fatalf("positions do not match values: %+v", b)
			}
		}
		for _, d := range file.Diagnostics {
			if d.Rule == "" || d.Message == "" || d.Range.File != "Makefile" {
				t.Fatalf("diagnostic %+v", d)
			}
		}
		ds := append(validate.CheckAll(file.Builds), file.Diagnostics...)
		if msg := testgen.Placed("Makefile", data, file.Builds, ds); msg != "" {
			t.Fatal(msg)
		}
	})
}
