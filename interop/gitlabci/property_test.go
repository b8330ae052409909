package gitlabci

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// inside reports whether p lies in text: a line of it, a column of that
// line (or just past its end), and the offset of that line and column.
func inside(text string, p diag.Pos) bool {
	lines := strings.SplitAfter(text, "\n")
	if p.Line < 1 || p.Line > len(lines) || p.Col < 1 {
		return false
	}
	start := 0
	for _, l := range lines[:p.Line-1] {
		start += len(l)
	}
	l := strings.TrimSuffix(lines[p.Line-1], "\n")
	return p.Col <= len(l)+1 && p.Offset == start+p.Col-1
}

// checkPlaced checks what Read returned for inputs: every span of every
// build value and every diagnostic (the readers' and validate's) lies
// inside its file, one of the inputs; an exact span shows the value as
// written, and a diagnostic about a value placed exactly lies on it.
func checkPlaced(t interface {
	Helper()
	Fatalf(string, ...any)
}, in []source.Input, files []source.File) {
	t.Helper()
	content := map[string]string{}
	for _, i := range in {
		content[i.Path] = string(i.Content)
	}
	check := func(what string, file string, p diag.Pos) {
		t.Helper()
		if p.IsZero() {
			return
		}
		text, ok := content[file]
		if !ok {
			t.Fatalf("%s in %q, not an input", what, file)
		}
		if !inside(text, p) {
			t.Fatalf("%s at %+v, outside %s", what, p, file)
		}
	}
	var builds []validate.Build
	for _, f := range files {
		for _, d := range f.Diagnostics {
			check("diagnostic "+d.Rule, d.Range.File, d.Range.Start)
		}
		for _, b := range f.Builds {
			builds = append(builds, b)
			for k, vals := range [][]string{b.CacheFrom, b.CacheTo} {
				spans := [][]diag.Span{b.Source.CacheFrom, b.Source.CacheTo}[k]
				if len(spans) != len(vals) {
					t.Fatalf("%s: %d values, %d spans", b.Name, len(vals), len(spans))
				}
				for i, sp := range spans {
					check("value "+vals[i], sp.File, sp.Start)
					if sp.Exact {
						off := sp.Start.Offset
						if text := content[sp.File]; off+len(vals[i]) > len(text) || text[off:off+len(vals[i])] != vals[i] {
							t.Fatalf("exact span of %q at %+v shows something else", vals[i], sp.Start)
						}
					}
				}
			}
		}
	}
	for _, d := range validate.CheckAll(builds) {
		check("diagnostic "+d.Rule, d.Range.File, d.Range.Start)
		if d.Index < 0 || d.Build < 0 || d.Build >= len(builds) || d.Direction == diag.DirectionUnknown {
			continue
		}
		b := builds[d.Build]
		vals, spans := b.CacheFrom, b.Source.CacheFrom
		if d.Direction == diag.DirectionExport {
			vals, spans = b.CacheTo, b.Source.CacheTo
		}
		if d.Index >= len(spans) {
			continue // a typed entry, not a written value
		}
		sp, v := spans[d.Index], vals[d.Index]
		switch {
		case d.Range.File != sp.File:
			t.Fatalf("%s about %q in %s, the value is in %s", d.Rule, v, d.Range.File, sp.File)
		case sp.Exact && (d.Range.Start.Offset < sp.Start.Offset || d.Range.Start.Offset > sp.Start.Offset+len(v)):
			t.Fatalf("%s about %q at %+v, off the value at %+v", d.Rule, v, d.Range.Start, sp.Start)
		case !sp.Exact && d.Range.Start != sp.Start:
			t.Fatalf("%s about %q at %+v, not at the value's start %+v", d.Rule, v, d.Range.Start, sp.Start)
		}
	}
}

// TestPropertyPlaced: jobs drawn with cache values written in every YAML
// style GitLab files use (plain, quoted, folded over lines, literal
// blocks, through variables), in the root file or an included one: every
// build's values are read as written, and every span and diagnostic lies
// inside its file and on the value it names.
func TestPropertyPlaced(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		value := rapid.Custom(func(t *rapid.T) string {
			if rapid.Bool().Draw(t, "broken") {
				return rapid.SampledFrom(testgen.Broken).Draw(t, "b")
			}
			return cachespec.Format(testgen.Entry([]string{"app", "a-b", "x.y"}).Draw(t, "entry"))
		})
		var root, inc strings.Builder
		root.WriteString("include:\n  - local: ci/jobs.yml\nvariables:\n  REG: ghcr.io/acme\n")
		var want []string
		for j := range rapid.IntRange(1, 4).Draw(t, "jobs") {
			v := value.Draw(t, "value")
			w := &root
			if rapid.Bool().Draw(t, "included") {
				w = &inc
			}
			fmt.Fprintf(w, "job%d:\n  services: [docker:%s-dind]\n", j, rapid.SampledFrom([]string{"24", "29", "stable"}).Draw(t, "tag"))
			if rapid.Bool().Draw(t, "mr") {
				w.WriteString("  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n")
			}
			safe := !strings.ContainsAny(v, "'\"\\$ #:`{}[]&*!|>%@,") || strings.HasPrefix(v, "type=") && !strings.ContainsAny(v, "'\"\\$ #`")
			style := rapid.IntRange(0, 3).Draw(t, "style")
			quoted := "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
			switch {
			case style == 0 && safe:
				fmt.Fprintf(w, "  script:\n    - docker buildx build\n        --cache-to %s\n        --push .\n", quoted)
			case style == 1:
				fmt.Fprintf(w, "  script:\n    - |\n      docker buildx build \\\n        --cache-to %s .\n", quoted)
			case style == 2:
				fmt.Fprintf(w, "  script:\n    - >\n      docker buildx build\n      --cache-to %s .\n", quoted)
			default:
				fmt.Fprintf(w, "  script: [\"docker buildx build --cache-to %s .\"]\n", strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(quoted))
			}
			want = append(want, v)
		}
		in := []source.Input{{Path: "r/.gitlab-ci.yml", Content: []byte(root.String())}, {Path: "r/ci/jobs.yml", Content: []byte(inc.String())}}
		files := Read(in, source.Options{})
		var got []string
		for _, f := range files {
			if len(f.Diagnostics) > 0 {
				t.Fatalf("%s: %v\n%s", f.Path, f.Diagnostics, in[0].Content)
			}
			for _, b := range f.Builds {
				got = append(got, b.CacheTo...)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("values %q, want %q\n%s\n---\n%s", got, want, in[0].Content, in[1].Content)
		}
		for _, g := range got {
			found := false
			for _, w := range want {
				found = found || g == w
			}
			if !found {
				t.Fatalf("value %q not written; want %q", g, want)
			}
		}
		checkPlaced(t, in, files)
	})
}
