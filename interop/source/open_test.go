package source

import (
	"os"
	"testing"
)

func TestReadStdinOnce(t *testing.T) {
	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = rd
	t.Cleanup(func() { os.Stdin = old; rd.Close() })
	go func() { wr.WriteString("on: push\n"); wr.Close() }()
	if h := ReadHead("-", 2); string(h) != "on" {
		t.Errorf("ReadHead(-) = %q", h)
	}
	for _, p := range []string{"/dev/stdin", "-", "/dev/stdin"} {
		if data, d := ReadFile(p); d != nil || string(data) != "on: push\n" {
			t.Errorf("ReadFile(%s) = %q, %v", p, data, d)
		}
	}
}
