package shellcmd

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
)

// Set is a --set override of a bake command: Key is the part before the
// first "=" (TARGET.cache-to, *.output, app.cache-from+), Value the rest,
// placed where it is written.
type Set struct {
	Key   string
	Value Word
}

// Run returns the source.Run of a bake or compose build command (false
// for other commands): its files, targets and overrides as written, the
// values placed by span, the command at at.
func (c Command) Run(span func(Word) diag.Span, at diag.Range) (source.Run, bool) {
	r := source.Run{At: at, Push: c.Push, Load: c.Load}
	switch c.Tool {
	case BuildxBake:
		r.Tool = source.RunBake
	case ComposeBuild:
		r.Tool = source.RunCompose
	default:
		return source.Run{}, false
	}
	for _, w := range c.Files {
		r.Files = append(r.Files, w.Text)
	}
	for _, w := range c.Targets {
		r.Targets = append(r.Targets, w.Text)
	}
	for _, s := range c.Sets {
		r.Sets = append(r.Sets, source.Set{Key: s.Key, Value: s.Value.Text, At: span(s.Value)})
	}
	return r, true
}

// MentionsRun reports whether a script's text may hold a bake or compose
// build command: the cheap filter before the shell parser for the
// commands a linter follows into other files.
func MentionsRun(s string) bool {
	return strings.Contains(s, "bake") || strings.Contains(s, "compose")
}

// DirChanges returns the byte offsets of the commands of the script f
// (text src) that change the working directory (cd, pushd, popd), in
// order: a bake or compose command after one reads its files from a
// directory the linter does not follow.
func DirChanges(f *syntax.File, src string, opts Options) []int {
	x := expander{src: src, opts: opts}
	var out []int
	syntax.Walk(f, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		ws := x.args(call.Args[:1])
		if len(ws) > 0 {
			switch ws[0].Text {
			case "cd", "pushd", "popd":
				out = append(out, int(call.Args[0].Pos().Offset()))
			}
		}
		return true
	})
	return out
}
