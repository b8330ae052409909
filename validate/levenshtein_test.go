package validate

import (
	"testing"

	"pgregory.net/rapid"
)

// plainLevenshtein is the textbook edit distance, the reference of
// levenshtein's shortcuts (common prefix and suffix, early exit).
func plainLevenshtein(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
		}
	}
	return d[len(a)][len(b)]
}

// levenshtein is the edit distance when it is at most limit, and limit+1
// otherwise, on places that share prefixes and suffixes and on any text.
func TestPropertyLevenshtein(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.StringOfN(rapid.SampledFrom([]rune("ab:/.-")), 0, 70, -1)
		pre, suf := rapid.StringMatching(`[a-z./:]{0,20}`).Draw(t, "prefix"), rapid.StringMatching(`[a-z:]{0,10}`).Draw(t, "suffix")
		a := pre + gen.Draw(t, "a") + suf
		b := pre + gen.Draw(t, "b") + suf
		limit := rapid.IntRange(0, 30).Draw(t, "limit")
		want := plainLevenshtein(a, b)
		if want > limit {
			want = limit + 1
		}
		if got := levenshtein(a, b, limit); got != want {
			t.Fatalf("levenshtein(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
		}
	})
}
