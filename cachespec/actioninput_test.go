package cachespec

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// splitTests are hand-picked inputs; their expected items were checked
// against @docker/actions-toolkit 0.92.0 (they are also in the golden file).
var splitTests = []struct {
	in   string
	want []string // nil and err false: no items
	err  bool
}{
	{"", nil, false},
	{"  \n\t ", nil, false},
	{"type=gha,mode=max", []string{"type=gha,mode=max"}, false},
	{"type=gha,scope=x\ntype=registry,ref=ghcr.io/a/b:cache\n", []string{"type=gha,scope=x", "type=registry,ref=ghcr.io/a/b:cache"}, false},
	{"a, b", []string{"a, b"}, false},
	{"type=gha , mode=max", []string{"type=gha , mode=max"}, false},
	{"a\n \nb", []string{"a", "", "b"}, false},
	{"a\n\nb", []string{"a", "b"}, false},
	{`"a,b"`, []string{"a,b"}, false},
	{`type=local,"dest=a,b"`, []string{"type=local,dest=a,b"}, false},
	{`type=local,"""dest=a,b"""`, []string{`type=local,"dest=a,b"`}, false},
	{`type=local,dest="a,b"`, []string{`type=local,dest="a,b"`}, false},
	{`x,"a"b`, []string{`x,"a"b`}, false},
	{`"a"b,c`, []string{`"a"b,c`}, false},
	{`"a" ,b`, []string{`"a" ,b`}, false},
	{`"a""b"`, []string{`a"b`}, false},
	{`""`, nil, false},
	{`""""`, []string{`"`}, false},
	{`"a`, nil, true},
	{`a,"b`, nil, true},
	{"a\n\"b", nil, true},
	{"a\r\nb", []string{"a", "b"}, false},
	{"a\rb", []string{"a", "b"}, false},
	{"a\r\nb\nc", []string{"a", "b\nc"}, false},
	{"a\nb\r\nc", []string{"a", "b", "c"}, false},
	{"\"a\r\nb\"\nc", []string{"a\r\nb", "c"}, false},
	{"# x", []string{"# x"}, false},
	{"a,", []string{"a,"}, false},
	{",", []string{","}, false},
	{"a,,b", []string{"a,,b"}, false},
	{"\"a\nb\",c", []string{"a\nb,c"}, false},
	{"a\u00a0", []string{"a"}, false},
	{"\ufeffa", []string{"a"}, false},
	{" \u2003 type=inline \u3000", []string{"type=inline"}, false},
	{"type=local,mode=max,src=/path/to/cache/amd64,type=local,mode=max,src=/path/to/cache/arm64", []string{"type=local,mode=max,src=/path/to/cache/amd64,type=local,mode=max,src=/path/to/cache/arm64"}, false},
}

