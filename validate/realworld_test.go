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
	Source  string `json:"source"`
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
	switch r.Form {
	case "gha-input":
		b.CI.Provider = githubActions
		b.Step = StepAction
		b.Origin = OriginAction
	case "cli", "buildctl":
		b.Origin = OriginCommandLine
		if strings.Contains(r.Source, ".github/workflows/") {
			// a command line in a workflow file is a run: step
			b.CI.Provider = githubActions
			b.Step = StepRun
			b.CI.RuntimeExposed = ptr(false)
		}
	case "bake-hcl", "bake-json":
		b.Origin = OriginBake
	case "compose":
		b.Origin = OriginCompose
	}
	return b
}

// Reasons for the records whose verdict Check cannot reach from the
// record alone, or whose verdict is disputed. Each names the missing context
// or the disagreement; the test fails when an exception is no longer needed,
// so the list stays honest.
const (
	needsOtherBuilds = "the gha scope is shared with other builds of the workflow or bake targets, which the record does not carry; CheckAll reports GHAScopeCollision given them"
	needsRunStep     = "the build runs from a script, Makefile, Nx or compose invoked by a run: step, which the record does not say; with Step=StepRun, GHAWithoutRuntimeToken fires"
	needsCacheFrom   = "the growth needs the build's cache-from reading the same directory, which the record does not carry; LocalCacheGrowsUnbounded fires given it"
	ownerUnknown     = "the capitals come from the repository owner's name, unknown to Check; the catalogue makes CacheRefFromRepositoryExpression a warning (CS081)"
	envIndirect      = "the ref comes from an env or step output set elsewhere in the workflow; the value alone is a template Check cannot see through"
	wholeExpression  = "the value (or field) is wholly a GitHub expression, which is unknown, not wrong, until it is expanded"
	misspelledKey    = "the value is fine; the mistake is the bake key cache_from / cache_to, which the bake reader reports as IgnoredCacheKey"
)

var realWorldExceptions = map[string]string{
	"gha-input-to-halfrgrd-flyline-github-workflows-ci-yml-2":   needsOtherBuilds,
	"gha-input-to-halfrgrd-flyline-github-workflows-ci-yml-5":   needsOtherBuilds,
	"gha-input-to-arcreel-arcreel-pull-1680-2":                  needsOtherBuilds,
	"gha-input-to-docker-bake-action-issues-196-2":              needsOtherBuilds,
	"gha-input-to-kubeflow-katib-github-workflows-template-1":   needsOtherBuilds,
	"cli-to-halfrgrd-flyline-docker-docker-build-gha-1":         needsRunStep,
	"cli-to-pando85-gearr-makefile-1":                           needsRunStep,
	"cli-from-pando85-gearr-makefile-2":                         needsRunStep,
	"compose-from-john-cd-rust-howto-devcontainer-compose-3":    needsRunStep,
	"compose-to-john-cd-rust-howto-devcontainer-compose-5":      needsRunStep,
	"cli-from-theexperiencecompany-gaia-apps-bots-slac-1":       needsRunStep,
	"cli-to-theexperiencecompany-gaia-apps-bots-slac-2":         needsRunStep,
	"buildctl-to-moby-buildkit-issues-1240-1":                   needsCacheFrom,
	"cli-to-docker-build-push-action-issues-153-2":              needsCacheFrom,
	"gha-input-to-cisagov-skeleton-docker-github-workflows-2":   needsCacheFrom,
	"gha-input-to-martinohmann-rfoutlet-github-workflows-b-2":   needsCacheFrom,
	"compose-to-docker-buildx-bake-compose-test-go-2":           needsCacheFrom,
	"gha-input-from-adi-foundation-labs-adi-stack-server-git-1": ownerUnknown,
	"gha-input-from-robotic-decision-making-lab-blue-github-4":  ownerUnknown,
	"gha-input-to-robotic-decision-making-lab-blue-github-5":    ownerUnknown,
	"gha-input-from-docker-build-push-action-issues-424-1":      envIndirect,
	"gha-input-from-openms-streamlit-template-github-workflo-1": envIndirect,
	"gha-input-to-adi-foundation-labs-adi-stack-server-git-2":   wholeExpression,
	"gha-input-to-openms-streamlit-template-github-workflo-2":   wholeExpression,
	"gha-input-from-0xmiden-node-github-workflows-build-dock-1": wholeExpression + " (a bare expression field fails only when it expands without '=')",
	"gha-input-to-0xmiden-node-github-workflows-build-dock-2":   wholeExpression + " (a bare expression field fails only when it expands without '=')",
	"gha-input-to-0xmiden-node-github-workflows-build-dock-5":   wholeExpression,
	"bake-hcl-from-robotic-decision-making-lab-blue-docker-1":   misspelledKey,
	"bake-hcl-to-robotic-decision-making-lab-blue-docker-3":     misspelledKey,
	"gha-input-to-projecthorus-radiosonde-auto-rx-github-w-2":   "the failure comes from the login step being skipped on pull requests, a workflow detail; CacheExportFromForkPR reports a warning, as the record has no fork information",
	"gha-input-to-svthalia-concrexit-github-workflows-publ-2":   "PlaceholderCacheValue reports the documentation's user/app as a warning, not an error, since documentation and tests use it on purpose",
	"bake-hcl-from-moby-buildkit-issues-3211-1":                 "verdict disputed: judged ok, but <bucket name> is a placeholder BuildKit would send as written (the issue's reporter redacted the bucket); PlaceholderCacheValue reports it",
}

// TestRealWorld runs every real-world record through Check with the context
// the record carries (and what its form and source imply: a command line in
// a workflow file is a run: step). A record judged ok gets no error, one
// judged warning at least a warning, one judged error an error, except for
// the records in realWorldExceptions.
func TestRealWorld(t *testing.T) {
	f, err := os.Open("../testdata/realworld.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var good, goodWithError, bad, badFlagged int
	seen := map[string]bool{}
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		seen[r.ID] = true
		ds := Check(buildOf(r))
		worst := SeverityInvalid
		for _, d := range ds {
			worst = max(worst, d.Severity)
		}
		var met bool
		switch r.Expect {
		case "ok":
			good++
			met = worst < SeverityError
			if !met {
				goodWithError++
			}
		case "warning":
			bad++
			met = worst >= SeverityWarning
		case "error":
			bad++
			met = worst == SeverityError
		default:
			t.Fatalf("%s: unknown verdict %q", r.ID, r.Expect)
		}
		if met && r.Expect != "ok" {
			badFlagged++
		}
		reason, excepted := realWorldExceptions[r.ID]
		switch {
		case !met && !excepted:
			t.Errorf("%s: %q is judged %s (%s), but Check says: %v", r.ID, r.Raw, r.Expect, strings.TrimSpace(r.Problem), ds)
		case met && excepted:
			t.Errorf("%s: the exception is no longer needed (%s); remove it", r.ID, reason)
		case excepted && testing.Verbose():
			t.Logf("exception %s: %s", r.ID, reason)
		}
	}
	for id := range realWorldExceptions {
		if !seen[id] {
			t.Errorf("exception for a record that does not exist: %s", id)
		}
	}
	t.Logf("flagged %d of %d records judged warning or error; errors on %d of %d records judged ok; %d exceptions", badFlagged, bad, goodWithError, good, len(realWorldExceptions))
}
