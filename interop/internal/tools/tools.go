// Package tools installs, for the tests and benchmarks of this module, the
// programs they compare with or run (actionlint), with go install from the
// Go module proxy into the user cache directory, once per version.
package tools

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// ActionlintVersion is the actionlint the tests install.
const ActionlintVersion = "v1.7.12"

// Actionlint returns the path of actionlint: $ACTIONLINT when set, else
// the one installed with go install into the user cache directory
// (buildxcache/tools/actionlint-VERSION), installing it the first time.
func Actionlint() (string, error) {
	if p := os.Getenv("ACTIONLINT"); p != "" {
		return p, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory to install actionlint into: %w", err)
	}
	dir := filepath.Join(cache, "buildxcache", "tools", "actionlint-"+ActionlintVersion)
	bin := filepath.Join(dir, "actionlint")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	tmp, err := os.MkdirTemp("", "actionlint-install")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command("go", "install", "github.com/rhysd/actionlint/cmd/actionlint@"+ActionlintVersion)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("actionlint %s could not be installed: %v\n%s", ActionlintVersion, err, out)
	}
	return bin, nil
}
