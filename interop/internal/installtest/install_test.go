package installtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// version is the version the test publishes, the one interop/go.mod
// requires of the core module.
const version = "v0.1.0"

const badWorkflow = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/org/app:main
          cache-to: inline
`

// goEnv returns `go env name` as the test's environment gives it.
func goEnv(t *testing.T, goCmd, name string) string {
	t.Helper()
	out, err := exec.Command(goCmd, "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

// TestGoInstallAtVersion publishes the core and interop modules at v0.1.0
// into a file proxy and installs the command from it with go install
// ...@v0.1.0: the go.mod a release publishes (no replace directive), no
// workspace, an empty module cache. The
// other modules come from the download cache of this machine's module cache,
// itself a file proxy, so no network is needed once the interop module's
// dependencies have been downloaded. The installed binary reports v0.1.0
// and lints a file.
func TestGoInstallAtVersion(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to install: %v", err)
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git is needed to list the files of the modules: %v", err)
	}
	work := t.TempDir()
	proxy := filepath.Join(work, "proxy")
	if err := Publish(proxy, version, time.Now(),
		Module{Path: "github.com/buildxcache/buildxcache", Dir: root},
		Module{Path: "github.com/buildxcache/buildxcache/interop", Dir: filepath.Join(root, "interop")},
	); err != nil {
		t.Fatal(err)
	}
	downloads := filepath.Join(goEnv(t, goCmd, "GOMODCACHE"), "cache", "download")

	// A module cache at a fixed place, emptied before and after: a fixed
	// place keeps the package paths the same from run to run, so the build
	// cache is reused.
	modcache := filepath.Join(root, "interop", ".cache", "installtest", "modcache")
	gobin := filepath.Join(work, "bin")
	outside := filepath.Join(work, "elsewhere")
	for _, d := range []string{modcache, gobin, outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(),
		"GOMODCACHE="+modcache,
		"GOBIN="+gobin,
		"GOWORK=off",
		"GOFLAGS=-mod=mod",
		"GOPROXY=file://"+filepath.ToSlash(proxy)+",file://"+filepath.ToSlash(downloads),
		"GONOSUMDB=github.com/buildxcache",
		"GONOSUMCHECK=1",
		"GOSUMDB=off",
		"GOTOOLCHAIN=local",
		// The go command indexes the packages of the module cache once
		// per module directory, taking what is there to be immutable;
		// here the same directory holds v0.1.0 of each new working
		// tree, so the index must not be used.
		"GODEBUG="+strings.TrimPrefix(os.Getenv("GODEBUG")+",goindex=0", ","),
	)
	cleanModcache := func() error {
		clean := exec.Command(goCmd, "clean", "-modcache")
		clean.Env, clean.Dir = env, outside
		if out, err := clean.CombinedOutput(); err != nil {
			return fmt.Errorf("go clean -modcache: %v\n%s", err, out)
		}
		return nil
	}
	if err := cleanModcache(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := cleanModcache(); err != nil {
			t.Error(err)
		}
	})
	pkg := "github.com/buildxcache/buildxcache/interop/cmd/buildxcache@" + version
	install := exec.Command(goCmd, "install", pkg)
	install.Env, install.Dir = env, outside
	start := time.Now()
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install %s: %v\n%s", pkg, err, out)
	}
	t.Logf("go install %s: %s", pkg, time.Since(start).Round(time.Millisecond))
	bin := filepath.Join(gobin, "buildxcache")

	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("buildxcache --version: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), version) || strings.Contains(string(out), "devel") {
		t.Errorf("buildxcache --version = %q, want %s", out, version)
	}

	tree := filepath.Join(work, "repo")
	wf := filepath.Join(tree, ".github", "workflows", "ci.yml")
	if err := os.MkdirAll(filepath.Dir(wf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wf, []byte(badWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}
	lint := exec.Command(bin, "lint", tree)
	var stdout bytes.Buffer
	lint.Stdout, lint.Stderr = &stdout, &stdout
	err = lint.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("buildxcache lint: %v, want exit status 1\n%s", err, stdout.String())
	}
	if !strings.Contains(stdout.String(), "ci.yml:10:21: error:") || !strings.Contains(stdout.String(), "[KeywordAsCacheRef]") {
		t.Errorf("buildxcache lint did not report the keyword ref:\n%s", stdout.String())
	}
}

// TestReleaseGoMod: the published go.mod of interop has no replace (which go
// install ...@version refuses) and still requires the core at the version
// the release publishes.
func TestReleaseGoMod(t *testing.T) {
	data, err := ReleaseGoMod("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "replace") {
		t.Errorf("the released go.mod keeps a replace:\n%s", data)
	}
	if !strings.Contains(string(data), "github.com/buildxcache/buildxcache "+version) {
		t.Errorf("the released go.mod does not require the core at %s", version)
	}
	dev, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dev), "replace github.com/buildxcache/buildxcache => ../") {
		t.Errorf("the development go.mod lost the replace that keeps go mod tidy working in a clone")
	}
}
