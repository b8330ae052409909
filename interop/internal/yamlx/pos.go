package yamlx

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/interop/source"
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
	m := ScalarMap{file: file, node: n, lines: lines}
	if n == nil {
		return m
	}
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
func (m ScalarMap) At(off int) source.Value {
	n := m.node
	if n == nil {
		return source.Value{Pos: source.Pos{File: m.file}}
	}
	if off < 0 || off > len(n.Value) {
		off = 0
	}
	if m.first > 0 { // block Scalar
		if !m.exact {
			return source.Value{Pos: source.Pos{File: m.file, Line: m.first, Col: max(m.indent, 0) + 1}}
		}
		line := strings.Count(n.Value[:off], "\n")
		col := off - (strings.LastIndexByte(n.Value[:off], '\n') + 1)
		return source.Value{Pos: source.Pos{File: m.file, Line: m.first + line, Col: m.indent + 1 + col}, Exact: true}
	}
	if !m.exact {
		return source.Value{Pos: source.Pos{File: m.file, Line: n.Line, Col: n.Column}}
	}
	col := n.Column + off
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++
	}
	return source.Value{Pos: source.Pos{File: m.file, Line: n.Line, Col: col}, Exact: true}
}
