package yamlfast

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// impls are the two readers the benchmarks compare.
var impls = []struct {
	name string
	fn   func([]byte, *yaml.Node) error
}{
	{"yamlv3", func(data []byte, n *yaml.Node) error { return yaml.Unmarshal(data, n) }},
	{"yamlfast", Unmarshal},
}

// benchFiles decodes every file with each reader, side by side.
func benchFiles(b *testing.B, files [][]byte) {
	size := 0
	for _, f := range files {
		size += len(f)
	}
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, f := range files {
					var n yaml.Node
					if err := impl.fn(f, &n); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkUnmarshal compares yaml.v3 and the fast reader on the tree of
// testgen.WriteWorkflows(dir, 1000) and on the YAML files of the
// repository's testdata that yaml.v3 reads without error.
func BenchmarkUnmarshal(b *testing.B) {
	b.Run("tree=workflows1000", func(b *testing.B) {
		benchFiles(b, generated(b, 1000))
	})
	b.Run("tree=testdata", func(b *testing.B) {
		all := corpus(b, true)
		names := make([]string, 0, len(all))
		for name, data := range all {
			var n yaml.Node
			if yaml.Unmarshal(data, &n) == nil {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		files := make([][]byte, len(names))
		for i, name := range names {
			files[i] = all[name]
		}
		benchFiles(b, files)
	})
}

// BenchmarkHostile reads growing hostile documents (deep nesting, long
// lines, big block scalars) at 1x, 4x and 16x their base size, to show
// the time grows linearly.
func BenchmarkHostile(b *testing.B) {
	for _, h := range hostile {
		for _, scale := range []int{1, 4, 16} {
			data := []byte(h.make(h.base * scale))
			b.Run(fmt.Sprintf("doc=%s/x%d", h.name, scale), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					var n yaml.Node
					_ = Unmarshal(data, &n)
				}
			})
		}
	}
}

// hostile are documents made to be hard on a reader, by size.
var hostile = []struct {
	name string
	base int
	make func(n int) string
}{
	{"nested-seq", 500, func(n int) string { return strings.Repeat("- ", n) + "x\n" }},
	{"nested-map", 300, func(n int) string {
		var sb strings.Builder
		for i := range n {
			sb.WriteString(strings.Repeat("  ", i))
			sb.WriteString("a:\n")
		}
		return sb.String()
	}},
	{"long-line", 1 << 16, func(n int) string { return "a: " + strings.Repeat("x", n) + "\n" }},
	{"long-flow", 1 << 14, func(n int) string { return "a: [" + strings.Repeat("é, ", n) + "x]\n" }},
	{"block-scalar", 1 << 12, func(n int) string {
		return "a: |\n" + strings.Repeat("  line of text\n\n", n) + "b: 1\n"
	}},
	{"many-keys", 1 << 11, func(n int) string {
		var sb strings.Builder
		for i := range n {
			fmt.Fprintf(&sb, "k%d: v\n", i)
		}
		return sb.String()
	}},
}
