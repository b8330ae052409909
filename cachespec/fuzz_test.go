package cachespec

import (
	"errors"
	"strings"
	"testing"
)

// fuzzSeeds are the in-code seeds; the fuzz targets also take seeds from
// testdata/realworld.jsonl (see seeds_test.go), and testdata/fuzz holds the
// fuzzer's finds.
var fuzzSeeds = []string{
	"type=gha,mode=max",                        // the most common value
	"type=registry,ref=ghcr.io/a/b:c,mode=max", // registry with options
	"user/app:cache",                           // ref shorthand
	"a,b",                                      // several refs
	`type=local,"dest=a,b"`,                    // a quoted field
	`type=local,"dest=a""b"`,                   // a doubled quote
	`type=local,dest="a"`,                      // a bare quote
	"type=gha, mode=max",                       // space before a key
	"type=gha,scope=a,scope=b",                 // a duplicate key
	"inline",                                   // a keyword as ref
	"type=s3,touch_refresh=1d",                 // an invalid duration
	"type=gha,token=eyJhbGciOiJIUzI1NiJ9.e30.c2ln", // a secret
	"type=registry,ref=x,compression=zstd,compression-level=22",
	"TYPE=Local,SRC=/x", // upper-case keys
	"=,=",               // empty keys
	"type=gha,\xff",     // invalid UTF-8
}

// checkEntry asserts the invariants of a successfully parsed entry.
func checkEntry(t *testing.T, in string, e Entry) {
	t.Helper()
	text := Format(e)
	back, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q) ok, but its Format %q fails: %v", in, text, err)
	}
	if !Equal(back, e) {
		t.Fatalf("Parse(%q): Format %q re-parses differently", in, text)
	}
	if Format(back) != text {
		t.Fatalf("Format is not canonical for %q", in)
	}
	for k := range e.Attrs() {
		if k == "type" || k != toLower(k) {
			t.Fatalf("Attrs key %q of %q", k, in)
		}
	}
	// Secrets must not show: String may hold a secret's text no more often
	// than the canonical form with every secret written as the redaction
	// marker does (the same text can be another value, or part of a key:
	// the secret "ken=" is in "token=").
	marked := Clone(e)
	for i := range marked.keys() {
		if f := marked.field(i); f.isSecret() && f.present() {
			if err := f.parse(Redacted); err != nil {
				t.Fatal(err)
			}
		}
	}
	reference := Format(marked)
	for _, s := range secretValues(e) {
		if strings.Count(e.String(), s) > strings.Count(reference, s) {
			t.Fatalf("String of %q shows a secret", in)
		}
	}
	n := Normalize(e)
	if !Equal(Normalize(n), n) {
		t.Fatalf("Normalize not idempotent for %q", in)
	}
	j, err := e.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON(%q): %v", in, err)
	}
	if jb, err := ParseJSON(j); err != nil || !Equal(jb, e) {
		t.Fatalf("JSON round trip of %q: %s: %v", in, j, err)
	}
}

// checkError asserts the invariants of a refusal.
func checkError(t *testing.T, in string, err error) { checkErrorOf(t, in, err, parseErr) }

func parseErr(s string) error     { _, err := Parse(s); return err }
func parseJSONErr(s string) error { _, err := ParseJSON([]byte(s)); return err }

// checkErrorOf checks a refusal of in by the reader read.
func checkErrorOf(t *testing.T, in string, err error, read func(string) error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error for %q is %T, not *ParseError", in, err)
	}
	if pe.Kind == nil || !errors.Is(err, pe.Kind) || pe.Rule() == "" {
		t.Fatalf("error for %q has no kind: %v", in, err)
	}
	if pe.Offset < 0 || pe.Len < 0 || pe.Offset+pe.Len > len(in) {
		t.Fatalf("error for %q: span %d+%d out of range", in, pe.Offset, pe.Len)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") || pe.Fix == "" {
		t.Fatalf("error for %q: %q", in, msg)
	}
	if pe.Edit == nil {
		return
	}
	// A mechanical fix applies, and a replacement makes a value that is
	// accepted or refused for another reason (a removal may leave the next
	// of several such characters or commas).
	fixed, ok := pe.Diagnostic().Fix().Apply(in)
	if !ok || fixed == in {
		t.Fatalf("error for %q: the edit %+v does not apply", in, *pe.Edit)
	}
	for _, v := range strings.Split(fixed, "\n") {
		err := read(v)
		var again *ParseError
		if pe.Edit.NewText != "" && errors.As(err, &again) && again.Kind == pe.Kind && again.Offset == pe.Offset && again.Key == pe.Key && again.Reason() == pe.Reason() {
			t.Fatalf("error for %q: after the fix, %q is refused the same way: %v", in, v, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	addSeeds(f, parseSeeds)
	f.Fuzz(func(t *testing.T, in string) {
		e, err := Parse(in)
		if err != nil {
			if e != nil {
				t.Fatalf("Parse(%q) returned an entry and an error", in)
			}
			checkError(t, in, err)
			return
		}
		checkEntry(t, in, e)
	})
}

func FuzzParseList(f *testing.F) {
	f.Add("type=gha\n\nuser/a,user/b")
	f.Add("a,,b\ntype=inline")
	f.Add("\n\n")
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	addSeeds(f, parseListSeeds)
	f.Fuzz(func(t *testing.T, in string) {
		values := strings.Split(in, "\n")
		l, err := ParseList(values)
		if err != nil {
			checkError(t, values[err.(*ParseError).Index], err)
			if i := err.(*ParseError).Index; i < 0 || i >= len(values) || values[i] == "" {
				t.Fatalf("ParseList(%q): bad index %d", values, i)
			}
			return
		}
		back, err := ParseList(List(l).Strings())
		if err != nil || !equalLists(back, l) {
			t.Fatalf("ParseList(%q) does not round-trip: %v", values, err)
		}
		for _, e := range l {
			checkEntry(t, in, e)
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	f.Add(`{"type":"gha","scope":"x"}`)
	f.Add(`{"type":"registry","ref":"user/app","image-manifest":true,"compression-level":3}`)
	f.Add(`{"type":"local","dest":"a,b","x":"\"q\""}`)
	f.Add(`{"type":"gha","scope":"a","scope":"b"}`)
	f.Add(`{"type":"gha","REF":1.5e3}`)
	f.Add(`{"type":"s3","name":null}`)
	f.Add(`[{"type":"gha"}]`)
	addSeeds(f, parseJSONSeeds)
	f.Fuzz(func(t *testing.T, in string) {
		e, err := ParseJSON([]byte(in))
		if err != nil {
			if e != nil {
				t.Fatalf("ParseJSON(%q) returned an entry and an error", in)
			}
			checkErrorOf(t, in, err, parseJSONErr)
			return
		}
		checkEntry(t, in, e)
	})
}
