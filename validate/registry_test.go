package validate

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
)

// TestRegistryShape pins what a rule's scope says about how it runs: value
// and build rules have a check or are reported by the parser, set rules
// have a set check, file rules have neither.
func TestRegistryShape(t *testing.T) {
	parser := map[string]bool{}
	for _, k := range []*cachespec.Kind{cachespec.ErrEmpty, cachespec.ErrTooLong, cachespec.ErrInvalidText, cachespec.ErrSyntax,
		cachespec.ErrMissingType, cachespec.ErrUnknownType, cachespec.ErrDuplicateKey, cachespec.ErrKeyWhitespace,
		cachespec.ErrAmbiguousShorthand, cachespec.ErrMultipleEntries, cachespec.ErrInvalidRef, cachespec.ErrInvalidValue} {
		parser[k.Rule()] = true
	}
	parser["InvalidCacheMode"] = true
	seen := 0
	for i, r := range registry {
		if i > 0 && registry[i-1].Code >= r.Code {
			t.Errorf("registry not ordered by code at %s", r.Code)
		}
		switch r.Scope {
		case ScopeValue, ScopeBuild:
			if r.checkSet != nil || r.check == nil && !parser[r.Name] {
				t.Errorf("%s (scope %s): want a check, or a parser kind", r.Name, r.Scope)
			}
		case ScopeBuilds:
			if r.checkSet == nil || r.check != nil {
				t.Errorf("%s (scope builds): want a set check only", r.Name)
			}
		case ScopeRepository:
			if r.checkRepo == nil || r.check != nil || r.checkSet != nil {
				t.Errorf("%s (scope repository): want a repository check only", r.Name)
			}
		case ScopeFile:
			if r.check != nil || r.checkSet != nil || !strings.HasPrefix(r.Code, "FILE") {
				t.Errorf("%s (scope file): readers report it; want no check and a FILE code", r.Name)
			}
		default:
			t.Errorf("%s: scope %v", r.Name, r.Scope)
		}
		if parser[r.Name] {
			seen++
		}
	}
	// every parser kind that validate can meet has a rule (Parse alone
	// reports EmptyCacheValue and MultipleCacheEntries; Check reads values
	// as list elements)
	if want := len(parser) - 2; seen != want {
		t.Errorf("%d parser kinds have a rule, want %d", seen, want)
	}
}

func TestLookupNamesAndCodes(t *testing.T) {
	for _, name := range []string{"UnknownCacheAttribute", "unknowncacheattribute", "CS004", "cs004", "UNKNOWNCACHEATTRIBUTE"} {
		r, ok := Lookup(name)
		if !ok || r.Name != "UnknownCacheAttribute" {
			t.Errorf("Lookup(%q) = %v, %v", name, r.Name, ok)
		}
	}
	if r, ok := Lookup("file02"); !ok || r.Name != "FileSyntaxError" || r.Scope != ScopeFile {
		t.Errorf("Lookup(file02) = %v, %v", r.Name, ok)
	}
	if _, ok := Lookup("CS999"); ok {
		t.Errorf("Lookup(CS999) found a rule")
	}
}

// TestOptionsByCodeAndCase is the regression test for "--disable cs004"
// being accepted and disabling nothing.
func TestOptionsByCodeAndCase(t *testing.T) {
	b := Build{CacheTo: []string{"type=gha,scope=a,colour=red"}}
	if fired(Check(b), "UnknownCacheAttribute") == nil {
		t.Fatal("the example does not fire UnknownCacheAttribute")
	}
	for _, name := range []string{"cs004", "CS004", "unknowncacheattribute", "UnknownCacheAttribute"} {
		if d := fired(Options{Disable: []string{name}}.Check(b), "UnknownCacheAttribute"); d != nil {
			t.Errorf("Disable %q: still reported: %v", name, d)
		}
		d := fired(Options{Severity: map[string]Severity{name: SeverityInfo}}.Check(b), "UnknownCacheAttribute")
		if d == nil || d.Severity != SeverityInfo {
			t.Errorf("Severity %q: %v", name, d)
		}
	}
	opt := Build{CacheFrom: []string{"type=local,src=/var/cache/buildx"}}
	if fired(Check(opt), "CacheSourceMayNotExist") != nil {
		t.Fatal("opt-in rule reported without Enable")
	}
	if fired(Options{Enable: []string{"cs141"}}.Check(opt), "CacheSourceMayNotExist") == nil {
		t.Error(`Enable "cs141" does not enable CacheSourceMayNotExist`)
	}
}

