package yamlx

import (
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"
	"pgregory.net/rapid"
)

// refGet is Get without its shortcut: the first of Pairs' entries.
func refGet(n *yaml.Node, key string) *yaml.Node {
	for _, p := range pairsDepth(Resolve(n), 0, map[*yaml.Node][]Pair{}) {
		if p.Key == key {
			return p.Value
		}
	}
	return nil
}

// mappings draws a pool of mappings whose keys are a few names, merge keys
// ("<<" tagged !!merge, and "<<" quoted, which is an ordinary key), alias
// keys and non-scalar keys, and whose values are scalars, aliases of other
// mappings of the pool and sequences of them, cycles included.
func mappings(t *rapid.T) []*yaml.Node {
	n := rapid.IntRange(1, 6).Draw(t, "n")
	pool := make([]*yaml.Node, n)
	for i := range pool {
		pool[i] = &yaml.Node{Kind: yaml.MappingNode}
	}
	alias := func(label string) *yaml.Node {
		return &yaml.Node{Kind: yaml.AliasNode, Alias: pool[rapid.IntRange(0, n-1).Draw(t, label)]}
	}
	for _, m := range pool {
		for range rapid.IntRange(0, 5).Draw(t, "pairs") {
			var k *yaml.Node
			switch rapid.IntRange(0, 4).Draw(t, "key") {
			case 0:
				k = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!merge", Value: "<<"}
			case 1:
				k = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "<<"}
			case 2:
				k = &yaml.Node{Kind: yaml.AliasNode, Alias: &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "b"}}
			case 3:
				k = &yaml.Node{Kind: yaml.SequenceNode}
			default:
				k = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "name")}
			}
			var v *yaml.Node
			switch rapid.IntRange(0, 2).Draw(t, "value") {
			case 0:
				v = &yaml.Node{Kind: yaml.ScalarNode, Value: rapid.SampledFrom([]string{"1", "2", "x"}).Draw(t, "scalar")}
			case 1:
				v = alias("alias")
			default:
				v = &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{alias("item0"), alias("item1")}}
			}
			m.Content = append(m.Content, k, v)
		}
	}
	return pool
}

// TestPropertyFastLookupsAgree checks that Get's and Pairs' shortcuts for
// mappings without merge keys give what the general merge-aware reading
// gives, on every mapping of random documents with merge keys, aliases and
// cycles.
func TestPropertyFastLookupsAgree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for i, m := range mappings(t) {
			for _, key := range []string{"a", "b", "c", "d", "<<"} {
				if got, want := Get(m, key), refGet(m, key); got != want {
					t.Fatalf("mapping %d: Get(%q) = %v, want %v", i, key, got, want)
				}
			}
			if got, want := Pairs(m), pairsDepth(m, 0, map[*yaml.Node][]Pair{}); !reflect.DeepEqual(got, want) {
				t.Fatalf("mapping %d: Pairs = %v, want %v", i, got, want)
			}
		}
	})
}

// TestGetAllocs pins the shortcut: a lookup in a mapping without merge keys
// allocates nothing.
func TestGetAllocs(t *testing.T) {
	doc := parse(t, "jobs:\n  build:\n    steps: []\n    runs-on: x\n")
	root := Resolve(doc)
	if n := testing.AllocsPerRun(100, func() { _ = Get(Get(Get(root, "jobs"), "build"), "runs-on") }); n != 0 {
		t.Errorf("Get allocates %v times per lookup", n)
	}
}
