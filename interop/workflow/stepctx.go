package workflow

import (
	"strings"

	"go.yaml.in/yaml/v3"
	"mvdan.cc/sh/v3/syntax"

	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
)

// jobExprs follows, through the steps of one job, what the workflow
// determines about expressions (expr.go): the env: of the workflow and the
// job, the inputs' defaults, and for each matrix leg what the earlier
// steps wrote to $GITHUB_ENV and $GITHUB_OUTPUT.
type jobExprs struct {
	wfEnv, jobEnv map[string]string
	// open says an env: is an expression, whose variables are unknown
	open   bool
	inputs map[string]input
	legs   []legState
}

// legState is what the earlier steps of a leg wrote.
type legState struct {
	exported map[string]string
	envOpen  bool
	outputs  map[string]map[string]string
}

// envMap reads an env: mapping of scalars; ok is false when env: is
// there but is no mapping (an expression).
func envMap(n *yaml.Node) (map[string]string, bool) {
	n = resolve(n)
	if n == nil {
		return nil, true
	}
	if n.Kind != yaml.MappingNode {
		return nil, false
	}
	out := map[string]string{}
	for _, p := range pairs(n) {
		if s, ok := scalar(p.Value); ok {
			out[p.Key] = s
		}
	}
	return out, true
}

// workflowInputs reads the defaults of the workflow_dispatch and
// workflow_call inputs.
func workflowInputs(root *yaml.Node) map[string]input {
	out := map[string]input{}
	on := resolve(get(root, "on"))
	if on == nil || on.Kind != yaml.MappingNode {
		return out
	}
	for _, ev := range []string{"workflow_dispatch", "workflow_call"} {
		for _, p := range pairs(get(get(on, ev), "inputs")) {
			d := get(p.Value, "default")
			s, ok := scalar(d)
			in := input{def: s, has: ok}
			if prev, dup := out[p.Key]; dup && (prev.def != in.def || prev.has != in.has) {
				in = input{} // the two events give different defaults
			}
			out[p.Key] = in
		}
	}
	return out
}

// newJobExprs starts following the expressions of job jn, with n legs.
func (r *reader) newJobExprs(jn *yaml.Node, n int) *jobExprs {
	j := &jobExprs{inputs: workflowInputs(r.root), legs: make([]legState, n)}
	var ok1, ok2 bool
	j.wfEnv, ok1 = envMap(get(r.root, "env"))
	j.jobEnv, ok2 = envMap(get(jn, "env"))
	j.open = !ok1 || !ok2
	if container := resolve(get(jn, "container")); container != nil {
		j.open = true // the image's own variables are not env context, but be safe
	}
	return j
}

// stepLegs returns the legs of step st, each with the context of its
// expressions; event is the event the step's builds are checked for.
func (j *jobExprs) stepLegs(legs []leg, st *yaml.Node, event string) []leg {
	stepEnv, ok := envMap(get(st, "env"))
	out := make([]leg, len(legs))
	ctxs := make([]exprContext, len(legs)) // one allocation for the step
	for i, l := range legs {
		s := j.legs[i]
		c := &ctxs[i]
		*c = exprContext{
			env:      [3]map[string]string{j.wfEnv, j.jobEnv, stepEnv},
			exported: s.exported,
			envOpen:  s.envOpen || j.open || !ok,
			inputs:   j.inputs,
			noInputs: event != "" && event != "workflow_dispatch" && event != "workflow_call",
			// a reusable workflow's inputs are what its callers pass, which
			// this file does not show: unknown, the defaults only for
			// workflow_dispatch
			callInputs: event == "workflow_call",
			outputs:    s.outputs,
		}
		l.ctx = c
		out[i] = l
	}
	return out
}

// quietActions are actions known not to set environment variables for
// later steps.
var quietActions = map[string]bool{
	"actions/checkout": true, "docker/setup-buildx-action": true, "docker/setup-qemu-action": true,
	"docker/login-action": true, "actions/cache": true, "actions/cache/restore": true, "actions/cache/save": true,
	"actions/upload-artifact": true, "actions/download-artifact": true, "docker/build-push-action": true,
	"docker/bake-action": true,
}

