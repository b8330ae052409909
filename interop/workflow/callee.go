package workflow

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"mvdan.cc/sh/v3/syntax"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/interop/internal/yamlfast"
	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

func kindOf(make bool) CallKind {
	if make {
		return CallMake
	}
	return CallScript
}

// usable reports whether a path of a call can be followed: no expression
// the linter cannot resolve, inside the repository, not absolute.
func usable(p string) bool {
	return !strings.Contains(p, "${{") && !shellcmd.Outside(p)
}

// runCalls collects the docker buildx bake and docker compose build
// commands of a run: step's leg l (the parsed script f, its masked text,
// back mapping its offsets to the step's text raw), in dir.
func (r *reader) runCalls(f *syntax.File, masked, raw string, masks []mask, back func(int) (int, bool), m yamlx.ScalarMap, dir, job string, st *yaml.Node, l leg, ci validate.CI, builder validate.Builder) {
	if !shellcmd.MentionsRun(masked) {
		return
	}
	opts := shellcmd.Options{Unmask: func(s string) string { return unmask(s, masks) }}
	span := func(w shellcmd.Word) diag.Span { return r.wordSpan(raw, m, back, w) }
	cds := shellcmd.DirChanges(f, masked, opts)
	lines := lineStarts(masked)
	for _, c := range shellcmd.Find(f, masked, opts) {
		run, ok := c.Run(span, diag.Range{})
		if !ok || len(cds) > 0 && cds[0] < c.Off {
			continue // after a cd, the files are in a directory not followed
		}
		call := Call{Kind: CallBake, Dir: shellcmd.CleanRel(dir), Targets: run.Targets, Sets: run.Sets, Push: run.Push, Load: run.Load, CI: ci, Builder: builder, Job: l.name(job), Step: validate.StepRun}
		if run.Tool == source.RunCompose {
			call.Kind = CallCompose
		}
		if c.Builder != nil {
			call.Builder = validate.Builder{} // a builder of its own, not known here
		}
		call.StepName = stepLabel(st, l)
		ok = usable(dir)
		for _, p := range run.Files {
			if p == "-" || !usable(p) {
				ok = false
			}
			call.Files = append(call.Files, shellcmd.CleanRel(path.Join(dir, p)))
		}
		for _, t := range run.Targets {
			ok = ok && !strings.Contains(t, "${{")
		}
		if !ok {
			continue
		}
		p := m.At(lines.offset(len(masked), c.Line, c.Col))
		call.At = diag.At(p.File, p.Start)
		*r.calls = append(*r.calls, call)
	}
}

// bakeActionCall collects the call of a docker/bake-action step: its files
// (the default bake files of its working directory when it names none),
// targets (none: the default group), set overrides, push and load, and
// source: the repository (the default, ".", or {{defaultContext}} with an
// optional :subdirectory); a remote source is not followed.
func (r *reader) bakeActionCall(job, jobIf string, st, jn *yaml.Node, su setup, legs []leg) {
	with := get(st, "with")
	ci, builder := r.context(jobIf, st, su, validate.StepAction)
	for _, l := range legs {
		dir := l.sub(str(get(with, "workdir")))
		if src := strings.TrimSpace(l.sub(str(get(with, "source")))); src != "" && src != "." {
			sub, ok := strings.CutPrefix(src, "{{defaultContext}}")
			if !ok {
				continue // a remote definition, not the repository's files
			}
			dir = path.Join(dir, strings.TrimPrefix(sub, ":"))
		}
		dir = shellcmd.CleanRel(dir)
		call := Call{Kind: CallBake, Dir: dir, CI: ci, Builder: builder, Job: l.name(job), Step: validate.StepAction}
		call.StepName = stepLabel(st, l)
		ok := usable(dir)
		named := listInput(l.sub(str(get(with, "files"))))
		for _, p := range named {
			p = strings.TrimPrefix(p, "cwd://")
			if strings.Contains(p, "${{") {
				continue // made by an earlier step (metadata-action's bake file): not the repository's
			}
			ok = ok && usable(p)
			call.Files = append(call.Files, shellcmd.CleanRel(path.Join(dir, p)))
		}
		ok = ok && (len(named) == 0 || len(call.Files) > 0)
		for _, t := range listInput(l.sub(str(get(with, "targets")))) {
			ok = ok && !strings.Contains(t, "${{")
			call.Targets = append(call.Targets, t)
		}
		if !ok {
			continue
		}
		call.Sets = r.setInput(get(with, "set"), l)
		call.Push, call.Load = r.boolInput(get(with, "push"), l), r.boolInput(get(with, "load"), l)
		call.At = diag.At(r.path, diag.Pos{Line: st.Line, Col: st.Column})
		*r.calls = append(*r.calls, call)
	}
}

