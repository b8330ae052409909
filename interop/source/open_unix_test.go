//go:build unix

package source

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/validate"
)

// ReadFile refuses what is not a regular file without opening it in a way
// that blocks, refuses a file over the limit by its size, and reads
// standard input once.
func TestReadFileRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, nil, 0o644); err != nil || os.Truncate(big, MaxFileSize+1) != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{fifo, "it is a named pipe (FIFO), not a regular file; not read"},
		{"/dev/zero", "it is a character device, not a regular file; not read"},
		{dir, "it is a directory, not a regular file; not read"},
		{big, "file is larger than 4 MiB; not read"},
		{filepath.Join(dir, "missing"), "cannot read: stat "},
	}
	for _, tt := range tests {
		done := make(chan struct{})
		var data []byte
		var msg string
		go func() {
			defer close(done)
			d, p := ReadFile(tt.path)
			data = d
			if p != nil {
				msg = p.Message
				if p.Rule != validate.UnreadableFile.Name || p.Range.File != tt.path {
					msg = "wrong diagnostic: " + p.String()
				}
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("ReadFile(%s) hangs", tt.path)
		}
		if data != nil || !strings.HasPrefix(msg, tt.want) {
			t.Errorf("ReadFile(%s) = %d bytes, %q; want %q", tt.path, len(data), msg, tt.want)
		}
		if h := ReadHead(tt.path, 16); h != nil && tt.path != big {
			t.Errorf("ReadHead(%s) = %q", tt.path, h)
		}
	}
	ok := filepath.Join(dir, "ok")
	if err := os.WriteFile(ok, []byte("#!/bin/sh\necho\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, d := ReadFile(ok); d != nil || string(data) != "#!/bin/sh\necho\n" {
		t.Errorf("a regular file: %q %v", data, d)
	}
	if h := ReadHead(ok, 4); string(h) != "#!/b" {
		t.Errorf("ReadHead = %q", h)
	}
}
