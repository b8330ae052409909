package refs

import (
	"strings"
	"testing"

	"github.com/distribution/reference"
)

var benchRefs = []string{
	"ghcr.io/acme/app:buildcache",
	"user/app",
	"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:cache",
	"localhost:5000/a/b@sha256:" + hex64,
}

// TestAllocs pins Parse at zero allocations and Qualified at one.
func TestAllocs(t *testing.T) {
	for _, s := range benchRefs {
		if n := testing.AllocsPerRun(100, func() { _, _ = Parse(s) }); n != 0 {
			t.Errorf("Parse(%q) allocates %v times", s, n)
		}
		r := MustParse(s)
		if n := testing.AllocsPerRun(100, func() { _ = r.Qualified() }); n > 1 {
			t.Errorf("Qualified(%q) allocates %v times", s, n)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range benchRefs {
			if _, err := Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkParseNormalizedNamed(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range benchRefs {
			if _, err := reference.ParseNormalizedNamed(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseAdversarial shows linear cost on long inputs.
func BenchmarkParseAdversarial(b *testing.B) {
	const n = 64 << 10
	for name, s := range map[string]string{
		"dots":          strings.Repeat("a.", n/2) + "a",
		"dashes":        strings.Repeat("a-", n/2) + "a",
		"colons":        strings.Repeat(":", n),
		"slashes":       strings.Repeat("a/", n/2) + "a",
		"upper":         "a/" + strings.Repeat("A", n),
		"unicode":       "a/" + strings.Repeat("é", n/2),
		"unicode-upper": "a/" + strings.Repeat("é", n/2) + "É",
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				_, _ = Parse(s)
			}
		})
	}
}
