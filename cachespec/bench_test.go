package cachespec

import (
	"os"
	"strings"
	"testing"
)

// benchValues are the eight typical values the performance targets are
// measured on (docs/PERFORMANCE.md); interop benchmarks them side by side
// with Buildx.
var benchValues = readBenchValues("../testdata/bench-values.tsv")

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

// TestAllocs pins allocation counts: Parse allocates only the entry, and
// AppendText into a buffer with room allocates nothing.
func TestAllocs(t *testing.T) {
	for _, v := range benchValues {
		if n := testing.AllocsPerRun(100, func() { _, _ = Parse(v.value) }); n > 1 {
			t.Errorf("Parse(%s) allocates %v times, want at most 1", v.name, n)
		}
		e := MustParse(v.value)
		buf := make([]byte, 0, 512)
		if n := testing.AllocsPerRun(100, func() { buf, _ = e.AppendText(buf[:0]) }); n != 0 {
			t.Errorf("AppendText(%s) allocates %v times, want 0", v.name, n)
		}
		if n := testing.AllocsPerRun(100, func() { _ = Format(e) }); n > 2 {
			t.Errorf("Format(%s) allocates %v times, want at most 2", v.name, n)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	for _, v := range benchValues {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(v.value); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAppendText(b *testing.B) {
	for _, v := range benchValues {
		e := MustParse(v.value)
		buf := make([]byte, 0, 512)
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf, _ = e.AppendText(buf[:0])
			}
		})
	}
}

// BenchmarkParseAdversarial checks that cost grows linearly with the input on
// inputs built to defeat a careless parser.
func BenchmarkParseAdversarial(b *testing.B) {
	const n = 8 << 10
	inputs := map[string]string{
		"commas":        strings.Repeat(",", n),
		"quotes":        strings.Repeat(`"`, n),
		"equals":        "type=gha," + strings.Repeat("=", n),
		"doubled":       `type=local,"dest=` + strings.Repeat(`""`, n/2) + `"`,
		"many-unknown":  "type=gha" + strings.Repeat(",k=v", n/4),
		"many-distinct": "type=gha" + distinctKeys(n/8),
		"refs":          strings.Repeat("a/b,", n/4) + "a",
		"long-ref":      "type=registry,ref=" + strings.Repeat("a/", n/2) + "a",
	}
	for name, in := range inputs {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				_, _ = ParseList([]string{in})
			}
		})
	}
}

func distinctKeys(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(",k")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteByte(byte('a' + i%26))
		b.WriteString("=v")
	}
	return b.String()
}

// BenchmarkPrinters compares the direct printer of Format (generated from
// the attribute tables) with the generic loop over keys() and field(i).
func BenchmarkPrinters(b *testing.B) {
	for _, p := range []struct {
		name string
		f    func([]byte, Entry) []byte
	}{{"direct", appendDirect}, {"generic", appendPlain}} {
		for _, v := range benchValues {
			e := MustParse(v.value)
			buf := make([]byte, 0, 512)
			b.Run("printer="+p.name+"/v="+v.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					buf = p.f(buf[:0], e)
				}
			})
		}
	}
}

// BenchmarkFormatChecked measures the checked printer against Format on the
// eight typical values: the price of Validate.
func BenchmarkFormatChecked(b *testing.B) {
	for _, v := range benchValues {
		e := MustParse(v.value)
		b.Run("impl=format/v="+v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Format(e)
			}
		})
		b.Run("impl=checked/v="+v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FormatChecked(e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
