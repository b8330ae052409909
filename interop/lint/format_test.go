package lint

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// The schemas the machine formats are checked against, as their projects
// publish them in Go modules: the OASIS SARIF 2.1.0 schema as gosec keeps it
// for its own SARIF tests, and reviewdog's rdjson schema, generated from its
// proto/rdf definitions.
const (
	sarifSchemaModule  = "github.com/securego/gosec/v2@v2.30.0"
	sarifSchemaFile    = "report/sarif/testdata/sarif-schema-2.1.0.json"
	rdjsonSchemaModule = "github.com/reviewdog/reviewdog@v0.21.0"
	rdjsonSchemaFile   = "proto/rdf/jsonschema/DiagnosticResult.json"
)

// moduleFile returns the path of file in module (path@version), downloaded
// with go mod download; the test is skipped, loudly, when it cannot be had.
func moduleFile(t *testing.T, module, file string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	var m struct{ Dir, Error string }
	if err == nil {
		err = json.Unmarshal(out, &m)
	}
	if err != nil || m.Dir == "" {
		t.Skipf("SKIPPED: the schema's module %s could not be downloaded: %v %s", module, err, m.Error)
	}
	return filepath.Join(m.Dir, filepath.FromSlash(file))
}

// compileSchema compiles the JSON Schema in file.
func compileSchema(t *testing.T, file string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	s, err := c.Compile(file)
	if err != nil {
		t.Fatalf("compiling %s: %v", file, err)
	}
	return s
}

// validateJSON validates out against schema.
func validateJSON(t *testing.T, schema *jsonschema.Schema, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("output does not validate: %v\n%s", err, out)
	}
}

const formatWorkflow = `on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/org/app:main
          cache-from: type=gha, mode=max
          cache-to: |
            inline
            type=registry,ref=ghcr.io/org/app:main
`

