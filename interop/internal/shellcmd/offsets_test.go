package shellcmd

import (
	"testing"

	"pgregory.net/rapid"
)

// TestPropertyOffsets: the runs hold the offset of every byte as a list of
// one offset per byte would, and cut gives that list's n-th element and
// the rest.
func TestPropertyOffsets(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		var o offsets
		var bytes []int // the reference: one offset per byte
		for range rapid.IntRange(0, 8).Draw(t, "adds") {
			src, n, step := rapid.IntRange(0, 40).Draw(t, "src"), rapid.IntRange(0, 6).Draw(t, "n"), rapid.IntRange(0, 1).Draw(t, "step")
			o.add(src, n, step)
			for k := range n {
				bytes = append(bytes, src+k*step)
			}
		}
		if o.len() != len(bytes) {
			t.Fatalf("len %d, want %d", o.len(), len(bytes))
		}
		for n := range bytes {
			at, rest := o.cut(n)
			if at != bytes[n] {
				t.Fatalf("cut(%d) at %d, want %d", n, at, bytes[n])
			}
			if rest.len() != len(bytes)-n {
				t.Fatalf("cut(%d) leaves %d bytes, want %d", n, rest.len(), len(bytes)-n)
			}
			for m := range len(bytes) - n {
				if got, _ := rest.cut(m); got != bytes[n+m] {
					t.Fatalf("cut(%d) then cut(%d) at %d, want %d", n, m, got, bytes[n+m])
				}
			}
		}
	})
}
