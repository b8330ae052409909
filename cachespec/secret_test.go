package cachespec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestSecretForms(t *testing.T) {
	t.Parallel()
	s := NewSecret("hunter2hunter2")
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "s", s)
	j, _ := json.Marshal(struct{ S Secret }{s})
	for _, out := range []string{s.String(), fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %q %x %X %d", s, s, s, s, s, s, s, s), logged.String(), string(j)} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("secret leaked: %q", out)
		}
	}
	if s.Reveal() != "hunter2hunter2" || !s.IsSet() || (Secret{}).IsSet() {
		t.Errorf("Reveal/IsSet")
	}
	if (Secret{}).String() != "<unset>" || fmt.Sprintf("%#v", Secret{}) != "cachespec.Secret{}" {
		t.Errorf("zero Secret prints %q", Secret{}.String())
	}
}

func TestRedaction(t *testing.T) {
	t.Parallel()
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhYyI6IltdIn0.c2lnbmF0dXJl"
	tests := []struct {
		in     string // a value
		secret string // must not appear in String or in an error about the value
	}{
		{"type=gha,token=" + jwt, jwt},
		{"type=gha,ghtoken=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz"},
		{"type=s3,access_key_id=AKIAIOSFODNN7EXAMPLE,secret_access_key=wJalrXUtnFEMI", "wJalrXUtnFEMI"},
		{"type=s3,session_token=FwoGZXIvYXdzEJr", "FwoGZXIvYXdzEJr"},
		{"type=azblob,secret_access_key=c2VjcmV0a2V5", "c2VjcmV0a2V5"},
		{"type=gha,x-password=opensesame", "opensesame"},
		{"type=gha,url=https://user:pa55word@cache.example/", "pa55word"},
		{"type=gha,scope=" + jwt, jwt},
		{`type=gha,"token=a,b,c-secret"`, "c-secret"},
	}
	for _, tt := range tests {
		e := MustParse(tt.in)
		if strings.Contains(e.String(), tt.secret) || strings.Contains(fmt.Sprintf("%+v %#v", e, derefEntry(e)), tt.secret) {
			t.Errorf("String of %q leaks: %q", tt.in, e.String())
		}
		if !strings.Contains(Format(e), tt.secret) && !strings.Contains(fmt.Sprint(e.Attrs()), tt.secret) {
			t.Errorf("Format of %q lost the secret", tt.in)
		}
		for _, broken := range []string{tt.in + ",mode=maxx", tt.in + ",type=inline", tt.in + `,x"`, `"` + tt.in, tt.in + ",,"} {
			_, err := Parse(broken)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded", broken)
			}
			if strings.Contains(err.Error(), tt.secret) {
				t.Errorf("error for %q leaks: %v", broken, err)
			}
		}
	}
	// A secret in a value whose type is wrong.
	for _, in := range []string{"type=gha,ignore-error=" + jwt, jwt + ",mode=max", "type=gha,timeout=" + jwt} {
		_, err := Parse(in)
		if err == nil || strings.Contains(err.Error(), jwt) {
			t.Errorf("Parse(%q) = %v", in, err)
		}
	}
}

func TestRedactExported(t *testing.T) {
	in := "type=s3,bucket=b,access_key_id=AKIAABCDEFGHIJKLMNOP,secret_access_key=hunter2hunter2"
	got := Redact(in)
	if strings.Contains(got, "AKIA") || strings.Contains(got, "hunter2") || !strings.Contains(got, "bucket=b") {
		t.Errorf("Redact(%q) = %q", in, got)
	}
	if plain := "type=gha,scope=app"; Redact(plain) != plain {
		t.Errorf("Redact changed a value without secrets: %q", Redact(plain))
	}
}
