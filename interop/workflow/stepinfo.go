package workflow

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// What the steps and the job of a build say about it beyond its values:
// the directories actions/cache and the artifact actions keep between
// runs, whether the runner is GitHub-hosted, the variables env: sets, and
// whether the workflow runs for releases; and the bake-action set: lines
// that bake refuses.

// legInfo is what a leg's builds get from their job.
type legInfo struct {
	persisted []validate.Persisted
	hosted    *bool
}

// hostedLabel matches the labels of GitHub-hosted runners.
// isHostedLabel reports whether l, lower-cased, is a GitHub-hosted runner
// label: ubuntu-, windows- or macos- and then letters, digits, dots and
// dashes (ubuntu-latest, windows-2022, macos-14-arm64).
func isHostedLabel(l string) bool {
	rest, ok := "", false
	for _, p := range [...]string{"ubuntu-", "windows-", "macos-"} {
		if r, found := strings.CutPrefix(l, p); found {
			rest, ok = r, true
			break
		}
	}
	if !ok || rest == "" {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// hostedRunner reads a runs-on text (labels separated by spaces, matrix
// values substituted): true for a GitHub-hosted label, false with
// self-hosted, nil otherwise (a custom label, an expression).
func hostedRunner(runsOn string) *bool {
	labels := strings.Fields(runsOn)
	if len(labels) == 0 || strings.Contains(runsOn, "${{") {
		return nil
	}
	for _, l := range labels {
		if strings.EqualFold(strings.Trim(l, "'\",[]"), "self-hosted") {
			f := false
			return &f
		}
	}
	for _, l := range labels {
		if isHostedLabel(strings.ToLower(strings.Trim(l, "'\",[]"))) {
			t := true
			return &t
		}
	}
	return nil
}

// keepers are the actions that keep directories between runs.
var keepers = map[string]bool{"actions/cache": true, "actions/cache/restore": true, "actions/cache/save": true,
	"actions/upload-artifact": true, "actions/download-artifact": true}

// jobInfo reads, for each leg, the directories the job's steps keep and
// the runner.
func (r *reader) jobInfo(jn *yaml.Node, legs []leg, jc jobContext, jobIf string) []legInfo {
	out := make([]legInfo, len(legs))
	ex := r.newJobExprs(jn, len(legs))
	for i, l := range legs {
		out[i].hosted = hostedRunner(l.sub(jc.runsOn))
	}
	for _, st := range items(get(jn, "steps")) {
		action, _, _ := strings.Cut(strings.ToLower(str(get(st, "uses"))), "@")
		if !keepers[action] {
			continue
		}
		ev, _ := r.event(jobIf, str(get(st, "if")))
		with := get(st, "with")
		for i, l := range ex.stepLegs(legs, st, ev) {
			key := ""
			if strings.HasPrefix(action, "actions/cache") {
				key = l.sub(str(get(with, "key")))
			}
			for _, p := range strings.Split(l.sub(str(get(with, "path"))), "\n") {
				p = strings.TrimSpace(p)
				if p == "" || strings.HasPrefix(p, "!") {
					continue
				}
				out[i].persisted = append(out[i].persisted, validate.Persisted{Path: p, Key: key})
			}
		}
	}
	return out
}

// apply gives build b what its leg's context says.
func (l leg) apply(b *validate.Build) {
	if l.info != nil {
		b.Persisted = slices.Clone(l.info.persisted)
		b.CI.HostedRunner = l.info.hosted
	}
	if l.ctx != nil {
		b.CI.Env = l.ctx.knownEnv(l.vals)
	}
}

// knownEnv returns the variables of the cache clients (clientVariable)
// that env: and earlier $GITHUB_ENV writes set for a step, those whose
// value is known.
func (c *exprContext) knownEnv(matrix map[string]string) map[string]string {
	var names []string
	for _, m := range append(c.env[:], c.exported) {
		for k := range m {
			if clientVariable(k) && !slices.Contains(names, k) {
				names = append(names, k)
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, k := range names {
		if v := c.envValue(k, matrix, 3, 0); v.known() && v.kind != vNull {
			out[k] = v.text()
		}
	}
	return out
}

// releases reports whether a workflow runs for releases or tag pushes.
func releases(root *yaml.Node, events []string) bool {
	if slices.Contains(events, "release") {
		return true
	}
	push := get(get(root, "on"), "push")
	return get(push, "tags") != nil
}

// checkBakeSet reports the lines of docker/bake-action's set: input that
// bake refuses (validate.InvalidBakeSet).
func (r *reader) checkBakeSet(n *yaml.Node) {
	raw, ok := scalar(n)
	if !ok {
		return
	}
	m := newScalarMap(r.path, r.lines, resolve(n))
	for ln := range inputLines(raw) {
		t := ln.text
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if msg := bakeSetProblem(t); msg != "" {
			p := m.At(ln.off)
			r.file.Diagnostics = append(r.file.Diagnostics, validate.InvalidBakeSet.At(diag.At(p.File, p.Start), msg,
				diag.Fix{Message: "write TARGET.ATTRIBUTE=VALUE (for example *.cache-to=...); set a bake variable with the step's env: instead"}))
		}
	}
}

// bakeSetProblem returns why bake refuses a set: line, or "".
func bakeSetProblem(line string) string {
	key, _, hasValue := strings.Cut(line, "=")
	if strings.Contains(key, "${{") {
		return ""
	}
	skey := strings.TrimSuffix(key, "+")
	keys := strings.SplitN(skey, ".", 3)
	if len(keys) < 2 {
		return "bake refuses this set: line (\"invalid override key " + skey + ", expected target.name\"), which fails the step before anything is built"
	}
	if !hasValue && keys[1] != "args" && keys[1] != "arg" {
		return "bake refuses this set: line (\"invalid override " + line + ", expected target.name=value\"), which fails the step before anything is built"
	}
	return ""
}

// clientVariable reports whether a variable configures the cache clients
// (ACTIONS_*, BUILDX_*, BUILDKIT_*) and names no credential: the only ones
// a build carries, so that no secret travels in it.
func clientVariable(name string) bool {
	u := strings.ToUpper(name)
	if !strings.HasPrefix(u, "ACTIONS_") && !strings.HasPrefix(u, "BUILDX_") && !strings.HasPrefix(u, "BUILDKIT_") {
		return false
	}
	for _, w := range []string{"TOKEN", "SECRET", "KEY", "PASSWORD", "CREDENTIAL", "AUTH"} {
		if strings.Contains(u, w) {
			return false
		}
	}
	return true
}
