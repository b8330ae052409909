package makefile

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// word writes v as a shell word of a recipe, in the given style, with
// make's $ doubled.
func word(v string, style int) string {
	return strings.ReplaceAll(testgen.ShellWord(v, style), "$", "$$")
}

// genMakefile draws a Makefile of rules whose recipes build with valid
// entries and broken values, written in the recipe or through make
// variables, across continuation lines; it returns the file and the values
// of each build.
func genMakefile(t *rapid.T) (string, [][2][]string) {
	var b strings.Builder
	b.WriteString("REGISTRY ?= ghcr.io/acme\n.PHONY: all\n\n")
	value := rapid.Custom(func(t *rapid.T) string {
		if rapid.Bool().Draw(t, "broken") {
			return rapid.SampledFrom(testgen.Broken).Draw(t, "b")
		}
		return cachespec.Format(testgen.Entry(testgen.OddValues).Draw(t, "entry"))
	})
	var want [][2][]string
	nvar := 0
	for i := range rapid.IntRange(1, 3).Draw(t, "rules") {
		var vals [2][]string
		var words []string
		for dir, flag := range []string{"--cache-from", "--cache-to"} {
			for range rapid.IntRange(0, 2).Draw(t, "n") {
				v := value.Draw(t, "value")
				vals[dir] = append(vals[dir], v)
				w := word(v, rapid.IntRange(0, 2).Draw(t, "style"))
				if testgen.PlainWord(v) && rapid.Bool().Draw(t, "var") {
					nvar++
					op := rapid.SampledFrom([]string{"=", ":=", "?=", "::="}).Draw(t, "op")
					fmt.Fprintf(&b, "CACHE%d %s %s\n", nvar, op, v)
					w = fmt.Sprintf("$(CACHE%d)", nvar)
					if rapid.Bool().Draw(t, "brace") {
						w = fmt.Sprintf("${CACHE%d}", nvar)
					}
				}
				words = append(words, flag+" "+w)
			}
		}
		if len(vals[0])+len(vals[1]) == 0 {
			vals[1] = append(vals[1], "type=inline")
			words = append(words, "--cache-to type=inline")
		}
		sep := " "
		if rapid.Bool().Draw(t, "continued") {
			sep = " \\\n\t\t"
		}
		prefix := rapid.SampledFrom([]string{"", "@", "-", "+", "@-"}).Draw(t, "prefix")
		fmt.Fprintf(&b, "\nimage%d:\n\t@echo building\n\t%sdocker buildx build%s%s%s-t $(REGISTRY)/app --push .\n", i, prefix, sep, strings.Join(words, sep), sep)
		want = append(want, vals)
	}
	return b.String(), want
}

// TestPlacement: the values of generated Makefiles read back as written,
// and every diagnostic validate gives lies inside the file and on the
// value it names (testgen.Placed).
func TestPlacement(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		src, want := genMakefile(rt)
		f := source.ParseOne(Reader, "Makefile", []byte(src))
		if len(f.Diagnostics) != 0 || len(f.Builds) != len(want) {
			rt.Fatalf("diagnostics %v, %d builds, want %d\n%s", f.Diagnostics, len(f.Builds), len(want), src)
		}
		for i, b := range f.Builds {
			if strings.Join(b.CacheFrom, "\x00") != strings.Join(want[i][0], "\x00") || strings.Join(b.CacheTo, "\x00") != strings.Join(want[i][1], "\x00") {
				rt.Fatalf("build %d: from %q to %q, want %q %q\n%s", i, b.CacheFrom, b.CacheTo, want[i][0], want[i][1], src)
			}
		}
		ds := validate.CheckAll(f.Builds)
		if msg := testgen.Placed("Makefile", []byte(src), f.Builds, ds); msg != "" {
			rt.Fatalf("%s\n%s", msg, src)
		}
	})
}
