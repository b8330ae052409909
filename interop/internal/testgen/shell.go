package testgen

import (
	"fmt"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// OddValues are attribute values with what a shell word must carry:
// commas, quotes, =, spaces, $ (a template once in the value),
// backslashes, non-ASCII text, # (a comment where a word starts).
var OddValues = []string{"app", "a,b", `q"uote`, "x=y", "with space", "$HOME", "${VAR}", `back\slash`, "é☃", "it's", "-lead", "#x", "a: b"}

// PlainWord reports whether v can be written as a plain shell word.
func PlainWord(v string) bool {
	for _, c := range v {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("=,./:_@%+-", c)) {
			return false
		}
	}
	return v != ""
}

// ShellWord writes v as a shell word in the given style: 0 plain, 1
// double-quoted, any other single-quoted; a plain style that cannot carry
// v falls back on single quotes.
func ShellWord(v string, style int) string {
	switch {
	case style == 0 && PlainWord(v):
		return v
	case style == 1:
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "`", "\\`").Replace(v) + `"`
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// SpanAt formats a span as line:col, with "~" when inexact.
func SpanAt(s diag.Span) string {
	e := ""
	if !s.Exact {
		e = "~"
	}
	return fmt.Sprintf("%d:%d%s", s.Start.Line, s.Start.Col, e)
}

// DescribeBuild prints a build for a reader's table tests: its name,
// builder driver, and each cache value with where it is written.
func DescribeBuild(b validate.Build) string {
	var parts []string
	for i, v := range b.CacheFrom {
		parts = append(parts, "from "+v+" @"+SpanAt(b.Source.CacheFrom[i]))
	}
	for i, v := range b.CacheTo {
		parts = append(parts, "to "+v+" @"+SpanAt(b.Source.CacheTo[i]))
	}
	return b.Name + " [" + b.Builder.Driver + "]: " + strings.Join(parts, "; ")
}