// after records what step st wrote, for each of its legs (stepLegs).
func (j *jobExprs) after(sl []leg, st *yaml.Node, jc jobContext) {
	uses := str(get(st, "uses"))
	action, _, _ := strings.Cut(strings.ToLower(uses), "@")
	run, isRun := scalar(get(st, "run"))
	id := str(get(st, "id"))
	conditional := str(get(st, "if")) != ""
	for i, l := range sl {
		s := &j.legs[i]
		switch {
		case uses != "":
			if !quietActions[action] {
				s.envOpen = true
			}
			continue
		case !isRun:
			continue
		}
		if !isPOSIXShell(stepShell(st, jc, l)) {
			if strings.Contains(run, "GITHUB_ENV") || strings.Contains(run, "GITHUB_OUTPUT") {
				s.envOpen = true
			}
			continue
		}
		w := scriptWrites(l.sub(run))
		if w.envOpaque || conditional && len(w.env) > 0 {
			s.envOpen = true
		} else if len(w.env) > 0 {
			s.exported = cloneMap(s.exported)
			for k, v := range w.env {
				if v == nil {
					s.envOpen = true
					continue
				}
				s.exported[k] = *v
			}
		}
		if id == "" || conditional || w.outOpaque || len(w.out) == 0 {
			continue
		}
		known := map[string]string{}
		for k, v := range w.out {
			if v != nil {
				known[k] = *v
			}
		}
		outs := make(map[string]map[string]string, len(s.outputs)+1)
		for k, v := range s.outputs {
			outs[k] = v
		}
		outs[id] = known
		s.outputs = outs
	}
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// writes are the literal NAME=value lines a script appends to
// $GITHUB_OUTPUT and $GITHUB_ENV; a nil value is a write whose value is
// not a literal. Opaque says the script writes the file in some other way
// (or runs a program that may), so names not listed may be written too.
type writes struct {
	out, env             map[string]*string
	outOpaque, envOpaque bool
}

// runners are commands that run other programs or scripts, which can
// write $GITHUB_ENV and $GITHUB_OUTPUT themselves.
var runners = map[string]bool{"bash": true, "sh": true, "source": true, ".": true, "make": true, "python": true,
	"python3": true, "node": true, "npm": true, "npx": true, "yarn": true, "pnpm": true, "go": true, "ruby": true,
	"perl": true, "pwsh": true, "task": true, "just": true, "eval": true, "exec": true, "xargs": true}

// scriptWrites reads the top-level statements of a POSIX script that
// append one literal line to $GITHUB_OUTPUT or $GITHUB_ENV (echo
// "name=value" >> "$GITHUB_OUTPUT"). Statements inside conditionals,
// loops and functions, other ways of writing the files, and programs the
// script runs make the writes opaque.
func scriptWrites(script string) writes {
	w := writes{out: map[string]*string{}, env: map[string]*string{}}
	masked, masks := maskExpressions(script)
	f, err := shellcmd.Parse(masked)
	if err != nil {
		w.outOpaque, w.envOpaque = true, true
		return w
	}
	seenOut, seenEnv := 0, 0
	for _, stmt := range f.Stmts {
		if name, val, ok := setOutput(stmt); ok {
			var v *string
			if s := unmask(val, masks); !strings.Contains(s, "${{") {
				v = &s
			}
			w.out[name] = v
			continue
		}
		file, name, val, ok := literalWrite(stmt)
		if !ok {
			continue
		}
		var v *string
		if s := unmask(val, masks); !strings.Contains(s, "${{") {
			v = &s
		}
		switch file {
		case "GITHUB_OUTPUT":
			seenOut++
			w.out[name] = v
		case "GITHUB_ENV":
			seenEnv++
			w.env[name] = v
		}
	}
	w.outOpaque = strings.Count(masked, "GITHUB_OUTPUT") != seenOut || strings.Count(masked, "::set-output") != countSetOutput(f)
	w.envOpaque = strings.Count(masked, "GITHUB_ENV") != seenEnv
	syntax.Walk(f, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		name := call.Args[0].Lit()
		if name == "" || strings.Contains(name, "/") || runners[name] {
			w.outOpaque, w.envOpaque = true, true
		}
		return true
	})
	return w
}

