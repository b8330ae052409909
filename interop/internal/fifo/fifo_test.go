package fifo

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestMake(t *testing.T) {
	p := filepath.Join(t.TempDir(), "p")
	err := Make(p)
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		if err == nil {
			t.Fatal("Make succeeded on a system without named pipes")
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("not a named pipe: %v %v", fi, err)
	}
}
