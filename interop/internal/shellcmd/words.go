package shellcmd

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// expander computes the values of a script's words.
type expander struct {
	src  string
	opts Options
	// self is the variable whose value is being resolved (Constants): a
	// reference to it with a default (X=${X:-d}) takes the default.
	self string
}

// args computes the words of a command's arguments. An unquoted lone
// variable whose resolved value holds blanks is split into fields, as
// the shell splits it, and one whose value is empty disappears; every other
// word gives one value.
func (x expander) args(ws []*syntax.Word) []Word {
	out := make([]Word, 0, len(ws))
	for _, w := range ws {
		if len(w.Parts) == 1 {
			if pe, ok := w.Parts[0].(*syntax.ParamExp); ok {
				if v, ok := x.param(pe); ok {
					for _, f := range strings.Fields(x.unmask(v)) {
						out = append(out, Word{Text: f, Off: int(w.Pos().Offset())})
					}
					continue
				}
			}
		}
		out = append(out, x.value(w))
	}
	return out
}

func (x expander) unmask(s string) string {
	if x.opts.Unmask == nil {
		return s
	}
	return x.opts.Unmask(s)
}

// value computes a word's value. Literal parts lose their escapes, quoted
// parts their quotes; resolved variables are substituted, other expansions
// keep their source text.
func (x expander) value(w *syntax.Word) Word {
	var b strings.Builder
	exact := true
	start := int(w.Pos().Offset())
	for i, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			v := p.Value
			if strings.Contains(v, `\`) {
				v = unescape(v)
				exact = false
			}
			b.WriteString(v)
		case *syntax.SglQuoted:
			if p.Dollar {
				exact = false
			}
			if i == 0 && len(w.Parts) == 1 {
				start++ // the value starts after the quote
			} else {
				exact = false
			}
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			if i == 0 && len(w.Parts) == 1 {
				start++
			} else {
				exact = false
			}
			for _, q := range p.Parts {
				switch q := q.(type) {
				case *syntax.Lit:
					v := q.Value
					if strings.Contains(v, `\`) {
						v = unescapeDouble(v)
						exact = false
					}
					b.WriteString(v)
				case *syntax.ParamExp:
					if v, ok := x.param(q); ok {
						b.WriteString(v)
						exact = false
						continue
					}
					b.WriteString(x.sourceOf(q))
				default:
					b.WriteString(x.sourceOf(q))
				}
			}
		case *syntax.ParamExp:
			if v, ok := x.param(p); ok {
				b.WriteString(v)
				exact = false
				continue
			}
			b.WriteString(x.sourceOf(p))
		default:
			b.WriteString(x.sourceOf(p))
		}
	}
	return Word{Text: x.unmask(b.String()), Off: start, Exact: exact}
}

// plain reports whether a parameter expansion only names a variable, with
// at most a default (${X:-d}, ${X-d}, ${X:=d}, ${X=d}, ${X:?msg}).
func plain(pe *syntax.ParamExp) bool {
	if pe.Param == nil || pe.Flags != nil || pe.Excl || pe.Length || pe.Width || pe.IsSet ||
		pe.Split != syntax.OptUnset || pe.GlobSubst != syntax.OptUnset || pe.RcExpand != syntax.OptUnset ||
		pe.NestedParam != nil || pe.Index != nil || len(pe.Modifiers) > 0 || pe.Slice != nil || pe.Repl != nil || pe.Names != 0 {
		return false
	}
	if pe.Exp == nil {
		return true
	}
	switch pe.Exp.Op {
	case syntax.DefaultUnset, syntax.DefaultUnsetOrNull, syntax.AssignUnset, syntax.AssignUnsetOrNull, syntax.ErrorUnset, syntax.ErrorUnsetOrNull:
		return true
	}
	return false
}

// param resolves a parameter expansion to a constant, when Lookup knows
// its variable (or, for the variable being resolved, from its default).
func (x expander) param(pe *syntax.ParamExp) (string, bool) {
	if !plain(pe) {
		return "", false
	}
	name := pe.Param.Value
	if x.self != "" && name == x.self {
		if pe.Exp != nil && pe.Exp.Word != nil && pe.Exp.Op != syntax.ErrorUnset && pe.Exp.Op != syntax.ErrorUnsetOrNull {
			d := x.value(pe.Exp.Word)
			return d.Text, true
		}
		return "", false
	}
	if x.opts.Lookup == nil {
		return "", false
	}
	v, ok := x.opts.Lookup(name)
	if !ok {
		return "", false
	}
	if v == "" && pe.Exp != nil && (pe.Exp.Op == syntax.DefaultUnsetOrNull || pe.Exp.Op == syntax.AssignUnsetOrNull) {
		if pe.Exp.Word == nil {
			return "", true
		}
		return x.value(pe.Exp.Word).Text, true
	}
	return v, true
}

func (x expander) sourceOf(n syntax.Node) string {
	s, e := int(n.Pos().Offset()), int(n.End().Offset())
	if s < 0 || e > len(x.src) || s > e {
		return ""
	}
	return x.src[s:e]
}

// unescape removes the backslashes of an unquoted literal ("\x" -> "x";
// a backslash-newline pair is a line continuation and disappears).
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapeDouble removes the backslashes that escape $ ` " \ or a newline
// inside double quotes; others stay.
func unescapeDouble(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0 {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
