package yamlx

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func parse(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return &doc
}

func TestMergeKeys(t *testing.T) {
	doc := parse(t, "a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  <<: [*a, *b]\n  x: own\n")
	var got []string
	for _, p := range Pairs(Get(Resolve(doc), "c")) {
		got = append(got, p.Key+"="+Str(p.Value))
	}
	// own keys win, then earlier merged mappings over later ones
	if strings.Join(got, ",") != "x=own,y=2,z=4" {
		t.Errorf("pairs = %v", got)
	}
	if Pairs(Get(Resolve(doc), "missing")) != nil || Str(Get(Resolve(doc), "a")) != "" {
		t.Error("lookups of missing or non-scalar nodes must be empty")
	}
}

func TestSelfReferenceTerminates(t *testing.T) {
	doc := parse(t, "a: &a\n  <<: *a\n  k: v\n")
	if v := Str(Get(Get(Resolve(doc), "a"), "k")); v != "v" {
		t.Errorf("k = %q", v)
	}
}

func TestKeyAt(t *testing.T) {
	doc := parse(t, "services:\n  web.app:\n    build:\n      cache_from: [x]\n")
	n := KeyAt(doc, []string{"services", "web", "app", "build"}, "cache_from")
	if n == nil || n.Line != 4 || n.Column != 7 {
		t.Fatalf("KeyAt = %+v", n)
	}
	if KeyAt(doc, []string{"services", "nope"}, "build") != nil {
		t.Error("a missing path found a key")
	}
}

func TestScalarMap(t *testing.T) {
	src := "a: plain value\nb: \"quoted\"\nc: |\n  line one\n  line two\nd: &anc anchored\ne: \"esc\\tape\"\n"
	doc := Resolve(parse(t, src))
	lines := strings.Split(src, "\n")
	cases := []struct {
		key       string
		off       int
		line, col int
		exact     bool
	}{
		{"a", 6, 1, 10, true},
		{"b", 0, 2, 5, true},
		{"c", 9, 5, 3, true},
		{"d", 0, 6, 9, true},
		{"e", 3, 7, 4, false},
	}
	for _, c := range cases {
		v := NewScalarMap("f", lines, Get(doc, c.key)).At(c.off)
		if v.Start.Line != c.line || v.Start.Col != c.col || v.Exact != c.exact {
			t.Errorf("%s+%d at %d:%d exact %v, want %d:%d exact %v", c.key, c.off, v.Start.Line, v.Start.Col, v.Exact, c.line, c.col, c.exact)
		}
	}
}

// TestMergeBomb: merge keys that reach the same anchors along many paths
// (each level merging the previous one nine times, or a diamond of two)
// cost time in proportion to the document. Without memoization the first
// document below takes about 9^12 steps.
func TestMergeBomb(t *testing.T) {
	for _, fan := range []int{9, 2} {
		var b strings.Builder
		b.WriteString("l0: &l0 {a: 1, b: 2}\n")
		for i := 1; i <= 12; i++ {
			fmt.Fprintf(&b, "l%d: &l%d\n  <<: [", i, i)
			for j := 0; j < fan; j++ {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "*l%d", i-1)
			}
			fmt.Fprintf(&b, "]\n  k%d: v\n", i)
		}
		b.WriteString("top:\n  <<: *l12\n")
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(b.String()), &doc); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		ps := Pairs(Get(&doc, "top"))
		if time.Since(start) > 2*time.Second {
			t.Fatalf("fan %d: Pairs took %v", fan, time.Since(start))
		}
		if len(ps) != 2+12 { // a, b and k1..k12
			t.Errorf("fan %d: %d pairs", fan, len(ps))
		}
	}
}

func TestResolveEmptyDocument(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "\n\n"} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		if n := Resolve(&doc); n != nil {
			t.Errorf("%q resolves to %+v", src, n)
		}
	}
}
