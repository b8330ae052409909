package cachespec

import (
	"testing"

	"pgregory.net/rapid"
)

// agreeFast checks that the fast path of parseFields gives exactly what the
// general path gives: the same entry, or an error where it errs.
func agreeFast(t interface{ Fatalf(string, ...any) }, s string) {
	if checkText(s) != nil {
		return
	}
	fast, ferr := parseFields(s)
	slow, serr := parseFieldsSlow(s)
	if (ferr == nil) != (serr == nil) {
		t.Fatalf("%q: fast path error %v, general path error %v", s, ferr, serr)
	}
	if ferr != nil {
		if ferr.Error() != serr.Error() {
			t.Fatalf("%q: errors differ:\n fast %v\n slow %v", s, ferr, serr)
		}
		return
	}
	if !Equal(fast, slow) || Format(fast) != Format(slow) {
		t.Fatalf("%q: fast %s, general %s", s, Format(fast), Format(slow))
	}
}

func TestFastPathAgrees(t *testing.T) {
	for _, s := range fuzzSeeds {
		agreeFast(t, s)
	}
	for _, tt := range parseTests {
		agreeFast(t, tt.in)
	}
	rapid.Check(t, func(t *rapid.T) {
		keys := []string{"type", "ref", "mode", "scope", "dest", "src", "tag", "ignore-error", "compression", "compression-level",
			"force-compression", "oci-mediatypes", "image-manifest", "region", "bucket", "name", "upload_parallelism", "x-new", "Mode", " mode"}
		vals := []string{"registry", "gha", "local", "s3", "azblob", "inline", "min", "max", "maxx", "true", "nope", "3", "99", "zstd",
			"gzip", "user/app:c", "Bad/Ref", "", "a=b", "1"}
		n := rapid.IntRange(1, 8).Draw(t, "n")
		s := ""
		for i := range n {
			if i > 0 {
				s += ","
			}
			s += rapid.SampledFrom(keys).Draw(t, "k") + "=" + rapid.SampledFrom(vals).Draw(t, "v")
		}
		agreeFast(t, s)
	})
}

func FuzzFastPath(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { agreeFast(t, s) })
}
