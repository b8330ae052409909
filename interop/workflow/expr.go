package workflow

import (
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/validate"
)

// This file evaluates the GitHub expressions whose value the workflow
// itself determines: ${{ env.X }} from the workflow's, job's and step's
// env: (an unset variable is the empty string, which GitHub substitutes),
// ${{ matrix.X }}, ${{ inputs.X }} with a workflow_dispatch default (a
// reusable workflow's inputs are its callers'), ${{ steps.ID.outputs.X }} written by an earlier step as
// a literal (echo "x=value" >> "$GITHUB_OUTPUT", or the deprecated
// echo "::set-output name=x::value"), string, number and
// boolean literals, format(), ! == != and the && and || operators on
// those. Anything else (github.*, secrets, vars, needs, hashFiles, ...)
// is unknown, and an expression with an unknown part stays in the value as
// a template.

// maxEvalDepth bounds the env values followed into each other.
const maxEvalDepth = 8

// exprContext is what the workflow says about the expressions of one step
// of one matrix leg.
type exprContext struct {
	// env are the env: mappings of the workflow, the job and the step, in
	// that order (later levels override earlier ones), raw as written.
	env [3]map[string]string
	// exported are the variables earlier steps wrote to $GITHUB_ENV as
	// literals.
	exported map[string]string
	// envOpen says that an earlier step may have set variables the
	// reader cannot see (an action, a script, a write of $GITHUB_ENV that
	// is not a literal): a variable set nowhere visible is then unknown,
	// not empty.
	envOpen bool
	// inputs are the workflow_dispatch and workflow_call inputs' defaults
	// (has false: no default); nil on an event that has no inputs, where
	// every input is empty.
	inputs map[string]input
	// noInputs says the build's event gives no inputs context: every
	// inputs.X is empty.
	noInputs bool
	// callInputs says the build's event is workflow_call: the inputs are
	// what the callers pass, unknown here.
	callInputs bool
	// outputs are the literal outputs of earlier steps, by step id.
	outputs map[string]map[string]string
}

// input is the default of a workflow input.
type input struct {
	def string
	has bool
}

// kind of an evaluated value.
type valueKind uint8

const (
	vUnknown valueKind = iota
	vNull
	vBool
	vNumber
	vString
)

// evalValue is the value of an expression: its kind and, for known
// values, its text as GitHub interpolates it. A string that holds
// templates (an env value written with an unknown expression) is partial:
// it can be substituted where it is the whole expression, and is unknown
// to operators.
type evalValue struct {
	kind    valueKind
	s       string
	n       float64
	b       bool
	partial bool
}

func (v evalValue) known() bool { return v.kind != vUnknown && !v.partial }

// text is how GitHub writes the value into a string.
func (v evalValue) text() string {
	switch v.kind {
	case vNull:
		return ""
	case vBool:
		return strconv.FormatBool(v.b)
	case vNumber:
		return strconv.FormatFloat(v.n, 'f', -1, 64)
	}
	return v.s
}

// truthy is GitHub's truthiness: false, 0, -0, "", null and NaN are falsy.
func (v evalValue) truthy() bool {
	switch v.kind {
	case vNull:
		return false
	case vBool:
		return v.b
	case vNumber:
		return v.n != 0 && v.n == v.n
	}
	return v.s != ""
}

var unknownValue = evalValue{}

// substituteAll replaces, in s, every closed expression whose value is
// known (or a partial value standing alone) by its text. first is the
// offset in s of the first replaced expression, or -1.
func (c *exprContext) substituteAll(s string, matrix map[string]string) (string, int) {
	if !strings.Contains(s, "${{") {
		return s, -1
	}
	return c.substituteDepth(s, matrix, 3, 0)
}

