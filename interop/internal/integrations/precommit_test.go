package integrations

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreCommitHook runs the hook of .pre-commit-hooks.yaml with the real
// pre-commit (pre-commit try-repo, which installs the hook from this
// checkout: its last commit, with the changes to tracked files) on a temporary repository holding
// a bad workflow, where the hook fails, and then the fixed one, where it
// passes. The go command the hook builds with uses this machine's module
// cache and proxy settings, so it needs no network once the interop
// module's dependencies are downloaded.
func TestPreCommitHook(t *testing.T) {
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Skip("SKIPPED: pre-commit is not installed (Debian: apt-get install pre-commit; make test installs it as root)")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("SKIPPED: git is not installed")
	}
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	bad, err := os.ReadFile("testdata/bad.yml")
	if err != nil {
		t.Fatal(err)
	}
	fixed, err := os.ReadFile("testdata/fixed.yml")
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	env := append(os.Environ(),
		"PRE_COMMIT_HOME="+t.TempDir(),
		"GOMODCACHE="+strings.TrimSpace(string(modcache)),
		"GIT_AUTHOR_NAME=test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=test", "GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
	)
	run := func(name string, args ...string) (string, error) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(name string, args ...string) {
		t.Helper()
		if out, err := run(name, args...); err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
	}
	must("git", "init", "-q")
	writeFile(t, filepath.Join(repo, ".github", "workflows", "ci.yml"), bad)
	writeFile(t, filepath.Join(repo, "notes", "other.yml"), []byte("cache-to: inline\n")) // not a file the hook lints
	must("git", "add", "-A")
	must("git", "commit", "-q", "-m", "bad workflow")

	root := repoRoot(t)
	out, err := run(preCommit, "try-repo", root, "buildxcache", "--all-files", "--verbose")
	if err == nil || !strings.Contains(out, "Failed") || !strings.Contains(out, "[KeywordAsCacheRef]") || !strings.Contains(out, ".github/workflows/ci.yml:10:21") {
		t.Fatalf("the hook on a bad workflow: %v, want it to fail with the finding:\n%s", err, out)
	}
	if strings.Contains(out, "other.yml") {
		t.Errorf("the hook linted a file its pattern excludes:\n%s", out)
	}

	writeFile(t, filepath.Join(repo, ".github", "workflows", "ci.yml"), fixed)
	must("git", "commit", "-q", "-am", "fixed workflow")
	out, err = run(preCommit, "try-repo", root, "buildxcache", "--all-files", "--verbose")
	if err != nil || !strings.Contains(out, "Passed") {
		t.Fatalf("the hook on the fixed workflow: %v, want it to pass:\n%s", err, out)
	}
}
