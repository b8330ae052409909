package bakefile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// readOne reads one bake file and returns its diagnostics' messages and
// its builds' names.
func readOne(t *testing.T, name, data string) (msgs []string, builds []string) {
	t.Helper()
	files := Read([]source.Input{{Path: name, Content: []byte(data)}}, source.Options{})
	for _, d := range files[0].Diagnostics {
		msgs = append(msgs, d.Rule+": "+d.Message)
	}
	for _, b := range files[0].Builds {
		builds = append(builds, b.Name)
	}
	return msgs, builds
}

func TestOperatorChainsAreRefusedUnparsed(t *testing.T) {
	chain := strings.Repeat("1+", 1_500_000) + "1"
	cond := strings.Repeat(`true?"a":`, 300_000) + `"b"`
	tests := []struct{ name, data string }{
		{"docker-bake.hcl", "target \"a\" {\n  cache-to = [\"type=gha,scope=${" + chain + "}\"]\n}\n"},
		{"docker-bake.hcl", "target \"a\" {\n  tags = [" + cond + "]\n}\n"},
		{"docker-bake.hcl", "target \"a\" {\n  tags = [(" + strings.Repeat("1 - ", 300_000) + "1)]\n}\n"},
		{"docker-bake.json", `{"target":{"a":{"cache-to":["type=gha,scope=${` + chain + `}"]}}}`},
		{"bake-file", `{"target":{"a":{"cache-to":["type=gha,scope=${` + chain + `}"]}}}`},
	}
	for i, tt := range tests {
		msgs, _ := readOne(t, tt.name, tt.data)
		want := validate.FileSyntaxError.Name + ": bake cannot parse this file: an expression chains more than 1000 operators; not read"
		if len(msgs) != 1 || msgs[0] != want {
			t.Errorf("%d: diagnostics %q, want [%q]", i, msgs, want)
		}
	}
	// below the bound, the file is read
	msgs, builds := readOne(t, "docker-bake.hcl", "target \"a\" {\n  cache-to = [\"type=gha,scope=s${"+strings.Repeat("1+", 900)+"1}\"]\n}\n")
	if len(msgs) != 0 || len(builds) != 1 {
		t.Errorf("a chain of 900 operators: %q, builds %q", msgs, builds)
	}
}

func TestTooExpensiveToEvaluate(t *testing.T) {
	target := func(body string) string {
		return "target \"a\" {\n" + body + "\n  cache-to = [\"type=gha,scope=a\"]\n}\n"
	}
	chain := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "target \"t%d\" {\n  inherits = [\"t%d\"]\n  cache-from = [\"type=gha,scope=s%d\"]\n}\n", i, i+1, i)
		}
		fmt.Fprintf(&b, "target \"t%d\" {\n  cache-to = [\"type=gha\"]\n}\n", n)
		return b.String()
	}
	many := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "target \"t%d\" {\n  cache-to = [\"type=gha,scope=s%d\"]\n}\n", i, i)
		}
		return b.String()
	}
	tests := []struct {
		name, data, why string
	}{
		{"bcrypt cost 18", target(`  tags = [bcrypt("x", 18)]`), "bcrypt is called with cost 18, above 10"},
		{"bcrypt calls", target(`  tags = [for i in range(9) : bcrypt("x")]`), "bcrypt is called more than 8 times"},
		{"setproduct", target(`  tags = [for p in setproduct(range(1000), range(1000)) : "t${p[0]}"]`), "setproduct would make more than 100000 elements"},
		{"setproducts in all", target(`  tags = concat(setproduct(range(300), range(200)), setproduct(range(300), range(200)))`), "setproduct would make more than 100000 elements"},
		{"matrix", "target \"a\" {\n  matrix = { x = range(80), y = range(80) }\n  name = \"a-${x}-${y}\"\n  cache-to = [\"type=gha,scope=${x}-${y}\"]\n}\n", `the matrix of target "a" has more than 256 combinations`},
		{"targets", many(1001), "the definition has more than 1000 targets and groups"},
		{"inherits", chain(70), "inherits through more than 64 levels"},
		{"variable default", "variable \"V\" {\n  default = length(setproduct(range(2000), range(2000)))\n}\n" + target(""), "a variable, function or global attribute calls setproduct with arguments that are not constants"},
		{"variable constant", "variable \"V\" {\n  default = setproduct(" + strings.Repeat("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ", 6) + "[1])\n}\n" + target(""), "setproduct would make more than 100000 elements"},
		{"function", "function \"f\" {\n  params = [n]\n  result = setproduct(range(n), range(n))\n}\nvariable \"V\" {\n  default = length(f(1000))\n}\n" + target(""), "a variable, function or global attribute calls setproduct with arguments that are not constants"},
		{"json variable", `{"variable":{"V":{"default":"${length(setproduct([1], [2]))}"}},"target":{"a":{"cache-to":["type=gha"]}}}`, "a variable, function or global attribute calls bcrypt or setproduct"},
	}
	for _, tt := range tests {
		name := "docker-bake.hcl"
		if strings.HasPrefix(tt.data, "{") {
			name = "docker-bake.json"
		}
		msgs, _ := readOne(t, name, tt.data)
		want := "bake file too expensive to evaluate: "
		if len(msgs) == 0 || !strings.Contains(msgs[0], want) || !strings.Contains(msgs[0], tt.why) ||
			!strings.HasPrefix(msgs[0], validate.FileSyntaxError.Name+": ") || strings.Contains(msgs[0], "\x1e") {
			t.Errorf("%s: diagnostics %q, want one saying %q", tt.name, msgs, want+tt.why)
		}
	}
	// within the limits, the same shapes are evaluated
	fine := []struct{ name, data string }{
		{"bcrypt", target(`  tags = [bcrypt("x")]`)},
		{"setproduct", target(`  tags = [for p in setproduct(range(100), range(100)) : "t${p[0]}"]`)},
		{"matrix", "target \"a\" {\n  matrix = { x = range(16), y = range(16) }\n  name = \"a-${x}-${y}\"\n  cache-to = [\"type=gha,scope=${x}-${y}\"]\n}\n"},
		{"targets", many(400)},
		{"inherits", chain(60)},
		{"variable constant", "variable \"V\" {\n  default = length(setproduct([1, 2], [3, 4]))\n}\n" + target("")},
		{"variable setproduct", "variable \"V\" {\n  default = setproduct([1, 2], [3])\n}\n" + target("")},
	}
	for _, tt := range fine {
		msgs, builds := readOne(t, "docker-bake.hcl", tt.data)
		if len(msgs) != 0 || len(builds) == 0 {
			t.Errorf("%s: diagnostics %q, builds %d; want it read", tt.name, msgs, len(builds))
		}
	}
}

