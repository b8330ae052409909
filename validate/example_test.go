package validate_test

import (
	"fmt"

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
