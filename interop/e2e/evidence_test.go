package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/validate"
)

// caseNames are the case names written in this package's tests: the name
// fields of the tables and the literal t.Run names.
func caseNames(t *testing.T) map[string]bool {
	files, _ := filepath.Glob("*_test.go")
	re := regexp.MustCompile(`(?:name: |t\.Run\()"([A-Za-z0-9/=+.\-_]+)"`)
	names := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			names[m[1]] = true
		}
	}
	return names
}

// TestEvidenceLinks checks, without a daemon, that every end-to-end test a
// rule's documentation cites exists, and that every case is named after a
// rule, so that the docs and the evidence cannot drift apart.
func TestEvidenceLinks(t *testing.T) {
	names := caseNames(t)
	for _, r := range validate.Rules() {
		for _, e := range r.Evidence {
			parts := strings.Split(e, "/")
			if !strings.HasPrefix(parts[0], "TestE2E") || len(parts) < 3 {
				t.Errorf("%s: evidence %q is not TestE2E.../<Rule>/<case>", r.Name, e)
				continue
			}
			c := strings.Join(parts[len(parts)-2:], "/")
			if !names[c] {
				t.Errorf("%s cites %q, but no end-to-end case is named %q", r.Name, e, c)
			}
			if parts[len(parts)-2] != r.Name {
				t.Errorf("%s cites %q, a case of another rule", r.Name, e)
			}
		}
	}
	for n := range names {
		rule, _, ok := strings.Cut(n, "/")
		if !ok || rule == "export" || rule == "import" || rule == "control" || strings.Contains(rule, "-") ||
			strings.HasPrefix(rule, "registry") || strings.HasPrefix(rule, "local") || strings.HasPrefix(rule, "s3") || rule == "inline" || rule == "azblob" || rule == "gha" {
			continue // round-trip cases, backend behaviours and phases
		}
		if _, ok := validate.Lookup(rule); !ok {
			t.Errorf("case %q is not named after a rule", n)
		}
	}
}
