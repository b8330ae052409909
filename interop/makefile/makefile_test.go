package makefile

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// TestRead: the builds of Makefile recipes, with make variables expanded
// where simple assignments set them, and positions exact where nothing
// was expanded in the value.
func TestRead(t *testing.T) {
	const bx = "\tdocker buildx build"
	tests := []struct {
		name, src string
		want      []string
		diags     []string // rule@line
	}{
		{"a recipe",
			"image:\n" + bx + " --cache-from type=gha,scope=app --cache-to type=gha,scope=app,mode=max .\n",
			[]string{"target image: buildx build []: from type=gha,scope=app @2:35; to type=gha,scope=app,mode=max @2:65"}, nil},
		{"variables",
			"REGISTRY ?= ghcr.io/acme\nIMAGE := $(REGISTRY)/app\nexport CACHE = type=registry,ref=${IMAGE}:cache\noverride MODE::=max\n\nimage:\n" + bx + " --cache-from $(CACHE) --cache-to $(CACHE),mode=$(MODE) .\n",
			[]string{"target image: buildx build []: from type=registry,ref=ghcr.io/acme/app:cache @7:35~; to type=registry,ref=ghcr.io/acme/app:cache,mode=max @7:55~"}, nil},
		{"templates kept as written",
			"TAG = $(shell git rev-parse HEAD)\nFLAGS += --cache-to type=gha\nimage: V = x\nimage:\n" + bx + " --cache-to type=registry,ref=$(REG)/$@:$(TAG),mode=max --cache-from $(V) $(FLAGS) .\n",
			[]string{"target image: buildx build []: from $(V) @5:90; to type=registry,ref=$(REG)/$@:$(TAG),mode=max @5:33"}, nil},
		{"continuations and prefixes",
			"image:\n\t@-docker buildx build \\\n\t\t--cache-from type=gha,scope=a \\\n\t\t--cache-to type=gha,scope=a,mode=max \\\n\t\t.\n",
			[]string{"target image: buildx build []: from type=gha,scope=a @3:16; to type=gha,scope=a,mode=max @4:14"}, nil},
		{"$$ is a shell $",
			"image:\n" + bx + " --cache-to type=gha,scope=$$SCOPE .\n",
			[]string{"target image: buildx build []: to type=gha,scope=$SCOPE @2:33~"}, nil},
		{"shell constants of the recipe line",
			"image:\n\tC=type=gha,scope=x; docker buildx build --cache-to $$C .\n",
			[]string{"target image: buildx build []: to type=gha,scope=x @2:53~"}, nil},
		{"inline recipe",
			"image: ; docker build --cache-to type=inline .\n",
			[]string{"target image: buildx build []: to type=inline @1:34"}, nil},
		{"two values: a template",
			"ifeq ($(CI),true)\nC = type=gha,scope=ci\nelse\nC = type=local,dest=/tmp/c\nendif\nimage:\n" + bx + " --cache-to $(C) .\n",
			[]string{"target image: buildx build []: to $(C) @7:33"}, nil},
		{"a tab line before any rule is no recipe",
			"X = 1\n\tdocker buildx build --cache-to type=gha .\nimage:\n" + bx + " --cache-to type=inline .\n",
			[]string{"target image: buildx build []: to type=inline @4:33"}, nil},
		{"define blocks are skipped",
			"define HELP\nimage:\n" + bx + " --cache-to type=gha .\nendef\nimage:\n" + bx + " --cache-to type=inline .\n",
			[]string{"target image: buildx build []: to type=inline @6:33"}, nil},
		{".RECIPEPREFIX",
			".RECIPEPREFIX = >\nimage:\n> docker buildx build --cache-to type=inline .\n",
			[]string{"target image: buildx build []: to type=inline @3:34"}, nil},
		{".ONESHELL",
			".ONESHELL:\nimage:\n\tC=type=gha,scope=one\n\tdocker buildx build --cache-to \"$$C\" .\n",
			[]string{"target image: buildx build []: to type=gha,scope=one @4:34~"}, nil},
		{"builder across targets",
			"builder:\n\tdocker buildx create --use --name ci\nimage: builder\n" + bx + " --cache-to type=gha,scope=a .\nlocal:\n\tdocker buildx use default\n" + bx + " --cache-to type=gha,scope=b .\n",
			[]string{"target image: buildx build [docker-container]: to type=gha,scope=a @4:33", "target local: buildx build [docker]: to type=gha,scope=b @7:33"}, nil},
		{"exported BUILDX_BUILDER",
			"export BUILDX_BUILDER := ci\nb:\n\tdocker buildx create --name ci --driver kubernetes\n" + bx + " --cache-to type=gha,scope=a .\n",
			[]string{"target b: buildx build [kubernetes]: to type=gha,scope=a @4:33"}, nil},
		{"unterminated define",
			"define X\nimage:\n" + bx + " --cache-to type=gha .\n",
			nil, []string{"UnfollowedMakefile@1"}},
		{"unclosed reference",
			"image:\n\techo ok\n" + bx + " --cache-to type=registry,ref=$(IMAGE:cache .\nother:\n" + bx + " --cache-to type=gha .\n",
			nil, []string{"UnfollowedMakefile@3"}},
		{"a recipe the shell refuses",
			"image:\n" + bx + " --cache-to type=gha . $$(\nok:\n" + bx + " --cache-to type=inline .\n",
			[]string{"target ok: buildx build []: to type=inline @4:33"}, []string{"UnparsableScript@2"}},
		{"no cache flag: nothing read",
			"image:\n\tdocker build . $$(\n", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := source.ParseOne(Reader, "Makefile", []byte(tt.src))
			var got []string
			for _, b := range f.Builds {
				got = append(got, testgen.DescribeBuild(b))
				if b.Origin != validate.OriginCommandLine || b.CI.Provider != "" || b.Source.Group != "Makefile" {
					t.Errorf("%s: origin %v ci %+v group %q", b.Name, b.Origin, b.CI, b.Source.Group)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("builds:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			var ds []string
			for _, d := range f.Diagnostics {
				ds = append(ds, fmt.Sprintf("%s@%d", d.Rule, d.Range.Start.Line))
				if d.Range.File != "Makefile" || d.Message == "" {
					t.Errorf("%v", d)
				}
			}
			if !slices.Equal(ds, tt.diags) {
				t.Errorf("diagnostics %q, want %q", ds, tt.diags)
			}
		})
	}
}

// TestExpansionBounded: variables that double at every level do not
// expand without end; the references past the bound stay templates.
func TestExpansionBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("V0 = type=gha,scope=x\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "V%d = $(V%d)$(V%d)$(V%d)$(V%d)\n", i, i-1, i-1, i-1, i-1)
	}
	b.WriteString("image:\n\tdocker buildx build --cache-to $(V40) .\n")
	f := source.ParseOne(Reader, "Makefile", []byte(b.String()))
	if len(f.Builds) != 1 || len(f.Builds[0].CacheTo[0]) > 2*maxExpansion {
		t.Fatalf("%d builds", len(f.Builds))
	}
}
