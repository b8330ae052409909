package bakefile

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/interop/source"
)

// odd are attribute values with what every file form must carry: commas,
// quotes, =, spaces, $, ${, %{, backslashes, non-ASCII text.
var odd = []string{"app", "a,b", `q"uote`, "x=y", "with space", "$HOME", "${VAR}", "%{x}", `back\slash`, "é☃", "it's", "-lead", "$${x}", "a:b"}

// genEntry draws a valid entry of any backend, with odd text values.
func genEntry() *rapid.Generator[cachespec.Entry] { return testgen.Entry(odd) }

// hclString writes s as an HCL string literal that bake reads as s.
func hclString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "${", "$${", "%{", "%%{", "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// jsonString writes s as a JSON string that bake, which reads JSON strings
// as HCL templates, reads as s.
func jsonString(s string) string {
	j, _ := json.Marshal(strings.NewReplacer("${", "$${", "%{", "%%{").Replace(s))
	return string(j)
}

// forms write values into a bake definition, each its own way.
var forms = []struct {
	name, file string
	write      func(values []string) string
}{
	{"hcl literals", "docker-bake.hcl", func(values []string) string {
		var els []string
		for _, v := range values {
			els = append(els, hclString(v))
		}
		return "target \"app\" {\n  cache-to = [" + strings.Join(els, ", ") + "]\n}\n"
	}},
	{"hcl variables", "docker-bake.hcl", func(values []string) string {
		var b strings.Builder
		var els []string
		for i, v := range values {
			fmt.Fprintf(&b, "variable \"BXC_T_V%d\" {\n  default = %s\n}\n", i, hclString(v))
			els = append(els, fmt.Sprintf("BXC_T_V%d", i))
		}
		b.WriteString("target \"app\" {\n  cache-to = [" + strings.Join(els, ", ") + "]\n}\n")
		return b.String()
	}},
	{"json", "docker-bake.json", func(values []string) string {
		var els []string
		for _, v := range values {
			els = append(els, jsonString(v))
		}
		return `{"target": {"app": {"cache-to": [` + strings.Join(els, ", ") + "]}}}\n"
	}},
	{"compose", "compose.yaml", func(values []string) string {
		var b strings.Builder
		b.WriteString("services:\n  app:\n    build:\n      context: .\n      cache_to:\n")
		for _, v := range values {
			j, _ := json.Marshal(strings.ReplaceAll(v, "$", "$$"))
			fmt.Fprintf(&b, "        - %s\n", j)
		}
		return b.String()
	}},
}

// TestWrittenEntriesReadBack: entries written into a bake HCL file (as
// literals and through variables), a bake JSON file and a compose file
// read back, through Read, to values cachespec parses to the same
// entries; literals read back as written.
func TestWrittenEntriesReadBack(t *testing.T) {
	dir := t.TempDir()
	rapid.Check(t, func(rt *rapid.T) {
		// distinct entries: bake drops an entry that repeats another
		entries := rapid.SliceOfNDistinct(genEntry(), 1, 4, cachespec.Format).Draw(rt, "entries")
		values := make([]string, len(entries))
		for i, e := range entries {
			values[i] = cachespec.Format(e)
		}
		for _, form := range forms {
			text := form.write(values)
			files := ReadFiles([]string{write(rt, dir, form.file, text)}, source.Options{})
			if len(files[0].Diagnostics) != 0 || len(files[0].Builds) != 1 {
				rt.Fatalf("%s: diagnostics %+v builds %d\n%s", form.name, files[0].Diagnostics, len(files[0].Builds), text)
			}
			b := files[0].Builds[0]
			got, err := cachespec.ParseList(b.CacheTo)
			if err != nil {
				rt.Fatalf("%s: %q: %v", form.name, b.CacheTo, err)
			}
			if len(got) != len(entries) {
				rt.Fatalf("%s: read %q, want %d entries\n%s", form.name, b.CacheTo, len(entries), text)
			}
			for i := range got {
				if !cachespec.Equal(got[i], entries[i]) {
					rt.Fatalf("%s: entry %d read back as %s, want %s\n%s", form.name, i, cachespec.Format(got[i]), values[i], text)
				}
			}
			if form.name == "hcl literals" || form.name == "json" {
				for i, v := range b.CacheTo {
					if v != values[i] {
						rt.Fatalf("%s: value %d is %q, not as written %q", form.name, i, v, values[i])
					}
				}
			}
		}
	})
}

// TestNoPanic: damaged files give diagnostics, never a panic.
func TestNoPanic(t *testing.T) {
	seeds := []string{
		"variable \"A\" {\n  default = \"x\"\n}\ngroup \"default\" {\n  targets = [\"a\"]\n}\ntarget \"a\" {\n  inherits = [\"b\"]\n  name = \"a-${m}\"\n  matrix = { m = [\"1\"] }\n  cache-from = [\"type=gha,scope=${A}\", { type = \"local\", src = \"/c\" }]\n  cache-to = [\"type=gha\"]\n}\n",
		`{"target": {"a": {"cache-from": ["type=gha", {"type": "gha", "scope": "${x}"}], "cache-to": ["type=gha"]}}}`,
		"x-a: &a [\"type=gha\"]\nservices:\n  a:\n    build:\n      cache_from: *a\n      x-bake:\n        cache-to: type=gha\n",
	}
	names := []string{"docker-bake.hcl", "docker-bake.json", "compose.yaml"}
	rapid.Check(t, func(rt *rapid.T) {
		i := rapid.IntRange(0, len(seeds)-1).Draw(rt, "seed")
		data := []byte(seeds[i])
		for range rapid.IntRange(1, 4).Draw(rt, "edits") {
			at := rapid.IntRange(0, len(data)).Draw(rt, "at")
			switch rapid.IntRange(0, 2).Draw(rt, "edit") {
			case 0: // cut
				end := rapid.IntRange(at, len(data)).Draw(rt, "end")
				data = append(data[:at:at], data[end:]...)
			case 1: // insert syntax
				ins := rapid.SampledFrom([]string{"{", "}", "[", "]", "\"", ",", "${", "*a", "&b", "<<: ", "\n  ", ":", "=", "#"}).Draw(rt, "ins")
				data = append(data[:at:at], append([]byte(ins), data[at:]...)...)
			case 2: // duplicate
				end := rapid.IntRange(at, len(data)).Draw(rt, "end")
				data = append(data[:end:end], append(append([]byte{}, data[at:end]...), data[end:]...)...)
			}
		}
		files := Read([]source.Input{{Path: names[i], Content: data}}, source.Options{})
		if len(files) != 1 || files[0].Path != names[i] {
			rt.Fatalf("files %+v", files)
		}
		for _, b := range files[0].Builds {
			if b.Source == nil || len(b.CacheFrom) != len(b.Source.CacheFrom) || len(b.CacheTo) != len(b.Source.CacheTo) {
				rt.Fatalf("positions do not match values: %+v", b)
			}
		}
	})
}
