package yamlfast

import (
	"sort"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestArena: one arena reads file after file of the repository's YAML and
// of the generated tree, in both orders (small after large and large after
// small), and each tree is yaml.v3's; the arena keeps its first slab.
func TestArena(t *testing.T) {
	files := generated(t, 20)
	names := []string{}
	c := corpus(t, false)
	for name := range c {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, n := range names {
		files = append(files, c[n])
	}
	for _, order := range [][][]byte{files, reversed(files)} {
		var a Arena
		for i, data := range order {
			var want yaml.Node
			wantErr := yaml.Unmarshal(data, &want)
			stripComments(&want)
			var got yaml.Node
			if err := UnmarshalIn(&a, data, &got); (err == nil) != (wantErr == nil) {
				t.Fatalf("file %d: error %v, yaml.v3 %v", i, err, wantErr)
			}
			if wantErr == nil {
				if d := deepDiff(&got, &want); d != "" {
					t.Fatalf("file %d read with the arena: %s", i, d)
				}
			}
		}
		if cap(a.slab) == 0 || cap(a.slab) > maxArena {
			t.Errorf("the arena keeps %d nodes", cap(a.slab))
		}
	}
}

func reversed(in [][]byte) [][]byte {
	out := make([][]byte, len(in))
	for i, x := range in {
		out[len(in)-1-i] = x
	}
	return out
}

// The arena is what saves the nodes' allocation: reading a file again with
// it allocates fewer bytes than without.
func TestArenaAllocatesLess(t *testing.T) {
	data := generated(t, 1)[0]
	var a Arena
	var n yaml.Node
	if err := UnmarshalIn(&a, data, &n); err != nil {
		t.Fatal(err)
	}
	with := testing.AllocsPerRun(50, func() { _ = UnmarshalIn(&a, data, &n) })
	without := testing.AllocsPerRun(50, func() { _ = Unmarshal(data, &n) })
	if with >= without {
		t.Errorf("with an arena %v allocations a read, without %v", with, without)
	}
}

// Poison overwrites the nodes of the arena's last tree, and its Content.
func TestArenaPoison(t *testing.T) {
	var a Arena
	var n yaml.Node
	if err := UnmarshalIn(&a, []byte("a: b\nc: [d, e]\n"), &n); err != nil {
		t.Fatal(err)
	}
	root := n.Content[0]
	kept, seq := root.Content[1], root.Content[3]
	content := seq.Content
	if kept.Value != "b" || len(content) != 2 {
		t.Fatalf("the tree: %+v", n)
	}
	a.Poison()
	if kept.Value == "b" || seq.Kind == yaml.SequenceNode || content[0].Value == "d" {
		t.Errorf("the poisoned arena's tree still reads %q, %v, %q", kept.Value, seq.Kind, content[0].Value)
	}
}
