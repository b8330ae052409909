package lint

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
)

// lintRepo lints a repository written from files and returns its
// findings as "FILE:LINE:COL RULE (SUBJECT)", paths relative to it.
func lintRepo(t *testing.T, files map[string]string, paths ...string) ([]string, Result) {
	t.Helper()
	return lintRepoWith(t, files, Options{Threshold: 2}, paths...)
}

// lintRepoWith is lintRepo with opts.
func lintRepoWith(t *testing.T, files map[string]string, opts Options, paths ...string) ([]string, Result) {
	t.Helper()
	dir := writeRepo(t, files)
	var ps []string
	for _, p := range paths {
		ps = append(ps, filepath.Join(dir, filepath.FromSlash(p)))
	}
	if len(ps) == 0 {
		ps = []string{dir}
	}
	r := Paths(ps, opts)
	var got []string
	for _, d := range r.Diagnostics {
		rel, _ := filepath.Rel(dir, d.Range.File)
		got = append(got, fmt.Sprintf("%s:%d:%d %s (%s)", filepath.ToSlash(rel), d.Range.Start.Line, d.Range.Start.Col, d.Rule, d.Subject))
	}
	return got, r
}

func expect(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const noBuildx = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"

// TestOncePerContext: a script called from several steps and jobs is
// read once per distinct context: the same context twice gives one
// finding (named after the first caller), another context its own (job
// c's builder allows the export, and it writes the ref job a writes); a
// finding that does not depend on the caller is the script's own, once.
func TestOncePerContext(t *testing.T) {
	got, _ := lintRepo(t, map[string]string{
		".github/workflows/ci.yml": `on: [push, pull_request]
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: ./ci/build.sh
      - run: ./ci/build.sh
  b:
    runs-on: ubuntu-latest
    steps:
      - run: ./ci/build.sh
  c:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - uses: docker/setup-buildx-action@v3
      - run: ./ci/build.sh
`,
		"ci/build.sh": "#!/bin/sh\ndocker buildx build --cache-to type=registry,ref=ghcr.io/acme/app:cache --cache-to type=inline,mode=maxx .\n",
	})
	expect(t, got, []string{
		`ci/build.sh:2:32 CacheExportFromForkPR (ci/build.sh: buildx build at line 2 (run by ci.yml, job a, step "Run ./ci/build.sh"))`,
		`ci/build.sh:2:32 CacheExportNeedsContainerBuilder (ci/build.sh: buildx build at line 2 (run by ci.yml, job a, step "Run ./ci/build.sh"))`,
		`ci/build.sh:2:32 CacheNeverRead (buildx build at line 2)`,
		`ci/build.sh:2:32 SharedRegistryCacheRef (ci/build.sh: buildx build at line 2 (run by ci.yml, job c, step "Run ./ci/build.sh"))`,
		`ci/build.sh:2:101 InvalidCacheMode (buildx build at line 2)`,
	})
}

// TestComposeCalls: docker compose build reads the default compose file
// of the step's directory (the first that exists), or the -f file, and
// builds the services named (every one without), --push pushing them.
func TestComposeCalls(t *testing.T) {
	compose := "services:\n  api:\n    build:\n      context: .\n      cache_to: [\"type=gha,mode=maxx\"]\n  web:\n    build:\n      context: .\n      cache_to: [\"type=registry,ref=ghcr.io/acme/web:cache\"]\n"
	got, r := lintRepo(t, map[string]string{
		".github/workflows/ci.yml": noBuildx + "      - run: docker compose build --push web\n        working-directory: app\n      - run: docker compose -f other/compose.yaml build\n",
		"app/compose.yaml":         compose,
		"app/docker-compose.yml":   "services:\n  x:\n    build:\n      context: .\n      cache_to: [\"type=inline,mode=maxx\"]\n",
		"other/compose.yaml":       strings.ReplaceAll(compose, "acme/web", "acme/other"),
	}, ".github/workflows/ci.yml")
	expect(t, got, []string{
		"app/compose.yaml:9:19 CacheExportNeedsContainerBuilder (app/compose.yaml: web (run by ci.yml, job a, step \"Run docker compose build --push web\"))",
		"other/compose.yaml:5:33 InvalidCacheMode (other/compose.yaml: api (run by ci.yml, job a, step \"Run docker compose -f other/compose.yaml build\"))",
		"other/compose.yaml:9:19 CacheExportNeedsContainerBuilder (other/compose.yaml: web (run by ci.yml, job a, step \"Run docker compose -f other/compose.yaml build\"))",
	})
	for p, k := range map[string]Kind{"app/compose.yaml": Compose, "other/compose.yaml": Compose, ".github/workflows/ci.yml": Workflow} {
		found := false
		for q, kk := range r.Kinds {
			if strings.HasSuffix(filepath.ToSlash(q), p) && kk == k {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: kind %v not in %v", p, k, r.Kinds)
		}
	}
}

// TestBakeCallsFollowed: the bake definition of a call: the default files
// of the directory (the bake and compose default names), -f files
// relative to the step's directory, a script's bake command run in the
// step's directory, a Makefile's in the Makefile's; a remote source, a
// file that does not exist or an unresolved path is not followed.
func TestBakeCallsFollowed(t *testing.T) {
	bake := func(name string) string {
		return "target \"default\" {\n  cache-to = [\"type=registry,ref=ghcr.io/acme/" + name + ":cache\"]\n}\n"
	}
	got, _ := lintRepo(t, map[string]string{
		".github/workflows/ci.yml": noBuildx + `      - uses: docker/bake-action@v6
        with:
          source: https://github.com/acme/defs.git
      - uses: docker/bake-action@v6
        with:
          workdir: a
      - run: docker buildx bake -f missing.hcl
      - run: docker buildx bake -f "$FILE"
      - run: ../ci/bake.sh
        working-directory: b
      - run: make -C c
`,
		"a/docker-bake.hcl":     bake("a"),
		"b/docker-bake.hcl":     bake("b"),
		"ci/bake.sh":            "#!/bin/sh\ndocker buildx bake -f docker-bake.hcl\n",
		"c/Makefile":            "all:\n\tdocker buildx bake -f sub/docker-bake.hcl\n",
		"c/sub/docker-bake.hcl": bake("c"),
		"docker-bake.hcl":       bake("root"),
	}, ".github/workflows/ci.yml")
	expect(t, got, []string{
		`a/docker-bake.hcl:2:16 CacheExportNeedsContainerBuilder (a/docker-bake.hcl: default (run by ci.yml, job a, step "Run docker/bake-action@v6"))`,
		`b/docker-bake.hcl:2:16 CacheExportNeedsContainerBuilder (b/docker-bake.hcl: default (run by ci.yml, job a, step "Run ../ci/bake.sh", via ci/bake.sh))`,
		`c/sub/docker-bake.hcl:2:16 CacheExportNeedsContainerBuilder (c/sub/docker-bake.hcl: default (run by ci.yml, job a, step "Run make -C c", via c/Makefile))`,
	})
}

// TestCallCycles: composite actions that use themselves, or each other,
// give one CallCycle each at the uses: that closes the cycle, and the
// rest is still linted; a chain deeper than maxDepth stops.
func TestCallCycles(t *testing.T) {
	action := func(next string) string {
		return "runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: docker buildx build --cache-to type=gha,mode=maxx .\n    - uses: ./.github/actions/" + next + "\n"
	}
	got, _ := lintRepo(t, map[string]string{
		".github/workflows/ci.yml":         noBuildx + "      - uses: ./.github/actions/a\n      - uses: ./.github/actions/self\n",
		".github/actions/a/action.yml":     action("b"),
		".github/actions/b/action.yml":     action("a"),
		".github/actions/self/action.yaml": action("self"),
	})
	want := []string{
		".github/actions/a/action.yml:5:57 InvalidCacheMode (.github/actions/a/action.yml: runs: buildx build (run by ci.yml, job a, step \"Run ./.github/actions/a\"))",
		".github/actions/b/action.yml:5:57 InvalidCacheMode (.github/actions/b/action.yml: runs: buildx build (run by ci.yml, job a, step \"Run ./.github/actions/a\", via .github/actions/a/action.yml))",
		".github/actions/b/action.yml:6:7 CallCycle ()",
		".github/actions/self/action.yaml:5:57 InvalidCacheMode (.github/actions/self/action.yaml: runs: buildx build (run by ci.yml, job a, step \"Run ./.github/actions/self\"))",
		".github/actions/self/action.yaml:6:7 CallCycle ()",
	}
	var kept []string
	for _, g := range got {
		if !strings.Contains(g, "GHA") && !strings.Contains(g, "ContainerBuilder") {
			kept = append(kept, g)
		}
	}
	expect(t, kept, want)

	// a chain of actions, each using the next: followed maxDepth deep
	files := map[string]string{".github/workflows/ci.yml": noBuildx + "      - uses: ./.github/actions/a0\n"}
	for i := range 12 {
		files[fmt.Sprintf(".github/actions/a%d/action.yml", i)] = action(fmt.Sprintf("a%d", i+1))
	}
	got, _ = lintRepo(t, files)
	n := 0
	for _, g := range got {
		if strings.Contains(g, "InvalidCacheMode") {
			n++
		}
	}
	if n != maxDepth {
		t.Errorf("%d actions followed, want %d:\n%s", n, maxDepth, strings.Join(got, "\n"))
	}
}

// TestCalleeKindsJSON: the JSON output names a composite action's file
// "action" and a reusable workflow's "reusable-workflow".
func TestCalleeKindsJSON(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".github/workflows/ci.yml":         "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/build\n  r:\n    uses: ./.github/workflows/build.yml\n",
		".github/actions/build/action.yml": "runs:\n  using: composite\n  steps:\n    - uses: docker/build-push-action@v6\n      with:\n        cache-to: type=gha,mode=maxx\n",
		".github/workflows/build.yml":      "on: workflow_call\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          cache-to: type=gha,mode=maxx\n",
	})
	got, out := jsonKinds(t, dir)
	if got[".github/actions/build/action.yml"] != "action" || got[".github/workflows/build.yml"] != "reusable-workflow" {
		t.Errorf("kinds %v\n%s", got, out)
	}
	if Action.String() != "action" || ReusableWorkflow.String() != "reusable-workflow" || Kind(200).String() != "unknown" {
		t.Error("kind names")
	}
}

