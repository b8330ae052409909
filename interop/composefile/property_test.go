package composefile

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

// project is options naming the compose project, as docker compose -p
// names it.
func project(name string) source.Options {
	return source.Options{Env: func(k string) (string, bool) {
		if k == "COMPOSE_PROJECT_NAME" {
			return name, true
		}
		return "", false
	}}
}

// odd are attribute values with what a compose file must carry: commas,
// quotes, =, spaces, $ and ${ (which compose interpolates unless
// doubled), backslashes, non-ASCII text.
var odd = []string{"app", "a,b", `q"uote`, "x=y", "with space", "$HOME", "${VAR}", "$$", `back\slash`, "é☃", "it's", "-lead", "#x", "a: b"}

// genEntry draws a valid entry of any backend, with odd text values.
func genEntry() *rapid.Generator[cachespec.Entry] { return testgen.Entry(odd) }

// TestWrittenEntriesReadBack: entries written into a compose file, as
// plain, single-quoted and double-quoted scalars, read back to values
// cachespec parses to the same entries; values compose does not
// interpolate read back as written, exactly placed when written plain.
func TestWrittenEntriesReadBack(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		entries := rapid.SliceOfN(genEntry(), 1, 4).Draw(rt, "entries")
		values := make([]string, len(entries))
		plain := make([]bool, len(entries))
		var b strings.Builder
		b.WriteString("services:\n  app:\n    build:\n      context: .\n      cache_from:\n")
		for i, e := range entries {
			values[i] = cachespec.Format(e)
			v := strings.ReplaceAll(values[i], "$", "$$")
			switch rapid.IntRange(0, 2).Draw(rt, "style") {
			case 0:
				j, _ := json.Marshal(v)
				fmt.Fprintf(&b, "        - %s\n", j)
			case 1:
				fmt.Fprintf(&b, "        - '%s'\n", strings.ReplaceAll(v, "'", "''"))
			case 2:
				if strings.ContainsAny(v, "#:'\"") || strings.HasPrefix(v, "-") {
					j, _ := json.Marshal(v)
					fmt.Fprintf(&b, "        - %s\n", j)
				} else {
					fmt.Fprintf(&b, "        - %s\n", v)
					plain[i] = true
				}
			}
		}
		text := b.String()
		f := Read([]source.Input{{Path: "compose.yaml", Content: []byte(text)}}, project("r"))[0]
		if len(f.Diagnostics) != 0 || len(f.Builds) != 1 {
			rt.Fatalf("diagnostics %+v builds %d\n%s", f.Diagnostics, len(f.Builds), text)
		}
		got, err := cachespec.ParseList(f.Builds[0].CacheFrom)
		if err != nil || len(got) != len(entries) {
			rt.Fatalf("read back %q: %v\n%s", f.Builds[0].CacheFrom, err, text)
		}
		for i := range got {
			if !cachespec.Equal(got[i], entries[i]) {
				rt.Fatalf("entry %d = %s, want %s\n%s", i, cachespec.Format(got[i]), values[i], text)
			}
			if f.Builds[0].CacheFrom[i] != values[i] {
				rt.Fatalf("value %d = %q, want %q", i, f.Builds[0].CacheFrom[i], values[i])
			}
			interpolated := strings.Contains(values[i], "$")
			if p := f.Builds[0].Source.CacheFrom[i]; p.Start.Line != 6+i || interpolated && p.Exact || plain[i] && !interpolated && (!p.Exact || p.Start.Col != 11) {
				rt.Fatalf("value %d at %+v\n%s", i, p, text)
			}
		}
	})
}

// TestNoPanic: damaged compose files give diagnostics, never a panic.
func TestNoPanic(t *testing.T) {
	seed := "name: p\nx-a: &a\n  cache_from: [\"type=gha,scope=${S:-x}\"]\nservices:\n  a:\n    image: a\n    build:\n      <<: *a\n      cache_to: [type=gha]\n      tags: [a]\n  b:\n    extends: a\n    build:\n      cache_from: ['x']\n"
	rapid.Check(t, func(rt *rapid.T) {
		data := []byte(seed)
		for range rapid.IntRange(1, 4).Draw(rt, "edits") {
			at := rapid.IntRange(0, len(data)).Draw(rt, "at")
			switch rapid.IntRange(0, 2).Draw(rt, "edit") {
			case 0:
				end := rapid.IntRange(at, len(data)).Draw(rt, "end")
				data = append(data[:at:at], data[end:]...)
			case 1:
				ins := rapid.SampledFrom([]string{"{", "}", "[", "]", "\"", "'", ",", "${", "*a", "&b", "<<: ", "\n  ", ": ", "- ", "#", "|", ">", "!!str "}).Draw(rt, "ins")
				data = append(data[:at:at], append([]byte(ins), data[at:]...)...)
			case 2:
				end := rapid.IntRange(at, len(data)).Draw(rt, "end")
				data = append(data[:end:end], append(append([]byte{}, data[at:end]...), data[end:]...)...)
			}
		}
		fs := Read([]source.Input{{Path: "compose.yaml", Content: data}}, source.Options{})
		if len(fs) != 1 || fs[0].Path != "compose.yaml" {
			rt.Fatalf("files %+v", fs)
		}
		for _, b := range fs[0].Builds {
			if b.Source == nil || len(b.CacheFrom) != len(b.Source.CacheFrom) || len(b.CacheTo) != len(b.Source.CacheTo) {
				rt.Fatalf("positions do not match values: %+v", b)
			}
		}
	})
}