func (c *exprContext) substituteDepth(s string, matrix map[string]string, level, depth int) (string, int) {
	first := -1
	var b strings.Builder
	last := 0
	for _, e := range validate.Expressions(s) {
		if !e.Closed {
			continue
		}
		body := s[e.Start+3 : e.End-2]
		v := c.eval(body, matrix, level, depth)
		if v.kind == vUnknown {
			continue
		}
		if first < 0 {
			first = e.Start
		}
		b.WriteString(s[last:e.Start])
		b.WriteString(v.text())
		last = e.End
	}
	if first < 0 {
		return s, -1
	}
	b.WriteString(s[last:])
	return b.String(), first
}

// eval evaluates an expression's body; level is the env: levels visible
// (0 none, 2 the workflow's and the job's, as a step's env: sees them, 3
// all, as a step's inputs see them) and the steps' outputs are visible
// from level 2; depth counts the env values followed.
func (c *exprContext) eval(body string, matrix map[string]string, level, depth int) evalValue {
	if depth > maxEvalDepth {
		return unknownValue
	}
	p := exprParser{toks: tokenize(body), c: c, matrix: matrix, level: level, depth: depth}
	if p.toks == nil {
		return unknownValue
	}
	v := p.or()
	if p.pos != len(p.toks) || p.bad {
		return unknownValue
	}
	return v
}

// envValue returns env.NAME as the levels below level see it.
func (c *exprContext) envValue(name string, matrix map[string]string, level, depth int) evalValue {
	for l := min(level, 3) - 1; l >= 0; l-- {
		raw, ok := c.env[l][name]
		if !ok {
			continue
		}
		if _, dup := c.exported[name]; dup && l < 2 {
			return unknownValue // $GITHUB_ENV and env: both set it
		}
		// the value of level l is evaluated where GitHub evaluates it: a
		// step's env sees the job's and the workflow's env and the
		// steps' outputs, a job's env sees no env and no steps, the
		// workflow's env not even the matrix
		ml, vis := matrix, 0
		switch l {
		case 0:
			ml = nil
		case 2:
			vis = 2
		}
		out, _ := c.substituteDepth(raw, ml, vis, depth+1)
		return evalValue{kind: vString, s: out, partial: hasExpression(out)}
	}
	if v, ok := c.exported[name]; ok {
		return evalValue{kind: vString, s: v}
	}
	if c.envOpen {
		return unknownValue
	}
	return evalValue{kind: vNull}
}

// hasExpression reports whether s holds a GitHub expression.
func hasExpression(s string) bool { return strings.Contains(s, "${{") }

// token is one token of an expression.
type token struct {
	kind byte // 'i' identifier, 's' string, 'n' number, 'o' operator or punctuation
	text string
}

// tokenize splits an expression's body, or returns nil when it holds
// something else.
func tokenize(s string) []token {
	out := make([]token, 0, 8)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'':
			j := i + 1
			doubled := false
			for {
				if j >= len(s) {
					return nil
				}
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						doubled = true
						j += 2
						continue
					}
					break
				}
				j++
			}
			lit := s[i+1 : j]
			if doubled {
				lit = strings.ReplaceAll(lit, "''", "'")
			}
			out = append(out, token{'s', lit})
			i = j + 1
		case c >= '0' && c <= '9' || c == '-' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i + 1
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'x' || s[j] >= 'a' && s[j] <= 'f' || s[j] >= 'A' && s[j] <= 'F') {
				j++
			}
			out = append(out, token{'n', s[i:j]})
			i = j
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] == '-' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			out = append(out, token{'i', s[i:j]})
			i = j
		default:
			two := ""
			if i+1 < len(s) {
				two = s[i : i+2]
			}
			switch two {
			case "&&", "||", "==", "!=", "<=", ">=":
				out = append(out, token{'o', two})
				i += 2
				continue
			}
			if strings.IndexByte("!()[].,<>*", c) < 0 {
				return nil
			}
			out = append(out, token{'o', string(c)})
			i++
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// exprParser evaluates tokens by recursive descent, GitHub's precedence:
// || below && below == != below < > <= >= below !.
type exprParser struct {
	toks   []token
	pos    int
	bad    bool
	c      *exprContext
	matrix map[string]string
	level  int
	depth  int
}

