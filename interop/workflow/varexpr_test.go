package workflow

import (
	"regexp"
	"strconv"
	"testing"

	"pgregory.net/rapid"
)

// varExprOracle is the regular expression nextVarExpr implements.
var varExprOracle = regexp.MustCompile(`\$\{\{\s*(matrix|inputs)(?:\.([A-Za-z0-9_-]+)|\[\s*'([^']+)'\s*\])\s*\}\}`)

// allVarExprs lists what nextVarExpr finds in s, as the oracle's
// FindAllStringSubmatchIndex would.
func allVarExprs(s string) []varExpr {
	var out []varExpr
	for m, ok := nextVarExpr(s, 0); ok; m, ok = nextVarExpr(s, m.end) {
		out = append(out, m)
	}
	return out
}

// TestPropertyVarExprAgreesWithRegexp: the hand-written scanner finds the
// expressions the regular expression finds, at the same places, with the
// same variable and key.
func TestPropertyVarExprAgreesWithRegexp(t *testing.T) {
	t.Parallel()
	part := rapid.SampledFrom([]string{"${{", "}}", " ", "\t", "\n", "matrix", "inputs", "matri", ".", "[", "]", "'", "os", "a-b_1", "${", "$", "{", "}", "x", "\v", "é"})
	rapid.Check(t, func(t *rapid.T) {
		s := ""
		for i := range rapid.IntRange(0, 24).Draw(t, "n") {
			s += part.Draw(t, "p"+strconv.Itoa(i))
		}
		got := allVarExprs(s)
		want := varExprOracle.FindAllStringSubmatchIndex(s, -1)
		if len(got) != len(want) {
			t.Fatalf("%q: found %v, the regexp %v", s, got, want)
		}
		for i, m := range want {
			key := ""
			if m[4] >= 0 {
				key = s[m[4]:m[5]]
			} else {
				key = s[m[6]:m[7]]
			}
			g := got[i]
			if g.start != m[0] || g.end != m[1] || g.inputs != (s[m[2]:m[3]] == "inputs") || g.key != key {
				t.Fatalf("%q: expression %d is %+v, the regexp's %v (key %q)", s, i, g, m, key)
			}
		}
	})
}

func TestVarExpr(t *testing.T) {
	tests := []struct {
		in   string
		want []varExpr
	}{
		{"a ${{ matrix.os }} b", []varExpr{{2, 18, false, "os"}}},
		{"${{inputs['Cache Key']}}", []varExpr{{0, 24, true, "Cache Key"}}},
		{"${{ matrix[ 'a' ] }}${{ matrix.b}}", []varExpr{{0, 20, false, "a"}, {20, 34, false, "b"}}},
		{"${{ matrix. }} ${{ matrix['] }} ${{ github.sha }} ${{ matrix.os", nil},
		{"${{ ${{ matrix.x }}", []varExpr{{4, 19, false, "x"}}},
	}
	for _, tt := range tests {
		got := allVarExprs(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("%q: %+v, want %+v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: %+v, want %+v", tt.in, got, tt.want)
			}
		}
	}
}

// TestPropertyHostedLabel: isHostedLabel is the regular expression it
// replaces.
func TestPropertyHostedLabel(t *testing.T) {
	t.Parallel()
	oracle := regexp.MustCompile(`^(ubuntu|windows|macos)-[a-z0-9.-]+$`)
	part := rapid.SampledFrom([]string{"ubuntu", "windows", "macos", "-", "latest", "22.04", "arm64", ".", "_", "x", "A", " ", "é", "self-hosted", ""})
	rapid.Check(t, func(t *rapid.T) {
		s := ""
		for i := range rapid.IntRange(0, 5).Draw(t, "n") {
			s += part.Draw(t, "p"+strconv.Itoa(i))
		}
		if got, want := isHostedLabel(s), oracle.MatchString(s); got != want {
			t.Fatalf("isHostedLabel(%q) = %v, want %v", s, got, want)
		}
	})
}
