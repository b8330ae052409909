package lint

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
	"pgregory.net/rapid"
)

// printedForms returns what every writer prints for r, by format.
func printedForms(t *testing.T, r Result) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range Formats {
		out[f] = string(write(t, f, "", r))
	}
	return out
}

// assertHidden fails when marker shows in any format's output, or in the
// diff of the mechanical fixes; want is a text every text output must hold
// (the finding the secret was in), so that the test cannot pass by
// printing nothing.
func assertHidden(t *testing.T, r Result, marker, want string) {
	t.Helper()
	forms := printedForms(t, r)
	for f, s := range forms {
		if strings.Contains(s, marker) {
			t.Errorf("%s output prints the secret %q:\n%s", f, marker, s)
		}
	}
	if !strings.Contains(forms["text"], want) || !strings.Contains(forms["json"], want) || !strings.Contains(forms["sarif"], want) {
		t.Errorf("the finding %q is not printed:\n%s", want, forms["text"])
	}
	changes, _ := PlanFixes(r)
	for _, c := range changes {
		if strings.Contains(c.Diff(), marker) {
			t.Errorf("the diff of %s prints the secret %q:\n%s", c.Path, marker, c.Diff())
		}
	}
}

// Item 1: a bake value without a type, its text substituted from the
// environment: bake's own refusal quotes it.
func TestRedactBakeRefusalOfEnvValue(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		"docker-bake.hcl": "variable \"CACHE\" {\n  default = \"\"\n}\ntarget \"app\" {\n  cache-to = [\"${CACHE}\"]\n}\n",
	})
	env := cachespec.MapEnv(map[string]string{"CACHE": "mode=max,secret_access_key=MARKBAKE1,bucket=b"})
	r := Paths([]string{dir}, Options{Env: env})
	assertHidden(t, r, "MARKBAKE1", "type required for")
	// the same with the value only known to the environment, under a key
	// nothing in the message names: Options.Secrets
	env = cachespec.MapEnv(map[string]string{"CACHE": "mode=max,MARKBAKE2"})
	r = Paths([]string{dir}, Options{Env: env, Secrets: []string{"MARKBAKE2"}})
	assertHidden(t, r, "MARKBAKE2", "Unsuitable value")
}

// Item 2: the MissingCacheType fix rewrites a value holding a token; --fix
// still writes the exact value.
func TestRedactMissingTypeFix(t *testing.T) {
	const wf = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          cache-from: ref=ghcr.io/a/b:cache,token=MARKFIX1\n"
	dir := writeRepo(t, map[string]string{".github/workflows/w.yml": wf})
	r := Paths([]string{dir}, Options{})
	assertHidden(t, r, "MARKFIX1", "no type attribute")
	changes, err := PlanFixes(r)
	if err != nil || len(changes) != 1 {
		t.Fatalf("changes %v, %v", changes, err)
	}
	if !strings.Contains(changes[0].Diff(), "+          cache-from: type=registry,ref=ghcr.io/a/b:cache,token=[redacted]") {
		t.Errorf("diff:\n%s", changes[0].Diff())
	}
	if _, _, err := FixPaths([]string{dir}, Options{}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, ".github/workflows/w.yml"))
	if want := strings.Replace(wf, "cache-from: ref=", "cache-from: type=registry,ref=", 1); string(got) != want {
		t.Errorf("--fix wrote\n%s\nwant\n%s", got, want)
	}
}

// Item 3: compose-go's interpolation errors quote the value.
func TestRedactComposeInterpolationError(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		"compose.yaml": "services:\n  app:\n    build:\n      context: .\n      cache_from:\n        - \"type=s3,secret_access_key=MARKCOMPOSE1${\"\n",
	})
	r := Paths([]string{dir}, Options{})
	assertHidden(t, r, "MARKCOMPOSE1", "invalid interpolation format")
}

// Item 4: a password in a ref, with and without a scheme.
func TestRedactRefPasswords(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".github/workflows/w.yml": "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          cache-from: type=registry,ref=https://user:MARKREF1@host/repo\n          cache-to: type=registry,ref=user:MARKREF2@host/repo\n",
	})
	r := Paths([]string{dir}, Options{})
	assertHidden(t, r, "MARKREF1", "invalid ref")
	assertHidden(t, r, "MARKREF2", "invalid ref")
}

// Item 5: a matrix value substituted into secret_access_key shows in the
// names of the legs in cross-build messages.
func TestRedactMatrixLegNames(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".github/workflows/w.yml": "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        key: [MARKLEG1, MARKLEG2]\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          cache-to: type=s3,bucket=b,region=r,name=x,secret_access_key=${{ matrix.key }},access_key_id=AKID,mode=max\n",
	})
	r := Paths([]string{dir}, Options{})
	assertHidden(t, r, "MARKLEG1", "is also written by")
	assertHidden(t, r, "MARKLEG2", "is also written by")
}

