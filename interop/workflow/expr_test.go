package workflow

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestEvalExpressions(t *testing.T) {
	t.Parallel()
	c := &exprContext{
		env: [3]map[string]string{
			{"REGISTRY": "ghcr.io", "IMAGE": "ghcr.io/${{ github.repository }}", "EMPTY": ""},
			{"SCOPE": "api-${{ matrix.arch }}", "FROMWF": "${{ env.REGISTRY }}"},
			{"STEP": "${{ env.REGISTRY }}/acme", "SCOPE": "step-${{ env.SCOPE }}", "OUT": "${{ steps.vars.outputs.tag }}"},
		},
		inputs:  map[string]input{"tag": {def: "latest", has: true}, "nodefault": {}},
		outputs: map[string]map[string]string{"vars": {"tag": "v1", "empty": ""}},
	}
	matrix := map[string]string{"arch": "arm64"}
	for _, tc := range []struct{ in, want string }{
		{"${{ env.REGISTRY }}/acme/app:cache", "ghcr.io/acme/app:cache"},
		{"${{env.REGISTRY}}", "ghcr.io"},
		{"${{ ENV.REGISTRY }}", "ghcr.io"},
		{"scope=${{ env.UNSET }}", "scope="},
		{"scope=${{ env.EMPTY || 'fallback' }}", "scope=fallback"},
		{"${{ env.REGISTRY || 'x' }}", "ghcr.io"},
		{"${{ env.REGISTRY && 'x' }}", "x"},
		{"${{ env.EMPTY && 'x' }}", ""},
		// a partial value is substituted where it stands alone
		{"ref=${{ env.IMAGE }}:cache", "ref=ghcr.io/${{ github.repository }}:cache"},
		// and unknown to operators
		{"ref=${{ env.IMAGE || 'x' }}", "ref=${{ env.IMAGE || 'x' }}"},
		// the step's SCOPE sees the job's, which sees the matrix
		{"${{ env.SCOPE }}", "step-api-arm64"},
		// the job's env sees no env

		{"${{ env.FROMWF }}", "${{ env.REGISTRY }}"},
		{"${{ env.STEP }}", "ghcr.io/acme"},
		{"${{ env.OUT }}", "v1"},
		{"${{ matrix.arch }}", "arm64"},
		{"${{ matrix['arch'] }}", "arm64"},
		{"${{ matrix.other }}", "${{ matrix.other }}"},
		{"${{ inputs.tag }}", "latest"},
		{"${{ github.event.inputs.tag }}", "latest"},
		{"${{ inputs.nodefault }}", "${{ inputs.nodefault }}"},
		{"${{ inputs.nodefault || 'dev' }}", "${{ inputs.nodefault || 'dev' }}"},
		{"${{ steps.vars.outputs.tag }}", "v1"},
		{"${{ steps.vars.outputs.missing }}", "${{ steps.vars.outputs.missing }}"},
		{"${{ steps.other.outputs.tag }}", "${{ steps.other.outputs.tag }}"},
		{"${{ format('{0}/{1}:cache-{2}', env.REGISTRY, 'acme', matrix.arch) }}", "ghcr.io/acme:cache-arm64"},
		{"${{ format('a{{b-{0}', 'x') }}", "a{b-x"},
		{"${{ format('{1}', 'a') }}", "${{ format('{1}', 'a') }}"},
		{"${{ format('{0}', github.sha) }}", "${{ format('{0}', github.sha) }}"},
		{"${{ github.sha }}", "${{ github.sha }}"},
		{"${{ secrets.TOKEN || 'x' }}", "${{ secrets.TOKEN || 'x' }}"},
		{"${{ 'it''s' }}", "it's"},
		{"${{ 1 == 1 && 'yes' || 'no' }}", "yes"},
		{"${{ matrix.arch == 'ARM64' && 'a' || 'b' }}", "a"},
		{"${{ matrix.arch != 'arm64' && 'a' || 'b' }}", "b"},
		{"${{ !env.EMPTY }}", "true"},
		{"${{ (env.EMPTY || env.REGISTRY) }}", "ghcr.io"},
		{"${{ true }}-${{ null }}-${{ 3 }}", "true--3"},
		{"${{ hashFiles('**/go.sum') }}", "${{ hashFiles('**/go.sum') }}"},
		{"${{ env.REGISTRY ", "${{ env.REGISTRY "},
		{"${{ 'unterminated }}", "${{ 'unterminated }}"},
		{"${{ env.REGISTRY env.REGISTRY }}", "${{ env.REGISTRY env.REGISTRY }}"},
		{"${{ github.event.pull_request.number > 1 && 'a' }}", "${{ github.event.pull_request.number > 1 && 'a' }}"},
		{"no expression", "no expression"},
	} {
		got, first := c.substituteAll(tc.in, matrix)
		if got != tc.want {
			t.Errorf("%q = %q, want %q", tc.in, got, tc.want)
		}
		if (got == tc.in) != (first < 0) {
			t.Errorf("%q: first = %d", tc.in, first)
		}
		if first >= 0 && tc.in[:first] != got[:first] {
			t.Errorf("%q: bytes before first (%d) changed: %q", tc.in, first, got)
		}
	}
}

