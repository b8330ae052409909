package yamlfast

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// scalar returns a fresh scalar node at offset i of the current line.
func (p *parser) scalar(i int, tag string, style yaml.Style) *yaml.Node {
	n := p.newNode()
	n.Kind = yaml.ScalarNode
	n.Tag = tag
	n.Style = style
	n.Line, n.Column = p.line+1, p.column(i)+1
	return n
}

// quoted reads a single-line quoted scalar whose opening quote is at
// offset i, and returns it with the offset after its closing quote.
func (p *parser) quoted(i int) (*yaml.Node, int, bool) {
	if p.s[i] == '\'' {
		return p.singleQuoted(i)
	}
	return p.doubleQuoted(i)
}

// singleQuoted reads a single-line single-quoted scalar ("”" is a quote).
func (p *parser) singleQuoted(i int) (*yaml.Node, int, bool) {
	s := p.s
	n := p.scalar(i, "!!str", yaml.SingleQuotedStyle)
	j := i + 1
	start := j
	bstart := -1
	for {
		k := strings.IndexAny(s[j:], "'\n")
		if k < 0 || s[j+k] == '\n' {
			return nil, 0, false
		}
		j += k
		if j+1 < len(s) && s[j+1] == '\'' {
			if bstart < 0 {
				bstart = len(p.buf)
			}
			p.buf = append(p.buf, s[start:j+1]...)
			j += 2
			start = j
			continue
		}
		break
	}
	if bstart < 0 {
		n.Value = s[start:j]
	} else {
		p.buf = append(p.buf, s[start:j]...)
		p.built = append(p.built, built{n, bstart, len(p.buf)})
	}
	return n, j + 1, true
}

