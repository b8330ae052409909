package workflow

import (
	"iter"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Call is a step or job that runs a file of the repository, with the
// context it gives the builds in that file: a run: step's command that
// runs a shell script (./ci/build.sh, bash ci/build.sh arg), make targets
// (make image, make -C dir target), bake targets (docker buildx bake -f
// FILE TARGET --set ...) or compose services (docker compose -f FILE
// build SERVICE); a docker/bake-action step (files, targets, set); a step
// that uses a local composite action (uses: ./.github/actions/NAME); a job
// that uses a local reusable workflow (uses:
// ./.github/workflows/NAME.yml).
type Call struct {
	// Kind is what the call runs (CallScript for a script).
	Kind CallKind
	// Make says the step runs make (Kind is CallMake): Path is the -f
	// file, or "" for the Makefile of Dir; Targets are the goals (none:
	// the default goal). For a script, Path is the script; for bake and
	// compose, Files are the -f files (none: the default files of Dir),
	// Targets the targets or services (none: the default group, every
	// service); for a composite action, Path is its directory, for a
	// reusable workflow its file. Paths are relative to the repository's
	// root, slash-separated, with the step's working-directory applied;
	// they may name files that do not exist.
	Make    bool
	Path    string
	Dir     string
	Targets []string
	// Job names the job (and matrix leg); StepName the step, as GitHub
	// shows it (its name, else "Run " and its command or action), "" for a
	// job that uses a reusable workflow.
	Job, StepName string
	// At places the command in the workflow.
	At diag.Range
	// CI and Builder are the step's context: the workflow's event, fork
	// and triggers, the builder that docker/setup-buildx-action creates
	// (the runner's docker driver without one).
	CI      validate.CI
	Builder validate.Builder
	// Files are the bake or compose files.
	Files []string
	// Sets are bake's overrides (--set, the set input), placed where
	// their values are written.
	Sets []source.Set
	// Push and Load are --push and --load, or the push and load inputs
	// of docker/bake-action; nil when not given.
	Push, Load *bool
	// Inputs are the with: inputs given to a composite action or
	// reusable workflow, matrix values substituted.
	Inputs []Input
	// Step is the kind of step that runs the builds: validate.StepAction
	// for docker/bake-action, validate.StepRun for a run: step's command.
	Step validate.Step
}

// CallKind is what a Call runs.
type CallKind uint8

// The kinds of calls.
const (
	CallScript   CallKind = iota // a shell script
	CallMake                     // make goals
	CallBake                     // bake targets
	CallCompose                  // compose services
	CallAction                   // a local composite action
	CallWorkflow                 // a local reusable workflow
)

// Input is a with: input of a call: its name and value, At where its key
// is written, Spans where each non-blank line of its value is.
type Input struct {
	Name, Value string
	At          diag.Range
	Spans       []diag.Span
}

// Calls returns the calls of the run: steps of the workflow in data (path
// names it), in order, once per distinct call and context across the legs
// of a matrix. A workflow that does not parse has none.
func Calls(path string, data []byte) []Call {
	var calls []Call
	parseWith(path, data, &calls)
	return calls
}

// workingDir is the working-directory a run: step runs in: its own, else
// defaults.run.working-directory of the job, then of the workflow.
func workingDir(st, job, root *yaml.Node) string {
	for _, n := range []*yaml.Node{get(st, "working-directory"), get(get(get(job, "defaults"), "run"), "working-directory"), get(get(get(root, "defaults"), "run"), "working-directory")} {
		if s := str(n); s != "" {
			return s
		}
	}
	return ""
}

// stepCalls collects the calls of a run: step, for each POSIX leg.
func (r *reader) stepCalls(job, jobIf string, st, jn, run *yaml.Node, su setup, legs []leg, jc jobContext) {
	script, ok := scalar(run)
	if !ok || !shellcmd.MentionsCall(script) {
		return
	}
	m := newScalarMap(r.path, r.lines, resolve(run))
	ci, builder := r.context(jobIf, st, su, validate.StepRun)
	seen := map[string]bool{}
	for _, l := range legs {
		if !isPOSIXShell(stepShell(st, jc, l)) {
			continue
		}
		sub, _, back := l.substituteBack(script)
		ps := r.script(sub)
		if ps.err != nil {
			continue
		}
		masked := ps.masked
		dir := l.sub(workingDir(st, jn, r.root))
		r.runCalls(ps.file, masked, script, ps.masks, back, m, dir, job, st, l, ci, builder)
		var cds []int // where the script changes directory
		if len(ps.callList()) > 0 && shellcmd.MentionsDirChange(masked) {
			cds = shellcmd.DirChanges(ps.file, masked, ps.options())
		}
		for _, c := range ps.callList() {
			if strings.Contains(c.Path+c.Dir+strings.Join(c.Targets, " "), "${{") {
				continue // an expression the linter cannot resolve
			}
			if len(cds) > 0 && cds[0] < c.Off {
				continue // after a cd, in a directory not followed
			}
			call := Call{Make: c.Make, Kind: kindOf(c.Make), Targets: c.Targets, CI: ci, Builder: builder, Job: l.name(job), Step: validate.StepRun}
			call.StepName = stepLabel(st, l)
			var inside bool
			if call.Path, call.Dir, inside = c.Rel(dir); !inside {
				continue // outside the repository
			}
			key := call.Job + "\x00" + call.StepName + "\x00" + call.Path + "\x00" + call.Dir + "\x00" + strings.Join(call.Targets, " ")
			if seen[key] {
				continue
			}
			seen[key] = true
			p := m.At(c.Off)
			call.At = diag.At(p.File, p.Start)
			*r.calls = append(*r.calls, call)
		}
	}
}

// inputLine is one line of a multi-line action input (set:, files:):
// its text without the surrounding white space, and the offset of that
// text in the input.
type inputLine struct {
	text string
	off  int
}

// inputLines yields the lines of raw, in order, empty ones included.
func inputLines(raw string) iter.Seq[inputLine] {
	return func(yield func(inputLine) bool) {
		off := 0
		for _, line := range strings.SplitAfter(raw, "\n") {
			start := off
			off += len(line)
			t := strings.TrimRight(line, "\r\n")
			lead := len(t) - len(strings.TrimLeft(t, " \t"))
			if !yield(inputLine{text: strings.TrimSpace(t), off: start + lead}) {
				return
			}
		}
	}
}
