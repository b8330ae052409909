package lint

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
	"pgregory.net/rapid"
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

// TestPropertyJSONEncoding: the hand encoding of a string and of a
// diagnostic is encoding/json's, byte for byte, on any text (escapes, HTML
// characters, U+2028, invalid UTF-8) and any shape of fixes and edits.
func TestPropertyJSONEncoding(t *testing.T) {
	t.Parallel()
	part := rapid.SampledFrom([]string{"a", " ", "\"", "\\", "<", ">", "&", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f",
		"é", "\u2028", "\u2029", "\xff", "\xe2\x80", "日", "😀", "/"})
	text := rapid.Custom(func(t *rapid.T) string {
		s := ""
		for _, p := range rapid.SliceOfN(part, 0, 8).Draw(t, "parts") {
			s += p
		}
		return s
	})
	rapid.Check(t, func(t *rapid.T) {
		s := text.Draw(t, "s")
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
		num := rapid.IntRange(-1, 100000)
		d := jsonDiagnostic{File: text.Draw(t, "file"), Line: num.Draw(t, "line"), Column: num.Draw(t, "col"), EndLine: num.Draw(t, "el"),
			EndColumn: num.Draw(t, "ec"), Rule: text.Draw(t, "rule"), Severity: text.Draw(t, "sev"), Message: text.Draw(t, "msg"),
			Fix: text.Draw(t, "fix"), Fixes: []jsonFix{}, Build: text.Draw(t, "build"), Kind: text.Draw(t, "kind")}
		for range rapid.IntRange(0, 3).Draw(t, "fixes") {
			f := jsonFix{Message: text.Draw(t, "fmsg"), Fixed: text.Draw(t, "fixed")}
			for range rapid.IntRange(0, 2).Draw(t, "edits") {
				f.Edits = append(f.Edits, jsonEdit{Line: num.Draw(t, "l"), Column: num.Draw(t, "c"), EndLine: num.Draw(t, "l2"),
					EndColumn: num.Draw(t, "c2"), NewText: text.Draw(t, "new")})
			}
			d.Fixes = append(d.Fixes, f)
		}
		want, err := json.MarshalIndent(d, "    ", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONDiagnostic(nil, &d); !bytes.Equal(got, want) {
			t.Fatalf("appendJSONDiagnostic:\n got %s\nwant %s", got, want)
		}
	})
}
