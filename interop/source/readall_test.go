package source

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadAll checks that readAll reads what io.ReadAll over a
// MaxFileSize+1 limit read: empty, small and limit-sized files, files past
// the limit (cut at one byte more, which ReadFile then refuses), and a
// pipe, whose size is not known beforehand.
func TestReadAll(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 4096, MaxFileSize - 1, MaxFileSize, MaxFileSize + 1, MaxFileSize + 4096} {
		data := bytes.Repeat([]byte("ab\n"), n/3+1)[:n]
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		got, err := readAll(f, fileBuffer(st))
		f.Close()
		want := data[:min(n, MaxFileSize+1)]
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: read %d bytes, err %v; want %d", n, len(got), err, len(want))
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("x"), 70000)
	go func() { w.Write(data); w.Close() }()
	got, err := readAll(r, bufferSize(0, false))
	r.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("pipe: read %d bytes, err %v; want %d", len(got), err, len(data))
	}
	// the last file written is past the limit
	if _, d := ReadFile(filepath.Join(dir, "f")); d == nil {
		t.Error("a file past MaxFileSize must be refused")
	}
}

// readOpened reads what os.ReadFile reads, for an empty file, one of
// exactly the first buffer's size and a larger one; it refuses a
// directory and a missing file with the path named.
func TestReadOpened(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 70_000} {
		p := filepath.Join(dir, fmt.Sprint(n))
		want := bytes.Repeat([]byte("x"), n)
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readOpened(p)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: %d bytes, %v", n, len(got), err)
		}
	}
	if _, err := readOpened(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("a missing file: %v", err)
	}
	if _, err := readOpened(dir); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("a directory: %v", err)
	}
}