func TestSplitActionInput(t *testing.T) {
	t.Parallel()
	for _, tt := range splitTests {
		got, err := SplitActionInput(tt.in)
		if tt.err {
			var ae *ActionInputError
			if !errors.As(err, &ae) || ae.Offset < 0 || ae.Offset > len(tt.in) || strings.Contains(err.Error(), tt.in) && len(tt.in) > 3 {
				t.Errorf("SplitActionInput(%q) = %q, %v; want an error", tt.in, got, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("SplitActionInput(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := SplitActionInput(strings.Repeat("a", MaxActionInputLen+1)); err == nil {
		t.Errorf("over-long input accepted")
	}
}

func TestQuoteActionInputItem(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"type=gha,mode=max", "type=gha,mode=max"},
		{`type=local,"dest=a,b"`, `"type=local,""dest=a,b"""`},
		{`"x`, `"""x"`},
		{"a, b", "a, b"},
	}
	for _, tt := range tests {
		got, err := QuoteActionInputItem(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("QuoteActionInputItem(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", " a", "a ", "a\nb", "a\rb", "\xff"} {
		if _, err := QuoteActionInputItem(bad); err == nil {
			t.Errorf("QuoteActionInputItem(%q) succeeded", bad)
		}
	}
	if _, err := FormatActionInputItems([]string{"ok", "a\nb"}); err == nil || err.(*ActionInputError).Line != 2 {
		t.Errorf("FormatActionInputItems error = %v", err)
	}
}

func TestActionInputEntries(t *testing.T) {
	t.Parallel()
	entries := []Entry{MustParse("type=gha,scope=a,mode=max"), MustParse(`type=local,"dest=/tmp/a,b"`), MustParse("ghcr.io/a/b:c")}
	block, err := FormatActionInput(entries)
	if err != nil {
		t.Fatal(err)
	}
	const want = "type=gha,scope=a,mode=max\n\"type=local,\"\"dest=/tmp/a,b\"\"\"\ntype=registry,ref=ghcr.io/a/b:c\n"
	if block != want {
		t.Errorf("FormatActionInput = %q, want %q", block, want)
	}
	back, err := ParseActionInput(block)
	if err != nil || !equalLists(back, entries) {
		t.Errorf("ParseActionInput(FormatActionInput) = %v, %v", back, err)
	}
	_, err = ParseActionInput("type=gha\ntype=local,src=a,type=local,src=b")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Kind != ErrDuplicateKey || pe.Index != 1 {
		t.Errorf("joined line: %v", err)
	}
	if _, err := ParseActionInput(`"x`); err == nil {
		t.Errorf("unclosed quote accepted")
	}
	if _, err := FormatActionInput([]Entry{&GHA{Scope: Some("a\nb")}}); err == nil {
		t.Errorf("unprintable entry accepted")
	}
}

// genActionInput draws inputs rich in the reader's special characters.
func genActionInput() *rapid.Generator[string] {
	return rapid.StringOfN(rapid.SampledFrom([]rune("ab=,\"\n\r \t#é\u00a0;")), 0, 20, -1)
}

func TestPropertyActionInputRoundTrip(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		items := rapid.SliceOfN(rapid.StringOfN(rapid.SampledFrom([]rune(`ab=,"; é#`)), 1, 12, -1), 0, 5).Draw(t, "items")
		var keep []string
		for _, it := range items {
			if jsTrim(it) == it {
				keep = append(keep, it)
			}
		}
		block, err := FormatActionInputItems(keep)
		if err != nil {
			t.Fatalf("FormatActionInputItems(%q): %v", keep, err)
		}
		got, err := SplitActionInput(block)
		if err != nil || !slices.Equal(got, keep) {
			t.Fatalf("round trip of %q via %q = %q, %v", keep, block, got, err)
		}
	})
}

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/actioninput/golden.json with the real actions-toolkit")

// goldenCase is one input with what the real actions-toolkit made of it.
type goldenCase struct {
	In    string   `json:"in"`
	Items []string `json:"items"`
	Error string   `json:"error,omitempty"`
}

const goldenPath = "testdata/actioninput/golden.json"

// oracle runs the real @docker/actions-toolkit on inputs, or skips the test
// when node or the package is not installed.
func oracle(t testing.TB, inputs []string) []goldenCase {
	t.Helper()
	dir := filepath.Join("..", "scripts", "actions-toolkit")
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("SKIPPED: node is not installed, so the real actions-toolkit cannot run")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@docker", "actions-toolkit")); err != nil {
		t.Skip("SKIPPED: run npm ci --prefix scripts/actions-toolkit (make test does)")
	}
	in, _ := json.Marshal(inputs)
	cmd := exec.Command("node", "split.mjs")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node split.mjs: %v", err)
	}
	var res []goldenCase
	if err := json.Unmarshal(out, &res); err != nil || len(res) != len(inputs) {
		t.Fatalf("node split.mjs output: %v", err)
	}
	for i := range res {
		res[i].In = inputs[i]
	}
	return res
}