func TestEvalEnvOpenAndInputs(t *testing.T) {
	t.Parallel()
	c := &exprContext{envOpen: true, exported: map[string]string{"SCOPE": "web"}}
	if got, _ := c.substituteAll("${{ env.UNSET }}", nil); got != "${{ env.UNSET }}" {
		t.Errorf("an unset variable after an action that may set it = %q, want the template", got)
	}
	if got, _ := c.substituteAll("${{ env.SCOPE }}", nil); got != "web" {
		t.Errorf("a variable written to $GITHUB_ENV = %q", got)
	}
	c = &exprContext{noInputs: true, inputs: map[string]input{"tag": {def: "latest", has: true}}}
	if got, _ := c.substituteAll("app:${{ inputs.tag || 'edge' }}", nil); got != "app:edge" {
		t.Errorf("inputs on an event without inputs = %q, want app:edge", got)
	}
	// a step's env sees the job's and the workflow's, not itself: unset
	self := &exprContext{env: [3]map[string]string{nil, nil, {"A": "x${{ env.A }}"}}}
	if got, _ := self.substituteAll("${{ env.A }}", nil); got != "x" {
		t.Errorf("a step env naming itself = %q, want x", got)
	}
}

func TestScriptWrites(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		script             string
		out, env           map[string]string // nil value: written, unknown
		outOpaque, envOpen bool
	}{
		{script: `echo "tag=v1" >> $GITHUB_OUTPUT`, out: map[string]string{"tag": "v1"}},
		{script: "echo 'scope=api' >> \"$GITHUB_OUTPUT\"\necho cache=ghcr.io/acme/app:cache >> ${GITHUB_OUTPUT}", out: map[string]string{"scope": "api", "cache": "ghcr.io/acme/app:cache"}},
		{script: `echo "SCOPE=web" >> $GITHUB_ENV`, env: map[string]string{"SCOPE": "web"}},
		{script: `echo "tag=$(date +%s)" >> $GITHUB_OUTPUT`, outOpaque: true},
		{script: `echo "tag=$VERSION" >> $GITHUB_OUTPUT`, outOpaque: true},
		{script: "if true; then\n  echo tag=a >> $GITHUB_OUTPUT\nfi", outOpaque: true},
		{script: `{ echo a=1; echo b=2; } >> $GITHUB_OUTPUT`, outOpaque: true},
		{script: "echo tag=a >> $GITHUB_OUTPUT\n./ci/env.sh", out: map[string]string{"tag": "a"}, outOpaque: true, envOpen: true},
		{script: "echo -n tag=a >> $GITHUB_OUTPUT", outOpaque: true},
		{script: "echo tag=a > $GITHUB_OUTPUT", outOpaque: true},
		{script: "echo tag=a >> $OTHER", out: map[string]string{}},
		{script: "echo 'if (", outOpaque: true, envOpen: true},
		{script: `echo "tag=${{ github.sha }}" >> $GITHUB_OUTPUT`, out: map[string]string{"tag": "\x00"}},
		{script: `echo "::set-output name=fullUrl::us-docker.pkg.dev/p/images/app"`, out: map[string]string{"fullUrl": "us-docker.pkg.dev/p/images/app"}},
		{script: `echo "::set-output name=fullUrl::$baseUrl/app"`, outOpaque: true},
		{script: "if x; then echo '::set-output name=a::b'; fi", outOpaque: true},
	} {
		w := scriptWrites(tc.script)
		if w.outOpaque != tc.outOpaque || w.envOpaque != tc.envOpen {
			t.Errorf("%q: opaque out %v env %v, want %v %v", tc.script, w.outOpaque, w.envOpaque, tc.outOpaque, tc.envOpen)
		}
		if tc.outOpaque {
			continue
		}
		check := func(kind string, got map[string]*string, want map[string]string) {
			if len(got) != len(want) {
				t.Errorf("%q: %s %v, want %v", tc.script, kind, got, want)
			}
			for k, v := range want {
				g, ok := got[k]
				switch {
				case !ok:
					t.Errorf("%q: %s %s not written", tc.script, kind, k)
				case v == "\x00" && g != nil:
					t.Errorf("%q: %s %s = %q, want unknown", tc.script, kind, k, *g)
				case v != "\x00" && (g == nil || *g != v):
					t.Errorf("%q: %s %s = %v, want %q", tc.script, kind, k, g, v)
				}
			}
		}
		check("output", w.out, tc.out)
		check("env", w.env, tc.env)
	}
}

