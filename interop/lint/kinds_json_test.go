package lint

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestJSONKind: each diagnostic of the JSON output names the kind of its
// file.
func TestJSONKind(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"docker-bake.hcl": "target \"a\" {\n  cache-to = [\"type=gha,scope=a,mode=maxx\"]\n}\n",
		"ci/build.sh":     "#!/bin/sh\ndocker buildx build --cache-to inline .\n",
	})
	r := Paths([]string{dir}, Options{})
	var b bytes.Buffer
	if err := (JSONWriter{}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Diagnostics []struct{ File, Kind, Rule string }
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range out.Diagnostics {
		rel, _ := filepath.Rel(dir, d.File)
		got[filepath.ToSlash(rel)] = d.Kind
	}
	if got["docker-bake.hcl"] != "bake" || got["ci/build.sh"] != "script" {
		t.Errorf("kinds %v\n%s", got, b.String())
	}
}
