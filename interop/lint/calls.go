package lint

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/bakefile"
	"github.com/buildxcache/buildxcache/interop/composefile"
	"github.com/buildxcache/buildxcache/interop/internal/guard"
	"github.com/buildxcache/buildxcache/interop/makefile"
	"github.com/buildxcache/buildxcache/interop/script"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

// runBy marks the name of a build read for the workflow that calls its
// file: "ci/build.sh: buildx build at line 3 (run by ci.yml, job image)".
const runBy = " (run by "

// maxDepth is how deep calls are followed (a workflow, its composite
// actions and reusable workflows, their scripts, the bake files these
// run); GitHub nests reusable workflows at most four levels.
const maxDepth = 8

// maxCalls bounds the calls followed for one workflow, so that callees
// that call each other many times over (without a cycle) cannot make a
// run explode; a variable for the tests.
var maxCalls = 2000

// readCallee reads a composite action or reusable workflow for a call (a
// variable for the tests).
var readCallee = workflow.ReadCallee

// repositoryRoot returns the root of the repository of a workflow at
// .github/workflows/NAME, or "" for a workflow elsewhere.
func repositoryRoot(workflowPath string) string {
	dir := filepath.Dir(workflowPath)
	if filepath.Base(dir) != "workflows" || filepath.Base(filepath.Dir(dir)) != ".github" {
		return ""
	}
	return filepath.Dir(filepath.Dir(dir))
}

// called follows the calls of the workflows in files (workflow.Calls):
// the scripts and Makefile targets of run: steps, the bake targets of
// docker/bake-action and of docker buildx bake commands, the compose
// services of docker compose build, local composite actions and reusable
// workflows, and, from those, their own calls. It returns the files
// reached, each holding the builds read for a caller with the caller's
// context (event, fork, triggers, the builder where the file shows none),
// checked in the calling workflow's group, placed in the file that holds
// them (or in the workflow, for a bake override written there), the build
// named after the caller; and the kinds of those files. A file reached
// twice with the same context is read once; one that does not exist, or
// lies outside the repository, is left out. The called files' own
// diagnostics are not repeated (they are the file's, reported where it is
// linted on its own); what is wrong with a call itself (an undeclared
// input, a cycle) is, in the file of the call.
func called(files []source.File) ([]source.File, map[string]Kind) {
	return calledFrom(files, func(f source.File) []workflow.Call { return workflow.Calls(f.Path, f.Content) }, repositoryRoot, nil)
}

// calledFrom is called, with the calls of each workflow given by callsOf,
// the root of the repository of each by rootOf ("": not followed), and
// the files found looked up in stats (nil: the file system each time).
func calledFrom(files []source.File, callsOf func(source.File) []workflow.Call, rootOf func(string) string, stats *statCache) ([]source.File, map[string]Kind) {
	var out []source.File
	kinds := map[string]Kind{}
	replaced := map[string]bool{}
	for _, wf := range files {
		root := rootOf(wf.Path)
		if root == "" || len(wf.Content) == 0 {
			continue
		}
		f := &follower{root: root, wf: wf.Path, seen: map[string]bool{}, kinds: kinds, replaced: replaced, read: map[string][]source.File{}, stats: stats}
		if panicked, v := guard.Do(func() { f.follow(callsOf(wf), []string{wf.Path}, "") }); panicked {
			// what was followed before stays; the rest of the tree is linted
			f.about = append(f.about, source.SyntaxError(wf.Path, 0, 0, fmt.Sprintf("following the files this workflow runs failed: %v", v)))
		}
		out = append(out, f.out...)
		if len(f.about) > 0 {
			out = append(out, source.File{Path: wf.Path, Diagnostics: f.about})
		}
	}
	// the workflow's own builds of the overrides that were applied to the
	// targets they name are those targets now, not builds of their own
	for i := range files {
		files[i].Builds = withoutReplaced(files[i].Builds, replaced)
	}
	return out, kinds
}

// spanKey identifies where a value is written.
func spanKey(s diag.Span) string {
	return fmt.Sprintf("%s:%d:%d", s.File, s.Start.Line, s.Start.Col)
}

// withoutReplaced drops the builds whose cache values are all bake
// overrides applied to the targets of a bake definition followed.
func withoutReplaced(builds []validate.Build, replaced map[string]bool) []validate.Build {
	if len(replaced) == 0 {
		return builds
	}
	out := builds[:0:0]
	for _, b := range builds {
		all := b.Source != nil && len(b.CacheFrom)+len(b.CacheTo) > 0
		if all {
			for _, sp := range append(slices.Clip(b.Source.CacheFrom), b.Source.CacheTo...) {
				if !replaced[spanKey(sp)] {
					all = false
					break
				}
			}
			all = all && len(b.Source.CacheFrom) == len(b.CacheFrom) && len(b.Source.CacheTo) == len(b.CacheTo)
		}
		if !all {
			out = append(out, b)
		}
	}
	return out
}