// listInput splits an action's list input: lines, or values separated by
// commas.
func listInput(s string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// setInput reads docker/bake-action's set input, one TARGET.KEY=VALUE a
// line, each value placed in the workflow.
func (r *reader) setInput(n *yaml.Node, l leg) []source.Set {
	raw, ok := scalar(n)
	if !ok {
		return nil
	}
	m := newScalarMap(r.path, r.lines, resolve(n))
	var out []source.Set
	for ln := range inputLines(raw) {
		t := ln.text
		key, val, found := strings.Cut(t, "=")
		if !found || strings.HasPrefix(key, "#") {
			continue
		}
		sub, first := l.substitute(val)
		p := m.At(ln.off + len(key) + 1)
		if first >= 0 {
			p.Exact = false
		}
		out = append(out, source.Set{Key: l.sub(key), Value: sub, At: p})
	}
	return out
}

// withInputs reads the with: inputs of a step or job, matrix values
// substituted.
func (r *reader) withInputs(with *yaml.Node, l leg) []Input {
	var out []Input
	for _, p := range pairs(with) {
		raw := str(p.Value)
		sub, first := l.substitute(raw)
		in := Input{Name: p.Key, Value: sub, Spans: r.lineSpans(p.Value, raw, first)}
		if p.KeyN != nil {
			in.At = diag.At(r.path, diag.Pos{Line: p.KeyN.Line, Col: p.KeyN.Column})
		}
		out = append(out, in)
	}
	return out
}

// lineSpans places each non-blank line of scalar n (its text raw): exact
// where the line is written verbatim and before the first substitution.
func (r *reader) lineSpans(n *yaml.Node, raw string, first int) []diag.Span {
	if n == nil {
		return nil
	}
	m := newScalarMap(r.path, r.lines, resolve(n))
	var out []diag.Span
	off := 0
	for _, line := range strings.SplitAfter(raw, "\n") {
		t := strings.TrimSpace(line)
		if t != "" {
			sp := m.At(off + strings.Index(line, t))
			if first >= 0 && off+len(line) > first {
				sp.Exact = false
			}
			out = append(out, sp)
		}
		off += len(line)
	}
	return out
}

// actionCall collects the call of a step that uses a local action (uses:
// ./path), with its inputs, the step's context and the job's builder.
func (r *reader) actionCall(job, jobIf string, st *yaml.Node, uses string, su setup, legs []leg) {
	p := shellcmd.CleanRel(uses) // "" for the repository's own action (uses: ./)
	if !usable(p) {
		return
	}
	ci, builder := r.context(jobIf, st, su, validate.StepRun)
	seen := map[string]bool{}
	for _, l := range legs {
		call := Call{Kind: CallAction, Path: p, CI: ci, Builder: builder, Job: l.name(job)}
		call.StepName = stepLabel(st, l)
		call.Inputs = r.withInputs(get(st, "with"), l)
		call.At = diag.At(r.path, diag.Pos{Line: st.Line, Col: st.Column})
		if k := callKey(call); !seen[k] {
			seen[k] = true
			*r.calls = append(*r.calls, call)
		}
	}
}

// callKey identifies a call and its inputs among a job's legs.
func callKey(c Call) string {
	var b strings.Builder
	b.WriteString(c.Job + "\x00" + c.StepName + "\x00" + c.Path)
	for _, in := range c.Inputs {
		b.WriteString("\x00" + in.Name + "=" + in.Value)
	}
	return b.String()
}

// jobUses reads a job that uses a reusable workflow (uses: at the job
// level, which has no steps) and reports whether it is one; a local one
// (./.github/workflows/NAME.yml) is a call, with the job's event and fork.
func (r *reader) jobUses(job, jobIf string, jn *yaml.Node, legs []leg) bool {
	uses := str(get(jn, "uses"))
	if uses == "" {
		return false
	}
	p := shellcmd.CleanRel(uses)
	if r.calls == nil || !strings.HasPrefix(uses, "./") || !usable(p) {
		return true
	}
	ci, _ := r.context(jobIf, nil, setup{}, validate.StepAction)
	seen := map[string]bool{}
	for _, l := range legs {
		call := Call{Kind: CallWorkflow, Path: p, CI: ci, Job: l.name(job)}
		call.Inputs = r.withInputs(get(jn, "with"), l)
		call.At = diag.At(r.path, diag.Pos{Line: jn.Line, Col: jn.Column})
		if k := callKey(call); !seen[k] {
			seen[k] = true
			*r.calls = append(*r.calls, call)
		}
	}
	return true
}

// callee is what a composite action or reusable workflow read for a
// caller is given: the call, and the value of each input, with where
// each line of it is written (in the caller, or at the callee's default).
type callee struct {
	call   Call
	inputs map[string]string
	spans  map[string][]diag.Span
}

// inputOnly matches an inputs expression at the start of a text.
var inputOnly = regexp.MustCompile(`^\$\{\{\s*inputs(?:\.([A-Za-z0-9_-]+)|\[\s*'([^']+)'\s*\])\s*\}\}`)

// inputAt returns the name of the input whose expression starts s, and
// the expression's length.
func inputAt(s string) (name string, n int, ok bool) {
	m := inputOnly.FindStringSubmatchIndex(s)
	if m == nil {
		return "", 0, false
	}
	if m[2] >= 0 {
		return strings.ToLower(s[m[2]:m[3]]), m[1], true
	}
	return strings.ToLower(s[m[4]:m[5]]), m[1], true
}

// place moves the values of an action input that is one inputs
// expression (raw) to where the input's value is written: line by line
// when the values are its lines, else at its first line, inexactly.
func (c *callee) place(raw string, vals []string, pos []diag.Span) []diag.Span {
	t := strings.TrimSpace(raw)
	name, n, ok := inputAt(t)
	spans := c.spans[name]
	if !ok || n != len(t) || len(spans) == 0 {
		return pos
	}
	lines := listLines(c.inputs[name])
	out := make([]diag.Span, len(vals))
	for i, v := range vals {
		if i < len(spans) && len(lines) == len(vals) && lines[i] == v {
			out[i] = spans[i]
			continue
		}
		out[i] = spans[0]
		out[i].Exact = false
	}
	return out
}

// listLines are the trimmed non-blank lines of s.
func listLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(line); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// fromInput reports whether an action input's raw text is one inputs
// expression that place moves.
func (c *callee) fromInput(raw string) bool {
	t := strings.TrimSpace(raw)
	name, n, ok := inputAt(t)
	return ok && n == len(t) && len(c.spans[name]) > 0
}

// inputInfo is the inputs' values of a callee, nil for a workflow read on
// its own.
func (r *reader) inputInfo() map[string]string {
	if r.callee == nil {
		return nil
	}
	return r.callee.inputs
}

// initialSetup is the builder the steps of a job start with: none for a
// workflow's job (and a reusable workflow's: its jobs run on runners of
// their own), the caller's for a composite action, whose steps run in the
// caller's job.
func (r *reader) initialSetup() setup {
	if r.callee == nil || r.callee.call.Kind != CallAction {
		return setup{}
	}
	c := r.callee.call
	su := setup{runtime: c.CI.RuntimeExposed != nil && *c.CI.RuntimeExposed}
	if b := c.Builder; b.Driver != "" && b.Driver != "docker" {
		su.seen, su.driver, su.version, su.nodes, su.defaultImage = true, b.Driver, b.BuildKitVersion, b.Nodes, b.DefaultImage
	}
	return su
}

// context is the CI context of a callee's step: the caller's triggers, and
// the caller's fork where the callee does not decide it.
func (c *callee) context(ci validate.CI) validate.CI {
	ci.Triggers = c.call.CI.Triggers
	if ci.Fork == nil && ci.Event == c.call.CI.Event {
		ci.Fork = c.call.CI.Fork
	}
	return ci
}

// isPullRequest reports whether an event runs for pull requests.
func isPullRequest(e string) bool { return e == "pull_request" || e == "pull_request_target" }

// ReadCallee reads, for call (of kind CallAction or CallWorkflow), the
// composite action or reusable workflow in data (path names it): its
// steps with the call's inputs substituted for ${{ inputs.NAME }} (an
// input's default where the call does not give it; one with neither stays
// a template), the caller's event, fork and triggers, and, for a composite
// action, whose steps run in the caller's job, the caller's builder. It
// returns the builds found, the calls of the callee's own steps and jobs
// (with the same context), and the diagnostics about the call itself,
// placed in the caller: an input the callee does not declare
// (validate.UndeclaredInput), a workflow without on: workflow_call
// (validate.FileSyntaxError). An action that is not a composite one (a
// JavaScript or Docker action) has no builds. The callee's own syntax
// errors are in the returned File's Diagnostics.
func ReadCallee(path string, data []byte, call Call) (f source.File, calls []Call, about diag.Diagnostics) {
	f.Path = path
	if d := source.CheckText(path, data); d != nil {
		f.Diagnostics = append(f.Diagnostics, *d)
		return f, nil, nil
	}
	var doc yaml.Node
	if err := yamlfast.Unmarshal(data, &doc); err != nil {
		f.Diagnostics = append(f.Diagnostics, syntaxProblem(path, err))
		return f, nil, nil
	}
	root := resolve(&doc)
	if root == nil || root.Kind != yaml.MappingNode {
		what := "a composite action is a YAML mapping with runs:"
		if call.Kind == CallWorkflow {
			what = "a reusable workflow is a YAML mapping with on: workflow_call and jobs:"
		}
		line, col := 1, 1
		if root != nil {
			line, col = root.Line, root.Column
		}
		f.Diagnostics = append(f.Diagnostics, source.SyntaxError(path, line, col, what+"; this document is not one"))
		return f, nil, nil
	}
	var decl *yaml.Node
	switch call.Kind {
	case CallAction:
		if !strings.EqualFold(str(get(get(root, "runs"), "using")), "composite") {
			return f, nil, nil // a JavaScript or Docker action: no steps to read
		}
		decl = get(root, "inputs")
	case CallWorkflow:
		on := resolve(get(root, "on"))
		if !slices.Contains(triggers(on), "workflow_call") {
			about = append(about, validate.FileSyntaxError.At(call.At,
				"job "+call.Job+" uses "+call.Path+" as a reusable workflow, but it has no on: workflow_call trigger; GitHub refuses the call: add on: workflow_call to it"))
			return f, nil, about
		}
		decl = get(get(on, "workflow_call"), "inputs")
	default:
		return f, nil, nil
	}
	cl := &callee{call: call, inputs: map[string]string{}, spans: map[string][]diag.Span{}}
	r := reader{path: path, lines: strings.Split(string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))), "\n"), file: &f, calls: &calls, root: root, callee: cl}
	declared := map[string]bool{}
	// input names ignore case, as GitHub reads them
	for _, p := range pairs(decl) {
		name := strings.ToLower(p.Key)
		declared[name] = true
		if d := get(p.Value, "default"); d != nil {
			cl.inputs[name] = str(d)
			cl.spans[name] = r.lineSpans(d, str(d), -1)
		}
	}
	for _, in := range call.Inputs {
		name := strings.ToLower(in.Name)
		if !declared[name] {
			about = append(about, validate.UndeclaredInput.At(in.At, undeclaredMessage(in.Name, call.Path, call.Kind, decl)))
			continue
		}
		cl.inputs[name], cl.spans[name] = in.Value, in.Spans
	}
	// the callee runs for the caller's event: the caller's triggers, without
	// the pull request events where the caller's step does not run for them
	for _, e := range call.CI.Triggers {
		if isPullRequest(e) && !isPullRequest(call.CI.Event) {
			continue
		}
		r.events = append(r.events, e)
	}
	if len(r.events) == 0 && call.CI.Event != "" {
		r.events = []string{call.CI.Event}
	}
	if call.Kind == CallAction {
		r.job(pair{Key: "runs", Value: get(root, "runs")})
		return f, calls, about
	}
	r.shell = defaultShell(root)
	for _, j := range pairs(get(root, "jobs")) {
		r.job(j)
	}
	return f, calls, about
}

