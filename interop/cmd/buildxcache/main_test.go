package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb, false)
	return code, out.String(), errb.String()
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const seedWorkflow = `on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/org/repo:test
          cache-to: ghcr.io/org/repo:test
`

func TestLintFlags(t *testing.T) {
	code, out, _ := runCLI(t, "", "lint", "--cache-to", "inline", "--tag", "ghcr.io/effigies/buildx-repro:main", "--push")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := `--cache-to[0]:1:1: error: "inline" is read as the image docker.io/library/inline:latest [KeywordAsCacheRef]
    fix: write "type=inline"`
	if !strings.Contains(out, want) {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	if code, out, _ := runCLI(t, "", "lint", "--cache-to", "type=inline", "--tag", "app", "--push"); code != 0 || !strings.Contains(out, "0 errors, 0 warnings") {
		t.Errorf("clean build: exit %d\n%s", code, out)
	}
}

func TestLintTreeFormats(t *testing.T) {
	dir := writeTree(t, map[string]string{".github/workflows/ci.yml": seedWorkflow, "README.md": "not linted"})
	code, out, _ := runCLI(t, "", "lint", dir)
	if code != 1 || !strings.Contains(out, "ci.yml:11:21: error: cache-to ref") || !strings.Contains(out, "[CacheRefIsImageTag]") {
		t.Errorf("text: exit %d\n%s", code, out)
	}

	code, out, _ = runCLI(t, "", "lint", "--format", "json", dir)
	var js struct {
		Files       int `json:"files"`
		Diagnostics []struct {
			File, Rule, Severity, Message, Fix string
			Line, Column                       int
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if code != 1 || js.Files != 1 || len(js.Diagnostics) == 0 {
		t.Fatalf("json: exit %d %+v", code, js)
	}
	found := false
	for _, d := range js.Diagnostics {
		if d.Rule == "CacheRefIsImageTag" && d.Line == 11 && d.Column == 21 && d.Severity == "error" && d.Fix != "" && strings.HasSuffix(d.File, "ci.yml") {
			found = true
		}
	}
	if !found {
		t.Errorf("json lacks the CacheRefIsImageTag finding at 11:21: %+v", js.Diagnostics)
	}

	code, out, _ = runCLI(t, "", "lint", "--format", "sarif", "--base", dir, dir)
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID   string `json:"id"`
						Help struct {
							Text, Markdown string
						} `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex *int   `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
						Region           struct {
							StartLine, StartColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatalf("sarif: %v", err)
	}
	if code != 1 || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || sarif.Runs[0].Tool.Driver.Name != "buildxcache" {
		t.Fatalf("sarif: exit %d %+v", code, sarif)
	}
	run := sarif.Runs[0]
	for _, r := range run.Tool.Driver.Rules {
		if r.Help.Text == "" || r.Help.Markdown == "" {
			t.Errorf("rule %s has no help", r.ID)
		}
	}
	ok := false
	for _, r := range run.Results {
		if r.RuleIndex == nil || run.Tool.Driver.Rules[*r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s: ruleIndex does not point at its rule", r.RuleID)
		}
		loc := r.Locations[0].PhysicalLocation
		if r.RuleID == "CacheRefIsImageTag" && r.Level == "error" && loc.ArtifactLocation.URI == ".github/workflows/ci.yml" && loc.Region.StartLine == 11 && loc.Region.StartColumn == 21 {
			ok = true
		}
	}
	if !ok {
		t.Errorf("sarif lacks the CacheRefIsImageTag result with a relative URI:\n%s", out)
	}
}

func TestLintThresholdAndDisable(t *testing.T) {
	dir := writeTree(t, map[string]string{".github/workflows/ci.yml": seedWorkflow})
	_, all, _ := runCLI(t, "", "lint", "--severity", "info", dir)
	if !strings.Contains(all, "[CacheExportFromForkPR]") {
		t.Fatalf("expected a CacheExportFromForkPR warning:\n%s", all)
	}
	_, errs, _ := runCLI(t, "", "lint", "--severity", "error", dir)
	if strings.Contains(errs, "warning:") || !strings.Contains(errs, "[CacheRefIsImageTag]") {
		t.Errorf("--severity error still shows warnings or lost errors:\n%s", errs)
	}
	code, out, _ := runCLI(t, "", "lint", "--disable", "CacheRefIsImageTag,CacheExportFromForkPR", "--disable", "GHAScopeDefault", dir)
	if strings.Contains(out, "CacheRefIsImageTag") || strings.Contains(out, "CacheExportFromForkPR") {
		t.Errorf("disabled rules reported:\n%s", out)
	}
	_ = code
	if code, _, stderr := runCLI(t, "", "lint", "--disable", "NoSuchRule", dir); code != 2 || !strings.Contains(stderr, "NoSuchRule") {
		t.Errorf("unknown rule: exit %d %s", code, stderr)
	}
}

func TestLintUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"lint", "--format", "xml"},
		{"lint", "--severity", "fatal"},
		{"lint", "--nope"},
		{"lint", "--cache-to", "inline", "somepath"},
		{"lint", filepath.Join(t.TempDir(), "missing")},
		{"fmt", "--to", "yaml", "type=gha"},
		{"fmt", "--direction", "sideways", "type=gha"},
		{"fmt", "type=gha,mode=maxx"},
		{"explain", "NoSuchRule"},
		{"explain"},
		{"bogus"},
	} {
		code, _, stderr := runCLI(t, "", args...)
		if code != 2 || !strings.HasPrefix(stderr, "buildxcache: ") {
			t.Errorf("%q: exit %d, stderr %q; want 2 with a message", args, code, stderr)
		}
	}
}

