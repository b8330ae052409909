package lint

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/fifo"
	"github.com/buildxcache/buildxcache/validate"
)

// lintWithin lints paths and fails the test when that takes longer than d.
func lintWithin(t *testing.T, d time.Duration, paths ...string) Result {
	t.Helper()
	done := make(chan Result, 1)
	go func() { done <- Paths(paths, Options{}) }()
	select {
	case r := <-done:
		return r
	case <-time.After(d):
		t.Fatalf("lint of %v did not return within %s", paths, d)
	}
	return Result{}
}

// has reports whether r has a diagnostic of rule on file whose message
// holds msg.
func has(r Result, rule, file, msg string) bool {
	return slices.ContainsFunc(r.Diagnostics, func(d diag.Diagnostic) bool {
		return d.Rule == rule && d.Range.File == file && strings.Contains(d.Message, msg)
	})
}

const typelessWorkflow = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          cache-from: ref=ghcr.io/a/b:cache\n"

// Items 9 and 14: a FIFO, a device or a directory named on the command
// line or met in the tree never hangs, is never read, and is reported.
func TestNonRegularFiles(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "w.yml")
	if err := fifo.Make(pipe); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	r := lintWithin(t, 10*time.Second, pipe)
	if !has(r, validate.UnreadableFile.Name, pipe, "named pipe (FIFO), not a regular file") {
		t.Errorf("a FIFO named: %v", r.Diagnostics)
	}
	r = lintWithin(t, 10*time.Second, "/dev/zero")
	if !has(r, validate.UnreadableFile.Name, "/dev/zero", "character device, not a regular file") {
		t.Errorf("/dev/zero named: %v", r.Diagnostics)
	}
	tree := writeRepo(t, map[string]string{".github/workflows/ok.yml": typelessWorkflow})
	inTree := filepath.Join(tree, "compose.yaml")
	if err := fifo.Make(inTree); err != nil {
		t.Fatal(err)
	}
	if err := fifo.Make(filepath.Join(tree, "notes.txt")); err != nil {
		t.Fatal(err)
	}
	r = lintWithin(t, 10*time.Second, tree)
	if !has(r, validate.UnreadableFile.Name, inTree, "named pipe (FIFO), not a regular file") || !has(r, "MissingCacheType", filepath.Join(tree, ".github/workflows/ok.yml"), "") {
		t.Errorf("a FIFO in the tree: %v", r.Diagnostics)
	}
	for _, d := range r.Diagnostics {
		if strings.Contains(d.Range.File, "notes.txt") {
			t.Errorf("a FIFO that is no file to lint by its name is reported: %v", d)
		}
	}
}

// Item 14: symbolic links named on the command line or met in the tree
// are followed (within the tree, once, loops included) or reported.
func TestSymlinks(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "real")
	writeFiles(t, real, map[string]string{
		".github/workflows/w.yml": typelessWorkflow,
		"docker-bake.hcl":         "target \"a\" {\n  cache-to = [\"type=gha,mode=maxx\"]\n}\n",
		"sub/x.txt":               "",
	})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(real, filepath.Join(root, "link")))
	must(os.Symlink("..", filepath.Join(real, "sub", "up")))                              // a loop back to real
	must(os.Symlink("../docker-bake.hcl", filepath.Join(real, "sub", "docker-bake.hcl"))) // a bake file linked in the tree
	must(os.Symlink("/etc/passwd", filepath.Join(real, "compose.yaml")))                  // outside the tree, a file to lint by name
	must(os.Symlink(t.TempDir(), filepath.Join(real, "elsewhere")))                       // outside the tree, a directory
	must(os.Symlink(filepath.Join(real, "missing.yml"), filepath.Join(real, "Makefile"))) // dangling

	wf := filepath.Join(root, "link", ".github/workflows/w.yml")
	r := lintWithin(t, 20*time.Second, filepath.Join(root, "link"))
	if !has(r, "MissingCacheType", wf, "no type attribute") {
		t.Errorf("a directory link named: %v", r.Diagnostics)
	}
	if !has(r, "InvalidCacheMode", filepath.Join(root, "link", "docker-bake.hcl"), "maxx") || !has(r, "InvalidCacheMode", filepath.Join(root, "link", "sub", "docker-bake.hcl"), "maxx") {
		t.Errorf("the bake file and its link in the tree: %v", r.Diagnostics)
	}
	if !has(r, validate.UnreadableFile.Name, filepath.Join(root, "link", "compose.yaml"), "outside the tree linted") {
		t.Errorf("a link to a file outside the tree: %v", r.Diagnostics)
	}
	if !has(r, validate.UnreadableFile.Name, filepath.Join(root, "link", "Makefile"), "cannot be followed") {
		t.Errorf("a dangling link: %v", r.Diagnostics)
	}
	if !slices.ContainsFunc(r.Notes, func(n string) bool {
		return strings.Contains(n, "elsewhere") && strings.Contains(n, "outside the tree")
	}) {
		t.Errorf("a link to a directory outside the tree: notes %q", r.Notes)
	}
	n := 0
	for _, d := range r.Diagnostics {
		if d.Rule == "MissingCacheType" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the workflow is reported %d times through the loop", n)
	}
	// a link to a bake file named on the command line
	r = lintWithin(t, 10*time.Second, filepath.Join(real, "sub", "docker-bake.hcl"))
	if !has(r, "InvalidCacheMode", filepath.Join(real, "sub", "docker-bake.hcl"), "maxx") {
		t.Errorf("a bake file link named: %v", r.Diagnostics)
	}
}

// Item 14: standard input is read once: discovery guesses its kind from
// the content, the reader gets the same content, and fixes refuse it.
func TestStdinReadOnce(t *testing.T) {
	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = rd
	t.Cleanup(func() { os.Stdin = old; rd.Close() })
	go func() { wr.WriteString(typelessWorkflow); wr.Close() }()
	r := lintWithin(t, 10*time.Second, "/dev/stdin")
	if !has(r, "MissingCacheType", "/dev/stdin", "no type attribute") || r.Files != 1 {
		t.Fatalf("the pipe's findings: %v", r.Diagnostics)
	}
	r2 := lintWithin(t, 10*time.Second, "-") // the same standard input, from memory
	if !has(r2, "MissingCacheType", "-", "no type attribute") {
		t.Errorf("standard input as -: %v", r2.Diagnostics)
	}
	if _, err := PlanFixes(r); err == nil || !strings.Contains(err.Error(), "standard input") {
		t.Errorf("a fix of standard input: %v", err)
	}
}

// A link to itself is a loop, reported.
func TestSymlinkLoopReported(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "docker-bake.hcl")
	if err := os.Symlink("docker-bake.hcl", p); err != nil {
		t.Fatal(err)
	}
	r := lintWithin(t, 10*time.Second, dir)
	if !has(r, validate.UnreadableFile.Name, p, "cannot be followed") {
		t.Errorf("%v", r.Diagnostics)
	}
}
