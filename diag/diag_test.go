package diag

import (
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestSeverity(t *testing.T) {
	for _, s := range []Severity{SeverityInfo, SeverityWarning, SeverityError} {
		got, err := ParseSeverity(s.String())
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, got, err)
		}
		b, err := s.MarshalText()
		var u Severity
		if err != nil || u.UnmarshalText(b) != nil || u != s {
			t.Errorf("text round trip of %v: %q, %v", s, b, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil || !strings.Contains(err.Error(), `"fatal"`) || !strings.Contains(err.Error(), "use info, warning or error") {
		t.Errorf("ParseSeverity(fatal) = %v", err)
	}
	if _, err := SeverityInvalid.MarshalText(); err == nil {
		t.Error("the zero severity marshals")
	}
	if SeverityInvalid.String() != "invalid" || !(SeverityInfo < SeverityWarning && SeverityWarning < SeverityError) {
		t.Error("severity order or names")
	}
}

func TestRangeAndSpan(t *testing.T) {
	if got := (Range{File: "a.yml", Start: Pos{Line: 3, Col: 7}}).String(); got != "a.yml:3:7" {
		t.Errorf("String = %q", got)
	}
	if got := (Range{File: "a.yml", Start: Pos{Line: 3}}).String(); got != "a.yml:3" {
		t.Errorf("String = %q", got)
	}
	if got := (Range{File: "a.yml"}).String(); got != "a.yml" {
		t.Errorf("String = %q", got)
	}
	exact := Span{File: "f", Start: Pos{Line: 2, Col: 5, Offset: 30}, Exact: true}
	if r := exact.Range(4, 3); r != (Range{File: "f", Start: Pos{2, 9, 34}, End: Pos{2, 12, 37}}) {
		t.Errorf("exact Range = %+v", r)
	}
	loose := Span{File: "f", Start: Pos{Line: 2, Col: 5, Offset: 30}}
	if r := loose.Range(4, 3); r != At("f", Pos{2, 5, 30}) {
		t.Errorf("inexact Range = %+v", r)
	}
	if r := (Span{File: "f", Exact: true}).Range(4, 3); r != (Range{File: "f"}) {
		t.Errorf("unknown start moved: %+v", r)
	}
	if !(Range{}).IsZero() || (Range{File: "x"}).IsZero() {
		t.Error("IsZero")
	}
}

func TestDiagnosticString(t *testing.T) {
	d := Diagnostic{Rule: "R", Severity: SeverityError, Message: "m", Direction: DirectionExport, Index: 1, Offset: 9}
	if got := d.String(); got != "cache-to[1] byte 9: error: m [R]" {
		t.Errorf("String = %q", got)
	}
	d.Range = At("ci.yml", Pos{Line: 4, Col: 2})
	if got := d.String(); got != "ci.yml:4:2: error: m [R]" {
		t.Errorf("String = %q", got)
	}
	if got := (Diagnostic{Rule: "R", Severity: SeverityInfo, Message: "m", Index: -1}).String(); got != "info: m [R]" {
		t.Errorf("String = %q", got)
	}
	if (Diagnostic{}).Fix().Message != "" {
		t.Error("Fix of no fixes")
	}
}

func TestDiagnosticsErr(t *testing.T) {
	ds := Diagnostics{{Rule: "A", Severity: SeverityWarning, Message: "w"}, {Rule: "B", Severity: SeverityError, Message: "e"}}
	if !ds.HasErrors() || ds.Max() != SeverityError {
		t.Error("HasErrors / Max")
	}
	if err := ds.Err(); err == nil || strings.Contains(err.Error(), "[A]") || !strings.Contains(err.Error(), "[B]") {
		t.Errorf("Err = %v", err)
	}
	if (Diagnostics{{Severity: SeverityWarning}}).Err() != nil || (Diagnostics{}).Max() != SeverityInvalid {
		t.Error("no errors")
	}
}

func TestFixApply(t *testing.T) {
	f := Fix{Message: "m", Edits: []TextEdit{{Offset: 9, Len: 1}, {Offset: 0, Len: 4, NewText: "TYPE"}}}
	if got, ok := f.Apply("type=gha, mode=max"); !ok || got != "TYPE=gha,mode=max" {
		t.Errorf("Apply = %q, %v", got, ok)
	}
	for _, bad := range []Fix{
		{Message: "no edits"},
		{Edits: []TextEdit{{Offset: 5, Len: 100}}},
		{Edits: []TextEdit{{Offset: -1}}},
		{Edits: []TextEdit{{Offset: 0, Len: 5}, {Offset: 3, Len: 1}}}, // overlapping
		{Edits: []TextEdit{{Offset: 2, Len: -1}}},
	} {
		if got, ok := bad.Apply("type=gha"); ok {
			t.Errorf("%+v applied: %q", bad, got)
		}
	}
}

// TestPropertyFixApply: edits that lie within the value and do not overlap
// always apply, and the result is the value with each span replaced.
func TestPropertyFixApply(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		raw := rapid.StringMatching(`[a-z=,]{0,30}`).Draw(t, "raw")
		var edits []TextEdit
		want := ""
		at := 0
		for at < len(raw) && rapid.Bool().Draw(t, "more") {
			off := rapid.IntRange(at, len(raw)).Draw(t, "off")
			n := rapid.IntRange(0, len(raw)-off).Draw(t, "n")
			text := rapid.StringMatching(`[A-Z]{0,3}`).Draw(t, "text")
			edits = append(edits, TextEdit{Offset: off, Len: n, NewText: text})
			want += raw[at:off] + text
			at = off + n
		}
		want += raw[at:]
		rapid.Permutation(edits)
		f := Fix{Message: "m", Edits: slices.Clone(edits)}
		got, ok := f.Apply(raw)
		if len(edits) == 0 {
			if ok {
				t.Fatal("no edits applied")
			}
			return
		}
		if !ok || got != want {
			t.Fatalf("Apply(%q) = %q, %v; want %q", raw, got, ok, want)
		}
	})
}

