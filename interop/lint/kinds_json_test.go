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
	got, out := jsonKinds(t, dir)
	if got["docker-bake.hcl"] != "bake" || got["ci/build.sh"] != "script" {
		t.Errorf("kinds %v\n%s", got, out)
	}
}

// jsonKinds lints dir and returns the kind the JSON output gives each
// file with a diagnostic (paths relative to dir), and the output.
func jsonKinds(t *testing.T, dir string) (map[string]string, string) {
	t.Helper()
	var b bytes.Buffer
	if err := (JSONWriter{}).Write(&b, Paths([]string{dir}, Options{})); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Diagnostics []struct{ File, Kind string }
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range out.Diagnostics {
		rel, _ := filepath.Rel(dir, d.File)
		got[filepath.ToSlash(rel)] = d.Kind
	}
	return got, b.String()
}
