package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/buildxcache/buildxcache/validate"
)

// exampleCallees are the files that the example files of a rule about a
// call use, written beside them.
var exampleCallees = map[string]map[string]string{
	"UndeclaredInput": {".github/actions/build/action.yml": "name: build\ninputs:\n  cache-scope:\n    default: app\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: docker buildx build --cache-to type=gha,scope=${{ inputs.cache-scope }} .\n"},
}

// TestFileRuleExamples runs the example files of every file rule (the
// rules the readers report) through discovery, the readers and the
// checks: the bad file is reported under the rule, the good one is not.
func TestFileRuleExamples(t *testing.T) {
	n := 0
	for _, r := range validate.Rules() {
		if r.Scope != validate.ScopeFile {
			continue
		}
		n++
		t.Run(r.Name, func(t *testing.T) {
			for _, c := range []struct {
				text string
				want bool
			}{{r.BadFile, true}, {r.GoodFile, false}} {
				dir := t.TempDir()
				p := filepath.Join(dir, filepath.FromSlash(r.FileName))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(c.text), 0o644); err != nil {
					t.Fatal(err)
				}
				for name, text := range exampleCallees[r.Name] {
					q := filepath.Join(dir, filepath.FromSlash(name))
					if err := os.MkdirAll(filepath.Dir(q), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(q, []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				res := Paths([]string{dir}, Options{})
				got := false
				for _, d := range res.Diagnostics {
					if d.Rule == r.Name {
						got = true
						if d.Range.File != p || d.Severity != r.Severity {
							t.Errorf("%v: want file %s and severity %v", d, p, r.Severity)
						}
						if Fixable(d) != r.FileFix {
							t.Errorf("%v: fixable %v, but the rule declares FileFix %v", d, Fixable(d), r.FileFix)
						}
					}
				}
				if got != c.want {
					t.Errorf("%s example (bad: %v): reported %v; diagnostics %v", r.Name, c.want, got, res.Diagnostics)
				}
			}
		})
	}
	if n < 5 {
		t.Errorf("%d file rules, want at least 5", n)
	}
}
