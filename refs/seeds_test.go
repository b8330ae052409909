package refs

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// FuzzParse is seeded at run time from the image references in
// testdata/realworld.jsonl, so the corpus needs no copies under
// testdata/fuzz.

const realworldPath = "../testdata/realworld.jsonl"

// realworldRaws returns the raw value of every record of
// testdata/realworld.jsonl, failing t if the file is missing or a line is
// not a JSON record.
func realworldRaws(t testing.TB) []string {
	t.Helper()
	f, err := os.Open(realworldPath)
	if err != nil {
		t.Fatalf("reading the real-world corpus: %v", err)
	}
	defer f.Close()
	var raws []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var r struct {
			Raw *string `json:"raw"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s:%d: malformed record: %v", realworldPath, n, err)
		}
		if r.Raw == nil {
			t.Fatalf("%s:%d: malformed record: no raw value", realworldPath, n)
		}
		raws = append(raws, *r.Raw)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading %s: %v", realworldPath, err)
	}
	if len(raws) == 0 {
		t.Fatalf("%s holds no records", realworldPath)
	}
	return raws
}

// refSeeds are the reference-like parts of the raw values: a value with no
// "=" is a list of refs split on commas (the shorthand), and a value with
// ref= gives the text after each ref= up to the next comma. Then, line by
// line and field by field with spaces trimmed, the same again: so the
// lines of a multi-line action input, and the fields of a template that
// holds a cache value (format('type=registry,ref={0}/...', ...)) or a bare
// ${{ ... }} field, are seeds too.
func refSeeds(raws []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, raw := range raws {
		if !strings.Contains(raw, "=") {
			for _, s := range strings.Split(raw, ",") {
				add(s)
			}
			continue
		}
		for rest := raw; ; {
			_, after, ok := strings.Cut(rest, "ref=")
			if !ok {
				break
			}
			v, _, _ := strings.Cut(after, ",")
			add(v)
			rest = after
		}
	}
	for _, raw := range raws {
		for _, line := range strings.Split(raw, "\n") {
			for _, field := range strings.Split(line, ",") {
				field = strings.TrimSpace(field)
				if v, ok := strings.CutPrefix(field, "ref="); ok {
					add(v)
				} else if field != "" && !strings.Contains(field, "=") {
					add(field)
				}
			}
		}
	}
	return out
}

// addRealworldSeeds adds refSeeds of the real-world corpus to f.
func addRealworldSeeds(f *testing.F) {
	f.Helper()
	for _, s := range refSeeds(realworldRaws(f)) {
		f.Add(s)
	}
}
