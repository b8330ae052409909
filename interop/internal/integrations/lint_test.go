package integrations

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/internal/tools"
	"go.yaml.in/yaml/v3"
)

// actionlint returns the path of actionlint (tools.Actionlint); the test
// is skipped, loudly, when it cannot be had.
func actionlint(t *testing.T) string {
	t.Helper()
	bin, err := tools.Actionlint()
	if err != nil {
		t.Skipf("SKIPPED: %v", err)
	}
	return bin
}

// runActionlint runs actionlint in dir on its workflows and returns its
// output and whether it found nothing.
func runActionlint(t *testing.T, bin, dir string) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("shellcheck"); err != nil {
		t.Log("WARNING: shellcheck is not installed, so actionlint does not check the scripts with it")
	}
	// actionlint finds the project by its .git directory.
	if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-no-color")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return string(out), err == nil
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestActionlintSampleWorkflow runs actionlint on the sample workflow of
// the docs, with the action as a local action so that actionlint checks its
// inputs against action.yml, and checks that a misspelled input is caught.
func TestActionlintSampleWorkflow(t *testing.T) {
	bin := actionlint(t)
	action, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile("testdata/workflow.yml")
	if err != nil {
		t.Fatal(err)
	}
	local := strings.ReplaceAll(string(sample), "uses: buildxcache/buildxcache@v0.1.0", "uses: ./")
	if local == string(sample) {
		t.Fatal("the sample workflow does not use buildxcache/buildxcache@v0.1.0")
	}
	for _, tc := range []struct {
		name, workflow string
		ok             bool
		want           string
	}{
		{"sample", local, true, ""},
		{"misspelled input", strings.Replace(local, "severity: warning", "severty: warning", 1), false, `input "severty" is not defined in action "buildxcache" defined at "./"`},
	} {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "action.yml"), action)
		writeFile(t, filepath.Join(dir, ".github", "workflows", "lint.yml"), []byte(tc.workflow))
		out, ok := runActionlint(t, bin, dir)
		if ok != tc.ok || !strings.Contains(out, tc.want) {
			t.Errorf("%s: actionlint passed: %v, want %v, output containing %q:\n%s", tc.name, ok, tc.ok, tc.want, out)
		}
	}
}

// TestActionlintActionScripts runs actionlint (and through it shellcheck)
// on the scripts embedded in action.yml: each run: step becomes a step of a
// workflow, with its shell, and its env: with the expressions replaced by
// placeholders (the inputs context exists only in the action).
func TestActionlintActionScripts(t *testing.T) {
	bin := actionlint(t)
	a := readAction(t)
	type wfStep struct {
		Name  string            `yaml:"name"`
		Shell string            `yaml:"shell"`
		Env   map[string]string `yaml:"env,omitempty"`
		Run   string            `yaml:"run"`
	}
	var steps []wfStep
	for _, s := range a.Runs.Steps {
		if s.Run == "" {
			continue
		}
		env := map[string]string{}
		for k, v := range s.Env {
			env[k] = exprRE.ReplaceAllString(v, "placeholder")
		}
		steps = append(steps, wfStep{Name: s.Name, Shell: s.Shell, Env: env, Run: s.Run})
	}
	if len(steps) < 3 {
		t.Fatalf("action.yml has %d run: steps", len(steps))
	}
	wf := map[string]any{
		"on": "push",
		"jobs": map[string]any{"action": map[string]any{
			"runs-on": "ubuntu-latest",
			"steps":   steps,
		}},
	}
	data, err := yaml.Marshal(wf)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".github", "workflows", "action-scripts.yml"), data)
	if out, ok := runActionlint(t, bin, dir); !ok {
		t.Errorf("actionlint on action.yml's scripts:\n%s\nthe workflow:\n%s", out, data)
	}
	// The check is real: a script with a shellcheck finding fails.
	if _, err := exec.LookPath("shellcheck"); err == nil {
		steps[0].Run += "\necho $UNQUOTED_VARIABLE\n"
		wf["jobs"].(map[string]any)["action"].(map[string]any)["steps"] = steps
		data, _ = yaml.Marshal(wf)
		writeFile(t, filepath.Join(dir, ".github", "workflows", "action-scripts.yml"), data)
		if out, ok := runActionlint(t, bin, dir); ok || !strings.Contains(out, "SC2086") {
			t.Errorf("actionlint missed an unquoted variable:\n%s", out)
		}
	}
}
