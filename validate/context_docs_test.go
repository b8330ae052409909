package validate

import (
	"strings"
	"testing"
)

// TestEveryRuleSaysItsContext: the catalogue says, for every rule, what
// makes it certain, what lowers its severity and how it treats templates
// and environment variables: in its Context statement or its
// Explanation.
func TestEveryRuleSaysItsContext(t *testing.T) {
	t.Parallel()
	for _, r := range Rules() {
		text := r.Context() + " " + r.Explanation
		if r.Scope == ScopeFile {
			if r.Context() == "" {
				t.Errorf("%s: no context statement", r.Name)
			}
			continue
		}
		if !strings.Contains(text, "emplate") {
			t.Errorf("%s: says nothing of templates", r.Name)
		}
		if r.Scope != ScopeValue && !strings.Contains(text, "ertain") && !strings.Contains(text, "eported only") && !strings.Contains(text, "reported when") && !strings.Contains(text, "Reported") && !strings.Contains(text, "Needs") && !strings.Contains(text, "Only") {
			t.Errorf("%s: says nothing of the context that makes it certain", r.Name)
		}
	}
	for name := range contextDocs {
		if _, ok := Lookup(name); !ok {
			t.Errorf("context statement for %s, which is no rule", name)
		}
	}
}
