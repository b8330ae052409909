package validate

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md from the registry")

// TestRulesDoc fails when the committed docs/rules.md differs from what the
// registry generates; -update rewrites it.
func TestRulesDoc(t *testing.T) {
	const path = "../docs/rules.md"
	want := RulesMarkdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./validate -run TestRulesDoc -update)", err)
	}
	if string(got) != want {
		t.Fatalf("%s is stale: run go test ./validate -run TestRulesDoc -update", path)
	}
}