// literalWrite recognises `echo WORDS >> $FILE` with literal words and
// FILE GITHUB_OUTPUT or GITHUB_ENV, returning the file, the name and the
// value of the NAME=value line.
func literalWrite(st *syntax.Stmt) (file, name, val string, ok bool) {
	call, isCall := st.Cmd.(*syntax.CallExpr)
	if !isCall || st.Negated || st.Background || len(call.Assigns) > 0 || len(call.Args) < 2 || call.Args[0].Lit() != "echo" || len(st.Redirs) != 1 {
		return "", "", "", false
	}
	rd := st.Redirs[0]
	if rd.Op != syntax.AppOut || rd.N != nil {
		return "", "", "", false
	}
	file = paramOf(rd.Word)
	if file != "GITHUB_OUTPUT" && file != "GITHUB_ENV" {
		return "", "", "", false
	}
	var parts []string
	for _, a := range call.Args[1:] {
		s, lit := literalWord(a)
		if !lit {
			return "", "", "", false
		}
		parts = append(parts, s)
	}
	line := strings.Join(parts, " ")
	if strings.HasPrefix(line, "-") {
		return "", "", "", false // echo's options
	}
	name, val, found := strings.Cut(line, "=")
	if !found || name == "" || strings.ContainsAny(name, " \t<") {
		return "", "", "", false
	}
	return file, name, val, true
}

// paramOf returns NAME of a word that is $NAME, ${NAME} or "$NAME".
func paramOf(w *syntax.Word) string {
	parts := w.Parts
	if len(parts) == 1 {
		if dq, ok := parts[0].(*syntax.DblQuoted); ok {
			parts = dq.Parts
		}
	}
	if len(parts) != 1 {
		return ""
	}
	pe, ok := parts[0].(*syntax.ParamExp)
	if !ok || pe.Param == nil || pe.Exp != nil || pe.Repl != nil || pe.Slice != nil || pe.Index != nil || pe.Length || pe.Excl || pe.Width {
		return ""
	}
	return pe.Param.Value
}

// literalWord returns the value of a word without expansions.
func literalWord(w *syntax.Word) (string, bool) {
	var b strings.Builder
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			if strings.ContainsAny(p.Value, "\\*?[") {
				return "", false
			}
			b.WriteString(p.Value)
		case *syntax.SglQuoted:
			if p.Dollar {
				return "", false
			}
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				l, ok := q.(*syntax.Lit)
				if !ok || strings.Contains(l.Value, "\\") {
					return "", false
				}
				b.WriteString(l.Value)
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}

// setOutput recognises the deprecated workflow command `echo
// "::set-output name=NAME::VALUE"` with literal words, at the top level
// of a script.
func setOutput(st *syntax.Stmt) (name, val string, ok bool) {
	call, isCall := st.Cmd.(*syntax.CallExpr)
	if !isCall || len(st.Redirs) > 0 || len(call.Args) < 2 || call.Args[0].Lit() != "echo" {
		return "", "", false
	}
	var parts []string
	for _, a := range call.Args[1:] {
		s, lit := literalWord(a)
		if !lit {
			return "", "", false
		}
		parts = append(parts, s)
	}
	rest, found := strings.CutPrefix(strings.Join(parts, " "), "::set-output name=")
	if !found {
		return "", "", false
	}
	name, val, found = strings.Cut(rest, "::")
	if !found || name == "" || strings.ContainsAny(name, " \t") {
		return "", "", false
	}
	return name, val, true
}

// countSetOutput counts the top-level statements setOutput recognises.
func countSetOutput(f *syntax.File) int {
	n := 0
	for _, st := range f.Stmts {
		if _, _, ok := setOutput(st); ok {
			n++
		}
	}
	return n
}