func TestOptionsValidate(t *testing.T) {
	if err := (Options{Disable: []string{"cs004", "FileSyntaxError"}, Enable: []string{"CacheSourceMayNotExist"},
		Severity: map[string]Severity{"gHaScopeDefault": SeverityWarning}}).Validate(); err != nil {
		t.Errorf("valid options: %v", err)
	}
	for _, o := range []Options{
		{Disable: []string{"UnknownCacheAtribute"}},
		{Enable: []string{"CS999"}},
		{Severity: map[string]Severity{"nope": SeverityError}},
	} {
		err := o.Validate()
		if err == nil || !strings.Contains(err.Error(), "no rule is named") {
			t.Errorf("%+v: err = %v", o, err)
		}
	}
}

// TestSourcePlacesDiagnostics checks that a build that says where it is
// written gets diagnostics placed in the file, exactly where the span is
// exact, at the value's start where it is not, and at the build for
// diagnostics about the build.
func TestSourcePlacesDiagnostics(t *testing.T) {
	file := ".github/workflows/ci.yml"
	b := Build{
		CacheFrom: []string{"type=local,dest=/c"},
		CacheTo:   []string{"type=gha, mode=max", "type=inline,mode=max"},
		Push:      ptr(true), Tags: []string{"ghcr.io/acme/app:latest"},
		Name: "build (amd64)",
		Source: &Source{
			Def:       diag.At(file, diag.Pos{Line: 10, Col: 9, Offset: 200}),
			CacheFrom: []diag.Span{{File: file, Start: diag.Pos{Line: 12, Col: 24, Offset: 260}}},
			CacheTo: []diag.Span{
				{File: file, Start: diag.Pos{Line: 13, Col: 22, Offset: 300}, Exact: true},
				{File: file, Start: diag.Pos{Line: 14, Col: 11, Offset: 340}, Exact: true},
			},
		},
	}
	ds := Check(b)
	ws := fired(ds, "WhitespaceAroundCacheKey")
	if ws == nil {
		t.Fatalf("no WhitespaceAroundCacheKey in %v", ds)
	}
	if want := (diag.Range{File: file, Start: diag.Pos{Line: 13, Col: 22 + 9, Offset: 309}, End: diag.Pos{Line: 13, Col: 22 + 9 + ws.Len, Offset: 309 + ws.Len}}); ws.Range != want || ws.Subject != "build (amd64)" {
		t.Errorf("WhitespaceAroundCacheKey at %+v (subject %q), want %+v", ws.Range, ws.Subject, want)
	}
	if got := ws.String(); !strings.HasPrefix(got, file+":13:31: error: ") {
		t.Errorf("String() = %q", got)
	}
	wd := fired(ds, "WrongDirectionAttribute")
	if wd == nil || wd.Range != diag.At(file, diag.Pos{Line: 12, Col: 24, Offset: 260}) {
		t.Errorf("WrongDirectionAttribute not at the start of an inexact value: %+v", wd)
	}
	in := fired(ds, "InlineIgnoresAttributes")
	if in == nil {
		t.Fatalf("no InlineIgnoresAttributes in %v", ds)
	}
	f := in.Fix()
	if f.Fixed != "type=inline" || len(f.Edits) != 1 ||
		f.Edits[0].Range != (diag.Range{File: file, Start: diag.Pos{Line: 14, Col: 11, Offset: 340}, End: diag.Pos{Line: 14, Col: 31, Offset: 360}}) {
		t.Errorf("InlineIgnoresAttributes fix = %+v", f)
	}
	// without a Source nothing is placed, and the fix still shows the
	// corrected value
	plain := b
	plain.Source = nil
	for _, d := range Check(plain) {
		if !d.Range.IsZero() {
			t.Errorf("unplaced build, placed diagnostic %v", d)
		}
		if d.Rule == "InlineIgnoresAttributes" && d.Fix().Fixed != "type=inline" {
			t.Errorf("Fixed = %q", d.Fix().Fixed)
		}
	}
}