// TestEvalProperties: evaluation never fails, an expression left in the
// value is left as written, and a value without an expression is never
// changed.
func TestEvalProperties(t *testing.T) {
	t.Parallel()
	atoms := []string{"env.A", "env.B", "env.UNSET", "matrix.x", "inputs.t", "steps.s.outputs.o", "github.sha", "'lit'", "''", "1", "0", "true", "null", "secrets.X"}
	rapid.Check(t, func(t *rapid.T) {
		var gen func(int) string
		gen = func(d int) string {
			if d == 0 {
				return rapid.SampledFrom(atoms).Draw(t, "atom")
			}
			switch rapid.IntRange(0, 4).Draw(t, "op") {
			case 0:
				return gen(d-1) + " || " + gen(d-1)
			case 1:
				return gen(d-1) + " && " + gen(d-1)
			case 2:
				return "(" + gen(d-1) + ")"
			case 3:
				return "format('{0}-{1}', " + gen(d-1) + ", " + gen(d-1) + ")"
			}
			return "!" + gen(d-1)
		}
		expr := gen(rapid.IntRange(0, 3).Draw(t, "depth"))
		c := &exprContext{
			env:     [3]map[string]string{{"A": "a"}, nil, {"B": rapid.SampledFrom([]string{"", "b", "${{ github.ref }}"}).Draw(t, "B")}},
			inputs:  map[string]input{"t": {def: "d", has: rapid.Bool().Draw(t, "has")}},
			outputs: map[string]map[string]string{"s": {"o": "o"}},
			envOpen: rapid.Bool().Draw(t, "open"),
		}
		in := "pre-${{ " + expr + " }}-post"
		got, first := c.substituteAll(in, map[string]string{"x": "X"})
		if !strings.HasPrefix(got, "pre-") || !strings.HasSuffix(got, "-post") {
			t.Fatalf("%q = %q: the text around the expression changed", in, got)
		}
		if first >= 0 && first != len("pre-") {
			t.Fatalf("%q: first = %d", in, first)
		}
		if first < 0 && got != in {
			t.Fatalf("%q = %q with nothing replaced", in, got)
		}
		plain := rapid.StringMatching(`[a-z=,/:.-]{0,20}`).Draw(t, "plain")
		if g, f := c.substituteAll(plain, nil); g != plain || f != -1 {
			t.Fatalf("%q changed to %q", plain, g)
		}
	})
}

func FuzzEval(f *testing.F) {
	for _, s := range []string{"env.A || 'x'", "format('{0}', matrix.x)", "steps.a.outputs.b", "!(1 == '1')", "'a''b'", "x[", "format('{", "-1.5e3", "0x1f", "a.*.b", "((((("} {
		f.Add(s)
	}
	c := &exprContext{env: [3]map[string]string{{"A": "${{ env.A }}"}, {"B": "b"}, {"C": "${{ env.B }}"}}, outputs: map[string]map[string]string{"a": {"b": "c"}}}
	f.Fuzz(func(t *testing.T, body string) {
		in := "${{ " + body + " }}"
		got, first := c.substituteAll(in, map[string]string{"x": "y"})
		if first < 0 && got != in {
			t.Fatalf("%q changed to %q with nothing replaced", in, got)
		}
	})
}

func FuzzScriptWrites(f *testing.F) {
	for _, s := range []string{`echo "tag=v1" >> $GITHUB_OUTPUT`, "echo a=b >> \"$GITHUB_ENV\"\nif x; then echo c=d >> $GITHUB_OUTPUT; fi", `echo "x=${{ github.sha }}" >> ${GITHUB_OUTPUT}`, "{ echo a; } >> $GITHUB_OUTPUT", "echo 'unterminated", "echo -e a=b >> $GITHUB_OUTPUT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		w := scriptWrites(script)
		if !w.outOpaque && strings.Count(script, "GITHUB_OUTPUT") > 0 && len(w.out) == 0 && !strings.Contains(script, "${{") {
			t.Fatalf("%q mentions GITHUB_OUTPUT, has no known write and is not opaque", script)
		}
	})
}

func FuzzBakeSetProblem(f *testing.F) {
	for _, s := range []string{"PUSH_CACHE=false", "*.cache-to=type=gha", "app.args.VERSION", "app.tags", "a.b+=c", "${{ inputs.set }}", "=x", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		msg := bakeSetProblem(line)
		key, _, _ := strings.Cut(line, "=")
		if msg != "" && strings.Contains(strings.TrimSuffix(key, "+"), ".") && strings.Contains(line, "=") {
			t.Fatalf("%q: a target.attribute=value line refused: %s", line, msg)
		}
	})
}

func TestBakeSetProblem(t *testing.T) {
	t.Parallel()
	for line, bad := range map[string]bool{"PUSH_CACHE=false": true, "CACHE": true, "*.cache-to=type=gha": false, "app.args.VERSION": false,
		"app.tags": true, "app.tags+=x": false, "${{ inputs.key }}=x": false, "a.b=": false} {
		if got := bakeSetProblem(line) != ""; got != bad {
			t.Errorf("bakeSetProblem(%q) refused = %v, want %v", line, got, bad)
		}
	}
}