func TestLintBadFilesStillLintsOthers(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".github/workflows/bad.yml":  "on: [push\njobs: {",
		".github/workflows/bin.yml":  "\x00\x01\x02",
		".github/workflows/good.yml": seedWorkflow,
	})
	code, out, _ := runCLI(t, "", "lint", dir)
	for _, want := range []string{"bad.yml:", "[FileSyntaxError]", "bin.yml: error:", "[UnreadableFile]", "good.yml:11:21"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if code != 2 {
		t.Errorf("exit %d, want 2 (a file could not be read)", code)
	}
}

func TestFmt(t *testing.T) {
	code, out, _ := runCLI(t, "", "fmt", "mode=max,type=gha,scope=app")
	if code != 0 || out != "type=gha,scope=app,mode=max\n" {
		t.Errorf("fmt: exit %d %q", code, out)
	}
	code, out, _ = runCLI(t, "type=registry,ref=user/app:cache\n\ntype=inline\n", "fmt", "--to", "buildctl", "--direction", "from")
	if code != 0 || out != "--import-cache type=registry,ref=user/app:cache --import-cache type=inline\n" {
		t.Errorf("fmt stdin buildctl: exit %d %q", code, out)
	}
	code, out, _ = runCLI(t, "", "fmt", "--to", "compose", "type=gha,scope=$x")
	if code != 0 || !strings.Contains(out, `cache_to:`) || !strings.Contains(out, `scope=$$x`) {
		t.Errorf("fmt compose: exit %d %q", code, out)
	}
	code, _, stderr := runCLI(t, "", "fmt", "type=s3,bucket=b,region=r,secret_access_key=hunter2secret,mode=maxx")
	if code != 2 || strings.Contains(stderr, "hunter2secret") {
		t.Errorf("fmt error must not echo the secret: %q", stderr)
	}
}

func TestExplainAndRules(t *testing.T) {
	code, out, _ := runCLI(t, "", "explain", "KeywordAsCacheRef")
	if code != 0 || !strings.Contains(out, "## KeywordAsCacheRef") || !strings.Contains(out, "inline") {
		t.Errorf("explain: exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "", "explain", "filesyntaxerror"); code != 0 || !strings.Contains(out, "FileSyntaxError") {
		t.Errorf("explain of a file rule, any case: exit %d\n%s", code, out)
	}
	if _, _, stderr := runCLI(t, "", "explain", "KeywordAsCache"); !strings.Contains(stderr, "did you mean KeywordAsCacheRef") {
		t.Errorf("explain suggestion: %q", stderr)
	}
	code, out, _ = runCLI(t, "", "rules")
	if code != 0 || !strings.Contains(out, "KeywordAsCacheRef") || !strings.Contains(out, "UnreadableFile") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "", "--version"); code != 0 || !strings.Contains(out, "buildxcache version") {
		t.Errorf("--version: exit %d %q", code, out)
	}
}