// undeclaredMessage says that a call gives an input the callee does not
// declare, naming the inputs it declares and the closest one.
func undeclaredMessage(name, path string, kind CallKind, decl *yaml.Node) string {
	what := "the composite action " + path
	if kind == CallWorkflow {
		what = "the reusable workflow " + path
	}
	var names []string
	for _, p := range pairs(decl) {
		names = append(names, p.Key)
	}
	msg := "input " + name + " is not declared by " + what
	if len(names) == 0 {
		return msg + ", which declares no inputs; remove it, or declare it under inputs:"
	}
	if s := cachespec.Suggest(name, names); s != "" {
		return msg + "; did you mean " + s + "? It declares " + strings.Join(names, ", ")
	}
	return msg + ", which declares " + strings.Join(names, ", ") + "; remove it, or declare it under inputs:"
}

// IsReusable reports whether the workflow in data runs only when another
// workflow calls it: its only trigger is workflow_call.
func IsReusable(data []byte) bool {
	if !bytes.Contains(data, []byte("workflow_call")) {
		return false
	}
	var doc yaml.Node
	if yamlfast.Unmarshal(data, &doc) != nil {
		return false
	}
	ts := triggers(get(resolve(&doc), "on"))
	return len(ts) == 1 && ts[0] == "workflow_call"
}

