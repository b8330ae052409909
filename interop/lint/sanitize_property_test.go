package lint

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/buildxcache/buildxcache/diag"
	"pgregory.net/rapid"
)

// needsSanitizingByRune is needsSanitizing without its ASCII fast path.
func needsSanitizingByRune(s string, keepLines bool) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r, keepLines) {
			return true
		}
		i += n
	}
	return false
}

// TestPropertyNeedsSanitizing: the fast path agrees with a rune-by-rune
// reading, on text with control characters, DEL, C1, bidirectional
// controls, invalid UTF-8 and ordinary letters.
func TestPropertyNeedsSanitizing(t *testing.T) {
	t.Parallel()
	part := rapid.SampledFrom([]string{"a", " ", "~", "\x7f", "\x1b", "\n", "\t", "\r", "\u0085", "\u202e", "\u2066", "é", "\xff", "\xc3", "日本"})
	rapid.Check(t, func(t *rapid.T) {
		var s string
		for _, p := range rapid.SliceOfN(part, 0, 12).Draw(t, "parts") {
			s += p
		}
		for _, keep := range []bool{false, true} {
			if got, want := needsSanitizing(s, keep), needsSanitizingByRune(s, keep); got != want {
				t.Fatalf("needsSanitizing(%q, %v) = %v, want %v", s, keep, got, want)
			}
		}
	})
}

