package lint

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
)

var updateGolden = flag.Bool("update-golden", false, "TestFindingsGolden rewrites testdata/golden from this build's findings")

// goldenJSON lints paths (relative to the working directory) and returns
// the JSON writer's output.
func goldenJSON(t *testing.T, paths ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := (JSONWriter{}).Write(&b, Paths(paths, Options{})); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// firstFiles returns the JSON output reduced to the diagnostics of the
// files whose path has one of the given suffixes, for a golden file that
// can be read and diffed.
func firstFiles(t *testing.T, out []byte, suffixes ...string) []byte {
	t.Helper()
	var all struct {
		Files       int               `json:"files"`
		Diagnostics []json.RawMessage `json:"diagnostics"`
	}
	if err := json.Unmarshal(out, &all); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, d := range all.Diagnostics {
		var f struct {
			File string `json:"file"`
		}
		if err := json.Unmarshal(d, &f); err != nil {
			t.Fatal(err)
		}
		for _, s := range suffixes {
			if strings.HasSuffix(f.File, s) {
				b.Write(d)
				b.WriteByte('\n')
				break
			}
		}
	}
	return b.Bytes()
}

// checkGolden compares got with the golden file name, or writes it with
// -update-golden.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join(goldenDir, name)
	if *updateGolden {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with -update-golden to write it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s", name, i+1, g, w)
			}
		}
		t.Fatalf("%s differs", name)
	}
}

// goldenDir holds the findings the linter gave before its hot paths were
// optimised (single YAML decode, value and script caches): the speed
// work must keep every finding byte for byte.
var goldenDir, _ = filepath.Abs(filepath.Join("testdata", "golden"))

// TestFindingsGolden checks that the findings on the real-world test files,
// examples/ci and the generated benchmark trees (1,000 workflows of
// testgen.WriteWorkflows; 300 workflows and 20 bake files of writeTree)
// are the ones in testdata/golden: in full for the real-world files and
// the first workflows of each tree, and as the SHA-256 of the whole JSON
// output for the trees.
func TestFindingsGolden(t *testing.T) {
	t.Run("realworld", func(t *testing.T) {
		checkGolden(t, "realworld.json", goldenJSON(t, filepath.Join("testdata", "realworld"), filepath.Join("..", "..", "examples", "ci")))
	})
	firsts := []string{"build-0000.yml", "build-0001.yml", "build-0002.yml", "build-0003.yml", "build-0004.yml", "build-0005.yml", "svc000/docker-bake.hcl"}
	t.Run("testgen-1000", func(t *testing.T) {
		dir := t.TempDir()
		if err := testgen.WriteWorkflows(dir, 1000); err != nil {
			t.Fatal(err)
		}
		t.Chdir(dir)
		out := goldenJSON(t, ".")
		sum := sha256.Sum256(out)
		checkGolden(t, "testgen-1000.sha256", []byte(hex.EncodeToString(sum[:])+"\n"))
		checkGolden(t, "testgen-first.jsonl", firstFiles(t, out, firsts...))
	})
	t.Run("tree-300", func(t *testing.T) {
		dir := t.TempDir()
		writeTree(t, dir, 300, 20)
		t.Chdir(dir)
		out := goldenJSON(t, ".")
		sum := sha256.Sum256(out)
		checkGolden(t, "tree-300.sha256", []byte(hex.EncodeToString(sum[:])+"\n"))
		checkGolden(t, "tree-first.jsonl", firstFiles(t, out, firsts...))
	})
}

// TestHotPathMatchesReference lints the generated trees with the shortcuts
// of this package (one decoding per workflow for builds and calls) and
// without them, and checks the outputs are the same bytes.
func TestHotPathMatchesReference(t *testing.T) {
	dir := t.TempDir()
	if err := testgen.WriteWorkflows(filepath.Join(dir, "a"), 300); err != nil {
		t.Fatal(err)
	}
	writeTree(t, filepath.Join(dir, "b"), 100, 10)
	t.Chdir(dir)
	fast := goldenJSON(t, "a", "b", filepath.Join(goldenDir, "..", "realworld"))
	referencePath = true
	defer func() { referencePath = false }()
	ref := goldenJSON(t, "a", "b", filepath.Join(goldenDir, "..", "realworld"))
	if !bytes.Equal(fast, ref) {
		t.Fatalf("the findings differ with and without the shortcuts:\nfast %d bytes, reference %d bytes", len(fast), len(ref))
	}
	if !bytes.Contains(fast, []byte(`"rule"`)) {
		t.Fatal("no findings to compare")
	}
}
