package cachespec

import (
	"errors"
	"strings"
	"testing"
)

// TestParseTypeError is the regression test for ParseType building its
// error by hand: it said `value 0 "regsitry": unknown cache type "type"`.
func TestParseTypeError(t *testing.T) {
	_, err := ParseType("regsitry")
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrUnknownType) {
		t.Fatalf("ParseType error = %#v", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "value 0") || strings.Contains(msg, `"type"`) || !strings.Contains(msg, `unknown cache type "regsitry"`) ||
		!strings.Contains(msg, `did you mean "registry"`) || pe.Index != -1 || pe.Len != len("regsitry") {
		t.Errorf("ParseType(regsitry): %q (%+v)", msg, pe)
	}
	_, err = ParseType("token=ghs_0123456789abcdef0123456789abcdef0123")
	if err == nil || strings.Contains(err.Error(), "ghs_0123") {
		t.Errorf("ParseType shows a secret: %v", err)
	}
	_, err = Type(0).MarshalText()
	if !errors.Is(err, ErrMissingType) || strings.Contains(err.Error(), "value 0") || !strings.Contains(err.Error(), "set a cache type") {
		t.Errorf("Type(0).MarshalText: %v", err)
	}
}

func TestParseErrorDiagnosticFields(t *testing.T) {
	for _, in := range []string{"type=gha,mode=maxx", "inline", "type=local,src=/a,type=local,src=/b", "type=registry,ref=A/B"} {
		_, err := Parse(in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: %v", in, err)
		}
		d := pe.Diagnostic()
		if d.Rule != pe.Rule() || d.Message != pe.Reason() || d.Offset != pe.Offset || d.Len != pe.Len || d.Attr != pe.Key ||
			len(d.Fixes) != 1 || d.Fixes[0].Message != pe.Fix || d.Severity.String() != "error" {
			t.Errorf("%q: Diagnostic() = %+v", in, d)
		}
	}
}
