package script

import (
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// FuzzScript feeds arbitrary scripts to the script reader, unguarded: it
// must not panic, every value must have a position, and every diagnostic
// of the reader and of validate must lie inside the file and on the value
// it names; the bake and compose commands it gives, and their overrides,
// are placed in the file.
func FuzzScript(f *testing.F) {
	for _, s := range []string{
		"#!/bin/sh\ndocker buildx build --cache-to=type=gha,mode=max --cache-from type=gha .\n",
		"C=type=registry,ref=x\n: \"${M:=max}\"\ndocker buildx build --cache-to \"$C,mode=$M\" $ARGS .\n",
		"A=\"--cache-from type=gha --cache-to type=inline\"\nsudo docker build $A \\\n  -t x .\n",
		"docker buildx create --use --driver docker-container\nbuildctl build --export-cache type=inline --output type=image,name=a,push=true\n",
		"docker buildx bake --set '*.cache-to=type=gha' -f a.hcl t; docker compose build --push\n",
		"f() { for x in a b; do docker build --cache-to \"type=gha,scope=$x\" .; done; }\nf\n",
		"docker build --cache-from ${X:-type=gha} $(\n",
		"A=$B\nB=$A\ndocker build --cache-to $A .\n",
		"cat <<EOF\n--cache-to x\nEOF\ndocker build --cache-to 'it'\\''s' .\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file := parse("f.sh", data)
		for _, b := range file.Builds {
			if b.Source == nil || len(b.CacheFrom) != len(b.Source.CacheFrom) || len(b.CacheTo) != len(b.Source.CacheTo) {
				t.Fatalf("positions do not match values: %+v", b)
			}
		}
		for _, d := range file.Diagnostics {
			if d.Rule == "" || d.Message == "" || d.Range.File != "f.sh" {
				t.Fatalf("diagnostic %+v", d)
			}
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, r := range file.Runs {
			if r.Tool != source.RunBake && r.Tool != source.RunCompose || r.At.File != "f.sh" || r.At.Start.Line < 1 || r.At.Start.Line > lines {
				t.Fatalf("run %+v", r)
			}
			for _, s := range r.Sets {
				if s.At.File != "f.sh" || s.At.Start.Line < 1 || s.At.Start.Line > lines {
					t.Fatalf("override %+v placed outside the file", s)
				}
			}
		}
		ds := append(validate.CheckAll(file.Builds), file.Diagnostics...)
		if msg := testgen.Placed("f.sh", data, file.Builds, ds); msg != "" {
			t.Fatal(msg)
		}
	})
}
