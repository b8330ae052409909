package workflow

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxLegs is the most matrix combinations expanded for one job; GitHub's own
// limit is 256.
const MaxLegs = 256

// leg is one combination of a job's matrix: variable name to value. Values
// that are not scalars are kept as their JSON-like text and never
// substituted.
type leg struct {
	keys []string // in matrix order, for the display name
	vals map[string]string
	// inputs are the values of ${{ inputs.* }} in a composite action or
	// reusable workflow read for its caller (ReadCallee)
	inputs map[string]string
	// ctx, when not nil, evaluates the other expressions the workflow
	// determines (env, inputs, steps' outputs; see expr.go)
	ctx *exprContext
	// info, when not nil, is what the leg's job says about its builds
	// (stepinfo.go)
	info *legInfo
}

func (l leg) clone() leg {
	c := leg{keys: append([]string(nil), l.keys...), vals: make(map[string]string, len(l.vals)), inputs: l.inputs}
	for k, v := range l.vals {
		c.vals[k] = v
	}
	return c
}

func (l *leg) set(k, v string) {
	if _, ok := l.vals[k]; !ok {
		l.keys = append(l.keys, k)
	}
	l.vals[k] = v
}

// name returns GitHub's display name of a leg: "job (v1, v2)".
func (l leg) name(job string) string {
	if len(l.keys) == 0 {
		return job
	}
	vs := make([]string, len(l.keys))
	for i, k := range l.keys {
		vs[i] = l.vals[k]
	}
	return job + " (" + strings.Join(vs, ", ") + ")"
}

// scalarText returns the text of a scalar matrix value, and false for
// mappings and sequences.
func scalarText(n *yaml.Node) (string, bool) {
	return scalar(n)
}

// expandMatrix returns the legs of a strategy.matrix the way GitHub
// computes them: the cartesian product of the list-valued keys, minus the
// combinations an exclude entry matches, then each include entry either
// extends every leg it does not contradict or, when it extends none, adds a
// leg of its own. A matrix given as one expression cannot be expanded: the
// job is then one leg with no values, and its ${{ matrix.* }} expressions
// stay templates. truncated is true when the matrix has more than MaxLegs
// combinations, from the product or from include entries that add legs.
func expandMatrix(m *yaml.Node) (legs []leg, truncated bool) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return []leg{{vals: map[string]string{}}}, false
	}
	legs = []leg{{vals: map[string]string{}}}
	hasKeys := false
	var include, exclude []*yaml.Node
	for _, p := range pairs(m) {
		switch p.Key {
		case "include":
			include = items(p.Value)
			continue
		case "exclude":
			exclude = items(p.Value)
			continue
		}
		hasKeys = true
		vals := items(p.Value)
		if len(vals) == 0 {
			if _, ok := scalar(p.Value); ok { // an expression: unknown values
				continue
			}
			legs = nil // an empty list: no combinations
			break
		}
		next := make([]leg, 0, len(legs)*len(vals))
		for _, l := range legs {
			for _, v := range vals {
				c := l.clone()
				if s, ok := scalarText(v); ok {
					c.set(p.Key, s)
				}
				if len(next) == MaxLegs {
					truncated = true
					break
				}
				next = append(next, c)
			}
		}
		legs = next
	}
	if len(exclude) > 0 {
		kept := legs[:0]
		for _, l := range legs {
			if !excluded(l, exclude) {
				kept = append(kept, l)
			}
		}
		legs = kept
	}
	if !hasKeys {
		legs = nil // only include entries: each is a combination of its own
	}
	base := len(legs)
	origKeys := map[string]bool{}
	for _, l := range legs {
		for _, k := range l.keys {
			origKeys[k] = true
		}
	}
	for _, inc := range include {
		ps := pairs(inc)
		if len(ps) == 0 {
			continue
		}
		extended := false
		for i := 0; i < base; i++ {
			if !compatible(legs[i], ps, origKeys) {
				continue
			}
			for _, p := range ps {
				if s, ok := scalarText(p.Value); ok {
					legs[i].set(p.Key, s)
				}
			}
			extended = true
		}
		if !extended && len(legs) >= MaxLegs {
			truncated = true // an include that would add a leg past the limit
		}
		if !extended && len(legs) < MaxLegs {
			l := leg{vals: map[string]string{}}
			for _, p := range ps {
				if s, ok := scalarText(p.Value); ok {
					l.set(p.Key, s)
				}
			}
			legs = append(legs, l)
		}
	}
	if len(legs) == 0 && !hasKeys {
		legs = []leg{{vals: map[string]string{}}}
	}
	return legs, truncated
}