func (p *exprParser) peek(text string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == 'o' && p.toks[p.pos].text == text
}

func (p *exprParser) accept(text string) bool {
	if p.peek(text) {
		p.pos++
		return true
	}
	return false
}

func (p *exprParser) or() evalValue {
	v := p.and()
	for p.accept("||") {
		w := p.and()
		switch {
		case v.known() && v.truthy():
			// a || b is a when a is truthy, whatever b is
		case v.known():
			v = w
		default:
			v = unknownValue
		}
	}
	return v
}

func (p *exprParser) and() evalValue {
	v := p.cmp()
	for p.accept("&&") {
		w := p.cmp()
		switch {
		case v.known() && !v.truthy():
			// a && b is a when a is falsy
		case v.known():
			v = w
		default:
			v = unknownValue
		}
	}
	return v
}

func (p *exprParser) cmp() evalValue {
	v := p.rel()
	for {
		var neg bool
		switch {
		case p.accept("=="):
		case p.accept("!="):
			neg = true
		default:
			return v
		}
		w := p.rel()
		if !v.known() || !w.known() {
			v = unknownValue
			continue
		}
		eq := equal(v, w)
		v = evalValue{kind: vBool, b: eq != neg}
	}
}

func (p *exprParser) rel() evalValue {
	v := p.unary()
	for p.peek("<") || p.peek(">") || p.peek("<=") || p.peek(">=") {
		p.pos++
		p.unary()
		v = unknownValue // orderings are left unknown
	}
	return v
}

func (p *exprParser) unary() evalValue {
	if p.accept("!") {
		v := p.unary()
		if !v.known() {
			return unknownValue
		}
		return evalValue{kind: vBool, b: !v.truthy()}
	}
	return p.primary()
}

func (p *exprParser) primary() evalValue {
	if p.pos >= len(p.toks) {
		p.bad = true
		return unknownValue
	}
	t := p.toks[p.pos]
	p.pos++
	switch t.kind {
	case 's':
		return evalValue{kind: vString, s: t.text}
	case 'n':
		n, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			if i, err2 := strconv.ParseInt(t.text, 0, 64); err2 == nil {
				return evalValue{kind: vNumber, n: float64(i)}
			}
			return unknownValue
		}
		return evalValue{kind: vNumber, n: n}
	case 'o':
		if t.text == "(" {
			v := p.or()
			if !p.accept(")") {
				p.bad = true
			}
			return v
		}
		p.bad = true
		return unknownValue
	}
	switch t.text {
	case "true", "false":
		return evalValue{kind: vBool, b: t.text == "true"}
	case "null":
		return evalValue{kind: vNull}
	}
	if p.peek("(") {
		return p.call(t.text)
	}
	path := []string{t.text}
	known := true
	for {
		switch {
		case p.accept("."):
			if p.pos >= len(p.toks) || p.toks[p.pos].kind != 'i' {
				if p.accept("*") {
					known = false
					continue
				}
				p.bad = true
				return unknownValue
			}
			path = append(path, p.toks[p.pos].text)
			p.pos++
			continue
		case p.accept("["):
			idx := p.or()
			if !p.accept("]") {
				p.bad = true
				return unknownValue
			}
			if idx.kind == vString && idx.known() {
				path = append(path, idx.s)
			} else {
				known = false
			}
			continue
		}
		break
	}
	if !known {
		return unknownValue
	}
	return p.c.lookup(path, p.matrix, p.level, p.depth)
}

