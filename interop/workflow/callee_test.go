package workflow

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/validate"
)

// describe prints a call for the tables: kind, path, dir, files,
// targets, sets (key=value@line:col), push, inputs, job and step, event,
// fork, driver and step kind.
func describe(c Call) string {
	var sets, ins []string
	for _, s := range c.Sets {
		sets = append(sets, fmt.Sprintf("%s=%s@%d:%d", s.Key, s.Value, s.At.Start.Line, s.At.Start.Col))
	}
	for _, in := range c.Inputs {
		ins = append(ins, fmt.Sprintf("%s=%s@%d:%d", in.Name, in.Value, in.At.Start.Line, in.At.Start.Col))
	}
	fork := "?"
	if c.CI.Fork != nil {
		fork = fmt.Sprint(*c.CI.Fork)
	}
	push := "?"
	if c.Push != nil {
		push = fmt.Sprint(*c.Push)
	}
	return fmt.Sprintf("%d %q %q %q %q %q push=%s in=%q %s|%s %s fork=%s %s step=%d @%d", c.Kind, c.Path, c.Dir, c.Files, c.Targets, sets, push, ins, c.Job, c.StepName, c.CI.Event, fork, c.Builder.Driver, c.Step, c.At.Start.Line)
}

// TestBakeAndComposeCalls: the bake and compose calls of a workflow:
// docker/bake-action's files (cwd:// stripped, metadata-action's file
// left out), targets, set (placed at each value), push, workdir and
// source (the repository's default context and a subdirectory of it; a
// remote source not followed), docker buildx bake and docker compose
// build in run: steps (-f, targets, --set, working-directory); an
// expression in a path, a path outside the repository, or a command after
// a cd, is no call.
func TestBakeAndComposeCalls(t *testing.T) {
	wf := `on: pull_request
jobs:
  b:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/setup-buildx-action@v3
      - name: Bake
        uses: docker/bake-action@v6
        with:
          files: |
            ./docker-bake.hcl
            cwd://${{ steps.meta.outputs.bake-file }}
          targets: app,web
          push: true
          set: |
            *.cache-to=type=gha,mode=max
            app.cache-from+=type=gha
      - uses: docker/bake-action@v6
        with:
          workdir: deploy
          source: "{{defaultContext}}:images"
      - uses: docker/bake-action@v6
        with:
          source: https://github.com/acme/defs.git
      - uses: docker/bake-action@v6
        with:
          files: ${{ steps.meta.outputs.file }}
      - run: |
          docker buildx bake -f ci/bake.hcl --set 'web.output=type=registry' web
          docker compose -f compose.ci.yml build api
          docker-compose build
          docker buildx bake -f ../outside.hcl
          docker buildx bake -f ${{ steps.meta.outputs.f }}
          cd deploy && docker buildx bake
        working-directory: sub
`
	var got []string
	for _, c := range Calls(".github/workflows/ci.yml", []byte(wf)) {
		got = append(got, describe(c))
	}
	want := []string{
		`2 "" "" ["docker-bake.hcl"] ["app" "web"] ["*.cache-to=type=gha,mode=max@16:24" "app.cache-from+=type=gha@17:29"] push=true in=[] b|Bake pull_request fork=? docker-container step=1 @7`,
		`2 "" "deploy/images" [] [] [] push=? in=[] b|Run docker/bake-action@v6 pull_request fork=? docker-container step=1 @18`,
		`2 "" "sub" ["sub/ci/bake.hcl"] ["web"] ["web.output=type=registry@29:63"] push=? in=[] b|Run docker buildx bake -f ci/bake.hcl --set 'web.output=type=... pull_request fork=? docker-container step=2 @29`,
		`3 "" "sub" ["sub/compose.ci.yml"] ["api"] [] push=? in=[] b|Run docker buildx bake -f ci/bake.hcl --set 'web.output=type=... pull_request fork=? docker-container step=2 @30`,
		`3 "" "sub" [] [] [] push=? in=[] b|Run docker buildx bake -f ci/bake.hcl --set 'web.output=type=... pull_request fork=? docker-container step=2 @31`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestUsesCalls: a step that uses a local action (its directory, the
// repository's own with uses: ./) and a job that uses a local reusable
// workflow are calls with their with: inputs (matrix values substituted,
// once per distinct leg), the step's context and the job's builder; a
// remote action or workflow is none, and a job that uses one has no
// steps to read.
func TestUsesCalls(t *testing.T) {
	wf := `on: [push, pull_request]
jobs:
  steps:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        scope: [a, b]
        os: [x, y]
    steps:
      - uses: ./.github/actions/build
        with:
          scope: ${{ matrix.scope }}
      - uses: ./
      - uses: actions/checkout@v4
  reuse:
    if: github.event_name == 'push'
    uses: ./.github/workflows/build.yml
    with:
      image: ghcr.io/acme/app
  remote:
    uses: acme/workflows/.github/workflows/build.yml@v1
`
	var got []string
	for _, c := range Calls(".github/workflows/ci.yml", []byte(wf)) {
		got = append(got, describe(c))
	}
	want := []string{
		`4 ".github/actions/build" "" [] [] [] push=? in=["scope=a@12:11"] steps (a, x)|Run ./.github/actions/build pull_request fork=? docker step=0 @10`,
		`4 ".github/actions/build" "" [] [] [] push=? in=["scope=a@12:11"] steps (a, y)|Run ./.github/actions/build pull_request fork=? docker step=0 @10`,
		`4 ".github/actions/build" "" [] [] [] push=? in=["scope=b@12:11"] steps (b, x)|Run ./.github/actions/build pull_request fork=? docker step=0 @10`,
		`4 ".github/actions/build" "" [] [] [] push=? in=["scope=b@12:11"] steps (b, y)|Run ./.github/actions/build pull_request fork=? docker step=0 @10`,
		`4 "" "" [] [] [] push=? in=[] steps (a, x)|Run ./ pull_request fork=? docker step=0 @13`,
		`4 "" "" [] [] [] push=? in=[] steps (a, y)|Run ./ pull_request fork=? docker step=0 @13`,
		`4 "" "" [] [] [] push=? in=[] steps (b, x)|Run ./ pull_request fork=? docker step=0 @13`,
		`4 "" "" [] [] [] push=? in=[] steps (b, y)|Run ./ pull_request fork=? docker step=0 @13`,
		`5 ".github/workflows/build.yml" "" [] [] [] push=? in=["image=ghcr.io/acme/app@19:7"] reuse| push fork=?  step=0 @16`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestReadCallee: a composite action and a reusable workflow read for a
// caller: inputs given, defaults, an input with neither left a template;
// the caller's event, fork and triggers (without the pull request events
// where the caller does not run for them) and, for the action, the
// caller's builder; an undeclared input reported at the caller, with the
// nearest declared one; the callee's own calls, with the context.
func TestReadCallee(t *testing.T) {
	yes := true
	action := `name: build
inputs:
  cache-scope:
    default: app
  image: {}
  mode:
    default: min
runs:
  using: composite
  steps:
    - shell: bash
      run: docker buildx build --cache-to type=gha,scope=${{ inputs.cache-scope }},mode=${{ inputs.mode }} -t ${{ inputs.image }} .
    - uses: docker/build-push-action@v6
      with:
        cache-to: ${{ inputs.mode }}
    - run: ./ci/build.sh ${{ inputs.image }}
      shell: bash
`
	caller := Call{Kind: CallAction, Path: ".github/actions/build", Job: "image",
		CI:      validate.CI{Provider: "github-actions", Event: "pull_request", Fork: &yes, Triggers: []string{"push", "pull_request"}},
		Builder: validate.Builder{Driver: "docker-container", Nodes: 1},
		Inputs:  []Input{{Name: "mode", Value: "max"}, {Name: "cache_scope", Value: "web"}, {Name: "image", Value: "ghcr.io/acme/app"}}}
	f, calls, about := ReadCallee(".github/actions/build/action.yml", []byte(action), caller)
	var got []string
	for _, b := range f.Builds {
		got = append(got, fmt.Sprintf("%s: %q %s %v %s", b.Name, b.CacheTo, b.CI.Event, *b.CI.Fork, b.Builder.Driver))
	}
	want := []string{
		`runs: buildx build: ["type=gha,scope=app,mode=max"] pull_request true docker-container`,
		`runs: ["max"] pull_request true docker-container`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("builds:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(about) != 1 || about[0].Rule != "UndeclaredInput" || !strings.Contains(about[0].Message, "did you mean cache-scope?") {
		t.Errorf("about %v", about)
	}
	if len(calls) != 1 || calls[0].Path != "ci/build.sh" || calls[0].CI.Event != "pull_request" || calls[0].Builder.Driver != "docker-container" {
		t.Errorf("calls %+v", calls)
	}

	workflow := `on:
  workflow_call:
    inputs:
      image:
        type: string
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: docker buildx build --cache-to type=registry,ref=${{ inputs.image }}:cache .
      - uses: ./.github/actions/build
        with:
          image: ${{ inputs.image }}
`
	caller = Call{Kind: CallWorkflow, Path: ".github/workflows/build.yml", Job: "reuse",
		CI:      validate.CI{Provider: "github-actions", Event: "push", Triggers: []string{"push", "pull_request"}},
		Builder: validate.Builder{Driver: "docker-container"},
		Inputs:  []Input{{Name: "image", Value: "ghcr.io/acme/app"}}}
	f, calls, about = ReadCallee(".github/workflows/build.yml", []byte(workflow), caller)
	if len(f.Builds) != 1 || f.Builds[0].CacheTo[0] != "type=registry,ref=ghcr.io/acme/app:cache" || f.Builds[0].CI.Event != "push" ||
		!slices.Equal(f.Builds[0].CI.Triggers, []string{"push", "pull_request"}) || f.Builds[0].Builder.Driver != "docker" {
		t.Errorf("builds %+v", f.Builds)
	}
	if len(about) != 0 || len(calls) != 1 || calls[0].Inputs[0].Value != "ghcr.io/acme/app" || calls[0].CI.Event != "push" {
		t.Errorf("about %v calls %+v", about, calls)
	}
}

// TestReadCalleeRefusals: what is not a callee: a JavaScript action (no
// steps to read), a workflow without workflow_call (refused at the
// caller), a document that is not a mapping, YAML that does not parse, an
// input given to a callee that declares none.
func TestReadCalleeRefusals(t *testing.T) {
	at := Call{Kind: CallWorkflow, Path: ".github/workflows/x.yml", Job: "j"}
	at.At.File, at.At.Start.Line = "ci.yml", 4
	tests := []struct {
		name, data string
		kind       CallKind
		inputs     []Input
		rule, msg  string
		inFile     bool
	}{
		{"javascript action", "runs:\n  using: node20\n  main: index.js\n", CallAction, nil, "", "", false},
		{"not reusable", "on: push\njobs: {}\n", CallWorkflow, nil, "FileSyntaxError", "no on: workflow_call trigger", false},
		{"a list", "- a\n", CallAction, nil, "FileSyntaxError", "a composite action is a YAML mapping", true},
		{"bad YAML", "runs: [\n", CallAction, nil, "FileSyntaxError", "not valid YAML", true},
		{"no inputs declared", "runs:\n  using: composite\n  steps: []\n", CallAction, []Input{{Name: "x", Value: "1"}}, "UndeclaredInput", "which declares no inputs", false},
		{"another input", "inputs:\n  alpha: {}\nruns:\n  using: composite\n  steps: []\n", CallAction, []Input{{Name: "zzzzzz", Value: "1"}}, "UndeclaredInput", "which declares alpha; remove it", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := at
			c.Kind, c.Inputs = tt.kind, tt.inputs
			f, calls, about := ReadCallee("x.yml", []byte(tt.data), c)
			ds := about
			if tt.inFile {
				ds = f.Diagnostics
			}
			if len(f.Builds)+len(calls) != 0 {
				t.Errorf("builds %v calls %v", f.Builds, calls)
			}
			if tt.rule == "" {
				if len(about)+len(f.Diagnostics) != 0 {
					t.Errorf("diagnostics %v %v", about, f.Diagnostics)
				}
				return
			}
			if len(ds) != 1 || ds[0].Rule != tt.rule || !strings.Contains(ds[0].Message, tt.msg) {
				t.Fatalf("diagnostics %v, want %s %q", ds, tt.rule, tt.msg)
			}
			if !tt.inFile && ds[0].Range.File != "ci.yml" && tt.rule == "FileSyntaxError" {
				t.Errorf("placed %v, want at the caller", ds[0].Range)
			}
		})
	}
}

// TestIsReusable: only a workflow whose one trigger is workflow_call.
func TestIsReusable(t *testing.T) {
	for data, want := range map[string]bool{
		"on: workflow_call\njobs: {}\n":                 true,
		"on:\n  workflow_call:\n    inputs: {}\n":       true,
		"on: [push, workflow_call]\n":                   false,
		"on: push\n":                                    false,
		"on: workflow_call\n  bad: [\n":                 false,
		"# workflow_call\non: pull_request\njobs: {}\n": false,
	} {
		if got := IsReusable([]byte(data)); got != want {
			t.Errorf("%q: %v, want %v", data, got, want)
		}
	}
}

// TestSubstituteBack: offsets of the substituted text map back to the
// step's text, exactly outside the expressions replaced, to an
// expression's start inside one; an expression the leg does not define
// stays, and maps exactly.
func TestSubstituteBack(t *testing.T) {
	l := leg{vals: map[string]string{"os": "linux-amd64"}, inputs: map[string]string{"to": "x"}}
	s := "a ${{ inputs.to }} b ${{ matrix.os }} c ${{ inputs.none }} d"
	out, first, back := l.substituteBack(s)
	if out != "a x b linux-amd64 c ${{ inputs.none }} d" || first != 2 {
		t.Fatalf("%q %d", out, first)
	}
	for _, tt := range []struct {
		in, want int
		exact    bool
	}{{0, 0, true}, {2, 2, false}, {4, 19, true}, {6, 21, false}, {16, 21, false}, {18, 38, true}, {len(out) - 1, len(s) - 1, true}} {
		if got, exact := back(tt.in); got != tt.want || exact != tt.exact {
			t.Errorf("back(%d) = %d %v, want %d %v", tt.in, got, exact, tt.want, tt.exact)
		}
	}
	if _, first, back := (leg{}).substituteBack("abc"); first != -1 {
		t.Error("nothing replaced")
	} else if o, ok := back(2); o != 2 || !ok {
		t.Error("identity")
	}
}

// TestInputPlacement: a value that is a whole input is placed where the
// input's value is written: in the caller (line by line for a list), or
// at the callee's default; a value with an input inside it stays at its
// own place in the callee, inexactly.
func TestInputPlacement(t *testing.T) {
	caller := ".github/workflows/ci.yml"
	wf := "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/b\n        with:\n          to: |\n            type=gha,scope=a\n            type=inline\n          one: type=gha,scope=b\n"
	calls := Calls(caller, []byte(wf))
	if len(calls) != 1 || len(calls[0].Inputs) != 2 || len(calls[0].Inputs[0].Spans) != 2 {
		t.Fatalf("calls %+v", calls)
	}
	action := "inputs:\n  to: {}\n  one: {}\n  from:\n    default: type=registry,ref=r\nruns:\n  using: composite\n  steps:\n    - uses: docker/build-push-action@v6\n      with:\n        cache-to: ${{ inputs.to }}\n        cache-from: ${{ inputs.from }}\n    - shell: bash\n      run: docker buildx build --cache-to ${{ inputs.one }} --cache-to type=gha,scope=${{ inputs.one }} .\n"
	f, _, _ := ReadCallee(".github/actions/b/action.yml", []byte(action), calls[0])
	if len(f.Builds) != 2 {
		t.Fatalf("builds %+v", f.Builds)
	}
	var got []string
	for _, b := range f.Builds {
		for i, sp := range b.Source.CacheTo {
			got = append(got, fmt.Sprintf("to %s %s:%d:%d/%v", b.CacheTo[i], sp.File, sp.Start.Line, sp.Start.Col, sp.Exact))
		}
		for i, sp := range b.Source.CacheFrom {
			got = append(got, fmt.Sprintf("from %s %s:%d:%d/%v", b.CacheFrom[i], sp.File, sp.Start.Line, sp.Start.Col, sp.Exact))
		}
	}
	want := []string{
		"to type=gha,scope=a .github/workflows/ci.yml:9:13/true",
		"to type=inline .github/workflows/ci.yml:10:13/true",
		"from type=registry,ref=r .github/actions/b/action.yml:5:14/true",
		"to type=gha,scope=b .github/workflows/ci.yml:11:16/true",
		"to type=gha,scope=type=gha,scope=b .github/actions/b/action.yml:14:72/false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("spans:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if seps := f.Builds[0].Source.CacheToSep; len(seps) != 0 {
		t.Errorf("separators %q of values written in the caller", seps)
	}
}

// TestInputNamesIgnoreCase: input names ignore case, in the declaration,
// the caller's with: and the expressions, as GitHub reads them.
func TestInputNamesIgnoreCase(t *testing.T) {
	action := "inputs:\n  Cache-Scope:\n    default: app\nruns:\n  using: composite\n  steps:\n    - uses: docker/build-push-action@v6\n      with:\n        cache-to: type=gha,scope=${{ inputs.CACHE-scope }}\n"
	for given, want := range map[string]string{"": "type=gha,scope=app", "cache-scope": "type=gha,scope=web"} {
		c := Call{Kind: CallAction, Path: "a", Job: "j"}
		if given != "" {
			c.Inputs = []Input{{Name: given, Value: "web"}}
		}
		f, _, about := ReadCallee("a/action.yml", []byte(action), c)
		if len(about) != 0 || len(f.Builds) != 1 || f.Builds[0].CacheTo[0] != want {
			t.Errorf("given %q: builds %+v about %v, want %s", given, f.Builds, about, want)
		}
	}
}
