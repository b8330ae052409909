// Package testgen draws cache entries for the property tests of the
// readers: valid entries of every backend, built from cachespec's types,
// with attribute values taken from a list of awkward strings.
package testgen

import (
	"fmt"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/refs"
	"github.com/buildxcache/buildxcache/validate"
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

// Broken are raw cache values that validate reports (unknown keys and
// types, bad modes and booleans, missing attributes), for the property
// tests that check where diagnostics are placed.
var Broken = []string{
	"type=gha,mode=maximum",
	"type=registry",
	"type=gha,scope=a,ignore-error=maybe",
	"tyep=gha,scope=a",
	"type=local,src=",
	"type=registry,ref=ghcr.io/Org/App:cache,mode=max",
	"type=gha,scope=a,compresion=zstd",
	"type=s3,region=eu-west-1",
}

// Placed checks that every diagnostic of a file lies inside the file
// (src, named path) and, when it names a cache value of a build (Build,
// Direction, Index), on that value: inside its bytes when the value's span
// is exact, else at the value's start, where the file shows the value's
// first byte, a quote, a backslash or a $ expansion. It returns the first violation, or
// "".
func Placed(path string, src []byte, builds []validate.Build, ds diag.Diagnostics) string {
	lines := strings.Split(string(src), "\n")
	inside := func(p diag.Pos) bool {
		return p.Line >= 1 && p.Line <= len(lines) && p.Col >= 1 && p.Col <= len(lines[p.Line-1])+1
	}
	for _, d := range ds {
		if d.Range.File == path && d.Range.Start.IsZero() && d.Range.End.IsZero() && (d.Direction == diag.DirectionUnknown || d.Index < 0) {
			continue // a finding about the file, where no line applies
		}
		if d.Range.File != path || !inside(d.Range.Start) || !inside(d.Range.End) {
			return fmt.Sprintf("%v: outside %s (%d lines): %+v", d, path, len(lines), d.Range)
		}
		if d.Range.End.Line != d.Range.Start.Line || d.Range.End.Col < d.Range.Start.Col {
			return fmt.Sprintf("%v: range %+v", d, d.Range)
		}
		if d.Build < 0 || d.Build >= len(builds) || d.Index < 0 || builds[d.Build].Source == nil {
			continue
		}
		b := builds[d.Build]
		var vals []string
		var spans []diag.Span
		switch d.Direction {
		case diag.DirectionImport:
			vals, spans = b.CacheFrom, b.Source.CacheFrom
		case diag.DirectionExport:
			vals, spans = b.CacheTo, b.Source.CacheTo
		default:
			continue
		}
		if d.Index >= len(vals) || d.Index >= len(spans) {
			return fmt.Sprintf("%v: no value %d of %d", d, d.Index, len(vals))
		}
		v, sp := vals[d.Index], spans[d.Index]
		start := sp.Start.Offset
		if sp.File != path || start < 0 || start >= len(src) {
			return fmt.Sprintf("%v: span %+v outside the file", d, sp)
		}
		if sp.Exact {
			if string(src[start:min(start+len(v), len(src))]) != v {
				return fmt.Sprintf("%v: exact span %+v, but the file does not hold %q there", d, sp, v)
			}
			s, e := d.Range.Start.Offset, d.Range.End.Offset
			if s < start || e > start+len(v) || string(src[s:e]) != v[min(d.Offset, len(v)):min(d.Offset+d.Len, len(v))] && d.Len > 0 {
				return fmt.Sprintf("%v: range [%d,%d) is not bytes [%d,%d) of %q at %d", d, s, e, d.Offset, d.Offset+d.Len, v, start)
			}
			continue
		}
		if d.Range.Start != sp.Start {
			return fmt.Sprintf("%v: at %+v, not at the start of its inexact value %+v", d, d.Range.Start, sp.Start)
		}
		if c := src[start]; len(v) == 0 || c != v[0] && c != '"' && c != '\'' && c != '$' && c != '\\' {
			return fmt.Sprintf("%v: the value %q starts at %+v, where the file holds %q", d, v, sp.Start, c)
		}
	}
	return ""
}