// A reader's panic value (source.Guard puts it in the diagnostic) and a
// reader's message quoting a secret of another file's build without its
// key: both redacted, the first by its shape, the second because the run
// knows the secret.
func TestRedactReaderMessages(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".github/workflows/a.yml": "on: push\n",
		".github/workflows/b.yml": "on: push\n",
	})
	a, b := filepath.Join(dir, ".github/workflows/a.yml"), filepath.Join(dir, ".github/workflows/b.yml")
	rd := source.EachFile(func(in source.Input, _ source.Options) source.File {
		if in.Path == a {
			panic("cannot read type=gha,token=MARKPANIC1")
		}
		f := source.File{Path: in.Path}
		f.Builds = []validate.Build{{CacheTo: []string{"type=gha,token=MARKKNOWN1"}, Source: &validate.Source{Def: diag.Range{File: in.Path}, Group: in.Path}}}
		f.Diagnostics = diag.Diagnostics{validate.FileSyntaxError.At(diag.Range{File: in.Path}, "the loader quoted MARKKNOWN1 here")}
		return f
	})
	r := Targets([]Target{{Kind: Workflow, Paths: []string{a}}, {Kind: Workflow, Paths: []string{b}}}, Options{Readers: map[Kind]source.Reader{Workflow: rd}, Workers: 1})
	assertHidden(t, r, "MARKPANIC1", "the reader failed on this file")
	assertHidden(t, r, "MARKKNOWN1", "the loader quoted [redacted] here")
}

// A fix whose edit would print a secret is printed without its edits (its
// message and redacted value still say what to do); --fix applies it.
func TestRedactedEditsAreNotPrinted(t *testing.T) {
	d := validate.FileSyntaxError.At(diag.At("f.yml", diag.Pos{Line: 1, Col: 1}), "bad",
		diag.Fix{Message: "rewrite it", Edits: []diag.TextEdit{{NewText: "type=gha,token=MARKEDIT1", Range: diag.Range{File: "f.yml", Start: diag.Pos{Line: 1, Col: 1}, End: diag.Pos{Line: 1, Col: 2}}}}})
	r := Result{Files: 1, Diagnostics: diag.Diagnostics{d}}
	assertHidden(t, r, "MARKEDIT1", "rewrite it")
	if p := r.secrets.printed(d); len(p.Fixes[0].Edits) != 0 || len(d.Fixes[0].Edits) != 1 {
		t.Errorf("printed %+v, original %+v", p.Fixes, d.Fixes)
	}
	if !Fixable(r.Diagnostics[0]) || r.Diagnostics[0].Fixes[0].Edits[0].NewText != "type=gha,token=MARKEDIT1" {
		t.Errorf("the result lost the exact edit: %+v", r.Diagnostics[0].Fixes)
	}
}

func TestEnvSecrets(t *testing.T) {
	got := EnvSecrets([]string{
		"GITHUB_TOKEN=ghs_x", "AWS_SECRET_ACCESS_KEY=awssecret", "DEPLOY_KEY=k1", "MY_PASSWORD=pw",
		"CACHE=type=s3,secret_access_key=inval", "PWD=/work", "HOME=/root", "PATH=/usr/bin:/bin", "EMPTY_TOKEN=",
	})
	want := []string{"ghs_x", "awssecret", "k1", "pw", "inval"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("EnvSecrets = %q, want %q", got, want)
	}
}

// A known secret shorter than minKnownSecret is redacted only next to its
// key; a longer one everywhere; a secret holding another is replaced whole.
func TestRedactorKnownSecrets(t *testing.T) {
	x := newRedactor([]string{"abc", "longsecret", "longsecretmore"})
	tests := []struct{ in, want string }{
		{"abc is a word, token=abc", "abc is a word, token=[redacted]"},
		{"see longsecret and longsecretmore", "see [redacted] and [redacted]"},
	}
	for _, tt := range tests {
		if got := x.text(tt.in); got != tt.want {
			t.Errorf("text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if x := newRedactor([]string{"ab", cachespec.Redacted}); x.rep != nil {
		t.Error("a redactor of nothing replaceable replaces")
	}
	// the texts it returned come back as they are, and redacting a result
	// again gives the result, memo or not
	for _, tt := range tests {
		once := x.text(tt.in)
		if again := x.text(once); again != once {
			t.Errorf("text(text(%q)) = %q, want %q", tt.in, again, once)
		}
		if fresh := newRedactor([]string{"abc", "longsecret", "longsecretmore"}).text(once); fresh != once {
			t.Errorf("a fresh redactor gives %q for %q, a result of text", fresh, once)
		}
	}
}

// TestPropertyRedactorIdempotent: what a redactor returns, it returns
// again as it is, so that its memo of clean texts changes nothing.
func TestPropertyRedactorIdempotent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		secrets := rapid.SliceOfN(rapid.StringMatching(`[a-z0-9_]{0,12}`), 0, 4).Draw(t, "secrets")
		parts := append(slices.Clone(secrets), "token=", "secret_access_key: ", "https://u:", "@ghcr.io/x", " ", ",", "ghp_0123456789abcdefghij", "=", ":", "[redacted]", "\"", "'")
		in := ""
		for i := range rapid.IntRange(0, 12).Draw(t, "n") {
			in += rapid.SampledFrom(parts).Draw(t, "part"+strconv.Itoa(i))
		}
		once := newRedactor(secrets).text(in)
		if again := newRedactor(secrets).text(once); again != once {
			t.Fatalf("redacting %q gives %q, and again %q", in, once, again)
		}
		for _, s := range secrets {
			if len(s) >= minKnownSecret && !strings.Contains(cachespec.Redacted, s) && strings.Contains(once, s) {
				t.Fatalf("secret %q left in %q", s, once)
			}
		}
	})
}

// A redactor's memo of clean texts stops at maxClean: past it, texts are
// redacted afresh and not kept.
func TestRedactorCleanBounded(t *testing.T) {
	x := newRedactor(nil)
	for i := range maxClean + 100 {
		x.text("message " + strconv.Itoa(i))
	}
	if len(x.clean) != maxClean {
		t.Errorf("the memo holds %d texts, want the bound %d", len(x.clean), maxClean)
	}
	if got := x.text("token=MARK"); got != "token=[redacted]" {
		t.Errorf("past the bound: %q", got)
	}
}
