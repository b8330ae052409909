// Package workflow reads GitHub Actions workflow files and finds the image
// builds in them: steps that use docker/build-push-action or
// docker/bake-action, and docker buildx build, docker build, docker buildx
// bake and buildctl build command lines in run: steps (split with a real
// shell parser, mvdan.cc/sh). Each build, for each leg of its job's
// matrix, becomes a validate.Build carrying what validate needs: the cache
// values with their file positions, tags, push, load, platforms, the
// workflow's trigger, whether the step is an action or a shell step, and the
// builder that a preceding docker/setup-buildx-action step creates.
//
// GitHub expressions (${{ ... }}) stay in the values as templates, except
// ${{ matrix.* }}, which is replaced by each leg's value.
//
// A run: step is read in the shell GitHub runs it in: its shell:, else
// defaults.run.shell of the job, then of the workflow, else the runner's
// default (pwsh on a Windows runner, bash elsewhere), per matrix leg. Only
// bash and sh scripts are parsed; a PowerShell script is reported as
// validate.UnlintedPowerShellScript (info) and not read, and other shells
// (python, cmd) are not read.
package workflow

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/interop/internal/yamlfast"
	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Reader is the workflow reader as a [source.Reader].
var Reader source.Reader = source.ReaderFunc(Read)

// Read reads each input as one workflow file. It never panics: YAML that
// does not parse, or a document that is not a workflow, gives a
// validate.FileSyntaxError diagnostic, and a step that cannot be read is
// skipped with a diagnostic while the others are read. Workflows take
// nothing from opts.
func Read(inputs []source.Input, opts source.Options) []source.File {
	return eachFile.Read(inputs, opts)
}

var eachFile = source.EachFile(func(in source.Input, _ source.Options) source.File {
	return parse(in.Path, in.Content)
})

// ReadFiles reads the workflow files at paths, one File per path, in order.
func ReadFiles(paths ...string) []source.File {
	out := make([]source.File, 0, len(paths))
	for _, p := range paths {
		out = append(out, source.ReadPaths(Reader, []string{p}, source.Options{})...)
	}
	return out
}

// Parse reads one workflow from data; path names it in positions. It is
// Read on one input.
func Parse(path string, data []byte) source.File {
	return Read([]source.Input{{Path: path, Content: data}}, source.Options{})[0]
}

// ReadFile reads the workflow file at path: ReadFiles of one path.
func ReadFile(path string) source.File { return ReadFiles(path)[0] }

// parse reads one workflow from data; path names it in positions.
func parse(path string, data []byte) source.File { return parseWith(path, data, nil) }

// parseWith is parse, collecting the calls of run: steps into calls when
// it is not nil.
// arenas hold the nodes of the workflows read, for the next ones.
var arenas = sync.Pool{New: func() any { return new(yamlfast.Arena) }}

func parseWith(path string, data []byte, calls *[]Call) (f source.File) {
	f.Path = path
	if d := source.CheckText(path, data); d != nil {
		f.Diagnostics = append(f.Diagnostics, *d)
		return f
	}
	// the tree is the reader's alone: what it returns holds strings, no
	// node, so its nodes go back to the pool when the file is read
	a := arenas.Get().(*yamlfast.Arena)
	defer func() {
		if yamlfast.PoisonArenas {
			a.Poison()
		}
		arenas.Put(a)
	}()
	var doc yaml.Node
	if err := yamlfast.UnmarshalIn(a, data, &doc); err != nil {
		f.Diagnostics = append(f.Diagnostics, syntaxProblem(path, err))
		return f
	}
	root := resolve(&doc)
	if root == nil {
		return f // an empty file
	}
	if root.Kind != yaml.MappingNode {
		f.Diagnostics = append(f.Diagnostics, source.SyntaxError(path, root.Line, root.Column,
			"a workflow is a YAML mapping with on: and jobs:; this document is a "+kindName(root.Kind)))
		return f
	}
	r := reader{path: path, lines: fileLines(data), file: &f, calls: calls, root: root}
	r.events = triggers(get(root, "on"))
	r.shell = defaultShell(root)
	for _, j := range pairs(get(root, "jobs")) {
		r.job(j)
	}
	return f
}