// call evaluates a function call; only format() is known.
func (p *exprParser) call(name string) evalValue {
	p.accept("(")
	var args []evalValue
	if !p.accept(")") {
		for {
			args = append(args, p.or())
			if p.accept(")") {
				break
			}
			if !p.accept(",") {
				p.bad = true
				return unknownValue
			}
		}
	}
	if !strings.EqualFold(name, "format") || len(args) == 0 {
		return unknownValue
	}
	for _, a := range args {
		if !a.known() {
			return unknownValue
		}
	}
	s, ok := format(args[0].text(), args[1:])
	if !ok {
		return unknownValue
	}
	return evalValue{kind: vString, s: s}
}

// format is GitHub's format(): {N} is argument N, {{ and }} are braces.
func format(f string, args []evalValue) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		switch c := f[i]; {
		case c == '{' && i+1 < len(f) && f[i+1] == '{':
			b.WriteByte('{')
			i++
		case c == '}' && i+1 < len(f) && f[i+1] == '}':
			b.WriteByte('}')
			i++
		case c == '{':
			j := strings.IndexByte(f[i:], '}')
			if j < 0 {
				return "", false
			}
			n, err := strconv.Atoi(f[i+1 : i+j])
			if err != nil || n < 0 || n >= len(args) {
				return "", false // GitHub fails the expression
			}
			b.WriteString(args[n].text())
			i += j
		case c == '}':
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// equal is GitHub's loose equality on known values: strings compared
// without regard to case, other kinds converted to numbers.
func equal(a, b evalValue) bool {
	if a.kind == vString && b.kind == vString {
		return strings.EqualFold(a.s, b.s)
	}
	if a.kind == b.kind {
		switch a.kind {
		case vNull:
			return true
		case vBool:
			return a.b == b.b
		case vNumber:
			return a.n == b.n
		}
	}
	na, oka := number(a)
	nb, okb := number(b)
	return oka && okb && na == nb
}

// number converts a value to a number as GitHub does; false when it is
// NaN.
func number(v evalValue) (float64, bool) {
	switch v.kind {
	case vNull:
		return 0, true
	case vBool:
		if v.b {
			return 1, true
		}
		return 0, true
	case vNumber:
		return v.n, v.n == v.n
	case vString:
		t := strings.TrimSpace(v.s)
		if t == "" {
			return 0, true
		}
		n, err := strconv.ParseFloat(t, 64)
		return n, err == nil
	}
	return 0, false
}

// lookup evaluates a context property: matrix, env, inputs (and
// github.event.inputs), steps.ID.outputs.NAME. Context names are matched
// without regard to case, as GitHub does.
func (c *exprContext) lookup(path []string, matrix map[string]string, level, depth int) evalValue {
	root := strings.ToLower(path[0])
	switch {
	case root == "matrix" && len(path) == 2:
		if v, ok := matrix[path[1]]; ok {
			return evalValue{kind: vString, s: v}
		}
	case root == "env" && len(path) == 2 && level > 0:
		return c.envValue(path[1], matrix, level, depth)
	case root == "inputs" && len(path) == 2:
		return c.inputValue(path[1])
	case root == "github" && len(path) == 4 && strings.EqualFold(path[1], "event") && strings.EqualFold(path[2], "inputs"):
		return c.inputValue(path[3])
	case root == "steps" && len(path) == 4 && strings.EqualFold(path[2], "outputs") && level >= 2:
		if v, ok := c.outputs[path[1]][path[3]]; ok {
			return evalValue{kind: vString, s: v}
		}
	}
	return unknownValue
}

// inputValue is inputs.NAME: empty on an event without inputs, the
// default of a workflow_dispatch input, unknown without one and in a
// reusable workflow (workflow_call), whose callers pass the inputs.
func (c *exprContext) inputValue(name string) evalValue {
	if c.noInputs {
		return evalValue{kind: vNull}
	}
	if c.callInputs {
		return unknownValue
	}
	if in, ok := c.inputs[name]; ok && in.has {
		return evalValue{kind: vString, s: in.def}
	}
	return unknownValue
}
