package yamlfast

import (
	"strings"
	"testing"
)

// TestHostile: deep nesting, megabyte lines and huge block scalars give
// yaml.v3's tree or error, without a panic or a stack overflow; the fast
// reader takes the long lines and big scalars and leaves the deepest
// nesting to yaml.v3.
func TestHostile(t *testing.T) {
	const mib = 1 << 20
	var nested strings.Builder
	for i := range 2000 {
		nested.WriteString(strings.Repeat(" ", i))
		nested.WriteString("a:\n")
	}
	tests := []struct {
		name string
		doc  string
		fast bool
	}{
		{"10,000 levels of sequences", strings.Repeat("- ", 10000) + "x\n", false},
		{"10,000 levels of flow sequences", "a: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n", false},
		{"2,000 levels of mappings", nested.String(), false},
		{"as deep as the fast reader goes", strings.Repeat("- ", maxDepth-1) + "x\n", true},
		{"a 1 MiB plain line", "a: " + strings.Repeat("x", mib) + "\n", true},
		{"a 1 MiB single-quoted line", "a: '" + strings.Repeat("x''", mib/3) + "'\n", true},
		{"a 1 MiB double-quoted line", "a: \"" + strings.Repeat("\\u00e9x", mib/7) + "\"\n", true},
		{"a 1 MiB flow line", "a: [" + strings.Repeat("é, ", mib/4) + "x]\n", true},
		{"a 1 MiB key", strings.Repeat("k", mib) + ": v\n", false},
		{"a 1 MiB unclosed quote", "a: '" + strings.Repeat("x", mib) + "\n", false},
		{"a 4 MiB literal", "a: |\n" + strings.Repeat("  line of text\n\n", mib/4) + "b: 1\n", true},
		{"a 4 MiB folded", "a: >-\n" + strings.Repeat("  line of text\n   more\n\n", mib/6) + "b: 1\n", true},
		{"a 2 MiB multi-line plain", "a: x\n" + strings.Repeat("  line of text\n\n", mib/8) + "b: 1\n", true},
		{"100,000 keys", strings.Repeat("k: v\n", 1)[:0] + manyKeys(100000), true},
		{"100,000 blank lines", "a: 1\n" + strings.Repeat("\n", 100000) + "b: 2\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			taken, d := fastDiff([]byte(tt.doc))
			if taken != tt.fast {
				t.Errorf("fast path taken %v, want %v", taken, tt.fast)
			}
			if d != "" {
				t.Fatal(d)
			}
			if d := compare([]byte(tt.doc)); d != "" {
				t.Fatal(d)
			}
		})
	}
}

// manyKeys returns a mapping of n distinct keys.
func manyKeys(n int) string {
	var sb strings.Builder
	for i := range n {
		sb.WriteString("k")
		sb.WriteString(strings.Repeat("x", i%7))
		sb.WriteString(itoa(i))
		sb.WriteString(": v\n")
	}
	return sb.String()
}

// itoa formats a non-negative int.
func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
