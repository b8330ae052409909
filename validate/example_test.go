package validate_test

import (
	"fmt"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

func ExampleCheck() {
	push := true
	ds := validate.Check(validate.Build{
		CacheFrom: []string{"type=local,src=/cache/amd64,type=local,src=/cache/arm64"},
		CacheTo:   []string{"type=registry,ref=ghcr.io/org/repo:test,mode=max,ignore-error=true"},
		Tags:      []string{"ghcr.io/org/repo:test"},
		Push:      &push,
	})
	for _, d := range ds {
		fmt.Println(d.Rule, d.Severity, d.Direction, d.Index, d.Offset)
	}
	fmt.Println(ds.HasErrors())
	// Output:
	// DuplicateCacheAttribute error cache-from 0 28
	// CacheRefIsImageTag error cache-to 0 14
	// true
}

func ExampleRules() {
	for _, r := range validate.Rules()[:3] {
		fmt.Println(r.Code, r.Name, r.Severity)
	}
	r, _ := validate.Lookup("KeywordAsCacheRef")
	fmt.Println(r.Summary)
	// Output:
	// CS001 KeywordAsCacheRef error
	// CS002 DuplicateCacheAttribute error
	// CS003 WhitespaceAroundCacheKey error
	// A cache type or mode written as a bare value is read as an image reference
}

// A build that says where it is written gets its diagnostics placed in the
// file, with the corrected value in the fix.
func ExampleCheck_source() {
	file := ".github/workflows/ci.yml"
	b := validate.Build{
		CacheTo: []string{"type=inline,mode=max"},
		Push:    ptr(true),
		Tags:    []string{"ghcr.io/acme/app:latest"},
		Source: &validate.Source{
			Def:     diag.At(file, diag.Pos{Line: 20, Col: 9}),
			CacheTo: []diag.Span{{File: file, Start: diag.Pos{Line: 24, Col: 21}, Exact: true}},
		},
	}
	for _, d := range validate.Check(b) {
		fmt.Println(d)
		fmt.Println("  fix:", d.Fix().Message+":", d.Fix().Fixed)
	}
	// Output:
	// .github/workflows/ci.yml:24:33: warning: inline cache ignores mode; it always records the final image's layers only (min mode): use a registry cache with its own ref for mode=max [InlineIgnoresAttributes]
	//   fix: write type=inline: type=inline
}

func ptr[T any](v T) *T { return &v }

// Entries built in Go are checked like raw values: what cachespec.Validate
// refuses is reported as Parse's refusal would be, and every rule sees the
// entries.
func ExampleBuild_typedEntries() {
	ds := validate.Check(validate.Build{
		CacheToEntries: []cachespec.Entry{
			&cachespec.GHA{Scope: cachespec.Some("app"), ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.Mode("maxx"))}},
			&cachespec.Local{Src: cachespec.Some("/tmp/cache")},
		},
	})
	for _, d := range ds {
		fmt.Println(d.Rule, d.Direction, d.Index, d.Attr)
	}
	// Output:
	// InvalidCacheMode cache-to 0 mode
	// WrongDirectionAttribute cache-to 1 src
}

// A repository checked file by file: each file's builds are checked with
// CheckAllPart, which also prepares the file's part of the repository, and
// the parts are checked together at the end. The second file reads a
// cache scope no build writes.
func ExampleOptions_CheckRepositoryParts() {
	var o validate.Options
	files := [][]validate.Build{
		{{Name: "app", CacheTo: []string{"type=gha,scope=app,mode=max"}, CacheFrom: []string{"type=gha,scope=app"}}},
		{{Name: "docs", CacheFrom: []string{"type=gha,scope=docs-cache"}}},
	}
	var parts []*validate.RepositoryPart
	for _, builds := range files {
		_, part := o.CheckAllPart(builds, len(builds))
		parts = append(parts, part)
	}
	for _, d := range o.CheckRepositoryParts(parts, true) {
		fmt.Println(d.Rule, d.Build)
	}
	// Output:
	// CacheNeverWritten 1
}
