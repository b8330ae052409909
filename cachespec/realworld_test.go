package cachespec

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// record is one line of testdata/realworld.jsonl: a cache value seen in a
// public repository or issue, with the outcome BuildKit v0.34 / Buildx v0.38
// give it (see testdata/README.md).
type record struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Form      string `json:"form"`
	Direction string `json:"direction"`
	Raw       string `json:"raw"`
	Expect    string `json:"expect"`
	Problem   string `json:"problem"`
}

const realworldPath = "../testdata/realworld.jsonl"

// readRecords reads testdata/realworld.jsonl, failing t if the file is
// missing or a line is not a JSON record.
func readRecords(t testing.TB) []record {
	t.Helper()
	f, err := os.Open(realworldPath)
	if err != nil {
		t.Fatalf("reading the real-world corpus: %v", err)
	}
	defer f.Close()
	var out []record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s:%d: malformed record: %v", realworldPath, n, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading %s: %v", realworldPath, err)
	}
	if len(out) == 0 {
		t.Fatalf("%s holds no records", realworldPath)
	}
	return out
}

// isTemplate reports whether a value holds a GitHub expression or a shell,
// make or bake variable: its meaning is known only after expansion.
func isTemplate(s string) bool {
	return strings.Contains(s, "${") || strings.Contains(s, "$(") || strings.Contains(s, "$")
}

// parseRecord reads a record's raw value in its form.
func parseRecord(r record) ([]Entry, error) {
	switch {
	case r.Form == "buildctl":
		e, err := ParseBuildctl(r.Raw)
		if err != nil {
			return nil, err
		}
		return []Entry{e}, nil
	case strings.HasPrefix(r.Raw, "{"):
		e, err := ParseJSON([]byte(r.Raw))
		if err != nil {
			return nil, err
		}
		return []Entry{e}, nil
	case r.Form == "gha-input":
		items, err := SplitActionInput(r.Raw)
		if err != nil {
			return nil, err
		}
		return ParseList(items)
	}
	return ParseList([]string{r.Raw})
}

// parseLevelErrors are the raw values of records judged "error" for a
// reason Parse alone can see.
var parseLevelErrors = []string{
	"type=gha, mode=max, scope=Dev Deploy to ACR",
	"type=registry,ref=ghcr.io/indygreg/Edward-Knight/python-build-standalone:build-openssl_3.0",
	"type=registry,ref=ghcr.io/indygreg/Edward-Knight/python-build-standalone:build-main",
	"type=type=local,dest=/tmp/.buildx-cache-new",
	"inline",
	"type=registry,ref=<registry>/<cache-image>:<branch>\ntype=registry,ref=<registry>/<cache-image>:main \n",
}

func TestRealWorld(t *testing.T) {
	t.Parallel()
	records := readRecords(t)
	if len(records) < 250 {
		t.Fatalf("only %d records", len(records))
	}
	counts := map[string]int{}
	for _, r := range records {
		entries, err := parseRecord(r)
		switch {
		case r.Expect == "error" && contains(parseLevelErrors, r.Raw):
			counts["refused as expected"]++
			if err == nil {
				t.Errorf("%s: %q parsed, but it is a parse-level error: %s", r.ID, r.Raw, r.Problem)
			}
		case isTemplate(r.Raw):
			counts["template"]++
		case r.Expect == "ok" || r.Expect == "warning":
			counts["accepted as expected"]++
			if err != nil {
				t.Errorf("%s: %q: %v", r.ID, r.Raw, err)
			}
		default:
			counts["error left to validate"]++
		}
		for _, e := range entries {
			if got, err := Parse(Format(e)); err != nil || !Equal(got, e) {
				t.Errorf("%s: %q does not round-trip", r.ID, Format(e))
			}
		}
	}
	t.Logf("real-world records: %v", counts)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
