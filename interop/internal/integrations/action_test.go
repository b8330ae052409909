package integrations

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// repoRoot is the root of the repository, where action.yml is.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// buildCLI builds the command from this checkout into dir.
func buildCLI(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "buildxcache")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/buildxcache").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// action is the part of action.yml a composite action's runner reads.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

type step struct {
	ID               string            `yaml:"id"`
	Name             string            `yaml:"name"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	Shell            string            `yaml:"shell"`
	Run              string            `yaml:"run"`
	WorkingDirectory string            `yaml:"working-directory"`
	Env              map[string]string `yaml:"env"`
	With             map[string]string `yaml:"with"`
}

func readAction(t *testing.T) action {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("action.yml runs using %q, want composite", a.Runs.Using)
	}
	return a
}

// runner runs a composite action's steps as the Actions runner does, for
// the expressions action.yml uses: inputs, github and steps contexts, ||,
// ==, != and &&, always().
type runner struct {
	t       *testing.T
	inputs  map[string]string
	github  map[string]string
	outputs map[string]map[string]string // step id -> outputs
	env     []string
}

var exprRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// value evaluates an expression of the forms action.yml uses.
func (r *runner) value(expr string) string {
	expr = strings.TrimSpace(expr)
	if alts := strings.Split(expr, "||"); len(alts) > 1 {
		for _, a := range alts {
			if v := r.value(a); v != "" {
				return v
			}
		}
		return ""
	}
	if strings.HasPrefix(expr, "'") && strings.HasSuffix(expr, "'") {
		return strings.Trim(expr, "'")
	}
	parts := strings.Split(expr, ".")
	switch {
	case len(parts) == 2 && parts[0] == "inputs":
		v, ok := r.inputs[parts[1]]
		if !ok {
			r.t.Fatalf("action.yml reads the undeclared input %q", parts[1])
		}
		return v
	case len(parts) == 2 && parts[0] == "github":
		return r.github[parts[1]]
	case len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs":
		return r.outputs[parts[1]][parts[3]]
	}
	r.t.Fatalf("expression %q is not one the test runner knows", expr)
	return ""
}

// cond evaluates an if: condition.
func (r *runner) cond(c string) bool {
	if c == "" {
		return true
	}
	c = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(c), "${{"), "}}"))
	for _, term := range strings.Split(c, "&&") {
		term = strings.TrimSpace(term)
		var ok bool
		switch {
		case term == "always()":
			ok = true
		case strings.Contains(term, "!="):
			a, b, _ := strings.Cut(term, "!=")
			ok = r.value(a) != r.value(b)
		case strings.Contains(term, "=="):
			a, b, _ := strings.Cut(term, "==")
			ok = r.value(a) == r.value(b)
		default:
			r.t.Fatalf("condition %q is not one the test runner knows", term)
		}
		if !ok {
			return false
		}
	}
	return true
}

func (r *runner) interpolate(s string) string {
	return exprRE.ReplaceAllStringFunc(s, func(m string) string { return r.value(exprRE.FindStringSubmatch(m)[1]) })
}

// runStep runs a run: step with bash as the runner does ("bash --noprofile
// --norc -eo pipefail {0}") and returns its stdout and exit status, and
// records its outputs.
func (r *runner) runStep(s step, tmp string) (string, int) {
	r.t.Helper()
	if exprRE.MatchString(s.Run) {
		r.t.Errorf("step %q: expressions in run: are expanded into the script; pass them through env:", s.Name)
	}
	if s.Shell != "bash" {
		r.t.Fatalf("step %q: shell %q, want bash", s.Name, s.Shell)
	}
	script := filepath.Join(tmp, "step.sh")
	if err := os.WriteFile(script, []byte(s.Run), 0o644); err != nil {
		r.t.Fatal(err)
	}
	out := filepath.Join(tmp, "output-"+s.ID)
	if err := os.WriteFile(out, nil, 0o644); err != nil {
		r.t.Fatal(err)
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Dir = r.interpolate(s.WorkingDirectory)
	if cmd.Dir == "" {
		cmd.Dir = r.github["workspace"]
	}
	cmd.Env = append(append([]string{}, r.env...), "GITHUB_OUTPUT="+out)
	for k, v := range s.Env {
		cmd.Env = append(cmd.Env, k+"="+r.interpolate(v))
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		r.t.Fatal(err)
	}
	outputs := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			outputs[k] = v
		}
	}
	if s.ID != "" {
		r.outputs[s.ID] = outputs
	}
	if stderr.Len() > 0 {
		r.t.Logf("step %q stderr:\n%s", s.Name, stderr.String())
	}
	return stdout.String(), code
}

// TestActionSteps runs the action's shell steps with the variables the
// runner sets (GITHUB_WORKSPACE, GITHUB_OUTPUT, RUNNER_TEMP, ...), a
// locally built buildxcache in place of the go install step, on a workspace
// with a bad workflow (annotations, a SARIF file, the job failing) and on
// the fixed one (no annotation, the job passing).
func TestActionSteps(t *testing.T) {
	a := readAction(t)
	bad, err := os.ReadFile("testdata/bad.yml")
	if err != nil {
		t.Fatal(err)
	}
	fixed, err := os.ReadFile("testdata/fixed.yml")
	if err != nil {
		t.Fatal(err)
	}
	temp := t.TempDir()
	binDir := filepath.Join(temp, "buildxcache-bin")
	buildCLI(t, binDir)

	for _, tc := range []struct {
		name     string
		workflow []byte
		wantExit string
		config   string // a configuration file the config input names
	}{
		{"bad workflow", bad, "1", ""},
		{"fixed workflow", fixed, "0", ""},
		{"bad workflow, its rules disabled by the config input", bad, "0",
			"rules:\n  KeywordAsCacheRef: {disable: true}\n  CacheRefIsImageTag: {disable: true}\n  WhitespaceAroundCacheKey: {disable: true}\n  InvalidCacheMode: {disable: true}\n  CacheExportFromForkPR: {disable: true}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := t.TempDir()
			wf := filepath.Join(ws, ".github", "workflows", "ci.yml")
			if err := os.MkdirAll(filepath.Dir(wf), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(wf, tc.workflow, 0o644); err != nil {
				t.Fatal(err)
			}
			r := &runner{t: t, inputs: map[string]string{}, outputs: map[string]map[string]string{},
				github: map[string]string{"workspace": ws, "action_ref": "v0.1.0", "action_path": repoRoot(t)}}
			for name, in := range a.Inputs {
				r.inputs[name] = in.Default
			}
			r.inputs["sarif"] = "true"
			if tc.config != "" {
				cfg := filepath.Join(ws, "lint.yml")
				if err := os.WriteFile(cfg, []byte(tc.config), 0o644); err != nil {
					t.Fatal(err)
				}
				r.inputs["config"] = cfg
			}
			r.env = append(os.Environ(), "GITHUB_ACTIONS=true", "CI=true", "GITHUB_WORKSPACE="+ws,
				"RUNNER_TEMP="+temp, "GITHUB_ACTION_PATH="+repoRoot(t), "GITHUB_ACTION_REF=v0.1.0")
			var lintOut string
			uploaded, failed := false, false
			for _, s := range a.Runs.Steps {
				if !r.cond(s.If) {
					continue
				}
				switch {
				case s.Uses != "":
					if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
						uploaded = true
						if f := r.interpolate(s.With["sarif_file"]); f == "" {
							t.Errorf("upload-sarif gets no file")
						}
					}
					continue // an action from the marketplace: not run here
				case s.ID == "install":
					// go install at the action's ref; TestGoInstallAtVersion
					// proves that command, here the local build stands in.
					for _, want := range []string{"go install \"github.com/buildxcache/buildxcache/interop/cmd/buildxcache@$version\"", `GOBIN="$bin"`, `bin="$RUNNER_TEMP/buildxcache-bin"`} {
						if !strings.Contains(s.Run, want) {
							t.Errorf("the install step does not run %s", want)
						}
					}
					if v := r.interpolate(s.Env["VERSION"]); v != "v0.1.0" {
						t.Errorf("the install step installs %q, want the action's ref v0.1.0", v)
					}
					continue
				}
				out, code := r.runStep(s, t.TempDir())
				if s.ID == "lint" {
					lintOut = out
					if code != 0 {
						t.Errorf("the lint step itself failed with %d:\n%s", code, out)
					}
				} else if s.Name == "Fail on findings" {
					failed = code != 0
				} else if code != 0 {
					t.Errorf("step %q failed with %d:\n%s", s.Name, code, out)
				}
			}
			if got := r.outputs["lint"]["exit-code"]; got != tc.wantExit {
				t.Errorf("exit-code output %q, want %s", got, tc.wantExit)
			}
			if failed != (tc.wantExit != "0") {
				t.Errorf("the job fails: %v, want %v", failed, tc.wantExit != "0")
			}
			if !uploaded {
				t.Errorf("the SARIF upload step does not run")
			}
			annotation := "::error file=.github/workflows/ci.yml,line=10,col=21,endLine=10,endColumn=27,title=KeywordAsCacheRef::"
			if tc.wantExit == "1" && !strings.Contains(lintOut, annotation) {
				t.Errorf("no annotation %s in:\n%s", annotation, lintOut)
			}
			if tc.wantExit == "0" && strings.Contains(lintOut, "::") {
				t.Errorf("annotations for a clean workflow:\n%s", lintOut)
			}
			data, err := os.ReadFile(r.outputs["lint"]["sarif-file"])
			if err != nil {
				t.Fatalf("the SARIF file: %v", err)
			}
			var log struct {
				Version string
				Runs    []struct {
					Results []struct {
						RuleID    string
						Locations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct{ URI string }
							}
						}
					}
				}
			}
			if err := json.Unmarshal(data, &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 {
				t.Fatalf("SARIF file: %v\n%s", err, data)
			}
			res := log.Runs[0].Results
			if tc.wantExit == "1" && (len(res) != 1 || res[0].RuleID != "KeywordAsCacheRef" || res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != ".github/workflows/ci.yml") {
				t.Errorf("SARIF results %+v, want KeywordAsCacheRef in .github/workflows/ci.yml", res)
			}
			if tc.wantExit == "0" && len(res) != 0 {
				t.Errorf("SARIF results for a clean workflow: %+v", res)
			}
		})
	}
}
