package yamlx

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/diag"
)

// ScalarMap maps byte offsets of a Scalar's value to positions in the file.
type ScalarMap struct {
	file  string
	node  *yaml.Node
	lines []string // the file's lines
	// block scalars: the file line (1-based) of the value's first line and
	// the content's indentation.
	first, indent int
	exact         bool
}

func NewScalarMap(file string, lines []string, n *yaml.Node) ScalarMap {
	n, placed := skipProperties(lines, n)
	m := ScalarMap{file: file, node: n, lines: lines}
	if n == nil {
		return m
	}
	defer func() {
		if !placed {
			m.exact = false
		}
	}()
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		m.first = n.Line + 1
		m.indent = blockIndent(lines, m.first)
		m.exact = m.indent >= 0
	case n.Style&yaml.FoldedStyle != 0:
		m.first = n.Line + 1
		m.indent = blockIndent(lines, m.first)
	case strings.Contains(n.Value, "\n"):
		// a multi-line flow Scalar: lines are folded; only the start is known.
	case n.Style&yaml.DoubleQuotedStyle != 0:
		m.exact = !strings.Contains(rawText(lines, n), `\`)
	case n.Style&yaml.SingleQuotedStyle != 0:
		m.exact = !strings.Contains(n.Value, "'")
	default:
		m.exact = true
	}
	return m
}

// skipProperties returns n placed at its value rather than at its anchor
// (&name) or tag (!tag), where yaml.v3 places a node that has them, and
// false when the value's column cannot be told (it starts on another line).
func skipProperties(lines []string, n *yaml.Node) (*yaml.Node, bool) {
	if n == nil || (n.Anchor == "" && n.Style&yaml.TaggedStyle == 0) || n.Line < 1 || n.Line > len(lines) {
		return n, true
	}
	l := lines[n.Line-1]
	col := n.Column - 1
	for col < len(l) && (l[col] == '&' || l[col] == '!') {
		for col < len(l) && l[col] != ' ' && l[col] != '\t' {
			col++
		}
		for col < len(l) && (l[col] == ' ' || l[col] == '\t') {
			col++
		}
	}
	if col == n.Column-1 {
		return n, true
	}
	c := *n
	c.Column = col + 1
	return &c, col < len(l)
}

// rawText returns the rest of the Scalar's line from its column.
func rawText(lines []string, n *yaml.Node) string {
	if n.Line < 1 || n.Line > len(lines) {
		return ""
	}
	l := lines[n.Line-1]
	if n.Column-1 < len(l) {
		return l[n.Column-1:]
	}
	return ""
}

// blockIndent returns the indentation of a block Scalar's first non-blank
// content line, or -1.
func blockIndent(lines []string, first int) int {
	for i := first - 1; i >= 0 && i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimLeft(l, " ")
		if t == "" {
			continue
		}
		return len(l) - len(t)
	}
	return -1
}

// at returns the position of byte offset off of the Scalar's value and
// whether the value's bytes from there are at consecutive columns.
func (m ScalarMap) At(off int) diag.Span {
	n := m.node
	if n == nil {
		return diag.Span{File: m.file}
	}
	if off < 0 || off > len(n.Value) {
		off = 0
	}
	if m.first > 0 { // block Scalar
		if !m.exact {
			return diag.Span{File: m.file, Start: diag.Pos{Line: m.first, Col: max(m.indent, 0) + 1}}
		}
		line := strings.Count(n.Value[:off], "\n")
		col := off - (strings.LastIndexByte(n.Value[:off], '\n') + 1)
		return diag.Span{File: m.file, Start: diag.Pos{Line: m.first + line, Col: m.indent + 1 + col}, Exact: true}
	}
	if !m.exact {
		return diag.Span{File: m.file, Start: diag.Pos{Line: n.Line, Col: n.Column}}
	}
	col := n.Column + off
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++
	}
	return diag.Span{File: m.file, Start: diag.Pos{Line: n.Line, Col: col}, Exact: true}
}

// LineBreak returns the text that starts a new line of the Scalar's value
// where it is written: a newline and the block's indentation, for a literal
// block Scalar ("|") whose bytes map exactly; ok is false for any other
// Scalar, whose lines fold or which has no lines.
func (m ScalarMap) LineBreak() (string, bool) {
	if m.node == nil || m.node.Style&yaml.LiteralStyle == 0 || !m.exact || m.indent < 0 {
		return "", false
	}
	return "\n" + strings.Repeat(" ", m.indent), true
}
