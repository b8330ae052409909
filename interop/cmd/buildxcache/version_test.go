package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestDescribeVersion(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build information", nil, "(devel)"},
		{"go install at a version", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}}, "v0.1.0"},
		{"no version", &debug.BuildInfo{}, "(devel)"},
		{"checkout, clean", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: settings("vcs", "git", "vcs.revision", "0123456789abcdef0123", "vcs.modified", "false")}, "(devel) rev 0123456789ab"},
		{"checkout, modified", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.1-0.20261201000000-0123456789ab+dirty"},
			Settings: settings("vcs.revision", "0123456789abcdef0123", "vcs.modified", "true")}, "v0.1.1-0.20261201000000-0123456789ab+dirty rev 0123456789ab, modified"},
		{"short revision", &debug.BuildInfo{Settings: settings("vcs.revision", "abc")}, "(devel) rev abc"},
	} {
		if got := describe(tc.bi); got != tc.want {
			t.Errorf("%s: describe = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestVersionFlag checks --version, then builds the command in a git
// repository holding this checkout's files, as a clone would, and checks
// that --version prints the revision and, once a file changes, that the work
// tree is modified. (The go command stamps the revision only in a repository
// whose .git is a directory, so the test makes its own rather than relying on
// how this checkout was made.)
func TestVersionFlag(t *testing.T) {
	if code, out, _ := runCLI(t, "", "--version"); code != 0 || !strings.HasPrefix(out, "buildxcache version ") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skipf("SKIPPED: git is not installed, so no VCS revision to stamp: %v", err)
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	list, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("SKIPPED: %s is not a git checkout: %v", root, err)
	}
	repo := t.TempDir()
	for _, name := range strings.Split(string(list), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if name == "" || os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "snapshot")
	rev := git("rev-parse", "HEAD")
	bin := filepath.Join(t.TempDir(), "buildxcache")
	versionOut := func() string {
		t.Helper()
		build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "./cmd/buildxcache")
		build.Dir = filepath.Join(repo, "interop")
		build.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(bin, "--version").CombinedOutput()
		if err != nil {
			t.Fatalf("--version: %v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got, want := versionOut(), " rev "+rev[:12]; !strings.HasSuffix(got, want) {
		t.Errorf("clean checkout: --version = %q, want it to end with %q", got, want)
	}
	if err := os.WriteFile(filepath.Join(repo, "interop", "cmd", "buildxcache", "extra.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := versionOut(), " rev "+rev[:12]+", modified"; !strings.HasSuffix(got, want) {
		t.Errorf("modified checkout: --version = %q, want it to end with %q", got, want)
	}
}

// /dev/null is a character device and no terminal: lint prints no
// progress into it.
func TestIsTerminalNotDevNull(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Errorf("%s is taken for a terminal", os.DevNull)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(w) {
		t.Error("a pipe is taken for a terminal")
	}
}
