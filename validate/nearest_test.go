package validate

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// nearest is the nearest place to key among others.
func nearest(key string, others []loc) (loc, bool) { return newNearIndex(others).nearest(key) }

// mayMeet reports whether places a and b can be the same (loc.meets).
func mayMeet(a, b string) bool { return newLoc(a, 0, nil).meets(newLoc(b, 0, nil)) }

// nearestByScan is nearest's definition written out: every place's common
// prefix with the key, the nearestTop longest (on a tie, the places after
// the key in sorted order before those before it, each side from the
// closest), then the smallest distance (the lower index first on a tie).
func nearestByScan(key string, others []loc) (loc, bool) {
	a := collapse(key)
	type ranked struct{ i, prefix, after, dist int }
	rank := make([]int, len(others)) // indexes sorted by flat text, then index
	for i := range rank {
		rank[i] = i
	}
	slices.SortStableFunc(rank, func(x, y int) int { return strings.Compare(others[x].flat, others[y].flat) })
	p := 0 // where a would be inserted
	for p < len(rank) && others[rank[p]].flat < a {
		p++
	}
	var all []ranked
	for r, i := range rank {
		x := ranked{i: i, prefix: commonPrefix(a, others[i].flat), after: 1, dist: r - p}
		if r < p {
			x.after, x.dist = 0, p-1-r
		}
		all = append(all, x)
	}
	slices.SortStableFunc(all, func(x, y ranked) int {
		if x.prefix != y.prefix {
			return y.prefix - x.prefix
		}
		if x.after != y.after {
			return y.after - x.after
		}
		return x.dist - y.dist
	})
	all = all[:min(len(all), nearestTop)]
	best, bestI, bestD := loc{}, 0, -1
	limit := max(3, len(a)/3)
	for _, c := range all {
		b := others[c.i].flat
		d := levenshtein(a, b, limit)
		if d > limit && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) && min(len(a), len(b)) > len(kindOf(a))+1 {
			d = limit
		}
		if d <= limit && (bestD < 0 || d < bestD || d == bestD && c.i < bestI) {
			best, bestI, bestD = others[c.i], c.i, d
		}
	}
	return best, bestD >= 0
}

// TestPropertyNearestAgreesWithScan: the sorted index finds the place the
// definition does, on lists with shared prefixes, repeats and templates.
func TestPropertyNearestAgreesWithScan(t *testing.T) {
	t.Parallel()
	part := rapid.SampledFrom([]string{"app", "ap", "app-", "cache", "b", "-", "1", "${{ matrix.p }}", "x", ""})
	word := rapid.Custom(func(t *rapid.T) string {
		n := rapid.IntRange(0, 5).Draw(t, "n")
		s := "gha:"
		for i := range n {
			s += part.Draw(t, "p"+strconv.Itoa(i))
		}
		return s
	})
	rapid.Check(t, func(t *rapid.T) {
		keys := rapid.SliceOfN(word, 0, 40).Draw(t, "places")
		others := make([]loc, len(keys))
		for i, k := range keys {
			others[i] = newLoc(k, i, nil)
		}
		key := word.Draw(t, "key")
		got, ok := nearest(key, others)
		want, wok := nearestByScan(key, others)
		if ok != wok || got.key != want.key || got.build != want.build {
			t.Fatalf("nearest(%q) = %q (build %d) %v, the definition gives %q (build %d) %v", key, got.key, got.build, ok, want.key, want.build, wok)
		}
	})
}

// TestPropertyRepositoryParts: the builds of a repository checked as parts
// prepared one by one give what CheckRepository gives for all of them,
// wherever the parts are cut; a part of no builds changes nothing.
func TestPropertyRepositoryParts(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 8).Draw(t, "builds")
		builds := make([]Build, n)
		for i := range builds {
			builds[i] = fill(t, genContextFreeBuild(t, i))
			if rapid.Bool().Draw(t, "template?") {
				builds[i].CacheFrom = append(builds[i].CacheFrom, "type=gha,scope=${{ github.ref_name }}")
				builds[i].CacheTo = append(builds[i].CacheTo, "type=gha,scope=${{ github.ref_name }}-x,mode=max")
			}
		}
		whole := rapid.Bool().Draw(t, "whole")
		want := CheckRepository(builds, whole)
		var parts []*RepositoryPart
		for at := 0; at < n; {
			k := rapid.IntRange(0, n-at).Draw(t, "cut")
			if rapid.Bool().Draw(t, "with CheckAll") {
				// the part of the first k builds of a group checked with
				// builds that are not the repository's (a callee's)
				extra := rapid.IntRange(0, n).Draw(t, "extra")
				group := append(slices.Clone(builds[at:at+k]), builds[:extra]...)
				ds, part := Options{}.CheckAllPart(group, k)
				if want := (Options{}).CheckAll(group); len(ds) != len(want) {
					t.Fatalf("CheckAllPart found %d diagnostics, CheckAll %d", len(ds), len(want))
				}
				parts = append(parts, part)
			} else {
				parts = append(parts, PrepareRepository(builds[at:at+k]))
			}
			at += k
		}
		got := Options{}.CheckRepositoryParts(parts, whole)
		if len(got) != len(want) {
			t.Fatalf("parts give %d diagnostics, the whole %d:\n%v\n%v", len(got), len(want), got, want)
		}
		for i := range got {
			if got[i].String() != want[i].String() || got[i].Build != want[i].Build {
				t.Fatalf("diagnostic %d: %v (build %d), the whole gives %v (build %d)", i, got[i], got[i].Build, want[i], want[i].Build)
			}
		}
	})
}

// TestRedactMemo: the memo gives what redactMessage gives, for messages
// seen before or not, with and without the build's secrets.
func TestRedactMemo(t *testing.T) {
	m := redactMemo{}
	for _, tt := range []struct {
		msg     string
		secrets []string
	}{
		{"token=abc in value", nil}, {"token=abc in value", nil}, {"plain text", nil},
		{"uses hunter22 here", []string{"hunter22"}}, {"uses hunter22 here", nil}, {"uses hunter22 here", []string{"hunter22"}},
	} {
		if got, want := m.redact(tt.msg, tt.secrets), redactMessage(tt.msg, tt.secrets); got != want {
			t.Errorf("redact(%q, %q) = %q, want %q", tt.msg, tt.secrets, got, want)
		}
	}
	if got := redactMemo(nil).redact("token=abc", nil); got != redactMessage("token=abc", nil) {
		t.Errorf("a nil memo: %q", got)
	}
}
