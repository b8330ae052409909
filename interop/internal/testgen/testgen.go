// Package testgen draws cache entries for the property tests of the
// readers: valid entries of every backend, built from cachespec's types,
// with attribute values taken from a list of awkward strings.
package testgen

import (
	"time"

	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/refs"
)

// Entry draws a valid entry of any backend; text attribute values come
// from odd. Entries cachespec would refuse once printed are skipped.
func Entry(odd []string) *rapid.Generator[cachespec.Entry] {
	return rapid.Custom(func(t *rapid.T) cachespec.Entry {
		text := func(label string) string { return rapid.SampledFrom(odd).Draw(t, label) }
		some := cachespec.Some[string]
		var exp cachespec.ExportOptions
		if rapid.Bool().Draw(t, "mode") {
			exp.Mode = cachespec.Some(rapid.SampledFrom([]cachespec.Mode{cachespec.ModeMin, cachespec.ModeMax}).Draw(t, "m"))
		}
		if rapid.Bool().Draw(t, "ignore") {
			exp.IgnoreError = cachespec.Some(rapid.Bool().Draw(t, "ie"))
		}
		var e cachespec.Entry
		switch rapid.IntRange(0, 5).Draw(t, "type") {
		case 0:
			ref := refs.MustParse(rapid.SampledFrom([]string{"user/app:cache", "ghcr.io/org/app:buildcache", "localhost:5000/a/b", "app"}).Draw(t, "ref"))
			e = &cachespec.Registry{Ref: ref, ExportOptions: exp}
		case 1:
			e = &cachespec.Local{Dest: some("/tmp/" + text("dest")), Src: some("/tmp/" + text("src")), ExportOptions: exp}
		case 2:
			e = &cachespec.Inline{}
		case 3:
			g := &cachespec.GHA{Scope: some(text("scope")), ExportOptions: exp}
			if rapid.Bool().Draw(t, "timeout") {
				g.Timeout = cachespec.Some(time.Duration(rapid.IntRange(1, 30).Draw(t, "min")) * time.Minute)
			}
			e = g
		case 4:
			e = &cachespec.S3{Region: some("us-east-1"), Bucket: some("b"), Name: some(text("name")), Prefix: some(text("prefix")), ExportOptions: exp}
		case 5:
			e = &cachespec.AzBlob{AccountURL: some("https://acct.blob.core.windows.net"), Name: some(text("name")), ExportOptions: exp}
		}
		if _, err := cachespec.Parse(cachespec.Format(e)); err != nil {
			t.Skipf("drew an entry cachespec refuses: %v", err)
		}
		return e
	})
}
