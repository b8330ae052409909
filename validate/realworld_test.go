package validate

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
)

// record is one line of testdata/realworld.jsonl.
type record struct {
	ID        string `json:"id"`
	Form      string `json:"form"`
	Direction string `json:"direction"`
	Raw       string `json:"raw"`
	Context   struct {
		Tags      []string `json:"tags"`
		Push      *bool    `json:"push"`
		Platforms []string `json:"platforms"`
		Event     *string  `json:"event"`
	} `json:"context"`
	Expect  string `json:"expect"`
	Problem string `json:"problem"`
}

// buildOf turns a record into the build Check sees.
func buildOf(r record) Build {
	values := []string{r.Raw}
	if r.Form == "gha-input" {
		if items, err := cachespec.SplitActionInput(r.Raw); err == nil {
			values = items
		}
	}
	b := Build{Tags: r.Context.Tags, Push: r.Context.Push, Platforms: r.Context.Platforms}
	if r.Direction == "from" {
		b.CacheFrom = values
	} else {
		b.CacheTo = values
	}
	if r.Context.Event != nil {
		b.CI = CI{Provider: githubActions, Event: *r.Context.Event}
	}
	if r.Form == "gha-input" {
		b.CI.Provider = githubActions
		b.Step = StepAction
	}
	return b
}

// TestRealWorld runs every real-world record through Check. A record judged
// ok must get no error. The figures for records judged warning or error are
// logged; the rules that need context the records do not carry (step kind,
// the other builds of a workflow) are exercised by their own tests.
func TestRealWorld(t *testing.T) {
	f, err := os.Open("../testdata/realworld.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var good, goodWithError, bad, badFlagged int
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		ds := Check(buildOf(r))
		worst := SeverityInvalid
		for _, d := range ds {
			worst = max(worst, d.Severity)
		}
		switch r.Expect {
		case "ok":
			good++
			if worst == Error {
				goodWithError++
				t.Errorf("%s: %q is judged ok, but: %v", r.ID, r.Raw, ds)
			}
		case "warning":
			bad++
			if worst >= Warning {
				badFlagged++
			}
		case "error":
			bad++
			if worst == Error {
				badFlagged++
			} else if testing.Verbose() {
				t.Logf("not flagged: %s %q (%s): %v", r.ID, r.Raw, strings.TrimSpace(r.Problem), ds)
			}
		}
	}
	t.Logf("flagged %d of %d records judged warning or error; errors on %d of %d records judged ok", badFlagged, bad, goodWithError, good)
}
