package cachespec

import (
	"fmt"
	"log/slog"
)

// Redacted is what every human-facing form prints in place of a secret.
const Redacted = "[redacted]"

// Secret holds a credential attribute value: gha token and ghtoken, s3
// access_key_id, secret_access_key and session_token, azblob
// secret_access_key. Its String, GoString, Format (every verb) and LogValue
// methods print [Redacted]; only [Secret.Reveal] and the machine encodings of
// an entry ([Format], AppendText, MarshalText, MarshalJSON, Attrs) write the
// real value.
//
// The zero Secret is absent. Secrets are comparable with ==.
type Secret struct {
	v   string
	set bool
}

// NewSecret returns a present Secret holding v (which may be empty).
func NewSecret(v string) Secret { return Secret{v: v, set: true} }

// IsSet reports whether the attribute is present.
func (s Secret) IsSet() bool { return s.set }

// Reveal returns the secret value. Call it only to hand the value to the
// system that needs it.
func (s Secret) Reveal() string { return s.v }

// String returns [Redacted], or "<unset>" when absent.
func (s Secret) String() string {
	if !s.set {
		return "<unset>"
	}
	return Redacted
}

// GoString returns a redacted Go-syntax form for %#v.
func (s Secret) GoString() string {
	if !s.set {
		return "cachespec.Secret{}"
	}
	return `cachespec.NewSecret("` + Redacted + `")`
}

// Format implements fmt.Formatter so that every verb, including %x and %q,
// prints the redacted form.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, s.GoString())
		return
	}
	fmt.Fprint(f, s.String())
}

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText returns the redacted form, so that a Secret inside a caller's
// own type is never written out by accident by encoding/json or similar.
// Unlike it, an entry's MarshalText and MarshalJSON are machine forms that
// write the real value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