// follower follows the calls of one workflow.
type follower struct {
	root, wf string
	seen     map[string]bool
	n        int
	out      []source.File
	about    diag.Diagnostics
	kinds    map[string]Kind
	// replaced are the places of the overrides applied to bake targets
	replaced map[string]bool
	// read memoizes the files read, which do not depend on the context
	// (a script, a Makefile for goals, a bake definition, a compose file)
	read map[string][]source.File
	// stats remembers which paths are regular files, for the run
	stats *statCache
}

// once reads the files key names once for the workflow.
func (f *follower) once(key string, read func() []source.File) []source.File {
	if files, ok := f.read[key]; ok {
		return files
	}
	files := read()
	f.read[key] = files
	return files
}

// rel is p relative to the repository's root, slash-separated.
func (f *follower) rel(p string) string {
	r, err := filepath.Rel(f.root, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(r)
}

// abs is the path of a slash-separated path relative to the root.
func (f *follower) abs(p string) string { return filepath.Join(f.root, filepath.FromSlash(p)) }

// regular reports whether p is a regular file.
func regular(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// statCache remembers, for one run, which paths are regular files: the
// workflows of a repository look for the same files (docker-bake.hcl,
// compose.yaml and the other default names of bake and compose) in the
// same directories. A nil statCache looks every time.
type statCache struct{ m sync.Map } // path -> bool

func (c *statCache) regular(p string) bool {
	if c == nil {
		return regular(p)
	}
	if v, ok := c.m.Load(p); ok {
		return v.(bool)
	}
	r := regular(p)
	c.m.Store(p, r)
	return r
}

// contextKey identifies a call with its context: the same file read for
// the same context gives the same findings.
func contextKey(c workflow.Call) string {
	var b strings.Builder
	fork := "?"
	if c.CI.Fork != nil {
		fork = fmt.Sprint(*c.CI.Fork)
	}
	rt := "?"
	if c.CI.RuntimeExposed != nil {
		rt = fmt.Sprint(*c.CI.RuntimeExposed)
	}
	fmt.Fprintf(&b, "%d|%s|%s|%q|%q|%s|%s|%s|%q|%d|%+v|%d|%v|%v", c.Kind, c.Path, c.Dir, c.Files, c.Targets, c.CI.Event, fork, rt, c.CI.Triggers, c.Step, c.Builder, len(c.Sets), boolText(c.Push), boolText(c.Load))
	for _, s := range c.Sets {
		fmt.Fprintf(&b, "|%s=%s@%s:%d:%d", s.Key, s.Value, s.At.File, s.At.Start.Line, s.At.Start.Col)
	}
	for _, in := range c.Inputs {
		fmt.Fprintf(&b, "|%s=%s", in.Name, in.Value)
	}
	return b.String()
}

func boolText(b *bool) string {
	if b == nil {
		return "?"
	}
	return fmt.Sprint(*b)
}

// follow reads the files calls run; stack holds the workflow and the
// callees that led here (for cycles), via names them in build names.
func (f *follower) follow(calls []workflow.Call, stack []string, via string) {
	for _, c := range calls {
		if f.n >= maxCalls {
			return
		}
		if (c.Kind == workflow.CallAction || c.Kind == workflow.CallWorkflow) && f.cycle(c, stack) {
			continue
		}
		key := contextKey(c)
		if f.seen[key] {
			continue
		}
		f.seen[key] = true
		f.n++
		switch c.Kind {
		case workflow.CallScript, workflow.CallMake:
			f.script(c, stack, via)
		case workflow.CallBake:
			f.bake(c, via)
		case workflow.CallCompose:
			f.compose(c, via)
		case workflow.CallAction, workflow.CallWorkflow:
			f.callee(c, stack, via)
		}
	}
}

// caller names the caller of a build: "(run by ci.yml, job image)", with
// the callees it was reached through.
func (f *follower) caller(c workflow.Call, via string) string {
	step := ""
	if c.StepName != "" {
		step = ", step " + strconv.Quote(c.StepName)
	}
	return runBy + filepath.Base(f.wf) + ", job " + c.Job + step + via + ")"
}

// emit adds the builds of file, read for call c (the caller's context
// given to them unless context is false: a callee's builds already carry
// it), renamed after their caller and checked in the workflow's group.
func (f *follower) emit(file source.File, kind Kind, c workflow.Call, via string, builds []validate.Build, context bool) {
	rel := f.rel(file.Path)
	out := source.File{Path: file.Path, Sum: file.Sum, Content: file.Content}
	for _, b := range builds {
		if context {
			b.CI = c.CI
			if b.Builder == (validate.Builder{}) && !strings.Contains(b.Name, "buildctl") {
				b.Builder = c.Builder
			}
			b.Step = c.Step
		}
		b.Name = rel + ": " + b.Name + f.caller(c, via)
		src := *b.Source
		src.Group = f.wf
		b.Source = &src
		out.Builds = append(out.Builds, b)
	}
	if len(out.Builds) > 0 {
		f.out = append(f.out, out)
		if _, ok := f.kinds[file.Path]; !ok {
			f.kinds[file.Path] = kind
		}
	}
}

// script reads the script or Makefile targets a call runs, and follows
// the bake and compose commands there with the call's context.
func (f *follower) script(c workflow.Call, stack []string, via string) {
	p, read := calledFile(f.root, c, f.stats)
	if p == "" {
		return
	}
	file := f.once(fmt.Sprintf("%v\x00%s\x00%q", c.Make, p, c.Targets), func() []source.File { return []source.File{read()} })[0]
	kind := Script
	if c.Make {
		kind = Makefile
	}
	var runs []workflow.Call
	for _, r := range file.Runs {
		if r.Moved {
			continue // after a cd: the files are in a directory not followed
		}
		dir := c.Dir // a script runs where its caller does
		if r.Dir != "" {
			dir = filepath.ToSlash(filepath.Join(filepath.Dir(f.rel(p)), r.Dir))
		}
		rc := workflow.Call{Kind: workflow.CallBake, Dir: clean(dir), Targets: r.Targets, Sets: r.Sets, Push: r.Push, Load: r.Load, CI: c.CI, Builder: c.Builder, Job: c.Job, StepName: c.StepName, At: r.At, Step: c.Step}
		if r.Tool == source.RunCompose {
			rc.Kind = workflow.CallCompose
		}
		if r.Builder != (validate.Builder{}) {
			rc.Builder = r.Builder
		}
		ok := true
		for _, p := range r.Files {
			q := clean(filepath.ToSlash(filepath.Join(rc.Dir, p)))
			if strings.ContainsAny(p, "$`") || filepath.IsAbs(p) || q == ".." || strings.HasPrefix(q, "../") {
				ok = false
			}
			rc.Files = append(rc.Files, q)
		}
		if ok {
			runs = append(runs, rc)
		}
	}
	f.follow(runs, stack, via+", via "+f.rel(p))
	f.emit(file, kind, c, via, withoutReplaced(file.Builds, f.replaced), true)
}

// clean is a slash path cleaned, "" for the root.
func clean(p string) string {
	p = filepath.ToSlash(filepath.Clean(filepath.FromSlash(p)))
	if p == "." {
		return ""
	}
	return p
}

// calledFile returns the file a call runs, under root, and how to read it
// (a script, or a Makefile for the call's goals); "" when there is none.
func calledFile(root string, c workflow.Call, stats *statCache) (string, func() source.File) {
	if !c.Make {
		p := filepath.Join(root, filepath.FromSlash(c.Path))
		if !stats.regular(p) {
			return "", nil
		}
		return p, func() source.File { return source.ReadOne(script.Reader, p) }
	}
	var p string
	if c.Path != "" {
		p = filepath.Join(root, filepath.FromSlash(c.Path))
	} else {
		for _, name := range []string{"GNUmakefile", "makefile", "Makefile"} {
			if q := filepath.Join(root, filepath.FromSlash(c.Dir), name); stats.regular(q) {
				p = q
				break
			}
		}
	}
	if p == "" || !stats.regular(p) {
		return "", nil
	}
	goals := c.Targets
	return p, func() source.File { return makefile.ReadGoals(p, goals) }
}

// bakeDefaults are the files `docker buildx bake` reads when given none,
// in its order (Buildx's defaultFilenames).
var bakeDefaults = []string{"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", "docker-bake.json", "docker-bake.hcl", "docker-bake.override.json", "docker-bake.override.hcl"}

// composeDefaults are the files `docker compose` reads when given none:
// the first of these that exists.
var composeDefaults = []string{"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"}

// bake reads the bake files a call names (or the default files of its
// directory) and lints the targets it builds with the call's overrides.
func (f *follower) bake(c workflow.Call, via string) {
	var paths []string
	for _, p := range c.Files {
		if q := f.abs(p); f.stats.regular(q) {
			paths = append(paths, q)
		}
	}
	if len(c.Files) == 0 {
		for _, name := range bakeDefaults {
			if q := f.abs(filepath.ToSlash(filepath.Join(c.Dir, name))); f.stats.regular(q) {
				paths = append(paths, q)
			}
		}
	}
	if len(paths) == 0 {
		return
	}
	files := f.once("bake\x00"+strings.Join(paths, "\x00"), func() []source.File { return bakefile.ReadFiles(paths, source.Options{}) })
	var all []validate.Build
	for _, file := range files {
		all = append(all, file.Builds...)
	}
	chosen := selectTargets(all, c.Targets)
	overridden := make(map[*validate.Build]validate.Build, len(chosen))
	for _, b := range chosen {
		overridden[b] = applyOverrides(*b, c, all)
	}
	for _, s := range c.Sets {
		pattern, key, _ := strings.Cut(s.Key, ".")
		key = strings.TrimSuffix(key, "+")
		if key != "cache-from" && key != "cache-to" {
			continue
		}
		for _, b := range chosen {
			if matches(pattern, b.Name, all) {
				f.replaced[spanKey(s.At)] = true
			}
		}
	}
	for _, file := range files {
		var builds []validate.Build
		for _, b := range chosen {
			if b.Source.Def.File == file.Path || file.Path == files[0].Path && !hasFile(files, b.Source.Def.File) {
				builds = append(builds, overridden[b])
			}
		}
		f.emit(file, Bake, c, via, builds, true)
	}
}

func hasFile(files []source.File, p string) bool {
	for _, f := range files {
		if f.Path == p {
			return true
		}
	}
	return false
}

// compose reads the compose files a call names (or the default file of
// its directory) and lints the services it builds.
func (f *follower) compose(c workflow.Call, via string) {
	var paths []string
	for _, p := range c.Files {
		if q := f.abs(p); f.stats.regular(q) {
			paths = append(paths, q)
		}
	}
	if len(c.Files) == 0 {
		for _, name := range composeDefaults {
			if q := f.abs(filepath.ToSlash(filepath.Join(c.Dir, name))); f.stats.regular(q) {
				paths = append(paths, q)
				break
			}
		}
	}
	for _, file := range f.once("compose\x00"+strings.Join(paths, "\x00"), func() []source.File { return composefile.ReadFiles(paths, source.Options{}) }) {
		var builds []validate.Build
		for _, b := range file.Builds {
			if len(c.Targets) > 0 && !contains(c.Targets, b.Name) {
				continue
			}
			if c.Push != nil && *c.Push {
				b.Push = c.Push
			}
			builds = append(builds, b)
		}
		f.emit(file, Compose, c, via, builds, true)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// calleePath is the file a composite action or reusable workflow call
// uses, "" when there is none.
func (f *follower) calleePath(c workflow.Call) string {
	if c.Kind == workflow.CallAction {
		for _, name := range []string{"action.yml", "action.yaml"} {
			if q := f.abs(filepath.ToSlash(filepath.Join(c.Path, name))); f.stats.regular(q) {
				return q
			}
		}
		return ""
	}
	if q := f.abs(c.Path); f.stats.regular(q) {
		return q
	}
	return ""
}

// cycle reports whether a call uses a callee already being expanded
// (on the stack), and then reports the cycle at the call, once.
func (f *follower) cycle(c workflow.Call, stack []string) bool {
	p := f.calleePath(c)
	if p == "" {
		return false
	}
	for i, s := range stack {
		if s != p {
			continue
		}
		var names []string
		for _, s := range stack[i:] {
			names = append(names, f.rel(s))
		}
		names = append(names, f.rel(p))
		if key := "cycle\x00" + c.At.String(); !f.seen[key] {
			f.seen[key] = true
			f.about = append(f.about, validate.CallCycle.At(c.At,
				"this uses "+f.rel(p)+" again while it is being expanded ("+strings.Join(names, " -> ")+"): the cycle never ends, so it is not followed; break the cycle"))
		}
		return true
	}
	return false
}

// callee reads the composite action or reusable workflow a call uses,
// with its inputs and the caller's context, and follows its own calls.
func (f *follower) callee(c workflow.Call, stack []string, via string) {
	p := f.calleePath(c)
	kind := ReusableWorkflow
	if c.Kind == workflow.CallAction {
		kind = Action
	}
	if p == "" {
		return
	}
	if len(stack) > maxDepth {
		return
	}
	data, d := source.ReadFile(p)
	if d != nil {
		return
	}
	file, calls, about := readCallee(p, data, c)
	f.about = append(f.about, about...)
	file.Content, file.Sum = data, sha256.Sum256(data)
	f.kinds[p] = kind
	// the callee's calls are named after the callee's caller
	for i := range calls {
		calls[i].Job, calls[i].StepName = c.Job, c.StepName
	}
	f.follow(calls, append(stack[:len(stack):len(stack)], p), via+", via "+f.rel(p))
	f.emit(file, kind, c, via, withoutReplaced(file.Builds, f.replaced), false)
}