// TestPropertySort: Sort orders by Compare, is idempotent, and keeps one of
// each distinct diagnostic.
func TestPropertySort(t *testing.T) {
	gen := rapid.Custom(func(t *rapid.T) Diagnostic {
		return Diagnostic{
			Rule:      rapid.SampledFrom([]string{"A", "B"}).Draw(t, "rule"),
			Severity:  rapid.SampledFrom([]Severity{SeverityInfo, SeverityWarning, SeverityError}).Draw(t, "sev"),
			Message:   rapid.SampledFrom([]string{"x", "y"}).Draw(t, "msg"),
			Range:     At(rapid.SampledFrom([]string{"", "a", "b"}).Draw(t, "file"), Pos{Line: rapid.IntRange(0, 3).Draw(t, "line")}),
			Direction: rapid.SampledFrom([]Direction{DirectionUnknown, DirectionImport, DirectionExport}).Draw(t, "dir"),
			Index:     rapid.IntRange(-1, 2).Draw(t, "index"),
			Fixes:     []Fix{{Message: rapid.SampledFrom([]string{"f", "g"}).Draw(t, "fix")}},
		}
	})
	rapid.Check(t, func(t *rapid.T) {
		ds := Diagnostics(rapid.SliceOf(gen).Draw(t, "ds"))
		orig := slices.Clone(ds)
		ds.Sort()
		if !slices.IsSortedFunc(ds, Compare) {
			t.Fatal("not sorted")
		}
		for i := 1; i < len(ds); i++ {
			if Equal(ds[i-1], ds[i]) {
				t.Fatalf("duplicate kept: %v", ds[i])
			}
		}
		for _, d := range orig {
			if !slices.ContainsFunc(ds, func(e Diagnostic) bool { return Equal(d, e) }) {
				t.Fatalf("lost %v", d)
			}
		}
		again := slices.Clone(ds)
		again.Sort()
		if !slices.EqualFunc(ds, again, Equal) {
			t.Fatal("Sort is not idempotent")
		}
	})
}

func TestDirection(t *testing.T) {
	if DirectionImport.String() != "cache-from" || DirectionExport.String() != "cache-to" || DirectionUnknown.String() != "unknown" {
		t.Error("Direction names")
	}
}
