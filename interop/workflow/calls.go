package workflow

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/validate"
)

// Call is a run: step's command that runs a file of the repository: a
// shell script (./ci/build.sh, bash ci/build.sh arg) or make targets (make
// image, make -C dir target), with the context the step gives the builds
// in that file.
type Call struct {
	// Make says the step runs make: Path is the -f file, or "" for the
	// Makefile of Dir; Targets are the goals ("" none: the default goal).
	// Otherwise Path is the script. Paths are relative to the
	// repository's root, slash-separated, with the step's
	// working-directory applied; they may name files that do not exist.
	Make    bool
	Path    string
	Dir     string
	Targets []string
	// Job names the job (and matrix leg) and the step.
	Job string
	// At places the command in the workflow.
	At diag.Range
	// CI and Builder are the step's context: the workflow's event, fork
	// and triggers, the builder that docker/setup-buildx-action creates
	// (the runner's docker driver without one).
	CI      validate.CI
	Builder validate.Builder
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
	if !ok || !strings.Contains(script, "make") && !strings.Contains(script, "/") && !strings.Contains(script, ".sh") {
		return
	}
	m := newScalarMap(r.path, r.lines, resolve(run))
	ci, builder := r.context(jobIf, st, su, validate.StepRun)
	seen := map[string]bool{}
	for _, l := range legs {
		if !isPOSIXShell(stepShell(st, jc, l)) {
			continue
		}
		sub, _ := l.substitute(script)
		masked, masks := maskExpressions(sub)
		f, err := shellcmd.Parse(masked)
		if err != nil {
			continue
		}
		dir := l.sub(workingDir(st, jn, r.root))
		lines := lineStarts(masked)
		for _, c := range shellcmd.Calls(f, masked, shellcmd.Options{Unmask: func(s string) string { return unmask(s, masks) }}) {
			if strings.Contains(c.Path+c.Dir+strings.Join(c.Targets, " "), "${{") {
				continue // an expression the linter cannot resolve
			}
			call := Call{Make: c.Make, Targets: c.Targets, CI: ci, Builder: builder, Job: l.name(job)}
			if name := str(get(st, "name")); name != "" {
				call.Job += ": " + l.sub(name)
			}
			if c.Make {
				call.Dir = clean(path.Join(dir, c.Dir))
				call.Path = c.Path
				if call.Path != "" {
					call.Path = clean(path.Join(call.Dir, c.Path))
				}
			} else {
				call.Path = clean(path.Join(dir, c.Path))
			}
			if strings.HasPrefix(call.Path, "../") || strings.HasPrefix(call.Dir, "../") || call.Path == ".." || call.Dir == ".." {
				continue // outside the repository
			}
			key := call.Job + "\x00" + call.Path + "\x00" + call.Dir + "\x00" + strings.Join(call.Targets, " ")
			if seen[key] {
				continue
			}
			seen[key] = true
			p := m.At(lines.offset(len(masked), c.Line, c.Col))
			call.At = diag.At(p.File, p.Start)
			*r.calls = append(*r.calls, call)
		}
	}
}

// clean is path.Clean without the "." of an empty path.
func clean(p string) string {
	if p = path.Clean(p); p == "." {
		return ""
	}
	return strings.TrimPrefix(p, "./")
}
