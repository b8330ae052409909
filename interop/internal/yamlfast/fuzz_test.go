package yamlfast

import (
	"fmt"
	"sort"
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzUnmarshal: on any input, Unmarshal gives yaml.v3's tree (comments
// aside) and yaml.v3's error text. The seeds are every YAML file of the
// repository's testdata, read at test time, and generated workflows.
func FuzzUnmarshal(f *testing.F) {
	all := corpus(f, false)
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f.Add(all[name])
	}
	for _, data := range generated(f, 3) {
		f.Add(data)
	}
	for _, s := range []string{
		"", "a", "a:", "- ", "[]", "{}", "---\n", "a: |\n  x\n", "a: 'b''c'", "a: \"\\u00e9\"",
		"k:\n- a: 1\n  b:\n- - x\n", "a: >-\n  x\n\n  y\n", "a: b\n  c\n", "😀: [a, 'b', \"c\"]\n",
	} {
		f.Add([]byte(s))
	}
	var arena Arena // shared by the inputs, as a reader's is by its files
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := compare(data); d != "" {
			t.Fatalf("%s\non %q", d, data)
		}
		var want, got yaml.Node
		wantErr := Unmarshal(data, &want)
		if err := UnmarshalIn(&arena, data, &got); fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("with the arena: error %v, without %v", err, wantErr)
		}
		if d := deepDiff(&got, &want); d != "" {
			t.Fatalf("with the arena: %s\non %q", d, data)
		}
	})
}
