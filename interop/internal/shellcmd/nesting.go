package shellcmd

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// MaxNesting is the deepest nesting Parse hands the shell parser: of
// command substitutions ($( ) and backquotes), parameter expansions
// (${ }), subshells and groups ( ( ), { }), double quotes, compound
// commands (if, while, until, for, select, case), and, within one
// statement, of the operators the parser's tree nests (&&, ||, |, !,
// function declarations, arithmetic operators). The parser recurses once per level, and a Go stack
// overflow is fatal (recover cannot catch it): a script of a few MiB
// nesting $( a million times would end the process. No real script comes
// near; a deeper one is refused as a parse error naming the limit.
const MaxNesting = 1000

// nestingError returns the parse error of src when its nesting is deeper
// than MaxNesting, else nil. It follows the shell's quoting closely enough
// to count what the parser would recurse into, erring on the side of
// counting: single quotes and backslashes make text literal, comments end
// at the line's end, a case clause's patterns close no parenthesis, and
// any other closer closes the innermost level it matches.
//
// Every level it counts takes at least one byte of src, and every level of
// here-documents a "<<": a script shorter than MaxNesting with at most
// maxHeredocNesting of them is within both limits without reading it.
func nestingError(src string) error {
	if len(src) < MaxNesting && strings.Count(src, "<<") <= maxHeredocNesting {
		return nil
	}
	return nesting(src, 0)
}

// maxHeredocNesting bounds here-documents within the command substitutions
// of here-documents, which nesting reads by calling itself.
const maxHeredocNesting = 16

// nesting is nestingError of text within level here-documents.
func nesting(src string, level int) error {
	if level > maxHeredocNesting {
		return syntax.ParseError{Pos: syntax.NewPos(0, 1, 1), Text: "here-documents nested deeper than " + strconv.Itoa(maxHeredocNesting) + " levels; not parsed"}
	}
	// the levels open, innermost last: '(' for $(, $(( and (, '{' for ${
	// and {, '"' and '`' for quotes, 'c' for a case clause
	var stack []byte
	line, lineStart := 1, 0
	wordStart := true
	// ops counts the operators of the statement being read (&&, ||, |, !,
	// empty parentheses of function declarations, and every operator of an
	// arithmetic expression), which the parser and the walkers of its tree
	// nest one level each; afterOp says the last token was one, so that a
	// newline after it continues the statement
	ops, afterOp := 0, false
	arith := 0             // arithmetic levels open ($(( and (( )
	var heredocs []heredoc // the here-documents started on the line
	for i := 0; i < len(src); i++ {
		c := src[i]
		top := byte(0)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		push := func(k byte) bool {
			stack = append(stack, k)
			return len(stack) > MaxNesting
		}
		pop := func() { stack = stack[:len(stack)-1] }
		deep := false
		op := false
		switch {
		case c == '\n' || c == ';' && top != '"':
			if c == '\n' {
				line, lineStart = line+1, i+1
				if len(heredocs) > 0 {
					// the bodies of the here-documents of the line: a
					// quoted delimiter makes the body literal; else it
					// expands as in double quotes
					for _, h := range heredocs {
						end, next := heredocEnd(src, i+1, h.delim, h.tabs)
						if !h.quoted {
							body := strings.NewReplacer(`"`, " ", "'", " ").Replace(src[i+1 : end])
							if err := nesting(`"`+body, level+1); err != nil {
								if pe, ok := err.(syntax.ParseError); ok {
									pe.Pos = syntax.NewPos(uint(i), uint(line), 1)
									return pe
								}
								return err
							}
						}
						line += strings.Count(src[i+1:next], "\n")
						i = next - 1
					}
					lineStart = i + 1
					heredocs = heredocs[:0]
				}
			}
			if !afterOp && arith == 0 {
				ops = 0
			}
		case c == '<' && top != '"' && top != '`' && strings.HasPrefix(src[i:], "<<") && !strings.HasPrefix(src[i:], "<<<"):
			h, n := heredocStart(src[i+2:])
			if n > 0 {
				heredocs = append(heredocs, h)
				i += 1 + n
			}
		case c == '\\':
			i++ // the next byte is literal
			if i < len(src) && src[i] == '\n' {
				line, lineStart = line+1, i+1
			}
		case top == '"':
			switch {
			case c == '"':
				pop()
			case c == '`':
				deep = push('`')
			case c == '$' && i+1 < len(src) && src[i+1] == '(':
				deep = push('(')
				i++
			case c == '$' && i+1 < len(src) && src[i+1] == '{':
				deep = push('{')
				i++
			case c == ')' || c == '}':
				// a closer inside quotes is text
			}
		case c == '\'':
			for i++; i < len(src) && src[i] != '\''; i++ {
				if src[i] == '\n' {
					line, lineStart = line+1, i+1
				}
			}
		case c == '#' && wordStart && top != '`':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i-- // the newline is counted by the loop
		case c == '"':
			deep = push('"')
		case c == '`':
			if top == '`' {
				pop()
			} else {
				deep = push('`')
			}
		case c == '(' && i+1 < len(src) && src[i+1] == '(':
			deep = push('a') || push('a') // $(( or ((: arithmetic
			arith++
			i++
		case c == '(' && i+1 < len(src) && src[i+1] == ')':
			op = true // f(): a function declaration, whose body is the next statement
			i++
		case c == '(':
			deep = push('(')
		case c == ')':
			switch {
			case top == 'a' && len(stack) > 1 && stack[len(stack)-2] == 'a' && i+1 < len(src) && src[i+1] == ')':
				pop()
				pop()
				arith--
				i++
			case top == '(' || top == 'a':
				pop()
			}
		case arith > 0 && isArithOp(c):
			op = true
		case c == '&' || c == '|':
			op = true
			if i+1 < len(src) && (src[i+1] == c || c == '|' && src[i+1] == '&') {
				i++
			} else if c == '&' {
				op = false // a lone & ends the statement
				if !afterOp {
					ops = 0
				}
			}
		case c == '!' && wordStart:
			op = true
		case c == '{':
			deep = push('{')
		case c == '}':
			if top == '{' {
				pop()
			}
		case wordStart && (isWord(src, i, "if") || isWord(src, i, "while") || isWord(src, i, "until") || isWord(src, i, "for") || isWord(src, i, "select")):
			deep = push('k')
			for i+1 < len(src) && src[i+1] >= 'a' && src[i+1] <= 'z' {
				i++
			}
		case wordStart && (isWord(src, i, "fi") || isWord(src, i, "done")):
			if top == 'k' {
				pop()
			}
			for i+1 < len(src) && src[i+1] >= 'a' && src[i+1] <= 'z' {
				i++
			}
		case wordStart && isWord(src, i, "case"):
			deep = push('c')
			i += 3
		case wordStart && isWord(src, i, "esac"):
			if top == 'c' {
				pop()
			}
			i += 3
		}
		if op {
			ops++
			deep = deep || len(stack)+ops > MaxNesting
		}
		if c != ' ' && c != '\t' && c != '\n' {
			afterOp = op
		}
		if deep {
			return syntax.ParseError{
				Pos:  syntax.NewPos(uint(i), uint(line), uint(i-lineStart+1)),
				Text: "nested deeper than " + strconv.Itoa(MaxNesting) + " levels ($( ), ${ }, ( ), { }, quotes, if, while, case, chains of &&, ||, | and !, arithmetic operators); not parsed",
			}
		}
		if i < len(src) {
			switch src[i] {
			case ' ', '\t', '\n', ';', '&', '|', '(', ')', '{', '}', '`':
				wordStart = true
			default:
				wordStart = false
			}
		}
	}
	return nil
}