// doubleQuoted reads a single-line double-quoted scalar with its escapes.
func (p *parser) doubleQuoted(i int) (*yaml.Node, int, bool) {
	s := p.s
	n := p.scalar(i, "!!str", yaml.DoubleQuotedStyle)
	j := i + 1
	start := j
	bstart := -1
	for {
		k := strings.IndexAny(s[j:], "\"\\\n")
		if k < 0 || s[j+k] == '\n' {
			return nil, 0, false
		}
		j += k
		if s[j] == '"' {
			break
		}
		// An escape.
		if bstart < 0 {
			bstart = len(p.buf)
		}
		p.buf = append(p.buf, s[start:j]...)
		if j+1 >= len(s) {
			return nil, 0, false
		}
		e := s[j+1]
		j += 2
		var code int
		switch e {
		case '0':
			p.buf = append(p.buf, 0)
		case 'a':
			p.buf = append(p.buf, '\a')
		case 'b':
			p.buf = append(p.buf, '\b')
		case 't', '\t':
			p.buf = append(p.buf, '\t')
		case 'n':
			p.buf = append(p.buf, '\n')
		case 'v':
			p.buf = append(p.buf, '\v')
		case 'f':
			p.buf = append(p.buf, '\f')
		case 'r':
			p.buf = append(p.buf, '\r')
		case 'e':
			p.buf = append(p.buf, 0x1b)
		case ' ', '"', '\'', '\\':
			p.buf = append(p.buf, e)
		case 'N':
			p.buf = utf8.AppendRune(p.buf, 0x85)
		case '_':
			p.buf = utf8.AppendRune(p.buf, 0xa0)
		case 'L':
			p.buf = utf8.AppendRune(p.buf, 0x2028)
		case 'P':
			p.buf = utf8.AppendRune(p.buf, 0x2029)
		case 'x':
			code = 2
		case 'u':
			code = 4
		case 'U':
			code = 8
		default:
			return nil, 0, false // an unknown escape, or a line continuation
		}
		if code > 0 {
			if j+code > len(s) {
				return nil, 0, false
			}
			v := 0
			for _, c := range []byte(s[j : j+code]) {
				d := hexDigit(c)
				if d < 0 {
					return nil, 0, false
				}
				v = v<<4 | d
			}
			if (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff {
				return nil, 0, false
			}
			p.buf = utf8.AppendRune(p.buf, rune(v))
			j += code
		}
		start = j
	}
	if bstart < 0 {
		n.Value = s[start:j]
	} else {
		p.buf = append(p.buf, s[start:j]...)
		p.built = append(p.built, built{n, bstart, len(p.buf)})
	}
	return n, j + 1, true
}

// hexDigit returns the value of a hexadecimal digit, or -1.
func hexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// flow reads a one-line flow sequence or flow mapping of scalars whose
// bracket is at offset i, and returns it with the offset after its
// closing bracket.
func (p *parser) flow(i int) (*yaml.Node, int, bool) {
	s := p.s
	n := p.newNode()
	n.Style = yaml.FlowStyle
	n.Line, n.Column = p.line+1, p.column(i)+1
	closer := byte(']')
	if s[i] == '[' {
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
	} else {
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
		closer = '}'
	}
	mark := len(p.stack)
	j := p.skipSpaces(i + 1)
	if j < len(s) && s[j] == closer {
		return n, j + 1, true
	}
	for {
		item, end, ok := p.flowScalar(j, closer == '}')
		if !ok {
			return nil, 0, false
		}
		if closer == '}' {
			p.keyValue(item)
		}
		p.stack = append(p.stack, item)
		j = p.skipSpaces(end)
		if closer == '}' {
			// A key: ": " and a value must follow.
			if j != end || j+1 >= len(s) || s[j] != ':' || s[j+1] != ' ' {
				return nil, 0, false
			}
			item, end, ok = p.flowScalar(p.skipSpaces(j+1), false)
			if !ok {
				return nil, 0, false
			}
			p.stack = append(p.stack, item)
			j = p.skipSpaces(end)
		}
		if j >= len(s) {
			return nil, 0, false
		}
		if s[j] == closer {
			j++
			break
		}
		if s[j] != ',' {
			return nil, 0, false
		}
		j = p.skipSpaces(j + 1)
		if j < len(s) && s[j] == closer {
			j++ // a trailing comma
			break
		}
	}
	if n.Kind == yaml.MappingNode && hasDuplicates(p.stack[mark:]) {
		return nil, 0, false
	}
	n.Content = p.content(mark)
	return n, j, true
}

// skipSpaces returns the offset of the first byte at or after i that is
// not a space.
func (p *parser) skipSpaces(i int) int {
	for i < len(p.s) && p.s[i] == ' ' {
		i++
	}
	return i
}

// flowScalar reads a quoted scalar or a plain scalar of the safe kind
// (no ':', '?', '#', tab or bracket in it) inside a flow collection; a
// key's plain scalar ends at ": ".
func (p *parser) flowScalar(i int, key bool) (*yaml.Node, int, bool) {
	s := p.s
	if i >= len(s) {
		return nil, 0, false
	}
	switch c := s[i]; c {
	case '\'', '"':
		return p.quoted(i)
	case '-':
		if i+1 >= len(s) || !isWordByte(s[i+1]) {
			return nil, 0, false
		}
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '?', ':', '\n', ' ', '\t':
		return nil, 0, false
	}
	j := i
	end := i
	for j < len(s) {
		c := s[j]
		if c == ',' || c == ']' || c == '}' || (key && c == ':' && p.at(j+1) == ' ') {
			break
		}
		switch c {
		case '\n', '\t', '[', '{', '?', ':', '#':
			return nil, 0, false
		case ' ':
			j++
			continue
		}
		j++
		end = j
	}
	v := s[i:end]
	tag := plainTag(v)
	if tag == "" {
		return nil, 0, false
	}
	n := p.scalar(i, tag, 0)
	n.Value = v
	return n, end, true
}

// isWordByte reports whether c is an ASCII letter or digit.
func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// blockScalar reads a literal or folded block scalar whose indicator is
// at offset i, in a block collection of column indent (-1 at the top),
// exactly as yaml.v3's scanner does.
func (p *parser) blockScalar(indent, i int) (*yaml.Node, bool) {
	s := p.s
	literal := s[i] == '|'
	style := yaml.LiteralStyle
	if !literal {
		style = yaml.FoldedStyle
	}
	n := p.scalar(i, "!!str", style)

	// The header: chomping and indentation indicators in either order.
	chomp, inc := 0, 0
	j := i + 1
	for range 2 {
		c := p.at(j)
		switch {
		case (c == '+' || c == '-') && chomp == 0:
			chomp = 1
			if c == '-' {
				chomp = -1
			}
			j++
		case c >= '1' && c <= '9' && inc == 0:
			inc = int(c - '0')
			j++
		}
	}
	k := p.skipSpaces(j)
	if k < len(s) && s[k] == '#' {
		if k == j {
			return nil, false
		}
		for k < len(s) && s[k] != '\n' {
			k++
		}
	}
	if k >= len(s) {
		// Nothing follows the header: an empty value.
		p.eof = true
		p.pos = k
		return n, true
	}
	if s[k] != '\n' {
		return nil, false
	}
	q := k + 1
	p.line++

	bi := 0 // the block's indentation
	if inc > 0 {
		bi = inc
		if indent >= 0 {
			bi = indent + inc
		}
	}
	start := len(p.buf)
	leadingBreak, leadingBlank := false, false
	trailing := 0 // line breaks pending
	ls := q       // start of the current line

	// breaks reads the lines that are empty or only indentation from q
	// on, as yaml_parser_scan_block_scalar_breaks does.
	breaks := func() bool {
		maxIndent := 0
		for {
			ls = q
			for (bi == 0 || q-ls < bi) && q < len(s) && s[q] == ' ' {
				q++
			}
			if q-ls > maxIndent {
				maxIndent = q - ls
			}
			if (bi == 0 || q-ls < bi) && q < len(s) && s[q] == '\t' {
				return false
			}
			if q >= len(s) || s[q] != '\n' {
				break
			}
			trailing++
			q++
			p.line++
		}
		if bi == 0 {
			bi = max(maxIndent, indent+1, 1)
		}
		return true
	}
	if !breaks() {
		return nil, false
	}
	for q-ls == bi && q < len(s) {
		trailingBlank := s[q] == ' ' || s[q] == '\t'
		if !literal && !leadingBlank && !trailingBlank && leadingBreak {
			if trailing == 0 {
				p.buf = append(p.buf, ' ')
			}
		} else if leadingBreak {
			p.buf = append(p.buf, '\n')
		}
		leadingBreak = false
		for ; trailing > 0; trailing-- {
			p.buf = append(p.buf, '\n')
		}
		leadingBlank = trailingBlank
		e := strings.IndexByte(s[q:], '\n')
		if e < 0 {
			p.buf = append(p.buf, s[q:]...)
			q = len(s)
			ls = q // the end of input is not at the block's column
			break
		}
		p.buf = append(p.buf, s[q:q+e]...)
		q += e + 1
		p.line++
		leadingBreak = true
		if !breaks() {
			return nil, false
		}
	}
	if chomp != -1 && leadingBreak {
		p.buf = append(p.buf, '\n')
	}
	if chomp == 1 {
		for ; trailing > 0; trailing-- {
			p.buf = append(p.buf, '\n')
		}
	}
	if len(p.buf) > start {
		p.built = append(p.built, built{n, start, len(p.buf)})
	}
	// Go on from the start of the line the block stopped at.
	if ls >= len(s) {
		p.eof = true
		p.pos = len(s)
		return n, true
	}
	return n, p.skipLines(ls)
}

// endScalar ends a scalar value (n, whose first line ends at offset end)
// of a block collection of column indent: a plain scalar goes on over
// the more indented lines that follow it, as yaml.v3 folds them, then
// the reader moves to the next content line.
func (p *parser) endScalar(n *yaml.Node, end, indent int) bool {
	s := p.s
	k := p.skipSpaces(end)
	if n.Style != 0 || k >= len(s) || s[k] != '\n' {
		return p.endLine(end)
	}
	q := k // at a line break
	breaks := 0
	bstart := -1
	for {
		q++
		p.line++
		breaks++
		ls := q
		for q < len(s) && s[q] == ' ' {
			q++
		}
		if q >= len(s) {
			p.eof = true
			p.pos = q
			break
		}
		c := s[q]
		if c == '\n' {
			continue
		}
		if c == '\t' {
			return false
		}
		if q-ls <= indent || c == '#' ||
			(q == ls && len(s)-q >= 3 && (s[q:q+3] == "---" || s[q:q+3] == "...") && p.isBlankz(q+3)) {
			// The scalar has ended; so has the value.
			if !p.skipLines(ls) {
				return false
			}
			break
		}
		if (c == '-' || c == '?' || c == ':') && p.isBlankz(q+1) {
			return false
		}
		// A continuation line, read as the first one.
		j, e := q, q
		for j < len(s) && s[j] != '\n' {
			b := s[j]
			if b == ':' && p.isBlankz(j+1) {
				return false // a multi-line key
			}
			if b == '\t' {
				return false
			}
			if b == ' ' {
				if j+1 < len(s) && s[j+1] == '#' {
					break
				}
				j++
				continue
			}
			j++
			e = j
		}
		if bstart < 0 {
			bstart = len(p.buf)
			p.buf = append(p.buf, n.Value...)
		}
		if breaks == 1 {
			p.buf = append(p.buf, ' ')
		}
		for ; breaks > 1; breaks-- {
			p.buf = append(p.buf, '\n')
		}
		breaks = 0
		p.buf = append(p.buf, s[q:e]...)
		if j < len(s) && s[j] == ' ' {
			// A comment ends the scalar.
			p.lineStart = ls
			if !p.endLine(e) {
				return false
			}
			break
		}
		if j >= len(s) {
			p.eof = true
			p.pos = j
			break
		}
		q = j
	}
	if bstart >= 0 {
		// The value has a space or a line break, so it is none of the
		// special words; only a number or a timestamp needs resolving.
		n.Tag = "!!str"
		switch p.buf[bstart] {
		case '+', '-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			n.Tag = plainTag(string(p.buf[bstart:]))
		}
		p.built = append(p.built, built{n, bstart, len(p.buf)})
	}
	return true
}