func syntaxProblem(path string, err error) diag.Diagnostic {
	msg := err.Error()
	line, col := yamlx.ErrorLine(msg)
	return source.SyntaxError(path, line, col, "not valid YAML: "+strings.TrimPrefix(msg, "yaml: "))
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "sequence"
	case yaml.ScalarNode:
		return "scalar"
	}
	return "mapping"
}

type reader struct {
	path   string
	lines  []string
	file   *source.File
	full   bool // validate.MaxBuilds builds read: the rest is not
	events []string
	// shell is the workflow's defaults.run.shell, or "".
	shell string
	// calls, when not nil, collects the calls of run: steps (Calls)
	calls *[]Call
	root  *yaml.Node
	// callee, when not nil, is what the caller of a composite action or
	// reusable workflow gives it (ReadCallee)
	callee *callee
	// prevLegs and prevStep are the previous step of the job being read
	// and its legs, whose writes the next step sees (stepctx.go)
	prevLegs []leg
	prevStep *yaml.Node
	// scripts are the run: scripts of the current step parsed so far
	// (see memoScripts)
	scripts map[string]*parsedScript
	// lists are the action inputs split so far, by node and text after
	// substitution: the legs of a matrix whose values an input does not
	// use read the same text
	lists map[listKey]listValue
}

type listKey struct {
	n   *yaml.Node
	sub string
}

type listValue struct {
	vals []string
	pos  []diag.Span
}

// jobContext is what a job says about the run: steps of its legs.
type jobContext struct {
	// shell is the job's defaults.run.shell, else the workflow's, or "".
	shell string
	// runsOn is the job's runs-on, as written (labels joined by spaces).
	runsOn string
}

// defaultShell reads defaults.run.shell of a workflow or a job.
func defaultShell(n *yaml.Node) string {
	return str(get(get(get(n, "defaults"), "run"), "shell"))
}

