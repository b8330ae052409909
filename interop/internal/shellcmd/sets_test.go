package shellcmd

import (
	"fmt"
	"slices"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
)

// TestRun: the source.Run of a bake and a compose command keeps every
// --set key (target, glob, group, the + of an append) with its value
// placed where it is written, the files, targets, services and --push;
// other commands have none.
func TestRun(t *testing.T) {
	src := "docker buildx bake -f a.hcl --set '*.cache-to=type=gha' --set app.output=type=registry --set web.cache-from+=x --push app\n" +
		"docker compose -f c.yml build --push api\n" +
		"docker buildx build --cache-to type=gha .\n"
	cmds, err := Commands(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lines := NewLines("s.sh", src)
	span := func(w Word) diag.Span { return lines.Span(w.Off, w.Text, w.Exact) }
	var got []string
	for _, c := range cmds {
		r, ok := c.Run(span, lines.At(c.Off))
		if !ok {
			got = append(got, c.Tool+": none")
			continue
		}
		var sets []string
		for _, s := range r.Sets {
			sets = append(sets, fmt.Sprintf("%s=%s@%d:%d/%v", s.Key, s.Value, s.At.Start.Line, s.At.Start.Col, s.At.Exact))
		}
		got = append(got, fmt.Sprintf("%s %q %q %q push=%v @%d", r.Tool, r.Files, r.Targets, sets, *r.Push, r.At.Start.Line))
	}
	want := []string{
		`bake ["a.hcl"] ["app"] ["*.cache-to=type=gha@1:47/true" "app.output=type=registry@1:74/true" "web.cache-from+=x@1:110/true"] push=true @1`,
		`compose ["c.yml"] ["api"] [] push=true @2`,
		`buildx build: none`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("runs:\n%q\nwant:\n%q", got, want)
	}
	if !MentionsRun("docker compose build") || !MentionsRun("docker buildx bake") || MentionsRun("docker buildx build .") {
		t.Error("MentionsRun")
	}
}

// TestDirChanges: cd, pushd and popd, wherever they are, by offset; other
// commands are none.
func TestDirChanges(t *testing.T) {
	src := "echo cd\ncd a && make\nif x; then pushd b; fi\npopd\nls\n"
	f, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if got := DirChanges(f, src, Options{}); !slices.Equal(got, []int{8, 32, 44}) {
		t.Errorf("offsets %v", got)
	}
}