// sample lints a workflow with findings of every severity, fixes with and
// without edits, plus a finding placed nowhere, and returns the result and
// the directory (the base of relative paths).
func sample(t *testing.T) (Result, string) {
	t.Helper()
	dir := t.TempDir()
	wf := filepath.Join(dir, ".github", "workflows", "ci.yml")
	if err := os.MkdirAll(filepath.Dir(wf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wf, []byte(formatWorkflow), 0o644); err != nil {
		t.Fatal(err)
	}
	r := Paths([]string{dir}, Options{Threshold: validate.SeverityInfo})
	r.Diagnostics = append(r.Diagnostics, diag.Diagnostic{Rule: "KeywordAsCacheRef", Severity: validate.SeverityInfo, Message: "a finding placed nowhere", Index: -1})
	if len(r.Diagnostics) < 4 || r.Diagnostics[0].Rule != "WhitespaceAroundCacheKey" {
		t.Fatalf("the sample needs several findings, the first about white space: %+v", r.Diagnostics)
	}
	// A fix whose edit is placed in the file, as mechanical fixes carry:
	// the white space before "mode" removed.
	ws := &r.Diagnostics[0]
	at := ws.Range
	at.End = at.Start
	at.End.Col++
	ws.Fixes = append(ws.Fixes, diag.Fix{Message: "remove the white space", Fixed: "type=gha,mode=max",
		Edits: []diag.TextEdit{{Offset: ws.Offset, Len: 1, NewText: "", Range: at}}})
	return r, dir
}

func write(t *testing.T, format, base string, r Result) []byte {
	t.Helper()
	w, err := NewWriter(format, base, "v0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := w.Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	schema := compileSchema(t, moduleFile(t, sarifSchemaModule, sarifSchemaFile))
	r, dir := sample(t)
	out := write(t, "sarif", dir, r)
	validateJSON(t, schema, out)
	validateJSON(t, schema, write(t, "sarif", dir, Result{}))
	var log struct {
		Runs []struct {
			Results []struct {
				Fixes      []json.RawMessage
				Properties map[string]string
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	fixes := 0
	for _, res := range log.Runs[0].Results {
		fixes += len(res.Fixes)
		if _, err := validate.ParseSeverity(res.Properties["buildxcache/severity"]); err != nil {
			t.Errorf("result without buildxcache's severity: %v", res.Properties)
		}
	}
	if fixes == 0 {
		t.Errorf("no result has fixes, so the schema did not check them:\n%s", out)
	}
}

func TestRDJSONValidatesAgainstSchema(t *testing.T) {
	schema := compileSchema(t, moduleFile(t, rdjsonSchemaModule, rdjsonSchemaFile))
	r, dir := sample(t)
	out := write(t, "rdjson", dir, r)
	validateJSON(t, schema, out)
	validateJSON(t, schema, write(t, "rdjson", dir, Result{}))
	var res rdResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != len(r.Diagnostics) {
		t.Fatalf("%d diagnostics, want %d", len(res.Diagnostics), len(r.Diagnostics))
	}
	suggestions, severities := 0, map[string]bool{}
	for i, d := range res.Diagnostics {
		want := r.Diagnostics[i]
		severities[d.Severity] = true
		suggestions += len(d.Suggestions)
		if d.Code.Value != want.Rule || !strings.HasPrefix(d.Message, want.Message) || d.Source.Name != "buildxcache" {
			t.Errorf("diagnostic %d: %+v, want rule %s, message %q", i, d, want.Rule, want.Message)
		}
		if want.Range.Start.Line > 0 {
			if d.Location.Path != ".github/workflows/ci.yml" || d.Location.Range == nil || d.Location.Range.Start.Line != want.Range.Start.Line || d.Location.Range.Start.Column != want.Range.Start.Col {
				t.Errorf("diagnostic %d: location %+v, want %v", i, d.Location, want.Range)
			}
			if !strings.HasSuffix(d.Code.URL, "#"+strings.ToLower(want.Rule)) {
				t.Errorf("diagnostic %d: code URL %q", i, d.Code.URL)
			}
		} else if d.Location.Range != nil {
			t.Errorf("diagnostic %d placed nowhere has a range: %+v", i, d.Location.Range)
		}
	}
	if suggestions == 0 || !severities["ERROR"] || !severities["INFO"] {
		t.Errorf("suggestions %d, severities %v:\n%s", suggestions, severities, out)
	}
}

func TestGitLabCodeQualityFields(t *testing.T) {
	r, dir := sample(t)
	// Two findings equal but for their column: the fingerprints still differ.
	twin := r.Diagnostics[0]
	twin.Range.Start.Col++
	r.Diagnostics = append(r.Diagnostics, twin)
	out := write(t, "gitlab", dir, r)
	var issues []map[string]any
	if err := json.Unmarshal(out, &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != len(r.Diagnostics) {
		t.Fatalf("%d issues, want %d", len(issues), len(r.Diagnostics))
	}
	fingerprints := map[string]bool{}
	for i, is := range issues {
		for _, key := range []string{"description", "check_name", "fingerprint", "severity"} {
			if s, ok := is[key].(string); !ok || s == "" {
				t.Errorf("issue %d: %s is %v, want a non-empty string", i, key, is[key])
			}
		}
		switch is["severity"] {
		case "info", "minor", "major", "critical", "blocker":
		default:
			t.Errorf("issue %d: severity %v is not one of GitLab's", i, is["severity"])
		}
		fp := is["fingerprint"].(string)
		if fingerprints[fp] {
			t.Errorf("issue %d: fingerprint %s is not unique", i, fp)
		}
		fingerprints[fp] = true
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		begin, ok := lines["begin"].(float64)
		if path, _ := loc["path"].(string); path == "" || !ok || begin < 1 || begin != float64(int(begin)) {
			t.Errorf("issue %d: location %v, want a path and lines.begin >= 1", i, loc)
		}
		if want := r.Diagnostics[i].Range.Start.Line; want > 0 && (loc["path"] != ".github/workflows/ci.yml" || begin != float64(want)) {
			t.Errorf("issue %d: location %v, want line %d of .github/workflows/ci.yml", i, loc, want)
		}
	}
	if again := write(t, "gitlab", dir, r); !bytes.Equal(out, again) {
		t.Errorf("fingerprints are not stable from run to run")
	}
	r.Diagnostics[0].Message += "!"
	var changed []map[string]any
	if err := json.Unmarshal(write(t, "gitlab", dir, r), &changed); err != nil {
		t.Fatal(err)
	}
	if changed[0]["fingerprint"] == issues[0]["fingerprint"] || changed[1]["fingerprint"] != issues[1]["fingerprint"] {
		t.Errorf("a fingerprint must change with its finding's message, and only its own")
	}
}

// githubCommand is one workflow command as the Actions runner reads it
// (ActionCommand.TryParseV2): "::name k=v,k=v::data", values unescaped.
type githubCommand struct {
	Name  string
	Props map[string]string
	Data  string
}

func parseGitHubCommand(t *testing.T, line string) githubCommand {
	t.Helper()
	m := regexp.MustCompile(`^::([a-z]+)(?: ([^:]*))?::(.*)$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("not a workflow command: %q", line)
	}
	unescapeData := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%")
	unescapeProp := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	c := githubCommand{Name: m[1], Props: map[string]string{}, Data: unescapeData.Replace(m[3])}
	if m[2] != "" {
		for _, kv := range strings.Split(m[2], ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("property without a value in %q", line)
			}
			c.Props[k] = unescapeProp.Replace(v)
		}
	}
	return c
}

func TestGitHubWorkflowCommands(t *testing.T) {
	r, dir := sample(t)
	out := string(write(t, "github", dir, r))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(r.Diagnostics) {
		t.Fatalf("%d lines for %d diagnostics:\n%s", len(lines), len(r.Diagnostics), out)
	}
	levels := map[validate.Severity]string{validate.SeverityError: "error", validate.SeverityWarning: "warning", validate.SeverityInfo: "notice"}
	for i, line := range lines {
		d := r.Diagnostics[i]
		c := parseGitHubCommand(t, line)
		if c.Name != levels[d.Severity] || c.Props["title"] != d.Rule || !strings.HasPrefix(c.Data, d.Message) {
			t.Errorf("line %d: %+v, want %s %s %q", i, c, levels[d.Severity], d.Rule, d.Message)
		}
		if f := d.Fix(); fixText(f) != "" && !strings.Contains(c.Data, "\nfix: "+fixText(f)) {
			t.Errorf("line %d: the fix is not on a line of its own: %q", i, c.Data)
		}
		if d.Range.Start.Line == 0 {
			if _, ok := c.Props["line"]; ok {
				t.Errorf("line %d: a finding placed nowhere has a line: %v", i, c.Props)
			}
			continue
		}
		want := map[string]string{"file": ".github/workflows/ci.yml", "line": strconv.Itoa(d.Range.Start.Line), "col": strconv.Itoa(d.Range.Start.Col)}
		if d.Range.End.Col > d.Range.Start.Col {
			want["endLine"], want["endColumn"] = strconv.Itoa(d.Range.End.Line), strconv.Itoa(d.Range.End.Col)
		}
		for k, v := range want {
			if c.Props[k] != v {
				t.Errorf("line %d: %s=%q, want %q (%s)", i, k, c.Props[k], v, line)
			}
		}
	}
	if !strings.Contains(out, "endColumn=") {
		t.Errorf("no command has an end column:\n%s", out)
	}
}

// TestEscaping gives every writer a file name and a message holding what a
// terminal, a log or a workflow command would read as structure: newlines,
// "%", "::", ",", ESC sequences, a bidirectional override and a byte that is
// not UTF-8. None of it comes out raw, and what the consumer unescapes is
// the sanitized text.
func TestEscaping(t *testing.T) {
	file := "dir/a,b:c%d\n::error file=x::forged\x1b[31m.yml"
	msg := "line one\nline two\r\n::warning::forged 100% done, a:b\x1b]0;title\x07 \u202egnp.exe \xff"
	fix := diag.Fix{Message: "write \x1b[2Jthis", Edits: []diag.TextEdit{{Offset: 0, Len: 1, NewText: "x", Range: diag.Range{File: file, Start: diag.Pos{Line: 3, Col: 5}, End: diag.Pos{Line: 3, Col: 6}}}}, Fixed: "x\x1b"}
	d := diag.Diagnostic{Rule: "KeywordAsCacheRef", Severity: validate.SeverityError, Message: msg, Fixes: []diag.Fix{fix}, Index: -1,
		Range: diag.Range{File: file, Start: diag.Pos{Line: 3, Col: 5}, End: diag.Pos{Line: 3, Col: 6}}}
	r := Result{Files: 1, Diagnostics: diag.Diagnostics{d}}
	wantMsg := `line one` + "\n" + `line two\r` + "\n" + `::warning::forged 100% done, a:b\x1b]0;title\x07 \u202egnp.exe ` + "\uFFFD"
	wantFile := `dir/a,b:c%d\n::error file=x::forged\x1b[31m.yml`
	for _, format := range Formats {
		out := write(t, format, "", r)
		for _, raw := range []string{"\x1b", "\x07", "\r", "\u202e", "\xff"} {
			if bytes.Contains(out, []byte(raw)) {
				t.Errorf("%s: output holds %q raw:\n%s", format, raw, out)
			}
		}
		switch format {
		case "text":
			lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			if len(lines) != 3 || !strings.HasPrefix(lines[0], wantFile+":3:5: error: line one\\nline two\\r\\n::warning::") || !strings.HasPrefix(lines[1], "    fix: write \\x1b[2Jthis") {
				t.Errorf("text: want one line for the finding, one for its fix and the summary:\n%s", out)
			}
		case "github":
			lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			if len(lines) != 1 {
				t.Fatalf("github: %d lines, want 1:\n%s", len(lines), out)
			}
			c := parseGitHubCommand(t, lines[0])
			if c.Name != "error" || c.Props["file"] != wantFile || c.Props["title"] != "KeywordAsCacheRef" || c.Data != wantMsg+"\nfix: write \\x1b[2Jthis: x\\x1b" {
				t.Errorf("github: read back as %+v", c)
			}
			// The runner takes everything after the first "::" that
			// follows the properties as the message, so the "::" of the
			// message cannot start a command, and its line breaks are %0A.
			if head, _, _ := strings.Cut(lines[0][2:], "::"); !strings.HasSuffix(head, ",title=KeywordAsCacheRef") {
				t.Errorf("github: the properties end early: %s", lines[0])
			}
		default: // JSON formats: the decoded strings are the sanitized text
			var v any
			if err := json.Unmarshal(out, &v); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			strs := map[string]bool{}
			var walk func(any)
			walk = func(v any) {
				switch v := v.(type) {
				case string:
					strs[v] = true
					for _, raw := range []string{"\x1b", "\x07", "\r", "\u202e"} {
						if strings.Contains(v, raw) {
							t.Errorf("%s: decoded string holds %q: %q", format, raw, v)
						}
					}
				case []any:
					for _, e := range v {
						walk(e)
					}
				case map[string]any:
					for _, e := range v {
						walk(e)
					}
				}
			}
			walk(v)
			if format == "sarif" {
				// a URI: the name percent-encoded, exactly
				u := v.(map[string]any)["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"].(string)
				if got, err := url.PathUnescape(u); err != nil || got != file {
					t.Errorf("sarif: uri %q reads as %q, want %q", u, got, file)
				}
			} else if !strs[wantFile] {
				t.Errorf("%s: no string is the sanitized file name %q:\n%s", format, wantFile, out)
			}
			found := false
			for s := range strs {
				found = found || strings.HasPrefix(s, wantMsg)
			}
			if !found {
				t.Errorf("%s: no string starts with the sanitized message %q:\n%s", format, wantMsg, out)
			}
		}
	}
}

func TestSanitize(t *testing.T) {
	for _, tc := range []struct {
		in        string
		keepLines bool
		want      string
	}{
		{"plain ünïcode, 100%", false, "plain ünïcode, 100%"},
		{"a\nb\tc", false, `a\nb\tc`},
		{"a\nb\tc", true, "a\nb\tc"},
		{"\x1b[31mred\x1b[0m", true, `\x1b[31mred\x1b[0m`},
		{"\x00\x7f\u0085\u009b", false, `\x00\x7f\u0085\u009b`},
		{"\u202eabc\u2066\u200f", false, `\u202eabc\u2066\u200f`},
		{"line\u2028sep", true, `line\u2028sep`},
		{"bad \xff\xfe utf-8, good \uFFFD", false, "bad \uFFFD\uFFFD utf-8, good \uFFFD"},
		{"\r", true, `\r`},
	} {
		if got := sanitize(tc.in, tc.keepLines); got != tc.want {
			t.Errorf("sanitize(%q, %v) = %q, want %q", tc.in, tc.keepLines, got, tc.want)
		}
	}
}

func TestNewWriterFormats(t *testing.T) {
	for _, f := range Formats {
		if _, err := NewWriter(f, "", ""); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := NewWriter("checkstyle", "", ""); err == nil || !strings.Contains(err.Error(), "github, rdjson, gitlab") {
		t.Errorf("unknown format: %v", err)
	}
}
