package loader

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzSameAsBake loads one fuzzed HCL, JSON or compose file with both
// loaders: they must accept and refuse alike and resolve alike, and ours
// must not panic. Inputs over the limits (which bake would evaluate for
// minutes, or which overflow HCL's parser) are not given to bake.
func FuzzSameAsBake(f *testing.F) {
	for _, name := range []string{"docker-bake.hcl", "docker-bake.json", "compose.yaml"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name, data)
	}
	f.Add("docker-bake.hcl", []byte("target \"a\" {\n  matrix = { v = [\"x\", \"y\"] }\n  name = \"a-${v}\"\n  cache-from = [{ type = \"gha\", scope = v }, \"ghcr.io/o/a:c,ghcr.io/o/b:c\"]\n}\n"))
	f.Add("docker-bake.hcl", []byte("variable \"S\" {\n  type = list(string)\n  default = [\"type=gha\"]\n}\ntarget \"b\" {\n  cache-to = S\n}\ntarget \"c\" {\n  inherits = [\"b\"]\n  cache-to = [\"type=local,dest=/d\"]\n}\n"))
	f.Add("docker-bake.json", []byte(`{"target":{"a":{"cache-from":[{"type":"registry","ref":"r/a:c"}],"output":["type=registry"]}}}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if len(data) > 1<<14 || depth(data) > 200 || OperatorChain(data, false) > MaxOperators || OperatorChain(data, true) > MaxOperators {
			return
		}
		switch name {
		case "docker-bake.hcl", "docker-bake.json", "compose.yaml", "bake":
		default:
			name = "docker-bake.hcl"
		}
		slow := time.AfterFunc(10*time.Second, func() { fmt.Fprintf(os.Stderr, "SLOW INPUT %q %q\n", name, data) })
		defer slow.Stop()
		checkSame(t, "fuzzed", []File{{Name: name, Data: data}}, map[string]string{"TAG": "v1"})
	})
}

// depth is how deep brackets nest in data.
func depth(data []byte) int {
	most, d := 0, 0
	for _, c := range data {
		switch c {
		case '(', '[', '{':
			d++
			most = max(most, d)
		case ')', ']', '}':
			d = max(d-1, 0)
		}
	}
	return most
}