func TestCheckAllPlacesEachBuild(t *testing.T) {
	mk := func(name string, line int) Build {
		return Build{Name: name, CacheTo: []string{"type=gha,mode=max"},
			Source: &Source{Def: diag.At("ci.yml", diag.Pos{Line: line}), CacheTo: []diag.Span{{File: "ci.yml", Start: diag.Pos{Line: line + 1, Col: 20}, Exact: true}}}}
	}
	ds := CheckAll([]Build{mk("api", 10), mk("web", 20)})
	n := 0
	for _, d := range ds {
		if d.Rule != "GHAScopeCollision" {
			continue
		}
		n++
		want := map[int]int{0: 11, 1: 21}[d.Build]
		// a diagnostic about the value as a whole covers it
		if d.Range.Start.Line != want || d.Range.End.Col != 20+len("type=gha,mode=max") || d.Subject != []string{"api", "web"}[d.Build] {
			t.Errorf("%v: build %d at line %d, subject %q", d, d.Build, d.Range.Start.Line, d.Subject)
		}
	}
	if n != 2 {
		t.Errorf("%d GHAScopeCollision diagnostics, want 2: %v", n, ds)
	}
}

func TestParseErrorDiagnostic(t *testing.T) {
	_, err := cachespec.Parse("type=gha,mode=maxx")
	var pe *cachespec.ParseError
	if !errors.As(err, &pe) {
		t.Fatal(err)
	}
	d := pe.Diagnostic()
	if d.Rule != "InvalidCacheMode" || d.Severity != SeverityError || d.Attr != "mode" || d.Offset != pe.Offset || d.Len != pe.Len ||
		d.Message != pe.Reason() || d.Fix().Message != pe.Fix || d.Index != -1 {
		t.Errorf("Diagnostic() = %+v from %+v", d, pe)
	}
	ds := Check(Build{CacheTo: []string{"type=gha,mode=maxx"}})
	if len(ds) != 1 || ds[0].Rule != d.Rule || ds[0].Message != d.Message || ds[0].Direction != cachespec.DirectionExport || ds[0].Index != 0 {
		t.Errorf("Check = %v, want the parse diagnostic %v", ds, d)
	}
}

// TestCrossBuildLinear: thousands of builds writing one gha scope (the legs
// of a large matrix times many steps) give messages of bounded length, in
// time that grows linearly: each message names at most maxNamed builds and
// counts the rest.
func TestCrossBuildLinear(t *testing.T) {
	builds := make([]Build, 4096)
	for i := range builds {
		builds[i] = Build{CacheTo: []string{"type=gha,scope=one,mode=max"}, Name: "job (leg " + strconv.Itoa(i) + ")"}
	}
	ds := CheckAll(builds)
	n := 0
	for _, d := range ds {
		if d.Rule == "GHAScopeCollision" {
			n++
			if len(d.Message) > 300 || !strings.Contains(d.Message, "and 4092 other builds") {
				t.Fatalf("message %d bytes: %.200s", len(d.Message), d.Message)
			}
		}
	}
	if n != len(builds) {
		t.Errorf("%d GHAScopeCollision, want %d", n, len(builds))
	}
	two := CheckAll(builds[:2])
	if d := fired(two, "GHAScopeCollision"); d == nil || !strings.HasSuffix(strings.Split(d.Message, ";")[0], "is also written by job (leg 1)") {
		t.Errorf("two builds: %v", d)
	}
}

func TestSuggestRule(t *testing.T) {
	for in, want := range map[string]string{
		"InvalidCacheMod": "InvalidCacheMode", "invalidcachemode": "InvalidCacheMode",
		"KeywordAsCache": "KeywordAsCacheRef", "GHAScopeDefalt": "GHAScopeDefault",
		"nothing-like-a-rule": "", "": "",
	} {
		if got := SuggestRule(in); got != want {
			t.Errorf("SuggestRule(%q) = %q, want %q", in, got, want)
		}
	}
}
