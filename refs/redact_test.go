package refs

import (
	"errors"
	"strings"
	"testing"
)

// An Error never holds or prints the password of a reference written with
// user:password@ (issue: URLs with a password are redacted).
func TestErrorRedactsPassword(t *testing.T) {
	tests := []struct{ in, input string }{
		{"https://user:MARKPASS@host/repo", "https://user:[redacted]@host/repo"},
		{"user:MARKPASS@host/repo", "user:[redacted]@host/repo"},
		{"user:MARKPASS@host:5000/repo:tag", "user:[redacted]@host:5000/repo:tag"},
		{"Host/Repo", "Host/Repo"},               // no password: as given
		{"a/b:c@sha256:xyz", "a/b:c@sha256:xyz"}, // a digest, not a password
		{"user:@host/repo", "user:@host/repo"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var re *Error
		if !errors.As(err, &re) {
			t.Fatalf("Parse(%q) = %v, want a *Error", tt.in, err)
		}
		if re.Input != tt.input {
			t.Errorf("Parse(%q): Input %q, want %q", tt.in, re.Input, tt.input)
		}
		if strings.Contains(err.Error(), "MARKPASS") || strings.Contains(re.Input, "MARKPASS") {
			t.Errorf("Parse(%q): the error prints the password: %v", tt.in, err)
		}
	}
}
