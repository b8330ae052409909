package gitlabci

import (
	"sort"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/diag"
)

// text is a file's content with its line starts, to place byte offsets:
// starts are the lines of diagnostics (ended by \n), yamlStarts the lines
// the YAML parser counts (ended by \r\n, \r, \n, NEL, LS or PS), whose
// numbers the parser's nodes carry.
type text struct {
	path       string
	src        string
	starts     []int
	yamlStarts []int
}

func newText(path, src string) *text {
	t := &text{path: path, src: src, starts: []int{0}, yamlStarts: []int{0}}
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '\n':
			t.starts = append(t.starts, i+1)
			t.yamlStarts = append(t.yamlStarts, i+1)
		case src[i] == '\r' && (i+1 == len(src) || src[i+1] != '\n'):
			t.yamlStarts = append(t.yamlStarts, i+1)
		case strings.HasPrefix(src[i:], "\u0085"), strings.HasPrefix(src[i:], "\u2028"), strings.HasPrefix(src[i:], "\u2029"):
			_, w := utf8.DecodeRuneInString(src[i:])
			t.yamlStarts = append(t.yamlStarts, i+w)
			i += w - 1
		}
	}
	return t
}

// pos returns the position of byte off (clamped to the text).
func (t *text) pos(off int) diag.Pos {
	off = max(0, min(off, len(t.src)))
	i := sort.Search(len(t.starts), func(i int) bool { return t.starts[i] > off }) - 1
	return diag.Pos{Line: i + 1, Col: off - t.starts[i] + 1, Offset: off}
}

// offset returns the byte offset of a YAML node's line and column (the
// column counts characters), or -1 when they are outside the text.
func (t *text) offset(line, col int) int {
	if line < 1 || line > len(t.yamlStarts) || col < 1 {
		return -1
	}
	off := t.yamlStarts[line-1]
	end := len(t.src)
	if line < len(t.yamlStarts) {
		end = t.yamlStarts[line]
	}
	for c := 1; c < col; c++ {
		if off >= end || t.src[off] == '\n' || t.src[off] == '\r' {
			return -1
		}
		_, w := utf8.DecodeRuneInString(t.src[off:])
		off += w
	}
	return off
}

// scalar places the bytes of a YAML scalar's value in its file: at[i] is
// the file offset of value byte i, or -1 where the value's bytes are not
// written as such (escapes, a fold that the parser turned into a space).
type scalar struct {
	t     *text
	y     *yaml.Node
	value string
	at    []int
	// start is the position of the node, for values not placed
	start diag.Pos
}

// newScalar aligns the value of y with its source text: every byte of the
// value that is not white space is matched, in order, with the same byte
// of the source, white space of either side being skipped, so plain,
// quoted, literal and folded scalars written over several lines are placed
// byte by byte. Alignment stops at the first byte that differs (an escape
// of a quoted scalar); the rest is unplaced.
func newScalar(t *text, y *yaml.Node) *scalar {
	s := &scalar{t: t, y: y, value: y.Value, at: make([]int, len(y.Value))}
	for i := range s.at {
		s.at[i] = -1
	}
	j := t.offset(y.Line, y.Column)
	if j < 0 {
		return s
	}
	s.start = t.pos(j)
	src := t.src
	// anchors and tags before the value
	for j < len(src) && (src[j] == '&' || src[j] == '!') {
		for j < len(src) && src[j] != ' ' && src[j] != '\t' && src[j] != '\n' {
			j++
		}
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
	}
	var quote byte
	switch {
	case y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		// the value starts on the line after the header
		for j < len(src) && src[j] != '\n' {
			j++
		}
	case y.Style&yaml.DoubleQuotedStyle != 0 && j < len(src) && src[j] == '"':
		quote, j = '"', j+1
	case y.Style&yaml.SingleQuotedStyle != 0 && j < len(src) && src[j] == '\'':
		quote, j = '\'', j+1
	}
	v := s.value
	for i := 0; i < len(v) && j < len(src); {
		if quote != 0 && (src[j] == quote || quote == '"' && src[j] == '\\') {
			break
		}
		if quote == 0 && src[j] == '#' && j > 0 && (src[j-1] == ' ' || src[j-1] == '\t' || src[j-1] == '\n') && v[i] != '#' {
			break // a comment: the scalar ended
		}
		switch {
		case v[i] == src[j]:
			s.at[i] = j
			i++
			j++
		case src[j] == ' ' || src[j] == '\t' || src[j] == '\r' || src[j] == '\n':
			j++
		case v[i] == ' ' || v[i] == '\n' || v[i] == '\t':
			i++
		default:
			i = len(v) // differs: stop
		}
	}
	return s
}

// pos returns the position of value byte off: where it is written, else
// the node's start.
func (s *scalar) pos(off int) diag.Pos {
	if off >= 0 && off < len(s.at) && s.at[off] >= 0 {
		return s.t.pos(s.at[off])
	}
	if off == len(s.at) && off > 0 && s.at[off-1] >= 0 {
		return s.t.pos(s.at[off-1] + 1)
	}
	return s.start
}

// span places a value of n bytes at value offset off: exact when exact is
// true and the n bytes are written contiguously, on one line, as they are.
func (s *scalar) span(off, n int, exact bool) diag.Span {
	sp := diag.Span{File: s.t.path, Start: s.pos(off)}
	if !exact || off < 0 || off+n > len(s.at) || n == 0 || s.at[off] < 0 {
		return sp
	}
	for k := off; k < off+n; k++ {
		if s.at[k] != s.at[off]+(k-off) || s.value[k] == '\n' {
			return sp
		}
	}
	sp.Exact = s.t.src[s.at[off]:s.at[off]+n] == s.value[off:off+n]
	return sp
}
