package yamlfast

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
)

// stripComments clears the comment fields of a tree, which Unmarshal
// leaves empty.
func stripComments(n *yaml.Node) {
	if n == nil {
		return
	}
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		stripComments(c)
	}
}

// diff returns where two trees differ, or "" when they are equal in
// every field Unmarshal promises.
func diff(path string, a, b *yaml.Node) string {
	if a == nil || b == nil {
		if a != b {
			return fmt.Sprintf("%s: nil %v vs %v", path, a == nil, b == nil)
		}
		return ""
	}
	type fields struct {
		Kind                     yaml.Kind
		Style                    yaml.Style
		Tag, Value, Anchor       string
		Line, Column             int
		HeadComment, LineComment string
		FootComment              string
		Alias                    bool
		Len                      int
	}
	fa := fields{a.Kind, a.Style, a.Tag, a.Value, a.Anchor, a.Line, a.Column, a.HeadComment, a.LineComment, a.FootComment, a.Alias != nil, len(a.Content)}
	fb := fields{b.Kind, b.Style, b.Tag, b.Value, b.Anchor, b.Line, b.Column, b.HeadComment, b.LineComment, b.FootComment, b.Alias != nil, len(b.Content)}
	if fa != fb {
		return fmt.Sprintf("%s:\n got  %+v\n want %+v", path, fa, fb)
	}
	if a.Alias != nil {
		if d := diff(path+"*", a.Alias, b.Alias); d != "" {
			return d
		}
	}
	for i := range a.Content {
		if d := diff(fmt.Sprintf("%s/%d", path, i), a.Content[i], b.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

// compare decodes data with Unmarshal and with yaml.v3 and returns how
// they differ (trees or error texts), or "".
func compare(data []byte) string {
	var want yaml.Node
	wantErr := yaml.Unmarshal(data, &want)
	stripComments(&want)
	var got yaml.Node
	gotErr := Unmarshal(data, &got)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		return fmt.Sprintf("errors differ: %v vs %v", gotErr, wantErr)
	}
	return deepDiff(&got, &want)
}

// deepDiff is diff, and then reflect.DeepEqual for what diff does not
// look at (a nil Content against an empty one).
func deepDiff(got, want *yaml.Node) string {
	if d := diff("", got, want); d != "" {
		return d
	}
	if !reflect.DeepEqual(got, want) {
		return "the trees are not deep-equal"
	}
	return ""
}

// fastDiff reports how the fast reader's tree differs from yaml.v3's,
// and whether the fast reader took data at all.
func fastDiff(data []byte) (taken bool, d string) {
	var got yaml.Node
	if !parse(nil, data, &got) {
		return false, ""
	}
	var want yaml.Node
	if err := yaml.Unmarshal(data, &want); err != nil {
		return true, "the fast reader took a document yaml.v3 refuses: " + err.Error()
	}
	stripComments(&want)
	return true, deepDiff(&got, &want)
}

// repoRoot is the root of the repository.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// corpus returns every .yml and .yaml file of the repository, or only
// those under its testdata directories, by path.
func corpus(t testing.TB, testdataOnly bool) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	root := repoRoot(t)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == ".git" || name == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(path)
		if ext != ".yml" && ext != ".yaml" {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if testdataOnly && !strings.Contains(filepath.ToSlash(rel), "testdata/") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// generated returns the files of testgen.WriteWorkflows(dir, n), by name.
func generated(t testing.TB, n int) [][]byte {
	t.Helper()
	dir := t.TempDir()
	if err := testgen.WriteWorkflows(dir, n); err != nil {
		t.Fatal(err)
	}
	wf := filepath.Join(dir, ".github", "workflows")
	entries, err := os.ReadDir(wf)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(wf, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}