// compatible reports whether an include entry can extend a leg: it must not
// overwrite any of the leg's original matrix values.
func compatible(l leg, ps []pair, orig map[string]bool) bool {
	for _, p := range ps {
		s, ok := scalarText(p.Value)
		if !ok {
			continue
		}
		if v, has := l.vals[p.Key]; has && orig[p.Key] && v != s {
			return false
		}
	}
	return true
}

func excluded(l leg, exclude []*yaml.Node) bool {
	for _, ex := range exclude {
		ps := pairs(ex)
		if len(ps) == 0 {
			continue
		}
		all := true
		for _, p := range ps {
			s, ok := scalarText(p.Value)
			if !ok || l.vals[p.Key] != s {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// varExpr is one ${{ matrix.key }} or ${{ matrix['key'] }} expression, or
// the same of inputs, at s[start:end].
type varExpr struct {
	start, end int
	inputs     bool
	key        string
}

// nextVarExpr returns the first variable expression of s at or after
// from: "${{", white space, "matrix" or "inputs", then ".key" (letters,
// digits, "_" and "-") or "['key']" (any text but "'", with white space
// inside the brackets), white space, "}}".
func nextVarExpr(s string, from int) (varExpr, bool) {
	for from < len(s) {
		i := strings.Index(s[from:], "${{")
		if i < 0 {
			return varExpr{}, false
		}
		start := from + i
		if m, ok := varExprAt(s, start); ok {
			return m, true
		}
		from = start + 1
	}
	return varExpr{}, false
}

// varExprAt matches a variable expression at s[start:], which starts
// with "${{".
func varExprAt(s string, start int) (varExpr, bool) {
	j := skipExprSpace(s, start+3)
	m := varExpr{start: start}
	switch {
	case strings.HasPrefix(s[j:], "matrix"):
	case strings.HasPrefix(s[j:], "inputs"):
		m.inputs = true
	default:
		return m, false
	}
	j += len("matrix")
	switch {
	case j < len(s) && s[j] == '.':
		k := j + 1
		for k < len(s) && isExprKeyByte(s[k]) {
			k++
		}
		if k == j+1 {
			return m, false
		}
		m.key, j = s[j+1:k], k
	case j < len(s) && s[j] == '[':
		j = skipExprSpace(s, j+1)
		if j >= len(s) || s[j] != '\'' {
			return m, false
		}
		k := strings.IndexByte(s[j+1:], '\'')
		if k <= 0 {
			return m, false
		}
		m.key = s[j+1 : j+1+k]
		j = skipExprSpace(s, j+1+k+1)
		if j >= len(s) || s[j] != ']' {
			return m, false
		}
		j++
	default:
		return m, false
	}
	j = skipExprSpace(s, j)
	if !strings.HasPrefix(s[j:], "}}") {
		return m, false
	}
	m.end = j + 2
	return m, true
}

// skipExprSpace skips the white space of a regular expression's \s
// (space, tab, newline, form feed, carriage return) from s[j].
func skipExprSpace(s string, j int) int {
	for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\f' || s[j] == '\r') {
		j++
	}
	return j
}

func isExprKeyByte(c byte) bool {
	return c == '_' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// substitute replaces the matrix (and inputs) expressions of s whose
// variable the leg defines. first is the offset in s of the first replaced
// expression, or -1 when nothing was replaced: offsets before it are the
// same in out and s.
func (l leg) substitute(s string) (out string, first int) {
	out, first = l.substituteVars(s)
	if l.ctx != nil {
		// the other expressions the workflow determines; offsets before
		// the first change of either pass are those of s
		o, f := l.ctx.substituteAll(out, l.vals)
		if f >= 0 && (first < 0 || f < first) {
			first = f
		}
		out = o
	}
	return out, first
}

// substituteVars replaces the matrix expressions, and the inputs ones a
// caller gives (ReadCallee), whose variable the leg defines.
func (l leg) substituteVars(s string) (out string, first int) {
	first = -1
	if (len(l.vals) == 0 || !strings.Contains(s, "matrix")) && (len(l.inputs) == 0 || !strings.Contains(s, "inputs")) {
		return s, first
	}
	var b strings.Builder
	last := 0
	for m, ok := nextVarExpr(s, 0); ok; m, ok = nextVarExpr(s, m.end) {
		vals, k := l.vals, m.key
		if m.inputs {
			vals, k = l.inputs, strings.ToLower(k) // input names ignore case
		}
		v, ok := vals[k]
		if !ok {
			continue
		}
		if first < 0 {
			first = m.start
		}
		b.WriteString(s[last:m.start])
		b.WriteString(v)
		last = m.end
	}
	if first < 0 {
		return s, first
	}
	b.WriteString(s[last:])
	return b.String(), first
}
