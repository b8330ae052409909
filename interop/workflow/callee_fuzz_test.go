package workflow

import (
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// FuzzReadCallee feeds arbitrary documents to ReadCallee as a composite
// action and as a reusable workflow, and Calls as a workflow: no panic,
// every value placed in the callee or at the caller's inputs, every
// diagnostic named and placed, calls without expressions in their paths.
func FuzzReadCallee(f *testing.F) {
	for _, s := range []string{
		"inputs:\n  to: {default: type=gha}\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: docker buildx build --cache-to ${{ inputs.to }} .\n    - uses: ./.github/actions/x\n      with: {a: 1}\n",
		"on:\n  workflow_call:\n    inputs:\n      image: {type: string}\njobs:\n  b:\n    steps:\n      - uses: docker/bake-action@v6\n        with:\n          set: |\n            *.cache-to=type=registry,ref=${{ inputs.image }}\n  r:\n    uses: ./.github/workflows/other.yml\n",
		"runs: {using: composite, steps: [{uses: docker/build-push-action@v6, with: {cache-to: '${{ inputs.to }}'}}]}",
		"on: push\njobs:\n  a:\n    steps:\n      - run: docker compose -f ${{ inputs.f }} build && docker buildx bake --set '*.cache-to=x' a\n",
		"inputs: [1]\nruns: composite\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		caller := Call{Path: "x", Job: "j", At: diag.At("ci.yml", diag.Pos{Line: 2, Col: 3}), CI: validate.CI{Event: "pull_request", Triggers: []string{"push", "pull_request"}},
			Inputs: []Input{{Name: "to", Value: "type=gha,mode=max", At: diag.At("ci.yml", diag.Pos{Line: 3, Col: 5}),
				Spans: []diag.Span{{File: "ci.yml", Start: diag.Pos{Line: 3, Col: 9}, Exact: true}}}}}
		lines := strings.Count(string(data), "\n") + 1
		placed := func(sp diag.Span) bool {
			return sp.File == "ci.yml" && sp.Start.Line == 3 || sp.File == "c.yml" && sp.Start.Line >= 0 && sp.Start.Line <= lines && sp.Start.Col >= 0
		}
		for _, kind := range []CallKind{CallAction, CallWorkflow} {
			caller.Kind = kind
			file, calls, about := ReadCallee("c.yml", data, caller)
			for _, b := range file.Builds {
				if len(b.CacheFrom) != len(b.Source.CacheFrom) || len(b.CacheTo) != len(b.Source.CacheTo) {
					t.Fatalf("values and positions: %+v", b)
				}
				for _, sp := range append(b.Source.CacheFrom, b.Source.CacheTo...) {
					if !placed(sp) {
						t.Fatalf("position %+v outside the callee and the caller's input", sp)
					}
				}
			}
			for _, d := range append(file.Diagnostics, about...) {
				if d.Rule == "" || d.Message == "" || d.Range.File == "" {
					t.Fatalf("diagnostic %+v", d)
				}
			}
			for _, c := range calls {
				if strings.Contains(c.Path+strings.Join(c.Files, " "), "${{") || strings.HasPrefix(c.Path, "../") {
					t.Fatalf("call %+v", c)
				}
			}
		}
		for _, c := range Calls("c.yml", data) {
			if strings.Contains(c.Path+c.Dir+strings.Join(c.Files, " "), "${{") || strings.HasPrefix(c.Path, "/") {
				t.Fatalf("call %+v", c)
			}
		}
	})
}
