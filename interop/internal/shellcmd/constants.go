package shellcmd

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Constants returns the variables of the script f (whose text is src) that
// hold one constant value wherever the script sets them, by name, for
// Options.Lookup: plain assignments (CACHE=ghcr.io/o/a:cache), those of
// export, readonly, declare, local and typeset, and the defaults that
// ${VAR:=default} assigns (: "${VAR:=default}") or that VAR=${VAR:-default}
// gives (the environment can override those; the script's own value is
// what is checked). A value may refer to other constants, which are
// substituted, and to other variables, which stay as written (templates).
//
// A variable set to different values, appended to (+=), an array or an
// element, a loop variable, or set by read, getopts, mapfile or unset, or
// whose value holds a command substitution or arithmetic, is no constant:
// it stays a template. opts.Unmask applies to the values.
func Constants(f *syntax.File, src string, opts Options) map[string]string {
	c := constants{src: src, unmask: opts.Unmask, cands: map[string][]*syntax.Word{}, bad: map[string]bool{}, memo: map[string]*string{}, busy: map[string]bool{}}
	syntax.Walk(f, c.collect)
	out := map[string]string{}
	for name := range c.cands {
		if v, ok := c.get(name); ok {
			out[name] = v
		}
	}
	return out
}

// maxValue and maxValues bound the constants: a value longer than
// maxValue is no constant, and once the values resolved reach maxValues in
// all no more are resolved (variables of variables doubling at each level
// grow exponentially).
const (
	maxValue  = 64 << 10
	maxValues = 4 << 20
)

type constants struct {
	// total is the length of the values resolved so far
	total  int
	src    string
	unmask func(string) string
	// cands are the values each variable is set to (nil: the empty value)
	cands map[string][]*syntax.Word
	bad   map[string]bool
	memo  map[string]*string // nil entry: no constant
	busy  map[string]bool
}

// setters are commands that set the variables their arguments name.
var setters = map[string]bool{"read": true, "getopts": true, "mapfile": true, "readarray": true, "unset": true, "let": true}

func (c *constants) collect(n syntax.Node) bool {
	switch n := n.(type) {
	case *syntax.CallExpr:
		if len(n.Args) == 0 {
			for _, a := range n.Assigns {
				c.assign(a)
			}
			return true
		}
		name := n.Args[0].Lit()
		if setters[path.Base(name)] || name == "printf" {
			for _, w := range n.Args[1:] {
				l := w.Lit()
				if k, _, _ := strings.Cut(l, "="); k != "" && !strings.HasPrefix(k, "-") {
					c.bad[k] = true // read NAME, unset NAME, let NAME=..., printf -v NAME
				}
			}
		}
	case *syntax.DeclClause:
		special := n.Variant.Value == "nameref"
		for _, a := range n.Args {
			if a.Naked && a.Name == nil && a.Value != nil {
				if l := a.Value.Lit(); strings.HasPrefix(l, "-") && strings.ContainsAny(l, "naAi") {
					special = true // a nameref, an array, an integer
				}
			}
		}
		for _, a := range n.Args {
			if a.Name == nil {
				continue
			}
			if special {
				c.bad[a.Name.Value] = true
				continue
			}
			if !a.Naked {
				c.assign(a)
			}
		}
	case *syntax.ForClause:
		if it, ok := n.Loop.(*syntax.WordIter); ok && it.Name != nil {
			c.bad[it.Name.Value] = true
		}
	case *syntax.ParamExp:
		if n.Param != nil && n.Exp != nil && (n.Exp.Op == syntax.AssignUnset || n.Exp.Op == syntax.AssignUnsetOrNull) && plain(n) {
			c.cands[n.Param.Value] = append(c.cands[n.Param.Value], n.Exp.Word)
		}
	}
	return true
}

func (c *constants) assign(a *syntax.Assign) {
	if a.Name == nil {
		return
	}
	if a.Append || a.Array != nil || a.Index != nil {
		c.bad[a.Name.Value] = true
		return
	}
	c.cands[a.Name.Value] = append(c.cands[a.Name.Value], a.Value)
}

// get resolves a variable: its one value, with the constants it refers to
// substituted.
func (c *constants) get(name string) (string, bool) {
	if v, ok := c.memo[name]; ok {
		if v == nil {
			return "", false
		}
		return *v, true
	}
	if c.bad[name] || c.busy[name] || len(c.cands[name]) == 0 {
		return "", false
	}
	c.busy[name] = true
	defer delete(c.busy, name)
	x := expander{src: c.src, opts: Options{Unmask: c.unmask, Lookup: c.get}, self: name}
	var val *string
	for _, w := range c.cands[name] {
		v := ""
		if w != nil {
			if !constant(w) {
				val = nil
				break
			}
			v = x.value(w).Text
		}
		if len(v) > maxValue || c.total+len(v) > maxValues {
			val = nil
			break
		}
		if val != nil && *val != v {
			val = nil
			break
		}
		val = &v
	}
	c.memo[name] = val
	if val == nil {
		return "", false
	}
	c.total += len(*val)
	return *val, true
}

// constant reports whether a word's value is known without running
// anything: no command substitution, arithmetic, process substitution,
// extended glob or brace expansion.
func constant(w *syntax.Word) bool {
	ok := true
	syntax.Walk(w, func(n syntax.Node) bool {
		switch n.(type) {
		case *syntax.CmdSubst, *syntax.ArithmExp, *syntax.ProcSubst, *syntax.ExtGlob, *syntax.BraceExp:
			ok = false
		}
		return ok
	})
	return ok
}
