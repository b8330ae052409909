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
						out = append(out, Word{Text: f, Off: int(w.Pos().Offset()), pinned: true})
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
// keep their source text. It records the source offset of every byte of
// the value (the position of a resolved variable for each of its bytes),
// so that a flag name cut off the front leaves the rest placed.
func (x expander) value(w *syntax.Word) Word {
	var b strings.Builder
	var offs offsets
	exact := true
	start := int(w.Pos().Offset())
	lit := func(v string, at int, unesc func(string) (string, []int)) {
		if strings.Contains(v, `\`) {
			u, m := unesc(v)
			for _, o := range m {
				offs.add(at+o, 1, 1)
			}
			b.WriteString(u)
			exact = false
			return
		}
		offs.add(at, len(v), 1)
		b.WriteString(v)
	}
	// verbatim writes a part's source text
	verbatim := func(n syntax.Node) {
		lit(x.sourceOf(n), int(n.Pos().Offset()), func(s string) (string, []int) { return s, identity(len(s)) })
	}
	subst := func(v string, at int) {
		offs.add(at, len(v), 0)
		b.WriteString(v)
		exact = false
	}
	for i, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			lit(p.Value, int(p.Pos().Offset()), unescape)
		case *syntax.SglQuoted:
			if p.Dollar {
				exact = false
			}
			if i == 0 && len(w.Parts) == 1 {
				start++ // the value starts after the quote
			} else {
				exact = false
			}
			at := int(p.Pos().Offset()) + 1
			if p.Dollar {
				at++
			}
			lit(p.Value, at, func(s string) (string, []int) { return s, identity(len(s)) })
		case *syntax.DblQuoted:
			if i == 0 && len(w.Parts) == 1 {
				start++
			} else {
				exact = false
			}
			for _, q := range p.Parts {
				switch q := q.(type) {
				case *syntax.Lit:
					lit(q.Value, int(q.Pos().Offset()), unescapeDouble)
				case *syntax.ParamExp:
					if v, ok := x.param(q); ok {
						subst(v, int(q.Pos().Offset()))
						continue
					}
					verbatim(q)
				default:
					verbatim(q)
				}
			}
		case *syntax.ParamExp:
			if v, ok := x.param(p); ok {
				subst(v, int(p.Pos().Offset()))
				continue
			}
			verbatim(p)
		default:
			verbatim(p)
		}
	}
	text := x.unmask(b.String())
	if len(text) != offs.len() {
		offs = nil // an unmasking that changed the length
	}
	return Word{Text: text, Off: start, Exact: exact, offs: offs}
}

// offsets are the source offsets of the bytes of a word's value, in runs:
// a run of n bytes from src on, each at the next offset (step 1, a
// literal) or all at src (step 0, a substitution).
type offsets []offRun

type offRun struct{ src, n, step int }

// add appends n bytes at src with step, to the last run when they
// continue it.
func (o *offsets) add(src, n, step int) {
	if n == 0 {
		return
	}
	if k := len(*o); k > 0 {
		last := &(*o)[k-1]
		if last.step == step && (step == 0 && last.src == src || step == 1 && last.src+last.n == src) {
			last.n += n
			return
		}
	}
	*o = append(*o, offRun{src, n, step})
}

// len is the number of bytes placed.
func (o offsets) len() int {
	n := 0
	for _, r := range o {
		n += r.n
	}
	return n
}

// cut returns the offset of byte n and the offsets of the bytes from n
// on; n must be less than o.len().
func (o offsets) cut(n int) (int, offsets) {
	for i, r := range o {
		if n < r.n {
			rest := append(offsets{{r.src + n*r.step, r.n - n, r.step}}, o[i+1:]...)
			return rest[0].src, rest
		}
		n -= r.n
	}
	return 0, nil
}

func identity(n int) []int {
	m := make([]int, n)
	for i := range m {
		m[i] = i
	}
	return m
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
// a backslash-newline pair is a line continuation and disappears); it
// returns the offset in s of each byte of the result.
func unescape(s string) (string, []int) {
	var b strings.Builder
	var m []int
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
		m = append(m, i)
	}
	return b.String(), m
}

// unescapeDouble removes the backslashes that escape $ ` " \ or a newline
// inside double quotes; others stay. It returns the offset in s of each
// byte of the result.
func unescapeDouble(s string) (string, []int) {
	var b strings.Builder
	var m []int
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0 {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
		m = append(m, i)
	}
	return b.String(), m
}
