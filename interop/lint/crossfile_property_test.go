package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/diag"
)

// crossValues are the cache values the property writes into layouts:
// valid and invalid, of every backend the CI rules judge.
var crossValues = []string{
	"type=gha,scope=app,mode=max",
	"type=gha,mode=maxx",
	"type=registry,ref=ghcr.io/acme/app:cache,mode=max",
	"type=registry,ref=ghcr.io/acme/app:cache,mode=maxx",
	"type=local,dest=/tmp/.buildx-cache",
	"type=inline",
	"type=s3,region=eu-west-1,bucket=b,mode=max",
	"type=registry,ref=Bad/Ref:x",
}

// TestCrossFilePositions is a property: whatever layout holds the values
// (a bake-action set: input, a run: step's or a script's bake --set, a
// bake file, a compose file, a composite action's or a reusable
// workflow's input, each read for a workflow of a random event and
// builder), every diagnostic lies inside its file, and one about a value
// is on that value: an exact range covers text of the value, and any
// range starts where the value (or the expression it comes from) is
// written.
func TestCrossFilePositions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.SampledFrom(crossValues).Draw(t, "value")
		w := rapid.SampledFrom(crossValues).Draw(t, "other")
		event := rapid.SampledFrom([]string{"push", "pull_request", "[push, pull_request]"}).Draw(t, "event")
		setup := ""
		if rapid.Bool().Draw(t, "setup") {
			setup = "      - uses: docker/setup-buildx-action@v3\n"
		}
		head := "on: " + event + "\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" + setup
		bake := "group \"default\" {\n  targets = [\"app\", \"web\"]\n}\ntarget \"app\" {\n  cache-from = [\"" + w + "\"]\n  cache-to = [\"" + v + "\"]\n}\ntarget \"web\" {\n  cache-to = [\"" + w + "\"]\n}\n"
		layouts := []map[string]string{
			{".github/workflows/ci.yml": head + "      - uses: docker/bake-action@v6\n        with:\n          set: |\n            *.cache-to=" + v + "\n            app.cache-from=" + w + "\n", "docker-bake.hcl": bake},
			{".github/workflows/ci.yml": head + "      - run: docker buildx bake -f docker-bake.hcl --set 'app.cache-to=" + v + "' app\n", "docker-bake.hcl": bake},
			{".github/workflows/ci.yml": head + "      - run: ./ci/b.sh\n", "ci/b.sh": "#!/bin/sh\ndocker buildx bake --set \"web.cache-to=" + v + "\"\n", "docker-bake.hcl": bake},
			{".github/workflows/ci.yml": head + "      - run: docker compose build\n", "compose.yaml": "services:\n  app:\n    build:\n      context: .\n      cache_from: [\"" + w + "\"]\n      cache_to:\n        - " + v + "\n"},
			{".github/workflows/ci.yml": head + "      - uses: ./.github/actions/b\n        with:\n          to: " + v + "\n",
				".github/actions/b/action.yml": "inputs:\n  to: {}\nruns:\n  using: composite\n  steps:\n    - uses: docker/build-push-action@v6\n      with:\n        cache-to: ${{ inputs.to }}\n    - shell: bash\n      run: docker buildx build --cache-from " + w + " --cache-to ${{ inputs.to }} .\n"},
			{".github/workflows/ci.yml": "on: " + event + "\njobs:\n  r:\n    uses: ./.github/workflows/b.yml\n    with:\n      to: " + v + "\n",
				".github/workflows/b.yml": "on:\n  workflow_call:\n    inputs:\n      to:\n        type: string\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n" + setup + "      - run: docker buildx build --cache-to type=gha,scope=x --cache-to ${{ inputs.to }} .\n"},
		}
		files := layouts[rapid.IntRange(0, len(layouts)-1).Draw(t, "layout")]
		dir, err := os.MkdirTemp("", "crossfile")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		for name, data := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r := Paths([]string{dir}, Options{})
		for _, d := range r.Diagnostics {
			rel, _ := filepath.Rel(dir, d.Range.File)
			data, ok := files[filepath.ToSlash(rel)]
			if !ok {
				t.Fatalf("%v: not in a file of the layout", d)
			}
			lines := strings.Split(data, "\n")
			inside := func(p diag.Pos) bool {
				return p.Line >= 1 && p.Line <= len(lines) && p.Col >= 1 && p.Col <= len(lines[p.Line-1])+1
			}
			if !inside(d.Range.Start) || (!d.Range.End.IsZero() && !inside(d.Range.End)) {
				t.Fatalf("%v: range %v outside the file", d, d.Range)
			}
			if d.Direction == diag.DirectionUnknown {
				continue
			}
			line := lines[d.Range.Start.Line-1]
			from := line[d.Range.Start.Col-1:]
			if end := d.Range.End; !end.IsZero() && end.Line == d.Range.Start.Line && end.Col > d.Range.Start.Col {
				text := line[d.Range.Start.Col-1 : end.Col-1]
				if !strings.Contains(v, text) && !strings.Contains(w, text) && !strings.Contains("type=gha,scope=x", text) {
					t.Fatalf("%v: exact range on %q, which is not a value's text", d, text)
				}
				continue
			}
			if !strings.HasPrefix(from, v) && !strings.HasPrefix(from, w) && !strings.HasPrefix(from, "${{ inputs.to }}") && !strings.HasPrefix(from, "type=gha,scope=x") {
				t.Fatalf("%v: placed at %q, not at a value", d, from)
			}
		}
	})
}
