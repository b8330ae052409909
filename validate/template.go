package validate

import "strings"

// span is a template in a raw value: [start, end) bytes.
type span struct{ start, end int }

// templateKind names the template syntaxes Check recognises.
const (
	kindGitHub = "github" // ${{ expression }}
	kindBrace  = "brace"  // ${VAR}, ${VAR:-default}: shell, bake, compose
	kindParen  = "paren"  // $(VAR): make
	kindVar    = "var"    // $VAR: shell
	// {{ .Values.x }}, {{ x }}, {% ... %}: Go templates (Helm, ACR tasks)
	// and Jinja, which render the file before the tool reads it
	kindMustache = "mustache"
)

// template is one template found in a raw value.
type template struct {
	span
	kind string
	text string // the template as written
}

// findTemplates returns the templates in s, in order: GitHub expressions,
// shell, bake, compose and make variables, and the {{ }} and {% %} of Go
// templates and Jinja. Unterminated templates run to the end of s.
func findTemplates(s string) []template {
	var out []template
	for i := 0; i < len(s); i++ {
		if i+1 < len(s) && s[i] == '{' && (s[i+1] == '{' || s[i+1] == '%') {
			closer := "}}"
			if s[i+1] == '%' {
				closer = "%}"
			}
			end := len(s)
			if j := strings.Index(s[i+2:], closer); j >= 0 {
				end = i + 2 + j + 2
			}
			out = append(out, template{span: span{i, end}, kind: kindMustache, text: s[i:end]})
			i = end - 1
			continue
		}
		if s[i] != '$' || i+1 >= len(s) {
			continue
		}
		start := i
		var end int
		var kind string
		switch c := s[i+1]; {
		case strings.HasPrefix(s[i:], "${{"):
			kind = kindGitHub
			end, _ = expressionEnd(s, i)
		case c == '{':
			kind = kindBrace
			end = matchClose(s, i+1, '{', '}')
		case c == '(':
			kind = kindParen
			end = matchClose(s, i+1, '(', ')')
		case c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z':
			kind = kindVar
			end = i + 2
			for end < len(s) && (s[end] == '_' || 'A' <= s[end] && s[end] <= 'Z' || 'a' <= s[end] && s[end] <= 'z' || '0' <= s[end] && s[end] <= '9') {
				end++
			}
		case strings.IndexByte("*@<^%?+!#0123456789", c) >= 0:
			// Make's automatic variables and the shell's special ones.
			kind = kindVar
			end = i + 2
		default:
			continue
		}
		out = append(out, template{span: span{start, end}, kind: kind, text: s[start:end]})
		i = end - 1
	}
	return out
}

// Expression is a GitHub Actions expression found in a text: the bytes
// [Start, End) from "${{" to the "}}" that closes it, or to the end of the
// text when nothing closes it (Closed false).
type Expression struct {
	Start, End int
	Closed     bool
}

// Expressions returns the GitHub Actions expressions in s, in order. An
// expression runs from "${{" to the first "}}" after it, across lines, as
// the runner reads it. This is the one definition of an expression that
// Check's templates and the workflow reader share.
func Expressions(s string) []Expression {
	var out []Expression
	for i := 0; i+3 <= len(s); {
		j := strings.Index(s[i:], "${{")
		if j < 0 {
			break
		}
		start := i + j
		end, closed := expressionEnd(s, start)
		out = append(out, Expression{Start: start, End: end, Closed: closed})
		i = end
	}
	return out
}

// expressionEnd returns the end of the expression whose "${{" is at start.
func expressionEnd(s string, start int) (end int, closed bool) {
	if j := strings.Index(s[start+3:], "}}"); j >= 0 {
		return start + 3 + j + 2, true
	}
	return len(s), false
}

// matchClose returns the index after the bracket closing the one at open,
// allowing nesting, or len(s).
func matchClose(s string, open int, o, c byte) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case o:
			depth++
		case c:
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

// expansion is a raw value with every template replaced by a
// representative, and the map back to raw offsets.
type expansion struct {
	raw       string
	text      string
	templates []template
	// at[i] is the raw offset of text[i]; placeholders map to their
	// template's start.
	at []int
}

// expand replaces every template in raw with a representative lower-case
// word ("x0", "x1", ...) that is valid in a ref, a path, a scope or a name,
// so that whatever the template expands to, only problems outside it are
// seen.
func expand(raw string) expansion {
	ts := findTemplates(raw)
	x := expansion{raw: raw, templates: ts}
	if len(ts) == 0 {
		x.text = raw
		return x
	}
	var b strings.Builder
	prev := 0
	for n, t := range ts {
		b.WriteString(raw[prev:t.start])
		for k := prev; k < t.start; k++ {
			x.at = append(x.at, k)
		}
		rep := "x" + itoa(n)
		b.WriteString(rep)
		for range rep {
			x.at = append(x.at, t.start)
		}
		prev = t.end
	}
	b.WriteString(raw[prev:])
	for k := prev; k < len(raw); k++ {
		x.at = append(x.at, k)
	}
	x.text = b.String()
	return x
}

// rawOffset maps an offset in the expanded text to the raw value.
func (x expansion) rawOffset(off int) int {
	if x.at == nil || off < 0 {
		return off
	}
	if off >= len(x.at) {
		return len(x.raw)
	}
	return x.at[off]
}

// touchesTemplate reports whether the expanded span [off, off+n) overlaps a
// placeholder, or, when n is 0, whether off is inside one.
func (x expansion) touchesTemplate(off, n int) bool {
	if len(x.templates) == 0 {
		return false
	}
	lo, hi := x.rawOffset(off), x.rawOffset(off+max(n, 1)-1)
	for _, t := range x.templates {
		if lo < t.end && hi >= t.start {
			return true
		}
	}
	return false
}

// whole reports whether the raw value is one template and nothing else.
func (x expansion) whole() bool {
	return len(x.templates) == 1 && x.templates[0].start == 0 && x.templates[0].end == len(strings.TrimRight(x.raw, " \t"))
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
