package composefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/interop/internal/fifo"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// withDeadline runs f and fails the test when it has not returned in d.
func withDeadline(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("did not return within %s", d)
	}
}

// Item 9: the files compose-go reads itself (extends: file:, label_file)
// never hang and never read more than source.MaxFileSize: a device, a
// FIFO, a directory or a file over the limit named by extends: is the
// file's diagnostic, before compose-go opens it, wherever in an extends
// chain it is named.
func TestExtendsOfHostileFiles(t *testing.T) {
	dir := t.TempDir()
	if err := fifo.Make(filepath.Join(dir, "fifo.yml")); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	big := filepath.Join(dir, "big.yml")
	if err := os.WriteFile(big, nil, 0o644); err != nil || os.Truncate(big, source.MaxFileSize+1) != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yml")); err != nil {
		t.Fatal(err)
	}
	// a chain: sub/base.yml extends ../fifo.yml, relative to its own directory
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "base.yml"), []byte("services:\n  b:\n    extends:\n      file: ../fifo.yml\n      service: c\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ file, want string }{
		{"/dev/zero", "/dev/zero: is a character device, not a regular file; not read"},
		{"./zero.yml", "./zero.yml: is a character device, not a regular file; not read"},
		{"fifo.yml", "fifo.yml: is a named pipe (FIFO), not a regular file; not read"},
		{"./adir", "./adir: is a directory; not read"},
		{"big.yml", "big.yml: is larger than 4 MiB; not read"},
		{"sub/base.yml", "../fifo.yml: is a named pipe (FIFO), not a regular file; not read"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, "compose.yaml")
			data := "services:\n  a:\n    extends:\n      file: " + tt.file + "\n      service: b\n    build:\n      context: .\n      cache_from: [type=gha]\n"
			if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			var f source.File
			withDeadline(t, 10*time.Second, func() { f = readFile(path, source.Options{}) })
			found := false
			for _, d := range f.Diagnostics {
				found = found || d.Rule == validate.FileSyntaxError.Name && strings.Contains(d.Message, tt.want)
			}
			if !found {
				t.Errorf("want a FileSyntaxError with %q, got %v", tt.want, f.Diagnostics)
			}
		})
	}
	// a regular file is still followed
	if err := os.WriteFile(filepath.Join(dir, "ok.yml"), []byte("services:\n  b:\n    build:\n      context: .\n      cache_to: [\"type=gha,mode=max\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "compose.yaml")
	if err := os.WriteFile(path, []byte("services:\n  a:\n    extends:\n      file: ok.yml\n      service: b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := readFile(path, source.Options{})
	if len(f.Diagnostics) != 0 || len(f.Builds) != 1 || len(f.Builds[0].CacheTo) != 1 || f.Builds[0].CacheTo[0] != "type=gha,mode=max" {
		t.Errorf("extends of a regular file: %+v", f)
	}
}

// label_file, which compose-go would read itself, is not read.
func TestLabelFileNotRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "compose.yaml")
	data := "services:\n  a:\n    label_file: /dev/zero\n    build:\n      context: .\n      cache_from: [type=gha]\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var f source.File
	withDeadline(t, 10*time.Second, func() { f = readFile(path, source.Options{}) })
	if len(f.Builds) != 1 || f.Builds[0].CacheFrom[0] != "type=gha" {
		t.Errorf("%+v", f)
	}
}