// TestCalledSuppressions: the suppression comments of a called file hide
// the findings placed in it for a caller (a script, a bake file), and an
// undeclared input is hidden by a comment in the workflow; a comment of a
// called file that hides nothing for the caller is not reported for it.
func TestCalledSuppressions(t *testing.T) {
	files := map[string]string{
		".github/workflows/ci.yml":     "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - run: ./ci/build.sh\n      - uses: docker/bake-action@v6\n      - uses: ./.github/actions/x\n        with:\n          # buildxcache: ignore[UndeclaredInput] the action reads it from the environment\n          extra: 1\n",
		"ci/build.sh":                  "#!/bin/sh\n# buildxcache: ignore[GHAScopeDefault] hides nothing here\n# buildxcache: ignore[CacheExportFromForkPR] pushes only from the main repository\ndocker buildx build --cache-to type=registry,ref=ghcr.io/acme/app:cache .\n",
		"docker-bake.hcl":              "target \"default\" {\n  # buildxcache: ignore[CacheExportFromForkPR] forks do not run this workflow\n  cache-to = [\"type=registry,ref=ghcr.io/acme/web:cache\"]\n}\n",
		".github/actions/x/action.yml": "runs:\n  using: composite\n  steps: []\n",
	}
	got, _ := lintRepo(t, files, ".github/workflows/ci.yml")
	expect(t, got, nil)
	// without the comments, the three are reported
	for name, data := range files {
		var kept []string
		for _, line := range strings.Split(data, "\n") {
			if !strings.Contains(line, "buildxcache: ignore") {
				kept = append(kept, line)
			}
		}
		files[name] = strings.Join(kept, "\n")
	}
	got, _ = lintRepo(t, files, ".github/workflows/ci.yml")
	var rules []string
	for _, g := range got {
		rules = append(rules, strings.Fields(g)[1])
	}
	if !slices.Equal(rules, []string{"UndeclaredInput", "CacheExportFromForkPR", "CacheExportFromForkPR"}) {
		t.Errorf("without the comments: %q", got)
	}
}

