package script

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

// genScript draws a script of builds whose values are valid entries and
// broken values, written plainly, quoted, as --flag=value, through a
// constant, across continuation lines, amid other commands; it returns
// the script and the values each build was given.
func genScript(t *rapid.T) (string, [][2][]string) {
	var b strings.Builder
	b.WriteString("#!/usr/bin/env bash\nset -euo pipefail\n")
	value := rapid.Custom(func(t *rapid.T) string {
		if rapid.Bool().Draw(t, "broken") {
			return rapid.SampledFrom(testgen.Broken).Draw(t, "b")
		}
		return cachespec.Format(testgen.Entry(testgen.OddValues).Draw(t, "entry"))
	})
	var want [][2][]string
	nconst := 0
	for range rapid.IntRange(1, 3).Draw(t, "builds") {
		switch rapid.IntRange(0, 3).Draw(t, "before") {
		case 1:
			b.WriteString("# a comment with --cache-to in it\n")
		case 2:
			b.WriteString("if [ -n \"${CI:-}\" ]; then\n  echo ci\nfi\n")
		case 3:
			b.WriteString("docker buildx create --use --name ci\n")
		}
		var vals [2][]string
		var words []string
		for dir, flag := range []string{"--cache-from", "--cache-to"} {
			for range rapid.IntRange(0, 2).Draw(t, "n") {
				v := value.Draw(t, "value")
				vals[dir] = append(vals[dir], v)
				w := testgen.ShellWord(v, rapid.IntRange(0, 2).Draw(t, "style"))
				if rapid.IntRange(0, 3).Draw(t, "const") == 0 {
					nconst++
					fmt.Fprintf(&b, "C%d=%s\n", nconst, w)
					w = fmt.Sprintf(`"$C%d"`, nconst)
				}
				if rapid.Bool().Draw(t, "eq") {
					words = append(words, flag+"="+w)
				} else {
					words = append(words, flag+" "+w)
				}
			}
		}
		if len(vals[0])+len(vals[1]) == 0 {
			vals[1] = append(vals[1], "type=inline")
			words = append(words, "--cache-to type=inline")
		}
		sep := " "
		if rapid.Bool().Draw(t, "continued") {
			sep = " \\\n    "
		}
		b.WriteString("docker buildx build" + sep + strings.Join(words, sep) + sep + "-t ghcr.io/o/app --push .\n")
		want = append(want, vals)
	}
	return b.String(), want
}

// TestPlacement: the values of generated scripts read back as written,
// and every diagnostic validate gives lies inside the file and on the
// value it names (testgen.Placed).
func TestPlacement(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		src, want := genScript(rt)
		f := source.ParseOne(Reader, "ci/build.sh", []byte(src))
		if len(f.Diagnostics) != 0 || len(f.Builds) != len(want) {
			rt.Fatalf("diagnostics %v, %d builds, want %d\n%s", f.Diagnostics, len(f.Builds), len(want), src)
		}
		for i, b := range f.Builds {
			if strings.Join(b.CacheFrom, "\x00") != strings.Join(want[i][0], "\x00") || strings.Join(b.CacheTo, "\x00") != strings.Join(want[i][1], "\x00") {
				rt.Fatalf("build %d: from %q to %q, want %q %q\n%s", i, b.CacheFrom, b.CacheTo, want[i][0], want[i][1], src)
			}
		}
		ds := validate.CheckAll(f.Builds)
		if msg := testgen.Placed("ci/build.sh", []byte(src), f.Builds, ds); msg != "" {
			rt.Fatalf("%s\n%s", msg, src)
		}
	})
}