// isWord reports whether src has the word w at i, ending there.
func isWord(src string, i int, w string) bool {
	if len(src)-i < len(w) || src[i:i+len(w)] != w {
		return false
	}
	if j := i + len(w); j < len(src) {
		switch src[j] {
		case ' ', '\t', '\n', ';', '&', '|', ')':
		default:
			return false
		}
	}
	return true
}

// isArithOp reports whether c is an operator of shell arithmetic.
func isArithOp(c byte) bool {
	switch c {
	case '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '^', '&', '|', '?', ':', ',':
		return true
	}
	return false
}

// heredoc is a here-document whose body starts at the next line.
type heredoc struct {
	delim  string
	quoted bool // the body is literal
	tabs   bool // <<-: the delimiter line may start with tabs
}

// heredocStart reads the delimiter after "<<" in s: the here-document and
// the bytes read, 0 when there is no delimiter word.
func heredocStart(s string) (heredoc, int) {
	var h heredoc
	i := 0
	if i < len(s) && s[i] == '-' {
		h.tabs = true
		i++
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	var b strings.Builder
	for ; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')' {
			break
		}
		if c == '\'' || c == '"' || c == '\\' {
			h.quoted = true
			continue
		}
		b.WriteByte(c)
	}
	h.delim = b.String()
	if h.delim == "" && !h.quoted {
		return h, 0
	}
	return h, i
}

// heredocEnd returns where the body starting at start ends (the start of
// its delimiter line) and where the text after the delimiter line starts;
// a body without its delimiter runs to the end of src.
func heredocEnd(src string, start int, delim string, tabs bool) (end, next int) {
	for at := start; at < len(src); {
		nl := strings.IndexByte(src[at:], '\n')
		lineEnd := len(src)
		if nl >= 0 {
			lineEnd = at + nl
		}
		l := src[at:lineEnd]
		if tabs {
			l = strings.TrimLeft(l, "\t")
		}
		if l == delim {
			return at, min(lineEnd+1, len(src))
		}
		if nl < 0 {
			break
		}
		at = lineEnd + 1
	}
	return len(src), len(src)
}
