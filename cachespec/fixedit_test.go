package cachespec

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// choiceMarkers are the words of a fix that needs a choice or a value only
// the user knows: a placeholder, alternatives, a range, an example, advice.
var choiceMarkers = []string{"<", " or ", "such as", "a valid", "one of", "must be at least", "use a level", "shorten", "check it after", "give each", "write it once", "quote a whole", "as UTF-8", "key=value"}

// fixLiterals returns the texts a fix message says to write: each quoted
// string and the last unquoted key=value.
func fixLiterals(msg string) []string {
	var out []string
	for _, q := range regexp.MustCompile(`"(?:[^"\\]|\\.)*"`).FindAllString(msg, -1) {
		if u, err := strconv.Unquote(q); err == nil {
			out = append(out, u)
		}
	}
	rest := regexp.MustCompile(`"(?:[^"\\]|\\.)*"`).ReplaceAllString(msg, "")
	if kv := regexp.MustCompile(`[a-z_.-]+=[^\s"(),;]+`).FindAllString(rest, -1); len(kv) > 0 {
		out = append(out, kv[len(kv)-1])
	}
	return out
}

// fixEditInputs are refused values beyond parseTests whose fix is, or is
// not, mechanical.
var fixEditInputs = []string{
	"type=gha,scope=app,max", "type=inline,max", "type=s3,mybucket", "type=gha,mybucket",
	"user/app:cache,mode=max", "type=registry,user/app:cache", "type=registry,ref=a/b,c/d",
	"type=gha,scope=a\nmode=max", "type=gha\r\n", ",type=gha", `type=gha,"",scope=a`,
	"type=gha,timeout=2d", "type=gha,timeout= 600", "type=s3,touch_refresh=007",
	"type=registry,ref=x,compression-level= 3 ", "type=gha,scope=a\u200b", "type=gha,scope=a\x7f",
	"type=gha,ignore-error=on", "type=gha,mode=minimum", "type=registry,ref=x,compression=zst",
	"type=s3,retry_mode=standrd", "inline", `"gha"`,
}

// TestEveryMechanicalParseFixHasEdit: for every value Parse refuses (the
// refused rows of parseTests and fixEditInputs), a fix whose text is known
// carries the edit that makes it, so that Fix.Apply works: the edit
// writes every text the message names and the value it makes is either
// accepted or refused for another reason, further on. A fix without an
// edit must say why it needs a choice.
func TestEveryMechanicalParseFixHasEdit(t *testing.T) {
	t.Parallel()
	inputs := append([]string(nil), fixEditInputs...)
	for _, tt := range parseTests {
		if tt.want == "" {
			inputs = append(inputs, tt.in)
		}
	}
	edits := 0
	for _, in := range inputs {
		_, err := Parse(in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			continue
		}
		d := pe.Diagnostic()
		if pe.Fix == "" {
			t.Errorf("Parse(%q): no fix: %v", in, err)
			continue
		}
		f := d.Fix()
		if len(f.Edits) == 0 {
			choice := false
			for _, m := range choiceMarkers {
				choice = choice || strings.Contains(f.Message, m)
			}
			if !choice {
				t.Errorf("Parse(%q): fix %q names its text but has no edit", in, f.Message)
			}
			continue
		}
		edits++
		got, ok := f.Apply(in)
		if !ok || got == in {
			t.Errorf("Parse(%q): fix %+v does not apply (%q, %v)", in, f, got, ok)
			continue
		}
		for _, lit := range fixLiterals(f.Message) {
			if !strings.Contains(got, lit) {
				t.Errorf("Parse(%q): fix %q says %q, the edit makes %q", in, f.Message, lit, got)
			}
		}
		for _, v := range strings.Split(got, "\n") { // a split makes several values
			_, err := Parse(v)
			var again *ParseError
			if errors.As(err, &again) && again.Kind == pe.Kind && again.Offset == pe.Offset && again.Key == pe.Key {
				t.Errorf("Parse(%q): after the fix, %q is refused the same way: %v", in, v, err)
			}
		}
	}
	if edits < 30 {
		t.Errorf("only %d mechanical fixes among %d refusals", edits, len(inputs))
	}
}

// TestJSONFixesHaveEdits: the mechanical fixes of the JSON object form
// carry their edit in JSON terms (the key's or the value's token replaced
// by a JSON string), and the object they make is read.
func TestJSONFixesHaveEdits(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"type":"gha","mode":"maxx"}`,
		`{"type":"gha","ignore-error":"yes"}`,
		`{"type":"gha","ignore-error":"on","scope":"a"}`,
		`{"type":"gha","timeout":600}`,
		`{"type":"gha","timeout":"2d"}`,
		`{"type":"Gha"}`,
		`{"type":"type=local","dest":"/c"}`,
		`{"type":"gha","Scope":"a"}`,
		`{"type":"gha"," mode":"max"}`,
		`{"type":"registry","ref":"x/y","compression":"zst"}`,
		`{"type":"s3","secret_access_key":"SECRET123","region":"r","bucket":"b","mode":"MAX"}`,
	} {
		_, err := ParseJSON([]byte(in))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Edit == nil {
			t.Errorf("ParseJSON(%s) = %v, want a refusal with an edit", in, err)
			continue
		}
		if strings.Contains(pe.Edit.NewText, "SECRET123") {
			t.Errorf("ParseJSON(%s): the edit holds the secret", in)
		}
		got, ok := pe.Diagnostic().Fix().Apply(in)
		if !ok {
			t.Errorf("ParseJSON(%s): the edit %+v does not apply", in, *pe.Edit)
			continue
		}
		if _, err := ParseJSON([]byte(got)); err != nil {
			t.Errorf("ParseJSON(%s): the fixed %s is refused: %v", in, got, err)
		}
	}
	// A choice, a duplicate, a secret: no edit.
	for _, in := range []string{`{"type":"gha","mode":"fast"}`, `{"type":"gha","scope":"a","scope":"b"}`, `{"type":"nope"}`} {
		_, err := ParseJSON([]byte(in))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Edit != nil {
			t.Errorf("ParseJSON(%s) = %v with edit %+v, want no edit", in, err, pe.Edit)
		}
	}
}

// TestRedactJSON: Redact reads the JSON object form as ParseJSON's errors
// quote it, and redacts what follows the object as text it cannot read.
func TestRedactJSON(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		` {"type":"gha","tokne":"SECRET123","scope":"a"}`:                   ` {"type":"gha","tokne":"[redacted]","scope":"a"}`,
		`{"type":"gha","token":"SECRET123"`:                                 `{"type":"gha","token":"[redacted]"`,
		`{"type":"gha","scope":"ghs_abcdefghijklmnopqrstuvwxyz0123456789"}`: `{"type":"gha","scope":"[redacted]"}`,
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%s) = %s, want %s", in, got, want)
		}
	}
	for _, in := range []string{`{"type":"gha"} token=SECRET123`, `{"type":"gha","token":"SECRET123"}x,token=SECRET123`, `{"type":"gha","token":"SECRET123"}}`} {
		if got := Redact(in); strings.Contains(got, "SECRET123") {
			t.Errorf("Redact(%s) = %s", in, got)
		}
	}
}