// TestManyBrokenFilesLoadLinearly: a directory of broken bake files is
// loaded a number of times linear in its files, not once per file per
// file.
func TestManyBrokenFilesLoadLinearly(t *testing.T) {
	shapes := map[string]func(i int) string{
		"a value without a type": func(i int) string {
			return fmt.Sprintf("target \"t%d\" {\n  cache-from = [\"scope=x%d\"]\n}\n", i, i)
		},
		"an unknown variable": func(i int) string {
			return fmt.Sprintf("variable \"V%d\" {\n  default = nope%d\n}\ntarget \"t%d\" {\n  cache-from = [\"type=gha,scope=${V%d}\"]\n}\n", i, i, i, i)
		},
		"compose without a type": func(i int) string {
			return fmt.Sprintf("services:\n  s%d:\n    build:\n      context: .\n      cache_from: [\"scope=x\"]\n", i)
		},
	}
	const n = 200
	for name, shape := range shapes {
		var inputs []source.Input
		for i := range n {
			ext := "hcl"
			if strings.HasPrefix(name, "compose") {
				ext = "yaml"
			}
			inputs = append(inputs, source.Input{Path: fmt.Sprintf("f%d.%s", i, ext), Content: []byte(shape(i))})
		}
		before := loads.Load()
		files := Read(inputs, source.Options{})
		calls := loads.Load() - before
		for i, f := range files {
			if len(f.Diagnostics) != 1 || f.Diagnostics[0].Rule != validate.FileSyntaxError.Name {
				t.Fatalf("%s: file %d: %v", name, i, f.Diagnostics)
			}
		}
		if calls > 2*n+2*maxNamedRounds {
			t.Errorf("%s: %d files loaded %d times, want at most %d", name, n, calls, 2*n+2*maxNamedRounds)
		}
	}
}

// BenchmarkReadBrokenFiles reads a directory of 400 bake files that bake
// refuses, one refusal each.
func BenchmarkReadBrokenFiles(b *testing.B) {
	var inputs []source.Input
	for i := range 400 {
		inputs = append(inputs, source.Input{Path: fmt.Sprintf("docker-bake.f%d.hcl", i),
			Content: fmt.Appendf(nil, "target \"t%d\" {\n  cache-from = [\"scope=x%d\"]\n}\n", i, i)})
	}
	for b.Loop() {
		Read(inputs, source.Options{})
	}
}

// BenchmarkReadGroupOf200 reads a bake file whose group holds 200
// targets.
func BenchmarkReadGroupOf200(b *testing.B) {
	var s strings.Builder
	s.WriteString("group \"default\" {\n  targets = [")
	for i := range 200 {
		fmt.Fprintf(&s, "%q, ", fmt.Sprint("t", i))
	}
	s.WriteString("]\n}\n")
	for i := range 200 {
		fmt.Fprintf(&s, "target \"t%d\" {\n  cache-from = [\"type=gha,scope=s%d\"]\n  cache-to = [\"type=gha,scope=s%d,mode=max\"]\n}\n", i, i, i)
	}
	inputs := []source.Input{{Path: "docker-bake.hcl", Content: []byte(s.String())}}
	for b.Loop() {
		Read(inputs, source.Options{})
	}
}
