package compat

import (
	"os"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/refs"
	"github.com/distribution/reference"
	"github.com/docker/buildx/util/buildflags"
)

// benchValues are the eight typical values of the performance targets
// (docs/PERFORMANCE.md). Compare with benchstat -col /impl.
var benchValues = readBenchValues("../../testdata/bench-values.tsv")

// readBenchValues reads the name<TAB>value lines of the shared benchmark
// inputs.
func readBenchValues(path string) (out []struct{ name, value string }) {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		name, value, _ := strings.Cut(line, "\t")
		out = append(out, struct{ name, value string }{name, value})
	}
	return out
}

// sink and sinkString keep results alive, so that the compiler cannot drop
// the work.
var (
	sink       any
	sinkString string
)

// BenchmarkParse compares cachespec.Parse with Buildx's ParseCacheEntry.
func BenchmarkParse(b *testing.B) {
	for _, v := range benchValues {
		b.Run("impl=buildx/v="+v.name, func(b *testing.B) {
			in := []string{v.value}
			b.ReportAllocs()
			for b.Loop() {
				r, err := buildflags.ParseCacheEntry(in)
				if err != nil {
					b.Fatal(err)
				}
				sink = r
			}
		})
		b.Run("impl=buildxcache/v="+v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := cachespec.Parse(v.value)
				if err != nil {
					b.Fatal(err)
				}
				sink = r
			}
		})
	}
}

// BenchmarkFormat compares cachespec.Format with Buildx's String.
func BenchmarkFormat(b *testing.B) {
	for _, v := range benchValues {
		theirs, _ := buildflags.ParseCacheEntry([]string{v.value})
		ours := cachespec.MustParse(v.value)
		b.Run("impl=buildx/v="+v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkString = theirs[0].String()
			}
		})
		b.Run("impl=buildxcache/v="+v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkString = cachespec.Format(ours)
			}
		})
	}
}

// BenchmarkAppendText measures AppendText into a reused buffer.
func BenchmarkAppendText(b *testing.B) {
	for _, v := range benchValues {
		e := cachespec.MustParse(v.value)
		buf := make([]byte, 0, 256)
		b.Run("impl=buildxcache/v="+v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf, _ = e.AppendText(buf[:0])
			}
		})
	}
}

// benchRefs are the refs of the eight values.
var benchRefs = []struct{ name, ref string }{
	{"ghcr", "ghcr.io/acme/app:buildcache"},
	{"bare", "ghcr.io/acme/app:cache"},
	{"ecr", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:cache"},
	{"hub", "user/app"},
}

// BenchmarkRef compares refs.Parse with reference.ParseNormalizedNamed.
func BenchmarkRef(b *testing.B) {
	for _, r := range benchRefs {
		b.Run("impl=distribution/v="+r.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := reference.ParseNormalizedNamed(r.ref); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("impl=buildxcache/v="+r.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := refs.Parse(r.ref); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
