package cachespec

import (
	"strconv"
	"strings"
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

// TestPrintableASCII checks the word-at-a-time test against its byte-wise
// definition, with the bytes at the edges of the printable range at every
// position of every length up to a few words.
func TestPrintableASCII(t *testing.T) {
	want := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] > 0x7e {
				return false
			}
		}
		return true
	}
	edges := []byte{0x00, 0x01, 0x1f, 0x20, 0x21, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff}
	for n := 0; n <= 33; n++ {
		for pos := 0; pos < n; pos++ {
			for _, c := range edges {
				b := []byte(strings.Repeat("a", n))
				b[pos] = c
				if got := printableASCII(string(b)); got != want(string(b)) {
					t.Fatalf("printableASCII(%q) = %v", b, got)
				}
			}
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOfN(rapid.SampledFrom(append(edges, 'a', '~', ' ', '=', ',')), 0, 70).Draw(t, "b")
		if got := printableASCII(string(b)); got != want(string(b)) {
			t.Fatalf("printableASCII(%q) = %v", b, got)
		}
	})
}

// TestParseInt checks the shortcut against strconv.ParseInt: the same
// number, and an error exactly where it errs.
func TestParseInt(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, s string) {
		got, gerr := parseInt(s)
		want, werr := strconv.ParseInt(s, 10, 64)
		if got != want || (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("parseInt(%q) = %d, %v; strconv: %d, %v", s, got, gerr, want, werr)
		}
	}
	for _, s := range []string{"", "+", "-", "0", "-0", "+5", "3", "22", "-2", "007", "1_000", " 1", "1 ", "0x10", "١",
		"999999999999999999", "-999999999999999999", "1000000000000000000", "9223372036854775807",
		"9223372036854775808", "-9223372036854775808", "-9223372036854775809", "99999999999999999999"} {
		check(t, s)
	}
	rapid.Check(t, func(t *rapid.T) {
		check(t, rapid.StringOfN(rapid.SampledFrom([]rune("0123456789+-_ x")), 0, 22, -1).Draw(t, "s"))
	})
}
