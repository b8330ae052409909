package diag_test

import (
	"fmt"

	"github.com/buildxcache/buildxcache/diag"
)

// A value written on line 12 of a workflow, from column 21: a diagnostic
// about its bytes 9 to 14 is placed with the value's span, and its fix is
// applied to the raw value.
func Example() {
	raw := "type=gha, mode=max"
	at := diag.Span{File: ".github/workflows/ci.yml", Start: diag.Pos{Line: 12, Col: 21}, Exact: true}
	d := diag.Diagnostic{
		Rule: "WhitespaceAroundCacheKey", Severity: diag.SeverityError, Message: `key " mode" has white space around it`,
		Direction: diag.DirectionExport, Index: 0, Attr: "mode", Offset: 9, Len: 5,
		Fixes: []diag.Fix{{Message: "remove the space", Edits: []diag.TextEdit{{Offset: 9, Len: 1}}}},
	}
	d.Range = at.Range(d.Offset, d.Len)
	fmt.Println(d)
	fixed, _ := d.Fix().Apply(raw)
	fmt.Println(fixed)
	// Output:
	// .github/workflows/ci.yml:12:30: error: key " mode" has white space around it [WhitespaceAroundCacheKey]
	// type=gha,mode=max
}