func TestWithoutDigits(t *testing.T) {
	for in, want := range map[string]string{"": "", "2 builds at 10:4": "# builds at #:#", "a1b22c333": "a#b#c#", "é9": "é#"} {
		if got := withoutDigits(in); got != want {
			t.Errorf("withoutDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

// supersede drops the files' own findings a repository finding of the same
// rule at the same place replaces, wherever they are in the list, and
// keeps the others in order.
func TestSupersede(t *testing.T) {
	at := func(rule string, line int) diag.Diagnostic {
		return diag.Diagnostic{Rule: rule, Range: diag.Range{File: "f", Start: diag.Pos{Line: line}}}
	}
	own := diag.Diagnostics{at("A", 1), at("B", 2), at("A", 3), at("C", 4)}
	for _, tt := range []struct {
		repo diag.Diagnostics
		want []int // indexes of own kept
	}{
		{nil, []int{0, 1, 2, 3}},
		{diag.Diagnostics{at("Z", 9)}, []int{0, 1, 2, 3}},
		{diag.Diagnostics{at("A", 1)}, []int{1, 2, 3}},
		{diag.Diagnostics{at("A", 3), at("C", 4)}, []int{0, 1}},
		{diag.Diagnostics{at("A", 1), at("B", 2), at("A", 3), at("C", 4)}, nil},
	} {
		got := supersede(slices.Clone(own), tt.repo)
		var want diag.Diagnostics
		for _, i := range tt.want {
			want = append(want, own[i])
		}
		if len(got) != len(want) {
			t.Fatalf("supersede by %v: %v, want %v", tt.repo, got, want)
		}
		for i := range got {
			if got[i].Rule != want[i].Rule || got[i].Range != want[i].Range {
				t.Fatalf("supersede by %v: %v, want %v", tt.repo, got, want)
			}
		}
	}
}

// TestPropertyCompactSameFirst: dropping each target's repeats first
// (compactSame after sortByPosition, as the workers do) leaves what the
// run's sortDiagnostics gives of all of them.
func TestPropertyCompactSameFirst(t *testing.T) {
	t.Parallel()
	rules := []string{"CacheNeverWritten", "GHAScopeCollision", "MissingCacheType", "UnknownCacheAttribute"}
	msgs := []string{"2 builds export x", "3 builds export x", "a", "b", "runs 1 and 2"}
	gen := rapid.Custom(func(t *rapid.T) diag.Diagnostic {
		return diag.Diagnostic{Rule: rapid.SampledFrom(rules).Draw(t, "rule"), Message: rapid.SampledFrom(msgs).Draw(t, "msg"),
			Subject: rapid.SampledFrom([]string{"b1", "b2", "s" + runBy + "w.yml)", "t" + runBy + "v.yml)"}).Draw(t, "subject"),
			Range: diag.Range{File: rapid.SampledFrom([]string{"f", "g"}).Draw(t, "file"),
				Start: diag.Pos{Line: rapid.IntRange(0, 2).Draw(t, "line"), Col: rapid.IntRange(1, 2).Draw(t, "col")}}}
	})
	rapid.Check(t, func(t *rapid.T) {
		targets := rapid.SliceOfN(rapid.SliceOfN(gen, 0, 8), 1, 3).Draw(t, "targets")
		var all, early diag.Diagnostics
		for _, ds := range targets {
			all = append(all, ds...)
			early = append(early, compactSame(sortByPosition(slices.Clone(ds)))...)
		}
		want, got := sortDiagnostics(all), sortDiagnostics(early)
		if len(got) != len(want) {
			t.Fatalf("got %d diagnostics, want %d:\n%v\n%v", len(got), len(want), got, want)
		}
		for i := range got {
			if got[i].String() != want[i].String() || got[i].Subject != want[i].Subject {
				t.Fatalf("diagnostic %d: %v (%s), want %v (%s)", i, got[i], got[i].Subject, want[i], want[i].Subject)
			}
		}
	})
}

// foldLinesByKey is foldLines as a single pass keyed by file, line, rule
// and message without its digits, over every diagnostic.
func foldLinesByKey(ds diag.Diagnostics) diag.Diagnostics {
	type key struct {
		file      string
		line      int
		rule, msg string
	}
	first := map[key]int{}
	drop := make([]bool, len(ds))
	for i, d := range ds {
		if d.Range.Start.Line == 0 || !acrossBuilds(d.Rule) {
			continue
		}
		k := key{d.Range.File, d.Range.Start.Line, d.Rule, withoutDigits(d.Message)}
		j, seen := first[k]
		if !seen {
			first[k] = i
			continue
		}
		if slices.Compare(numbers(d.Message), numbers(ds[j].Message)) > 0 {
			ds[j], drop[i] = d, true
		} else {
			drop[i] = true
		}
	}
	var out diag.Diagnostics
	for i, d := range ds {
		if !drop[i] {
			out = append(out, d)
		}
	}
	return out
}

// TestPropertyFoldLines: folding a line's diagnostics at a time gives the
// single keyed pass's result on sorted diagnostics.
func TestPropertyFoldLines(t *testing.T) {
	t.Parallel()
	gen := rapid.Custom(func(t *rapid.T) diag.Diagnostic {
		return diag.Diagnostic{Rule: rapid.SampledFrom([]string{"GHAScopeCollision", "CacheNeverWritten", "MissingCacheType"}).Draw(t, "rule"),
			Message: rapid.SampledFrom([]string{"2 builds export x", "3 builds export x", "12 builds export x", "a", "runs 1 and 2", "runs 2 and 1"}).Draw(t, "msg"),
			Range: diag.Range{File: rapid.SampledFrom([]string{"f", "g"}).Draw(t, "file"),
				Start: diag.Pos{Line: rapid.IntRange(0, 3).Draw(t, "line"), Col: rapid.IntRange(1, 3).Draw(t, "col")}}}
	})
	rapid.Check(t, func(t *rapid.T) {
		ds := sortByPosition(rapid.SliceOfN(gen, 0, 16).Draw(t, "ds"))
		want := foldLinesByKey(slices.Clone(ds))
		got := foldLines(slices.Clone(ds))
		if len(got) != len(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		for i := range got {
			if got[i].String() != want[i].String() {
				t.Fatalf("diagnostic %d: %v, want %v", i, got[i], want[i])
			}
		}
	})
}

// A run's statCache answers each path once, as it was when first asked;
// a nil one asks the file system every time.
func TestStatCache(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "docker-bake.hcl")
	c := &statCache{}
	var none *statCache
	if c.regular(p) || none.regular(p) {
		t.Fatal("a missing file is regular")
	}
	if err := os.WriteFile(p, []byte("target \"a\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c.regular(p) {
		t.Error("the run's answer changed during the run")
	}
	if !none.regular(p) || !(&statCache{}).regular(p) {
		t.Error("a new lookup does not see the file")
	}
	if (&statCache{}).regular(dir) {
		t.Error("a directory is regular")
	}
}