// runsOnText reads runs-on: a label, a list of labels, or a {group,
// labels} mapping, as one text of labels separated by spaces.
func runsOnText(n *yaml.Node) string {
	n = resolve(n)
	if n == nil {
		return ""
	}
	if s, ok := scalar(n); ok {
		return s
	}
	if n.Kind == yaml.MappingNode {
		return runsOnText(get(n, "labels"))
	}
	var out []string
	for _, c := range items(n) {
		if s, ok := scalar(c); ok {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// stepShell is the shell a run: step of leg l runs in, as GitHub decides
// it: the step's shell:, else defaults.run.shell of the job, then of the
// workflow, else the runner's default: pwsh on Windows runners (runs-on
// naming a windows label, matrix values substituted), bash elsewhere.
func stepShell(st *yaml.Node, jc jobContext, l leg) string {
	if sh := l.sub(str(get(st, "shell"))); sh != "" {
		return sh
	}
	if jc.shell != "" {
		return l.sub(jc.shell)
	}
	for _, label := range strings.Fields(l.sub(jc.runsOn)) {
		if strings.HasPrefix(strings.ToLower(strings.Trim(label, "'\",[]")), "windows") {
			return "pwsh"
		}
	}
	return "bash"
}

// isPowerShell reports whether a shell: value runs PowerShell.
func isPowerShell(sh string) bool {
	f := strings.Fields(strings.ToLower(sh))
	return len(f) > 0 && (f[0] == "pwsh" || f[0] == "powershell" || strings.HasSuffix(f[0], "pwsh.exe") || strings.HasSuffix(f[0], "powershell.exe"))
}

// isPOSIXShell reports whether a shell: value runs a POSIX shell.
func isPOSIXShell(sh string) bool {
	return strings.HasPrefix(sh, "bash") || strings.HasPrefix(sh, "sh")
}

// triggers returns the workflow's event names: on: push, on: [push,
// pull_request] or on: {push: ..., pull_request: ...}.
func triggers(n *yaml.Node) []string {
	n = resolve(n)
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return []string{n.Value}
	case yaml.SequenceNode:
		var out []string
		for _, c := range items(n) {
			if s, ok := scalar(c); ok {
				out = append(out, s)
			}
		}
		return out
	}
	var out []string
	for _, p := range pairs(n) {
		out = append(out, p.Key)
	}
	return out
}

// eventPriority orders the events a build is checked for: the trigger
// with the least privileged token first, since that is where a cache export
// fails.
var eventPriority = []string{"pull_request_target", "pull_request", "issue_comment", "workflow_run", "merge_group", "push", "schedule", "workflow_dispatch", "release"}

// notOnPullRequest matches step and job conditions that keep a step from
// running for pull requests, or for pull requests from forks.
var notOnPullRequest = regexp.MustCompile(`github\.event_name\s*!=\s*'pull_request'|github\.event_name\s*==\s*'(push|schedule|workflow_dispatch|release|merge_group)'|startsWith\(\s*github\.ref\s*,\s*'refs/(tags|heads)/|github\.ref\s*==\s*'refs/heads/|!\s*github\.event\.pull_request\.head\.repo\.fork|github\.event\.pull_request\.head\.repo\.fork\s*(==\s*false|!=\s*true)|head\.repo\.full_name\s*==\s*github\.repository`)

// onlyForks matches an if: condition that holds only for pull requests
// from forks; forkTest is the bare test, which onlyForks needs to check is
// not negated.
var (
	onlyForks = regexp.MustCompile(`github\.event\.pull_request\.head\.repo\.fork\s*(==\s*true|!=\s*false)|head\.repo\.full_name\s*!=\s*github\.repository`)
	forkTest  = regexp.MustCompile(`github\.event\.pull_request\.head\.repo\.fork\s*($|\)|&&|\}\})`)
)

// forksOnly reports whether condition c runs its step only for pull
// requests from forks: it tests head.repo.fork (or compares the head
// repository with this one) and has no "||" that could let other runs in.
func forksOnly(c string) bool {
	if strings.Contains(c, "||") {
		return false
	}
	if onlyForks.MatchString(c) {
		return true
	}
	for _, m := range forkTest.FindAllStringIndex(c, -1) {
		before := strings.TrimRight(c[:m[0]], " \t(")
		if !strings.HasSuffix(before, "!") {
			return true
		}
	}
	return false
}

// event picks the event a build is checked for, and whether a
// pull_request run of it can come from a fork.
//
// Fork is decided where the workflow shows it: a condition that holds only
// for pull requests from forks (head.repo.fork, or a head repository other
// than this one) makes a pull_request build a fork build (Fork true); a
// condition that excludes forks excludes the pull request events. Without
// such a condition a pull_request workflow runs for pull requests from
// forks and from branches alike, and Fork stays unknown.
func (r *reader) event(conds ...string) (event string, fork *bool) {
	excludePR := false
	for _, c := range conds {
		if forksOnly(c) {
			for _, e := range []string{"pull_request", "pull_request_target"} {
				if slices.Contains(r.events, e) {
					t := true
					return e, &t
				}
			}
		}
	}
	for _, c := range conds {
		if notOnPullRequest.MatchString(c) {
			excludePR = true
		}
	}
	have := map[string]bool{}
	for _, e := range r.events {
		have[e] = true
	}
	for _, e := range eventPriority {
		if !have[e] {
			continue
		}
		if excludePR && (e == "pull_request" || e == "pull_request_target") {
			continue
		}
		return e, nil
	}
	if len(r.events) > 0 && !excludePR {
		return r.events[0], nil
	}
	return "", nil
}

// setup is what docker/setup-buildx-action (or its absence) says about the
// builder of later steps in a job.
type setup struct {
	seen    bool
	driver  string
	version string
	nodes   int
	runtime bool // crazy-max/ghaction-github-runtime ran earlier
	// defaultImage: the builder runs Buildx's default BuildKit image
	// (no image= in driver-opts), the latest stable release
	defaultImage bool
}

// namesImage reports whether setup-buildx-action's driver-opts name the
// BuildKit image (image=...).
func namesImage(opts string) bool {
	for _, line := range strings.FieldsFunc(opts, func(r rune) bool { return r == '\n' || r == ',' }) {
		if strings.HasPrefix(strings.TrimSpace(line), "image=") {
			return true
		}
	}
	return false
}

func (r *reader) job(j pair) {
	if r.full {
		return
	}
	jn := resolve(j.Value)
	if jn == nil || jn.Kind != yaml.MappingNode {
		return
	}
	legs, truncated := expandMatrix(get(get(jn, "strategy"), "matrix"))
	if truncated {
		m := get(get(jn, "strategy"), "matrix")
		r.file.Diagnostics = append(r.file.Diagnostics, validate.MatrixTooLarge.At(diag.At(r.path, diag.Pos{Line: m.Line, Col: m.Column}),
			fmt.Sprintf("job %s has more than %d matrix combinations; only the first %d are checked", j.Key, MaxLegs, MaxLegs)))
	}
	for i := range legs {
		legs[i].inputs = r.inputInfo()
	}
	jobIf := str(get(jn, "if"))
	if r.jobUses(j.Key, jobIf, jn, legs) {
		return // a reusable workflow's job
	}
	jc := jobContext{shell: defaultShell(jn), runsOn: runsOnText(get(jn, "runs-on"))}
	if jc.shell == "" {
		jc.shell = r.shell
	}
	su := r.initialSetup()
	// the steps of the builds read, and the directories each step moves
	first := len(r.file.Builds)
	var stepOf []int
	var moves [][]string
	ex := r.newJobExprs(jn, len(legs))
	jobLegs := legs
	info := r.jobInfo(jn, legs, jc, jobIf)
	for i := range jobLegs {
		jobLegs[i].info = &info[i]
	}
	for si, st := range items(get(jn, "steps")) {
		r.scripts = nil
		if si > 0 {
			ex.after(r.prevLegs, r.prevStep, jc)
		}
		ev, _ := r.event(jobIf, str(get(st, "if")))
		legs := ex.stepLegs(jobLegs, st, ev)
		r.prevLegs, r.prevStep = legs, st
		for len(stepOf) < len(r.file.Builds)-first {
			stepOf = append(stepOf, si-1)
		}
		if s, ok := scalar(get(st, "run")); ok && strings.Contains(s, "mv") {
			moves = append(moves, r.moves(s))
		} else {
			moves = append(moves, nil)
		}
		uses := str(get(st, "uses"))
		action, _, _ := strings.Cut(uses, "@")
		switch strings.ToLower(action) {
		case "docker/setup-buildx-action":
			su.seen = true
			with := get(st, "with")
			su.driver = str(get(with, "driver"))
			if su.driver == "" {
				su.driver = "docker-container"
			}
			su.version = buildkitImageVersion(str(get(with, "driver-opts")))
			su.defaultImage = (su.driver == "docker-container" || su.driver == "kubernetes") && !namesImage(str(get(with, "driver-opts")))
			su.nodes = 1 + appendedNodes(str(get(with, "append")))
			continue
		case "crazy-max/ghaction-github-runtime":
			su.runtime = true
			continue
		case "docker/build-push-action", "docker/bake-action":
			r.actionStep(j.Key, jobIf, st, strings.ToLower(action), su, legs)
			if r.calls != nil && strings.EqualFold(action, "docker/bake-action") {
				r.bakeActionCall(j.Key, jobIf, st, jn, su, legs)
			}
			continue
		}
		if strings.HasPrefix(uses, "./") {
			if r.calls != nil {
				r.actionCall(j.Key, jobIf, st, uses, su, legs)
			}
			continue
		}
		if run := get(st, "run"); run != nil {
			r.runStep(j.Key, jobIf, st, run, su, legs, jc)
			if r.calls != nil {
				r.stepCalls(j.Key, jobIf, st, jn, run, su, legs, jc)
			}
		}
	}
	r.prevLegs, r.prevStep = nil, nil
	for len(stepOf) < len(r.file.Builds)-first {
		stepOf = append(stepOf, len(moves)-1)
	}
	for i, si := range stepOf {
		b := &r.file.Builds[first+i]
		for _, m := range moves[si:] {
			b.MovedDirs = append(b.MovedDirs, m...)
		}
	}
}

// appendedNodes counts the nodes of setup-buildx-action's append input, a
// YAML list of {name, endpoint, ...} objects.
func appendedNodes(s string) int {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	var list []map[string]any
	if err := yaml.Unmarshal([]byte(s), &list); err != nil {
		return 0
	}
	return len(list)
}

// buildkitImageVersion reads the tag of image=moby/buildkit:vX in
// setup-buildx-action's driver-opts.
func buildkitImageVersion(opts string) string {
	for _, line := range strings.FieldsFunc(opts, func(r rune) bool { return r == '\n' || r == ',' }) {
		line = strings.TrimSpace(line)
		img, ok := strings.CutPrefix(line, "image=")
		if !ok {
			continue
		}
		if v := shellcmd.ImageVersion(img); v != "" {
			return v
		}
	}
	return ""
}

func (r *reader) context(jobIf string, st *yaml.Node, su setup, step validate.Step) (validate.CI, validate.Builder) {
	ev, fork := r.event(jobIf, str(get(st, "if")))
	ci := validate.CI{Provider: "github-actions", Event: ev, Fork: fork, Triggers: r.events, Releases: releases(r.root, r.events)}
	if r.callee != nil {
		ci = r.callee.context(ci)
	}
	if step == validate.StepRun {
		rt := su.runtime
		ci.RuntimeExposed = &rt
	}
	var b validate.Builder
	if su.seen {
		b.Driver, b.BuildKitVersion, b.Nodes = su.driver, su.version, su.nodes
		b.DefaultImage = su.defaultImage
	} else {
		b.Driver = "docker" // the runner's default builder
	}
	return ci, b
}

// actionStep reads a docker/build-push-action or docker/bake-action step.
func (r *reader) actionStep(job, jobIf string, st *yaml.Node, action string, su setup, legs []leg) {
	with := get(st, "with")
	ci, builder := r.context(jobIf, st, su, validate.StepAction)
	pos := diag.At(r.path, diag.Pos{Line: st.Line, Col: st.Column})
	for li, l := range legs {
		b := validate.Build{Source: &validate.Source{Def: pos, Group: r.path}}
		b.CI, b.Builder, b.Step, b.Origin = ci, builder, validate.StepAction, validate.OriginAction
		b.Name = l.name(job)
		if name := str(get(st, "name")); name != "" {
			b.Name += ": " + l.sub(name)
		}
		if action == "docker/build-push-action" {
			b.CacheFrom, b.Source.CacheFrom = r.actionList(get(with, "cache-from"), l)
			b.Source.CacheFromSep = r.lineBreaks(get(with, "cache-from"), b.Source.CacheFrom)
			b.CacheTo, b.Source.CacheTo = r.actionList(get(with, "cache-to"), l)
			b.Source.CacheToSep = r.lineBreaks(get(with, "cache-to"), b.Source.CacheTo)
			b.Tags, _ = r.actionList(get(with, "tags"), l)
			b.Platforms, _ = r.actionList(get(with, "platforms"), l)
			b.Push, b.Load = r.boolInput(get(with, "push"), l), r.boolInput(get(with, "load"), l)
			outs, _ := r.actionList(get(with, "outputs"), l)
			for _, o := range outs {
				var c shellcmd.Command
				shellcmd.ApplyOutput(&c, o)
				if c.Push != nil {
					b.Push = c.Push
				}
				if c.Load != nil {
					b.Load = c.Load
				}
			}
		} else {
			if li == 0 {
				r.checkBakeSet(get(with, "set"))
			}
			r.bakeSet(&b, get(with, "set"), l)
			b.Push, b.Load = r.boolInput(get(with, "push"), l), r.boolInput(get(with, "load"), l)
		}
		if len(b.CacheFrom)+len(b.CacheTo) == 0 && action == "docker/bake-action" {
			continue // the cache is in the bake files, read on their own
		}
		l.apply(&b)
		if !r.addBuild(b) {
			return
		}
	}
}

// sub substitutes a leg's matrix values.
func (l leg) sub(s string) string {
	out, _ := l.substitute(s)
	return out
}

func (r *reader) boolInput(n *yaml.Node, l leg) *bool {
	s, ok := scalar(n)
	if !ok {
		return nil
	}
	s = l.sub(s)
	return boolValue(&yaml.Node{Kind: yaml.ScalarNode, Value: s})
}

// actionList splits an action input the way docker/actions-toolkit does and
// locates each value in the file.
func (r *reader) actionList(n *yaml.Node, l leg) ([]string, []diag.Span) {
	raw, ok := scalar(n)
	if !ok {
		return nil, nil
	}
	sub, first := l.substitute(raw)
	if v, ok := r.lists[listKey{n, sub}]; ok && first < 0 {
		return v.vals, v.pos // the same input, unchanged by this leg
	}
	vals, err := cachespec.SplitActionInput(sub)
	if err != nil {
		// csv-parse refuses the input; the action would fail. Keep the
		// lines so that validate reports what it can.
		vals = nil
		for _, line := range strings.Split(sub, "\n") {
			if t := strings.TrimSpace(line); t != "" {
				vals = append(vals, t)
			}
		}
	}
	m := newScalarMap(r.path, r.lines, resolve(n))
	pos := make([]diag.Span, len(vals))
	cursor := 0
	for i, v := range vals {
		// values before the first matrix substitution are at the same
		// offsets in raw and sub
		if j := strings.Index(sub[cursor:], v); j >= 0 && (first < 0 || cursor+j+len(v) <= first) {
			pos[i] = m.At(cursor + j)
			cursor += j + len(v)
			continue
		}
		p := m.At(lineStart(raw, i))
		p.Exact = false
		pos[i] = p
	}
	if r.callee != nil {
		pos = r.callee.place(raw, vals, pos) // the caller's input
	}
	vals, pos = slices.Clip(vals), slices.Clip(pos) // shared by the legs: an append copies
	if first < 0 {
		if r.lists == nil {
			r.lists = map[listKey]listValue{}
		}
		r.lists[listKey{n, sub}] = listValue{vals, pos}
	}
	return vals, pos
}

// lineBreaks returns, for each value of an action input placed exactly,
// the text that starts another value after it: a line break and the
// indentation of the input's literal block ("" elsewhere).
func (r *reader) lineBreaks(n *yaml.Node, spans []diag.Span) []string {
	if raw, _ := scalar(n); r.callee != nil && r.callee.fromInput(raw) {
		return nil // the values are written in the caller
	}
	brk, ok := newScalarMap(r.path, r.lines, resolve(n)).LineBreak()
	if !ok {
		return nil
	}
	out := make([]string, len(spans))
	for i, sp := range spans {
		if sp.Exact {
			out[i] = brk
		}
	}
	return out
}

// lineStart returns the offset of the i-th non-blank line of s, or 0.
func lineStart(s string, i int) int {
	off := 0
	for _, line := range strings.SplitAfter(s, "\n") {
		if strings.TrimSpace(line) != "" {
			if i == 0 {
				return off + len(line) - len(strings.TrimLeft(line, " \t"))
			}
			i--
		}
		off += len(line)
	}
	return 0
}

// bakeSet reads docker/bake-action's set input: target.cache-from=value.
func (r *reader) bakeSet(b *validate.Build, n *yaml.Node, l leg) {
	raw, ok := scalar(n)
	if !ok {
		return
	}
	m := newScalarMap(r.path, r.lines, resolve(n))
	for ln := range inputLines(raw) {
		t := ln.text
		key, val, found := strings.Cut(t, "=")
		if !found {
			continue
		}
		sub, first := l.substitute(val)
		p := m.At(ln.off + len(key) + 1)
		if first >= 0 {
			p.Exact = false
		}
		switch {
		case strings.HasSuffix(key, ".cache-from"):
			b.CacheFrom, b.Source.CacheFrom = append(b.CacheFrom, sub), append(b.Source.CacheFrom, p)
		case strings.HasSuffix(key, ".cache-to"):
			b.CacheTo, b.Source.CacheTo = append(b.CacheTo, sub), append(b.Source.CacheTo, p)
		case strings.HasSuffix(key, ".tags"):
			b.Tags = append(b.Tags, sub)
		case strings.HasSuffix(key, ".platform"):
			b.Platforms = append(b.Platforms, strings.Split(sub, ",")...)
		}
	}
}

// runStep reads the build commands of a run: step.
func (r *reader) runStep(job, jobIf string, st, run *yaml.Node, su setup, legs []leg, jc jobContext) {
	script, ok := scalar(run)
	if !ok || !mentionsBuild(script) {
		return
	}
	m := newScalarMap(r.path, r.lines, resolve(run))
	ci, builder := r.context(jobIf, st, su, validate.StepRun)
	skipped := false
	for _, l := range legs {
		switch shell := stepShell(st, jc, l); {
		case isPowerShell(shell):
			if !skipped {
				skipped = true
				p := m.At(0)
				r.file.Diagnostics = append(r.file.Diagnostics, validate.UnlintedPowerShellScript.At(diag.At(p.File, p.Start),
					"this run: script runs in PowerShell ("+strings.Fields(shell)[0]+"), which the linter does not parse; its build commands are not checked"))
			}
			continue
		case !isPOSIXShell(shell):
			continue // python, cmd: not a shell the linter reads
		}
		sub, _, back := l.substituteBack(script)
		cmds, err := r.script(sub).commands()
		if err != nil {
			p := m.At(0)
			r.file.Diagnostics = append(r.file.Diagnostics, validate.UnparsableRunScript.At(diag.At(p.File, p.Start),
				"the shell cannot parse this run: script ("+err.Error()+"), so its build commands are not checked"))
			return
		}
		lines := lineStarts(sub)
		for _, c := range cmds {
			b := validate.Build{Source: &validate.Source{Group: r.path}}
			b.CI, b.Builder, b.Step, b.Origin = ci, builder, validate.StepRun, validate.OriginCommandLine
			if c.Tool == shellcmd.BuildctlBuild {
				b.Builder = validate.Builder{} // buildctl talks to a daemon of its own
			}
			b.Name = l.name(job) + ": " + c.Tool
			start := lines.offset(len(sub), c.Line, c.Col)
			o, _ := back(start)
			at := m.At(o)
			b.Source.Def = diag.At(at.File, at.Start)
			conv := func(ws []shellcmd.Word) ([]string, []diag.Span) {
				vals := make([]string, len(ws))
				pos := make([]diag.Span, len(ws))
				for i, w := range ws {
					vals[i] = w.Text
					pos[i] = r.wordSpan(script, m, back, w) // after a substitution offsets differ
				}
				return vals, pos
			}
			b.CacheFrom, b.Source.CacheFrom = conv(c.CacheFrom)
			b.CacheTo, b.Source.CacheTo = conv(c.CacheTo)
			b.Tags, _ = conv(c.Tags)
			for _, p := range c.Platforms {
				b.Platforms = append(b.Platforms, strings.Split(p.Text, ",")...)
			}
			b.Push, b.Load = c.Push, c.Load
			if len(b.CacheFrom)+len(b.CacheTo) == 0 {
				continue
			}
			l.apply(&b)
			if !r.addBuild(b) {
				return
			}
		}
	}
}

// addBuild adds b to the file's builds, and reports false past
// validate.MaxBuilds (reporting that once): the reader then stops.
func (r *reader) addBuild(b validate.Build) bool {
	if len(r.file.Builds) < validate.MaxBuilds {
		r.file.Builds = append(r.file.Builds, b)
		return true
	}
	if !r.full {
		r.full = true
		at := diag.Range{File: r.path}
		if b.Source != nil && len(b.Source.CacheTo) > 0 {
			at = diag.Range{File: r.path, Start: b.Source.CacheTo[0].Start}
		} else if b.Source != nil && len(b.Source.CacheFrom) > 0 {
			at = diag.Range{File: r.path, Start: b.Source.CacheFrom[0].Start}
		}
		r.file.Diagnostics = append(r.file.Diagnostics, validate.TooManyBuilds.At(at,
			fmt.Sprintf("the jobs of this workflow make more than %d builds (matrices multiply their build commands); from %s on they are not checked", validate.MaxBuilds, b.Name)))
	}
	return false
}

// mentionsBuild is a cheap filter before the shell parser.
func mentionsBuild(s string) bool {
	return strings.Contains(s, "cache-") || strings.Contains(s, "-cache")
}

// lineIndex holds the offsets where the lines of a text start, so that
// converting the positions of many commands costs one pass over the text.
type lineIndex []int

// lineStarts returns the lineIndex of s.
func lineStarts(s string) lineIndex {
	out := lineIndex{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, i+1)
		}
	}
	return out
}

// offset converts a 1-based line and column to a byte offset of the text
// of length n the index was made of; a line past the end gives 0.
func (li lineIndex) offset(n, line, col int) int {
	if line < 1 || line > len(li) {
		return 0
	}
	return min(li[line-1]+col-1, n)
}
