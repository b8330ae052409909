package cachespec

import (
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// The memo of looksSecretKey never changes an answer: the first call, the
// memoised one and the plain judgement agree, for keys near the secret
// attributes and for any other text.
func TestPropertySecretKeyMemoAgrees(t *testing.T) {
	near := append(append([]string(nil), secretKeys...), "tokne", "toekn", "sesion_tokn", "pwd", "sas", "ref", "mode", "scope", "Token ", "SECRET_ACCESS_KEY")
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.OneOf(rapid.SampledFrom(near), rapid.String(), rapid.StringMatching(`[a-z_]{1,20}`)).Draw(t, "key")
		want := judgeSecretKey(k)
		if got := looksSecretKey(k); got != want {
			t.Fatalf("looksSecretKey(%q) = %v, judged %v", k, got, want)
		}
		if got := looksSecretKey(k); got != want {
			t.Fatalf("looksSecretKey(%q) from the memo = %v, judged %v", k, got, want)
		}
	})
}

// The memo is bounded: keys come from the files read, so no file can make
// it grow past maxSecretKeyMemo entries, and a long key is never stored.
func TestSecretKeyMemoBounded(t *testing.T) {
	long := strings.Repeat("k", maxMemoKeyLen+1)
	looksSecretKey(long)
	if _, ok := secretKeyMemo.Load(long); ok {
		t.Errorf("a key of %d bytes was memoised", len(long))
	}
	for i := range maxSecretKeyMemo + 100 {
		looksSecretKey("key" + strconv.Itoa(i))
	}
	n := 0
	secretKeyMemo.Range(func(_, _ any) bool { n++; return true })
	if n > maxSecretKeyMemo || secretKeyMemoLen.Load() > maxSecretKeyMemo {
		t.Errorf("the memo holds %d keys (counted %d), over %d", n, secretKeyMemoLen.Load(), maxSecretKeyMemo)
	}
}
