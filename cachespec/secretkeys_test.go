package cachespec

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// misspeltSecretKeys are unknown keys whose values are secrets: near misses
// of a secret attribute, and keys that name a credential.
var misspeltSecretKeys = []string{
	"tokne", "tokn", "toekn", "ghtokne", "sesion_tokn", "secret_acess_key", "acces_key_id",
	"pass", "password", "pwd", "db_pwd", "sas", "azure_sas", "connection_string", "credential", "api-key",
}

// humanForms returns every human-facing form of e: String, the fmt verbs,
// slog's text and JSON handlers.
func humanForms(e Entry) []string {
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("x", "e", e)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("x", "e", e)
	return []string{
		e.String(), fmt.Sprint(e), fmt.Sprintf("%v %+v %#v %s %q", e, e, e, e, e),
		fmt.Sprintf("%+v %#v", derefEntry(e), derefEntry(e)), text.String(), js.String(),
	}
}

func TestMisspeltSecretKeysRedacted(t *testing.T) {
	t.Parallel()
	const secret = "SECRET123"
	for _, k := range misspeltSecretKeys {
		for _, typ := range []string{"gha", "s3", "azblob", "registry,ref=r"} {
			raw := "type=" + typ + "," + k + "=" + secret
			csv := MustParse(raw)
			js, err := ParseJSON([]byte(`{"type":"` + strings.Split(typ, ",")[0] + `"` + map[bool]string{true: `,"ref":"r"`}[typ != strings.Split(typ, ",")[0]] + `,"` + k + `":"` + secret + `"}`))
			if err != nil {
				t.Fatalf("ParseJSON for %q: %v", raw, err)
			}
			if csv.String() != js.String() {
				t.Errorf("the CSV and JSON readers disagree on %q: %q and %q", raw, csv, js)
			}
			outputs := append(humanForms(csv), humanForms(js)...)
			outputs = append(outputs, Redact(raw))
			for _, broken := range []string{raw + ",mode=maxx", raw + ",type=inline", raw + `,x"`} {
				if _, err := Parse(broken); err != nil {
					outputs = append(outputs, err.Error())
					var pe *ParseError
					if errors.As(err, &pe) {
						outputs = append(outputs, fmt.Sprint(pe.Diagnostic()), pe.Input)
					}
				} else {
					t.Fatalf("Parse(%q) succeeded", broken)
				}
			}
			if _, err := ParseJSON([]byte(`{"type":"gha","` + k + `":"` + secret + `","mode":"maxx"}`)); err != nil {
				outputs = append(outputs, err.Error())
			}
			for _, out := range outputs {
				if strings.Contains(out, secret) {
					t.Errorf("the value of %q leaks: %s", k, out)
				}
			}
			if !strings.Contains(Format(csv), secret) || csv.Attrs()[k] != secret {
				t.Errorf("the machine forms of %q lost the value", raw)
			}
		}
	}
	// Keys that are neither near a secret nor name one keep their values.
	for _, k := range []string{"scope", "scop", "tag", "foo", "region2"} {
		if e := MustParse("type=gha," + k + "=visible"); !strings.Contains(e.String(), "visible") {
			t.Errorf("%s redacted: %s", k, e)
		}
	}
}

func TestJSONErrorsNameKeyAndOffset(t *testing.T) {
	t.Parallel()
	in := `{"type":"s3","secret_access_key":"x","mode":"maxx"}`
	_, err := ParseJSON([]byte(in))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("ParseJSON = %v", err)
	}
	if pe.Key != "mode" || pe.Offset != strings.Index(in, `"maxx"`) || pe.Len != len(`"maxx"`) {
		t.Errorf("key %q offset %d len %d, want mode at %d", pe.Key, pe.Offset, pe.Len, strings.Index(in, `"maxx"`))
	}
	want := `{"type":"s3","secret_access_key":"[redacted]","mode":"maxx"}`
	if pe.Input != want || strings.Contains(err.Error(), `:"x"`) || !strings.Contains(err.Error(), fmt.Sprintf("at byte %d", strings.Index(in, `"maxx"`))) {
		t.Errorf("Input %q, error %v; want the whole object with the secret redacted", pe.Input, err)
	}
	// Syntax errors, type errors and duplicates point at the token.
	for _, tt := range []struct{ in, at string }{
		{`{"type":"gha","scope":"a","scope":"b"}`, `"scope":"b"`},
		{`{"type":"gha","timeout":"10"}`, `"10"`},
		{`{"type":"gh","scope":"a"}`, `"gh"`},
		{`{"type":"gha","Scope":"a"}`, `"Scope"`},
		{`{"type":"gha","scope":{"a":1}}`, `{"a"`},
		{`{"type":"registry","ref":"Org/App"}`, `Org/App`},
	} {
		_, err := ParseJSON([]byte(tt.in))
		if !errors.As(err, &pe) || pe.Offset < strings.Index(tt.in, tt.at) || pe.Offset > strings.Index(tt.in, tt.at)+len(tt.at) {
			t.Errorf("ParseJSON(%s) = %v (offset %d), want the offset of %s (%d)", tt.in, err, pe.Offset, tt.at, strings.Index(tt.in, tt.at))
		}
	}
	// A malformed object is quoted up to the failure, secrets redacted.
	_, err = ParseJSON([]byte(`{"type":"gha","token":"SECRET123","scope":`))
	if err == nil || strings.Contains(err.Error(), "SECRET123") {
		t.Errorf("ParseJSON(malformed) = %v", err)
	}
}