// stepLabel is a step's name as GitHub shows it: its name:, else "Run "
// and the first line of its run: script or its uses:.
func stepLabel(st *yaml.Node, l leg) string {
	if name := str(get(st, "name")); name != "" {
		return l.sub(name)
	}
	what := str(get(st, "uses"))
	if run := strings.TrimSpace(str(get(st, "run"))); run != "" {
		what, _, _ = strings.Cut(run, "\n")
		what = l.sub(strings.TrimSpace(what))
	}
	if r := []rune(what); len(r) > 60 {
		what = string(r[:57]) + "..."
	}
	return "Run " + what
}

// substituteBack is substitute, with a function that maps a byte offset
// of out back to s: exactly outside the replaced expressions, to the
// start of the expression (exact false) inside one.
func (l leg) substituteBack(s string) (out string, first int, back func(int) (int, bool)) {
	out, first = l.substitute(s)
	if first < 0 {
		return out, first, func(off int) (int, bool) { return off, true }
	}
	type rep struct{ outStart, outEnd, rawStart, rawEnd int }
	var reps []rep
	delta := 0
	for m, ok := nextVarExpr(s, 0); ok; m, ok = nextVarExpr(s, m.end) {
		vals, k := l.vals, m.key
		if m.inputs {
			vals, k = l.inputs, strings.ToLower(k)
		}
		v, ok := vals[k]
		if !ok {
			continue
		}
		r := rep{outStart: m.start + delta, rawStart: m.start, rawEnd: m.end}
		r.outEnd = r.outStart + len(v)
		delta += len(v) - (m.end - m.start)
		reps = append(reps, r)
	}
	return out, first, func(off int) (int, bool) {
		d := 0
		for _, r := range reps {
			if off < r.outStart {
				break
			}
			if off < r.outEnd {
				return r.rawStart, false
			}
			d = r.rawEnd - r.outEnd
		}
		return off + d, true
	}
}

// wordSpan places a word of a run: step's text raw after substitution
// (back maps its offsets to raw): where it is written, exact when the
// word is verbatim and no substitution falls inside it; a word that is a
// whole input's value, where that value is written.
func (r *reader) wordSpan(raw string, m yamlx.ScalarMap, back func(int) (int, bool), w shellcmd.Word) diag.Span {
	o, exact := back(w.Off)
	if !exact && r.callee != nil && o < len(raw) {
		if name, _, ok := inputAt(raw[o:]); ok && r.callee.inputs[name] == w.Text && len(r.callee.spans[name]) == 1 {
			return r.callee.spans[name][0]
		}
	}
	if n := len(w.Text); n > 0 {
		if e, ok := back(w.Off + n - 1); !ok || e+1-o != n {
			exact = false // a substitution inside the value
		}
	}
	p := m.At(o)
	p.Exact = p.Exact && w.Exact && exact
	return p
}