func compareOracle(t testing.TB, cases []goldenCase) {
	t.Helper()
	for _, c := range cases {
		got, err := SplitActionInput(c.In)
		if c.Error != "" {
			if err == nil {
				t.Errorf("SplitActionInput(%q) = %q, actions-toolkit fails with %s", c.In, got, c.Error)
			}
			continue
		}
		if err != nil || !slices.Equal(got, c.Items) && !(len(got) == 0 && len(c.Items) == 0) {
			t.Errorf("SplitActionInput(%q) = %q, %v; actions-toolkit gives %q", c.In, got, err, c.Items)
		}
	}
}

// TestActionInputGolden compares with the committed answers of the real
// actions-toolkit; -update-golden regenerates them.
func TestActionInputGolden(t *testing.T) {
	if *updateGolden {
		inputs := []string{}
		for _, tt := range splitTests {
			inputs = append(inputs, tt.in)
		}
		for _, r := range readRecords(t) {
			if r.Form == "gha-input" {
				inputs = append(inputs, r.Raw)
			}
		}
		rapid.Check(t, func(rt *rapid.T) {
			inputs = append(inputs, genActionInput().Draw(rt, "input"))
		})
		cases := oracle(t, inputs)
		b, _ := json.MarshalIndent(cases, "", " ")
		if err := os.MkdirAll(filepath.Dir(goldenPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 100 {
		t.Fatalf("only %d golden cases", len(cases))
	}
	compareOracle(t, cases)
}

// TestActionInputOracle runs the real actions-toolkit on fresh generated
// inputs, and on the block FormatActionInputItems writes.
func TestActionInputOracle(t *testing.T) {
	var inputs []string
	var blocks [][]string
	rapid.Check(t, func(rt *rapid.T) {
		inputs = append(inputs, genActionInput().Draw(rt, "input"))
		items := rapid.SliceOfN(rapid.StringOfN(rapid.SampledFrom([]rune(`ab=,"; é#`)), 1, 10, -1), 1, 4).Draw(rt, "items")
		var keep []string
		for _, it := range items {
			if jsTrim(it) == it {
				keep = append(keep, it)
			}
		}
		if block, err := FormatActionInputItems(keep); err == nil && len(keep) > 0 {
			inputs = append(inputs, block)
			blocks = append(blocks, keep)
		}
	})
	cases := oracle(t, inputs)
	compareOracle(t, cases)
	// Every block FormatActionInputItems wrote reads back to its items.
	k := 0
	for _, c := range cases {
		if k < len(blocks) && strings.HasSuffix(c.In, "\n") {
			if slices.Equal(c.Items, blocks[k]) {
				k++
			}
		}
	}
	if k != len(blocks) {
		t.Errorf("actions-toolkit read back %d of %d formatted blocks", k, len(blocks))
	}
}

func FuzzSplitActionInput(f *testing.F) {
	for _, tt := range splitTests {
		f.Add(tt.in)
	}
	addSeeds(f, splitActionInputSeeds)
	f.Fuzz(func(t *testing.T, in string) {
		items, err := SplitActionInput(in)
		if err != nil {
			var ae *ActionInputError
			if !errors.As(err, &ae) || ae.Offset < 0 || ae.Offset > len(in) {
				t.Fatalf("SplitActionInput(%q): bad error %v", in, err)
			}
			return
		}
		var keep []string
		for _, it := range items {
			if it != "" && !strings.ContainsAny(it, "\r\n\u2028\u2029") && utf8.ValidString(it) {
				keep = append(keep, it)
			}
		}
		block, err := FormatActionInputItems(keep)
		if err != nil {
			t.Fatalf("items %q of %q cannot be written back: %v", keep, in, err)
		}
		again, err := SplitActionInput(block)
		if err != nil || !slices.Equal(again, keep) {
			t.Fatalf("items %q re-split as %q", keep, again)
		}
	})
}
