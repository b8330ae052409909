package lint

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// jsonWhole is the JSON report encoded whole, as encoding/json indents it:
// what JSONWriter writes one diagnostic at a time.
func jsonWhole(t *testing.T, r Result) []byte {
	t.Helper()
	var whole bytes.Buffer
	if err := (JSONWriter{}).Write(&whole, r); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Files       int              `json:"files"`
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal(whole.Bytes(), &v); err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, whole.Bytes())
	}
	if v.Diagnostics == nil {
		v.Diagnostics = []jsonDiagnostic{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestJSONWriterStreams: the report written a diagnostic at a time is
// byte for byte the indented encoding of the whole report, with no
// diagnostic, one, and the many of the corpora (HTML characters, escapes
// and non-ASCII text included).
func TestJSONWriterStreams(t *testing.T) {
	odd := diag.Diagnostic{Rule: "CacheRefIsImageTag", Severity: validate.SeverityWarning,
		Message: "a <b> & \"c\" \u2028 é \x01", Range: diag.Range{File: "f.yml"},
		Fixes: []diag.Fix{{Message: "m", Fixed: "type=gha", Edits: []diag.TextEdit{{Range: diag.Range{File: "f.yml", Start: diag.Pos{Line: 1, Col: 2}, End: diag.Pos{Line: 1, Col: 3}}, NewText: "<x>"}}}}}
	results := map[string]Result{
		"none":      {Files: 3},
		"one":       {Files: 1, Diagnostics: diag.Diagnostics{odd}},
		"two":       {Files: 1, Diagnostics: diag.Diagnostics{odd, odd}},
		"realworld": Paths([]string{"testdata/realworld"}, Options{}),
		"rules":     Paths([]string{"testdata/realworld/rules"}, Options{}),
	}
	for name, r := range results {
		var got bytes.Buffer
		if err := (JSONWriter{}).Write(&got, r); err != nil {
			t.Fatal(err)
		}
		if want := jsonWhole(t, r); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: the streamed report differs from the whole encoding\n got %s\nwant %s", name, got.Bytes(), want)
		}
		if name == "realworld" && len(r.Diagnostics) < 10 {
			t.Errorf("realworld: %d diagnostics, the test needs many", len(r.Diagnostics))
		}
	}
}
