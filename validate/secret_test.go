package validate

import (
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
	"pgregory.net/rapid"
)

// TestPropertyNoSecretInDiagnostics checks that no diagnostic quotes a
// credential, whatever else is wrong with the value.
func TestPropertyNoSecretInDiagnostics(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		secret := "S3cr3t" + rapid.StringMatching(`[A-Za-z0-9]{8,16}`).Draw(t, "secret")
		key := rapid.SampledFrom([]string{"token", "ghtoken", "access_key_id", "secret_access_key", "session_token", "x-password"}).Draw(t, "key")
		typ := rapid.SampledFrom([]string{"gha", "s3", "azblob", "registry", "Gha"}).Draw(t, "type")
		extra := rapid.SampledFrom([]string{"", ",mode=maxx", ", mode=max", ",scope=a,scope=b", ",", `,"x`, ",ref=Bad/App", ",ignore-error=yes"}).Draw(t, "extra")
		raw := "type=" + typ + "," + key + "=" + secret + extra
		ds := CheckAll([]Build{{CacheFrom: []string{raw}, CacheTo: []string{raw, raw}}, {CacheTo: []string{raw}}})
		for _, d := range ds {
			if strings.Contains(d.Message, secret) || strings.Contains(d.Fix().Message, secret) || strings.Contains(d.Fix().Fixed, secret) || slices.ContainsFunc(d.Fix().Edits, func(e TextEdit) bool { return strings.Contains(e.NewText, secret) }) || strings.Contains(d.String(), secret) {
				t.Fatalf("diagnostic shows the secret: %+v", d)
			}
		}
		if err := ds.Err(); err != nil && strings.Contains(err.Error(), secret) {
			t.Fatalf("Err shows the secret")
		}
	})
}

// TestPropertyDeterministic checks that the same input gives the same
// diagnostics in the same order.
func TestPropertyDeterministic(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		vals := rapid.SliceOfN(rapid.SampledFrom([]string{"type=gha", "type=gha,mode=maxx", "inline", "type=inline,mode=max", "type=local,dest=/c", "type=local,src=/c", "ghcr.io/a/b:c", "type=s3", "type=gha, scope=x"}), 0, 6).Draw(t, "values")
		b := Build{CacheFrom: vals, CacheTo: vals, Tags: []string{"ghcr.io/a/b:c"}, Push: ptr(rapid.Bool().Draw(t, "push"))}
		a, c := Check(b), Check(b)
		if len(a) != len(c) {
			t.Fatalf("different lengths")
		}
		for i := range a {
			if !diag.Equal(a[i], c[i]) {
				t.Fatalf("diagnostic %d differs: %v / %v", i, a[i], c[i])
			}
		}
	})
}