// TestMaxCalls: a workflow whose callees call each other many times over
// (each action using the next twice, with different inputs: 2^n paths,
// no cycle) stops after maxCalls calls.
func TestMaxCalls(t *testing.T) {
	old := maxCalls
	maxCalls = 50
	defer func() { maxCalls = old }()
	files := map[string]string{".github/workflows/ci.yml": noBuildx + "      - uses: ./.github/actions/a0\n"}
	for i := range 7 {
		files[fmt.Sprintf(".github/actions/a%d/action.yml", i)] = fmt.Sprintf("inputs:\n  v: {default: x}\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: docker buildx build --cache-to type=gha,scope=${{ inputs.v }},mode=maxx .\n    - uses: ./.github/actions/a%d\n      with: {v: \"${{ inputs.v }}1\"}\n    - uses: ./.github/actions/a%d\n      with: {v: \"${{ inputs.v }}2\"}\n", i+1, i+1)
	}
	dir := writeRepo(t, files)
	wf := filepath.Join(dir, ".github", "workflows", "ci.yml")
	out, _ := called([]source.File{source.ReadOne(workflow.Reader, wf)})
	n := 0
	for _, f := range out {
		n += len(f.Builds)
	}
	if n == 0 || n > 50 {
		t.Errorf("%d builds followed, want at most 50", n)
	}
}

// TestFollowPanics: a panic while following a workflow's calls is a
// FileSyntaxError of the workflow; what was followed before it, the
// workflow itself and the other files are still linted.
func TestFollowPanics(t *testing.T) {
	old := readCallee
	readCallee = func(string, []byte, workflow.Call) (source.File, []workflow.Call, diag.Diagnostics) { panic("boom") }
	defer func() { readCallee = old }()
	got, r := lintRepo(t, map[string]string{
		".github/workflows/ci.yml":     noBuildx + "      - run: ./ci/build.sh\n      - uses: ./.github/actions/x\n      - run: docker buildx build --cache-to type=gha,mode=maxx .\n",
		".github/actions/x/action.yml": "runs:\n  using: composite\n  steps: []\n",
		"ci/build.sh":                  "#!/bin/sh\ndocker buildx build --cache-to type=registry,ref=ghcr.io/acme/a:cache .\n",
	}, ".github/workflows/ci.yml")
	expect(t, got, []string{
		".github/workflows/ci.yml:0:0 FileSyntaxError ()",
		".github/workflows/ci.yml:8:59 InvalidCacheMode (a: buildx build)",
		`ci/build.sh:2:32 CacheExportNeedsContainerBuilder (ci/build.sh: buildx build at line 2 (run by ci.yml, job a, step "Run ./ci/build.sh"))`,
	})
	if m := r.Diagnostics[0].Message; !strings.Contains(m, "following the files this workflow runs failed: boom") {
		t.Errorf("message %q", m)
	}
}
