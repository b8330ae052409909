package source

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		name, data, want string
	}{
		{"binary", "on: push\x00", "NUL bytes"},
		{"latin1", "on: push\xe9\n", "not valid UTF-8"},
		{"huge", strings.Repeat("a", MaxFileSize+1), "larger than 4 MiB"},
	} {
		d := CheckText("f.yml", []byte(c.data))
		if d == nil || d.Rule != validate.UnreadableFile.Name || d.Severity != validate.SeverityError ||
			d.Range.File != "f.yml" || !strings.Contains(d.Message, c.want) {
			t.Errorf("%s: %+v", c.name, d)
		}
	}
	if d := CheckText("f.yml", []byte("on: push\n")); d != nil {
		t.Errorf("text refused: %v", d)
	}
}

// echo is a reader that reports one build per input and panics on an
// input named "boom".
var echo = ReaderFunc(func(inputs []Input, _ Options) []File {
	out := make([]File, len(inputs))
	for i, in := range inputs {
		if in.Path == "boom" {
			panic("reader bug: " + string(in.Content))
		}
		out[i] = File{Path: in.Path, Builds: []validate.Build{{CacheTo: []string{string(in.Content)}}}}
	}
	return out
})

func TestReadPathsOrderAndUnreadable(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.yml"), filepath.Join(dir, "b.yml")
	missing := filepath.Join(dir, "missing.yml")
	for p, data := range map[string]string{a: "type=gha", b: "type=inline"} {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := ReadPaths(echo, []string{b, missing, a}, Options{})
	if len(files) != 3 || files[0].Path != b || files[1].Path != missing || files[2].Path != a {
		t.Fatalf("files not in path order: %+v", files)
	}
	if len(files[0].Builds) != 1 || files[0].Builds[0].CacheTo[0] != "type=inline" {
		t.Errorf("b read as %+v", files[0])
	}
	d := files[1].Diagnostics
	if len(d) != 1 || d[0].Rule != validate.UnreadableFile.Name || !strings.Contains(d[0].Message, "cannot read") {
		t.Errorf("missing file: %+v", d)
	}
}

func TestGuard(t *testing.T) {
	files := Guard(echo, []Input{{Path: "ok", Content: []byte("x")}, {Path: "boom", Content: []byte("y")}}, Options{})
	if len(files) != 2 {
		t.Fatalf("%d files", len(files))
	}
	for _, f := range files {
		if len(f.Builds) != 0 || len(f.Diagnostics) != 1 || f.Diagnostics[0].Rule != validate.FileSyntaxError.Name ||
			!strings.Contains(f.Diagnostics[0].Message, "reader bug: y") {
			t.Errorf("%s: %+v", f.Path, f)
		}
	}
	if got := Guard(echo, []Input{{Path: "ok", Content: []byte("x")}}, Options{}); len(got) != 1 || len(got[0].Diagnostics) != 0 {
		t.Errorf("no panic: %+v", got)
	}
}

func TestSyntaxError(t *testing.T) {
	d := SyntaxError("c.yml", 3, 5, "bad", diag.Fix{Message: "fix it"})
	if d.Rule != validate.FileSyntaxError.Name || d.Severity != validate.SeverityError || d.Range.String() != "c.yml:3:5" ||
		d.Message != "bad" || d.Fix().Message != "fix it" || d.Index != -1 {
		t.Errorf("%+v", d)
	}
}

func TestReadPathsSum(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.yml")
	if err := os.WriteFile(p, []byte("type=gha"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := ReadPaths(echo, []string{p}, Options{})[0]
	if f.Sum != sha256.Sum256([]byte("type=gha")) {
		t.Errorf("Sum = %x", f.Sum)
	}
}

func TestEachFile(t *testing.T) {
	r := EachFile(func(in Input, _ Options) File {
		if in.Path == "boom" {
			panic("bug")
		}
		return File{Path: in.Path, Builds: []validate.Build{{CacheTo: []string{string(in.Content)}}}}
	})
	files := r.Read([]Input{{Path: "a", Content: []byte("x")}, {Path: "boom"}, {Path: "b", Content: []byte("y")}}, Options{})
	if len(files) != 3 || len(files[0].Builds) != 1 || len(files[2].Builds) != 1 ||
		len(files[1].Diagnostics) != 1 || files[1].Diagnostics[0].Rule != validate.FileSyntaxError.Name {
		t.Errorf("%+v", files)
	}
}
