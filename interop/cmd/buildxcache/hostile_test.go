package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --file-deadline takes a duration (0: none) and refuses anything else;
// a secret of the process environment quoted by a message is redacted.
func TestFileDeadlineFlagAndEnvSecrets(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, ".github", "workflows", "w.yml")
	if err := os.MkdirAll(filepath.Dir(wf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wf, []byte("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          cache-from: ref=ghcr.io/a/b:cache\n          cache-to: type=gha,mode=maxx,scope=ENVMARKSECRET1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BXC_TEST_DEPLOY_TOKEN", "ENVMARKSECRET1")
	for _, d := range []string{"0", "30s"} {
		code, out, errOut := runCLI(t, "", "lint", "--no-config", "--file-deadline", d, "--format", "json", dir)
		if code != 1 || !strings.Contains(out, "MissingCacheType") || !strings.Contains(out, "type=gha,mode=max,scope=[redacted]") {
			t.Errorf("--file-deadline %s: exit %d\n%s\n%s", d, code, out, errOut)
		}
		if strings.Contains(out+errOut, "ENVMARKSECRET1") {
			t.Errorf("the environment's secret is printed:\n%s", out)
		}
	}
	code, _, errOut := runCLI(t, "", "lint", "--no-config", "--file-deadline", "soon", dir)
	if code != 2 || !strings.Contains(errOut, "file-deadline") {
		t.Errorf("a bad duration: exit %d, %s", code, errOut)
	}
}