// TestBundledExamples runs the README's main job: lint the bundled example
// directory, which holds the seed mistakes in a workflow, a bake file and a
// compose file.
func TestBundledExamples(t *testing.T) {
	code, out, _ := runCLI(t, "", "lint", filepath.Join("..", "..", "..", "examples", "ci"))
	if code != 1 {
		t.Errorf("exit %d, want 1 (findings)", code)
	}
	for _, want := range []string{
		"build.yml:25:58: error: duplicate key \"type\"",
		"build.yml:29:27: error: cache-to ref \"ghcr.io/org/repo:test\" is also an image tag",
		"build.yml:29:13: warning: this registry cache export also runs for pull_request",
		"build.yml:30:22: error: key \" mode\" has white space around it",
		"build.yml:39:24: error: \"inline\" is read as the image docker.io/library/inline:latest",
		"build.yml:40:50: error: invalid ref \"local:///cache\"",
		"compose.yaml:10:38: error: invalid ref \"ghcr.io/Org/web:cache\"",
		"docker-bake.hcl:9:18: warning: gha cache scope \"app\" is also written by worker",
		"docker-bake.hcl:15:3: warning: bake has no attribute \"cache_from\"",
		"docker-bake.hcl:22:41: error: invalid mode \"maxx\"",
		"3 files, ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

func TestLintTenMiBAndUnreadableFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".github/workflows/huge.yml": "on: push\n#" + strings.Repeat("x", 10<<20) + "\n",
		"docker-bake.hcl":            "target \"a\" {\n  cache-to = [\"inline\"]\n}\n",
		"compose.yaml":               "services:\n  a:\n    build:\n      context: .\n      cache_from: [\n",
	})
	unreadable := filepath.Join(dir, ".github", "workflows", "locked.yml")
	if err := os.WriteFile(unreadable, []byte("on: push\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "", "lint", dir)
	for _, want := range []string{"huge.yml: error: file is larger than 4 MiB", "[UnreadableFile]", "docker-bake.hcl:2:16: error: \"inline\" is read as", "compose.yaml:5: error: not valid YAML"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if os.Geteuid() != 0 && !strings.Contains(out, "locked.yml: error: cannot read") {
		t.Errorf("unreadable file not reported:\n%s", out)
	}
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
}

// TestDisableByCode is the regression test for --disable accepting a rule
// code (or a name in another case) and disabling nothing.
func TestDisableByCode(t *testing.T) {
	args := []string{"lint", "--severity", "warning", "--cache-to", "type=gha,scope=a,colour=red"}
	if code, out, _ := runCLI(t, "", args...); code != 1 || !strings.Contains(out, "[UnknownCacheAttribute]") {
		t.Fatalf("the value does not fire UnknownCacheAttribute: exit %d\n%s", code, out)
	}
	for _, name := range []string{"cs004", "CS004", "unknowncacheattribute", "UnknownCacheAttribute"} {
		code, out, _ := runCLI(t, "", append(args, "--disable", name)...)
		if code != 0 || strings.Contains(out, "UnknownCacheAttribute") {
			t.Errorf("--disable %s: exit %d\n%s", name, code, out)
		}
	}
	if code, _, errOut := runCLI(t, "", append(args, "--disable", "cs999")...); code != 2 || !strings.Contains(errOut, "cs999") {
		t.Errorf("--disable cs999: exit %d, %s", code, errOut)
	}
}

func TestFixAndDiff(t *testing.T) {
	bake := "target \"app\" {\n  cache_from = [\"type=gha,scope=app\"]\n  cache-to   = [\"type=gha, mode=maxx,scope=app\"]\n}\n"
	dir := writeTree(t, map[string]string{"docker-bake.hcl": bake})
	p := filepath.Join(dir, "docker-bake.hcl")
	code, out, _ := runCLI(t, "", "lint", "--diff", dir)
	if code != 1 || !strings.Contains(out, "-  cache_from = [") || !strings.Contains(out, "+  cache-from = [") || !strings.Contains(out, "+  cache-to   = [\"type=gha,mode=maxx,scope=app\"]") {
		t.Errorf("--diff: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(p); string(b) != bake {
		t.Fatal("--diff changed the file")
	}
	code, out, errOut := runCLI(t, "", "lint", "--fix", dir)
	b, _ := os.ReadFile(p)
	want := "target \"app\" {\n  cache-from = [\"type=gha,scope=app\"]\n  cache-to   = [\"type=gha,mode=max,scope=app\"]\n}\n"
	if string(b) != want {
		t.Errorf("--fix wrote:\n%s\nwant:\n%s", b, want)
	}
	if !strings.Contains(errOut, "fixed 3 finding(s)") || strings.Contains(out, "IgnoredCacheKey") || strings.Contains(out, "InvalidCacheMode") {
		t.Errorf("--fix: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "", "lint", "--diff", dir); code != 0 || out != "" {
		t.Errorf("--diff after --fix: exit %d\n%s", code, out)
	}
	if code, _, errOut := runCLI(t, "", "lint", "--fix", "--cache-to", "inline"); code != 2 || !strings.Contains(errOut, "give paths") {
		t.Errorf("--fix with a flag build: exit %d, %s", code, errOut)
	}
}

func TestConfigFlags(t *testing.T) {
	bake := "target \"a\" {\n  cache-to = [\"type=gha,scope=a,mode=maxx\"]\n}\n"
	dir := writeTree(t, map[string]string{"docker-bake.hcl": bake})
	cfg := filepath.Join(dir, "cfg.yml")
	if err := os.WriteFile(cfg, []byte("rules:\n  InvalidCacheMode: {severity: warning}\nfail-on: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// the finding is reported as a warning, and does not fail the run
	code, out, _ := runCLI(t, "", "lint", "--config", cfg, dir)
	if code != 0 || !strings.Contains(out, "warning: invalid mode") {
		t.Errorf("--config: exit %d\n%s", code, out)
	}
	// --severity on the command line wins over the file's
	if code, out, _ := runCLI(t, "", "lint", "--config", cfg, "--severity", "error", dir); code != 0 || strings.Contains(out, "invalid mode") {
		t.Errorf("--severity over --config: exit %d\n%s", code, out)
	}
	if code, _, errOut := runCLI(t, "", "lint", "--config", cfg, "--no-config", dir); code != 2 || !strings.Contains(errOut, "give one") {
		t.Errorf("--config --no-config: exit %d %s", code, errOut)
	}
	bad := filepath.Join(dir, "bad.yml")
	if err := os.WriteFile(bad, []byte("rules:\n  InvalidCacheMod: {disable: true}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "", "lint", "--config", bad, dir)
	if code != 2 || !strings.Contains(errOut, bad+`:2: no rule is named "InvalidCacheMod"; did you mean InvalidCacheMode?`) {
		t.Errorf("bad config: exit %d\n%s", code, errOut)
	}
}

// TestLintShellScriptNamed: a shell script named on the command line is
// not reported as a workflow that is not YAML: it is read as a script, its
// build's findings placed in it, with no note on stderr.
func TestLintShellScriptNamed(t *testing.T) {
	dir := writeTree(t, map[string]string{"ci/build.sh": "#!/usr/bin/env bash\ndocker buildx build --cache-to type=gha,scope=app,mode=maximum .\n"})
	code, stdout, stderr := runCLI(t, "", "lint", filepath.Join(dir, "ci/build.sh"))
	if strings.Contains(stdout, "YAML") || strings.Contains(stdout, "FileSyntaxError") || !strings.Contains(stdout, "InvalidCacheMode") ||
		!strings.Contains(stdout, filepath.Join(dir, "ci/build.sh")+":2:") || strings.Contains(stderr, "note:") || strings.Contains(stderr, "no workflow") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}
