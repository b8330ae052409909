package shellcmd

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
	"pgregory.net/rapid"
)

// Item 10 (shell): every shape the shell parser, or the walk of its tree,
// recurses into once per level is refused past MaxNesting as a parse error
// naming the limit, before the parser sees it; a Go stack overflow would
// end the process, which recover cannot stop. Each script here is a few
// hundred KiB, well past the limit and far from the stack's.
func TestNestingBombsRefused(t *testing.T) {
	n := 100000
	bombs := map[string]string{
		"command substitutions":    "echo " + strings.Repeat("$(", n) + strings.Repeat(")", n),
		"in double quotes":         strings.Repeat(`"$(`, n) + "a" + strings.Repeat(`)"`, n),
		"parameter expansions":     "echo " + strings.Repeat("${a:-", n) + strings.Repeat("}", n),
		"subshells":                strings.Repeat("(", n) + "a" + strings.Repeat(")", n),
		"groups":                   strings.Repeat("{ ", n) + "a" + strings.Repeat("; }", n),
		"backquotes in $(":         strings.Repeat("$(`", n),
		"if":                       strings.Repeat("if a; then ", n) + "a" + strings.Repeat("; fi", n),
		"while":                    strings.Repeat("while a; do ", n) + "a" + strings.Repeat("; done", n),
		"case":                     strings.Repeat("$(case a in a) ", n),
		"&& chain":                 strings.Repeat("a && ", n) + "a",
		"&& chain over lines":      strings.Repeat("a &&\n", n) + "a",
		"|| chain":                 strings.Repeat("a || ", n) + "a",
		"pipeline":                 strings.Repeat("a | ", n) + "a",
		"negations":                strings.Repeat("! ", n) + "a",
		"function declarations":    strings.Repeat("f() ", n) + "{ a; }",
		"arithmetic binary":        "echo $((" + strings.Repeat("1+", n) + "1))",
		"arithmetic unary":         "echo $((" + strings.Repeat("-", n) + "1))",
		"arithmetic ternary":       "echo $((" + strings.Repeat("a?b:", n) + "c))",
		"test expression":          "[[ " + strings.Repeat("a && ", n) + "a ]]",
		"unquoted here-document":   "cat <<EOF\n'\n" + strings.Repeat("$(", n) + "\nEOF\n",
		"here-documents in bodies": strings.Repeat("cat <<EOF\n$(", 40) + "\n",
	}
	for name, src := range bombs {
		t.Run(name, func(t *testing.T) {
			_, err := Commands(src, Options{})
			var pe syntax.ParseError
			if !errors.As(err, &pe) || !strings.Contains(pe.Text, "nested deeper than") {
				t.Fatalf("want the nesting refusal, got %v", err)
			}
			if !strings.Contains(pe.Text, strconv.Itoa(MaxNesting)) && !strings.Contains(pe.Text, strconv.Itoa(maxHeredocNesting)) {
				t.Errorf("the refusal does not name the limit: %s", pe.Text)
			}
		})
	}
}

// Nesting up to the limit, literal text, comments and quoted
// here-documents are not refused; the count resets at each statement.
func TestNestingWithinLimit(t *testing.T) {
	d := MaxNesting - 10
	ok := []string{
		"echo " + strings.Repeat("$(", d) + "a" + strings.Repeat(")", d),
		strings.Repeat("a && b\n", 100000),
		strings.Repeat("a | b; ", 100000),
		"echo '" + strings.Repeat("$(", 100000) + "'",
		"# " + strings.Repeat("$(", 100000) + "\necho ok",
		"cat <<'EOF'\n" + strings.Repeat("$(", 100000) + "\nEOF\necho ok",
		"echo \\" + strings.Repeat("\\(", 100000),
		"case $x in\n" + strings.Repeat("a) b ;;\n", 10000) + "esac",
		"docker buildx build " + strings.Repeat("--build-arg A=B-C ", 5000) + ".",
		strings.Repeat("if a; then b; fi\n", 100000),
	}
	for _, src := range ok {
		if err := nestingError(src); err != nil {
			t.Errorf("%.40q: %v", src, err)
		}
	}
}

// The refusal is placed at the line and column where the limit is passed
// (the last byte of the opener).
func TestNestingErrorPosition(t *testing.T) {
	src := "echo ok\necho " + strings.Repeat("$(", MaxNesting+1)
	err := nestingError(src)
	var pe syntax.ParseError
	if !errors.As(err, &pe) || pe.Pos.Line() != 2 || pe.Pos.Col() != uint(len("echo ")+2*MaxNesting+2) {
		t.Errorf("%v at %v", err, pe.Pos)
	}
}

func FuzzNesting(f *testing.F) {
	for _, s := range []string{"echo $(a)", "cat <<EOF\n$(a)\nEOF\n", "a && b || c | d", "echo $((1+2))", "case a in a) b;; esac", "f() { a; }"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if nestingError(s) == nil {
			_, _ = Parse(s) // may refuse it, must not crash
		}
	})
}

// TestPropertyShortScriptsWithinLimit: the shortcut of nestingError holds,
// the full count finds no script shorter than MaxNesting bytes with at most
// maxHeredocNesting "<<" too deep, however its bytes nest.
func TestPropertyShortScriptsWithinLimit(t *testing.T) {
	t.Parallel()
	part := rapid.SampledFrom([]string{"$(", "((", "$((", "(", "{ ", "${", "\"", "`", "if ", "while ", "case x in ", "&&", "||", "|", "!", "f()", "+", "<<E\n", "E\n", "<<'E'\n", "\n", ";", "x", ")", "}"})
	rapid.Check(t, func(t *rapid.T) {
		src := ""
		for {
			p := part.Draw(t, "part")
			if len(src)+len(p) >= MaxNesting || strings.Count(src+p, "<<") > maxHeredocNesting {
				break
			}
			src += p
			if rapid.IntRange(0, 200).Draw(t, "stop") == 0 {
				break
			}
		}
		if err := nesting(src, 0); err != nil {
			t.Fatalf("a script of %d bytes is refused: %v", len(src), err)
		}
	})
}
