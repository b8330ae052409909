package validate

import (
	"strconv"
	"testing"

	"pgregory.net/rapid"
)

// BenchmarkCheckRepository checks the builds of a large repository
// together: 2000 builds, half of whose imports nothing writes (each then
// looks for the nearest export).
func BenchmarkCheckRepository(b *testing.B) {
	builds := make([]Build, 2000)
	for i := range builds {
		n := strconv.Itoa(i)
		builds[i] = Build{Name: "b" + n,
			CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app" + n + ":cache", "type=gha,scope=s" + n + "-${{ github.ref_name }}"},
			CacheTo:   []string{"type=registry,ref=ghcr.io/acme/app" + strconv.Itoa(i/2*2) + ":cache,mode=max", "type=gha,scope=s" + n + "-${{ github.ref_name }},mode=max"},
			Tags:      []string{"ghcr.io/acme/app" + n + ":latest"}, Push: ptr(true)}
	}
	b.ReportAllocs()
	for b.Loop() {
		CheckRepository(builds, true)
	}
}

// TestPropertyMayMeet: mayMeet is symmetric, true on equal places, false
// on different places without templates, and true when a template-free
// place is what a templated one gives for some value of its templates.
func TestPropertyMayMeet(t *testing.T) {
	t.Parallel()
	word := rapid.StringMatching(`[a-z:/.-]{0,8}`)
	tpl := rapid.SampledFrom([]string{"${{ github.ref_name }}", "${{github.sha}}", "${VAR}", "$X"})
	rapid.Check(t, func(t *rapid.T) {
		pre, mid, suf := word.Draw(t, "pre"), word.Draw(t, "mid"), word.Draw(t, "suf")
		tp := tpl.Draw(t, "tpl")
		templated := "gha:" + pre + tp + suf
		concrete := "gha:" + pre + mid + suf
		if !mayMeet(templated, concrete) || !mayMeet(concrete, templated) {
			t.Fatalf("%q and %q can be the same place (the template holding %q)", templated, concrete, mid)
		}
		a, b := "gha:"+word.Draw(t, "a"), "gha:"+word.Draw(t, "b")
		if mayMeet(a, b) != (a == b) {
			t.Fatalf("mayMeet(%q, %q) = %v", a, b, mayMeet(a, b))
		}
		other := "gha:" + word.Draw(t, "o") + tpl.Draw(t, "tpl2") + word.Draw(t, "s2")
		if mayMeet(templated, other) != mayMeet(other, templated) || !mayMeet(other, other) {
			t.Fatalf("mayMeet not symmetric or not reflexive on %q, %q", templated, other)
		}
	})
}
