package lint

import (
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
)

// sarifSrcRoot is the uriBaseId of every relative artifact location: the
// directory the paths are made relative to (SARIFWriter.Base), given in
// the run's originalUriBaseIds when Base is set.
const sarifSrcRoot = "%SRCROOT%"

// sarifColumnKind is how SARIF columns are counted: in UTF-16 code units,
// the SARIF default and what GitHub code scanning reads. Diagnostics count
// columns in bytes (diag.Pos); the writer converts them on the lines that
// are not ASCII, whose text the lint run keeps (Result.lines).
const sarifColumnKind = "utf16CodeUnits"

// sarifURI returns the artifact location of path: a relative URI reference
// (RFC 3986) under sarifSrcRoot when path is under base or relative, else
// an absolute file: URI. Every byte of a segment that is not unreserved
// (letters, digits, "-", ".", "_", "~") is percent-encoded, so that "#",
// "?", "%", spaces, ":" (a first segment "C:" would read as a scheme) and
// non-ASCII names stay in the path, and a relative reference never starts
// with "/".
func sarifURI(base, path string) (uri, baseID string) {
	rel := relURI(base, path)
	p := filepath.FromSlash(rel)
	if filepath.IsAbs(p) || filepath.VolumeName(p) != "" || strings.HasPrefix(rel, "/") {
		abs := filepath.ToSlash(p)
		if !strings.HasPrefix(abs, "/") {
			abs = "/" + abs // file:///C:/dir
		}
		return "file://" + escapePath(abs), ""
	}
	return escapePath(rel), sarifSrcRoot
}

// escapePath percent-encodes every segment of a slash-separated path.
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '/' || c == '-' || c == '.' || c == '_' || c == '~' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// lineTexts holds the text of the lines that are not ASCII and hold a
// position of a diagnostic, by file and line, for the writers that count
// columns otherwise than in bytes.
type lineTexts map[string]map[int]string

// collectLines returns the lineTexts of ds's positions (their ranges and
// their fixes' edits), from the content of files.
func collectLines(ds diag.Diagnostics, files ...[]source.File) lineTexts {
	content := map[string][]byte{}
	for _, fs := range files {
		for _, f := range fs {
			if f.Content != nil {
				content[f.Path] = f.Content
			}
		}
	}
	var out lineTexts
	starts := map[string][]int{}
	add := func(file string, line int) {
		c, ok := content[file]
		if !ok || line < 1 {
			return
		}
		if _, done := out[file][line]; done {
			return
		}
		ls, ok := starts[file]
		if !ok {
			ls = lineStarts(c)
			starts[file] = ls
		}
		if line > len(ls) {
			return
		}
		end := len(c)
		if line < len(ls) {
			end = ls[line]
		}
		text := string(c[ls[line-1]:end])
		if isASCII(text) {
			return
		}
		if out == nil {
			out = lineTexts{}
		}
		if out[file] == nil {
			out[file] = map[int]string{}
		}
		out[file][line] = text
	}
	for _, d := range ds {
		add(d.Range.File, d.Range.Start.Line)
		add(d.Range.File, d.Range.End.Line)
		for _, f := range d.Fixes {
			for _, e := range f.Edits {
				add(e.Range.File, e.Range.Start.Line)
				add(e.Range.File, e.Range.End.Line)
			}
		}
	}
	return out
}

// merge adds the lines of o to l, which it returns.
func (l lineTexts) merge(o lineTexts) lineTexts {
	if len(o) == 0 {
		return l
	}
	if l == nil {
		l = lineTexts{}
	}
	for f, ls := range o {
		if l[f] == nil {
			l[f] = map[int]string{}
		}
		for n, t := range ls {
			l[f][n] = t
		}
	}
	return l
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// utf16Col converts a byte column (from 1) on a line of file into UTF-16
// code units (from 1); 0 stays 0 (unknown). A line whose text is not kept
// is ASCII, where the two are the same.
func (l lineTexts) utf16Col(file string, line, col int) int {
	text, ok := l[file][line]
	if !ok || col < 1 {
		return col
	}
	n := col - 1
	if n > len(text) {
		return col - len(text) + utf16Len(text) // past the end: bytes beyond count one each
	}
	return utf16Len(text[:n]) + 1
}

// utf16Len is the length of s in UTF-16 code units; a byte of invalid
// UTF-8 counts one.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += max(1, utf16.RuneLen(r))
	}
	return n
}
