package cachespec

import (
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
