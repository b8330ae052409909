package cachespec

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestRedactText(t *testing.T) {
	tests := []struct{ in, want string }{
		// what loaders say about a value they refuse
		{`Unsuitable value: type required for "mode=max,secret_access_key=MARK1"`, `Unsuitable value: type required for "mode=max,secret_access_key=[redacted]"`},
		{`invalid interpolation format for services.a.build.cache_from.[].\ntype=s3,secret_access_key=MARK2${`, `invalid interpolation format for services.a.build.cache_from.[].\ntype=s3,secret_access_key=[redacted]`},
		{`"type=gha,token=\"a,b\""`, `"type=gha,token=\"[redacted]\""`},
		{`panic: bad value token=MARK3 here`, `panic: bad value token=[redacted] here`},
		{`{"type": "s3", "secret_access_key": "MARK4"}`, `{"type": "s3", "secret_access_key": "[redacted]"}`},
		{`secret_access_key: MARK5`, `secret_access_key: [redacted]`},
		{`tokne=MARK6,mode=max`, `tokne=[redacted],mode=max`},
		{`ghtoken=MARK7`, `ghtoken=[redacted]`},
		// passwords in URLs and refs
		{`invalid ref "https://user:MARK8@host/repo": invalid reference format`, `invalid ref "https://user:[redacted]@host/repo": invalid reference format`},
		{`ref=user:MARK9@host/repo,type=registry`, `ref=user:[redacted]@host/repo,type=registry`},
		{`see user:MARK10@host.example/x`, `see user:[redacted]@host.example/x`},
		// credential-looking words whatever their key
		{`value ghp_abcdefghijklmnopqrstuvwxyz is bad`, `value [redacted] is bad`},
		{`id AKIAABCDEFGHIJKLMNOP;`, `id [redacted];`},
		// a token glued to a key, or after one that is not a credential key
		{`ghp_0123456789abcdefghijtoken=@ghcr.io/x`, `[redacted]=[redacted]`},
		{`mode=ghp_abcdefghijklmnopqrstuvwxyz,x`, `mode=[redacted],x`},
		{`at:ghp_abcdefghijklmnopqrstuvwxyz`, `at:[redacted]`},
		// nothing to redact
		{`no type attribute`, `no type attribute`},
		{`ref=ghcr.io/a/b:cache,mode=max`, `ref=ghcr.io/a/b:cache,mode=max`},
		{`alpine:3.19@sha256:0123abcd is pinned`, `alpine:3.19@sha256:0123abcd is pinned`},
		{`ghcr.io/a/b:tag@sha256:0123`, `ghcr.io/a/b:tag@sha256:0123`},
		{`git@github.com:org/repo`, `git@github.com:org/repo`},
		{`https://github.com/a/b#x`, `https://github.com/a/b#x`},
		{`cachespec: value 0 "type=gha": unknown`, `cachespec: value 0 "type=gha": unknown`},
		{`"tokne" is not a gha attribute; did you mean "token"?`, `"tokne" is not a gha attribute; did you mean "token"?`},
		{`token=[redacted]`, `token=[redacted]`},
		{`token=`, `token=`},
		// templates are no secrets; a template and more is redacted whole
		{`token=${{ secrets.GITHUB_TOKEN }}`, `token=${{ secrets.GITHUB_TOKEN }}`},
		{`add ghtoken=${{ github.token }},mode=max`, `add ghtoken=${{ github.token }},mode=max`},
		{`token=${TOKEN} and secret_access_key=$AWS_SECRET`, `token=${TOKEN} and secret_access_key=$AWS_SECRET`},
		{`token=${{ x }}MARK11`, `token=[redacted]`},
		{`token=$T-MARK12,x`, `token=[redacted],x`},
		// prose
		{`the key: value`, `the key: value`},
		{`keys: [a, b]`, `keys: [a, b]`},
		{`password: hunter2`, `password: [redacted]`},
	}
	for _, tt := range tests {
		if got := RedactText(tt.in); got != tt.want {
			t.Errorf("RedactText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
		if again := RedactText(RedactText(tt.in)); again != RedactText(tt.in) {
			t.Errorf("RedactText is not idempotent on %q: %q", tt.in, again)
		}
	}
}

// TestPropertyRedactTextIdempotent: RedactText of its own result gives the
// result back, on text made of keys, values, tokens and separators.
func TestPropertyRedactTextIdempotent(t *testing.T) {
	parts := []string{"token=", "secret_access_key: ", "mode=", "https://u:", "@ghcr.io/x", " ", ",", ";", "ghp_0123456789abcdefghij",
		"AKIAABCDEFGHIJKLMNOP", "eyJhbGciOi.eyJzdWIi.c2ln", "=", ":", "@", "[redacted]", `"`, `\"`, "'", "${{ secrets.X }}", "$V", "value", "/"}
	rapid.Check(t, func(t *rapid.T) {
		in := strings.Join(rapid.SliceOfN(rapid.SampledFrom(parts), 0, 14).Draw(t, "parts"), "")
		once := RedactText(in)
		if again := RedactText(once); again != once {
			t.Fatalf("RedactText(%q) = %q, and again %q", in, once, again)
		}
	})
}

func TestSecretValues(t *testing.T) {
	tests := []struct {
		raw  string
		want []string
	}{
		{"type=s3,bucket=b,secret_access_key=MARK1,session_token=MARK2", []string{"MARK1", "MARK2"}},
		{"type=gha,tokne=MARK3", []string{"MARK3"}},
		{"ref=ghcr.io/a/b:cache,token=MARK4", []string{"MARK4"}},
		{"type=registry,ref=https://user:MARK5@host/repo", []string{"https://user:MARK5@host/repo", "MARK5"}},
		{"type=registry,ref=user:MARK6@host/repo", []string{"user:MARK6@host/repo", "MARK6"}},
		{`{"type":"s3","secret_access_key":"MARK7","bucket":"b"}`, []string{"MARK7"}},
		{`[{"type":"gha","token":"MARK8"}]`, []string{"MARK8"}},
		{`type=gha,token="MARK9`, []string{"MARK9"}}, // not CSV: the parts
		{"type=gha,token=${{ secrets.GITHUB_TOKEN }},scope=x", nil},
		{"type=s3,secret_access_key=${AWS_SECRET},access_key_id=$AKID", nil},
		{"type=gha,token=", nil},
		{"type=gha,scope=main,mode=max", nil},
	}
	for _, tt := range tests {
		got := SecretValues(tt.raw)
		if !slices.Equal(got, tt.want) {
			t.Errorf("SecretValues(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// TestRedactTextProperty: a marker secret written after any secret key,
// in CSV, JSON or YAML form, inside any text, never survives RedactText,
// and the text around it does.
func TestRedactTextProperty(t *testing.T) {
	keys := append(slices.Clone(misspeltSecretKeys), "token", "secret_access_key", "session_token", "account_key", "sas_token")
	rapid.Check(t, func(t *rapid.T) {
		key := rapid.SampledFrom(keys).Draw(t, "key")
		secret := "MARK" + rapid.StringMatching(`[A-Za-z0-9+/_.~-]{1,12}`).Draw(t, "secret")
		before := rapid.StringMatching(`[a-z .:]{0,12}`).Draw(t, "before")
		after := rapid.StringMatching(`[a-z ]{0,12}`).Draw(t, "after")
		var pair string
		switch rapid.IntRange(0, 4).Draw(t, "form") {
		case 0:
			pair = key + "=" + secret
		case 1:
			pair = `"type=gha,` + key + "=" + secret + `"`
		case 2:
			pair = `"` + key + `": "` + secret + `"`
		case 3:
			pair = key + ": " + secret
		case 4:
			secret = strings.ReplaceAll(secret, "/", "") // a / ends the authority
			pair = "https://u:" + secret + "@host/x"
		}
		in := before + " " + pair + " " + after
		out := RedactText(in)
		if strings.Contains(out, secret) {
			t.Fatalf("RedactText(%q) = %q holds the secret", in, out)
		}
		if !strings.HasPrefix(out, before) || !strings.HasSuffix(out, after) {
			t.Fatalf("RedactText(%q) = %q lost the text around the secret", in, out)
		}
		if RedactText(out) != out {
			t.Fatalf("not idempotent: %q", out)
		}
	})
}

// TestSecretValuesFindEntrySecrets: every marker secret of an entry, as
// its canonical form writes it, is among SecretValues of that form.
func TestSecretValuesFindEntrySecrets(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		e := genSecretEntry().Draw(t, "entry")
		raw := Format(e)
		got := SecretValues(raw)
		for _, m := range markers(e) {
			found := false
			for _, s := range got {
				if strings.Contains(s, m) {
					found = true
				}
			}
			if !found {
				t.Fatalf("SecretValues(%q) = %q misses %q", raw, got, m)
			}
		}
	})
}

func FuzzRedactText(f *testing.F) {
	for _, s := range []string{"token=abc", `"secret_access_key": "x"`, "https://u:p@h/x", "u:p@h/x", "ghp_abcdefghijklmnopqrstuvwxyz", "a=b:c@d/e,token=\"x", "ghp_0123456789abcdefghijtoken=@ghcr.io/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := RedactText(s)
		if RedactText(out) != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, RedactText(out))
		}
		if !strings.Contains(out, Redacted) && out != s {
			t.Fatalf("changed without redacting: %q -> %q", s, out)
		}
	})
}

// The invalid-ref refusal of a ref with user:password@ never prints the
// password: not in the error, not in its diagnostic, not in its fix.
func TestInvalidRefRedactsPassword(t *testing.T) {
	for _, v := range []string{"type=registry,ref=https://user:MARKPASS@host/repo", "type=registry,ref=user:MARKPASS@host/repo", "ref=user:MARKPASS@host/repo"} {
		_, err := Parse(v)
		if err == nil {
			t.Fatalf("Parse(%q) accepted it", v)
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("Parse(%q): %T", v, err)
		}
		d := pe.Diagnostic()
		for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), pe.Input, d.Message, d.Fix().Message, d.String()} {
			if strings.Contains(s, "MARKPASS") {
				t.Errorf("Parse(%q): %q holds the password", v, s)
			}
		}
	}
}

// FieldSpans agrees with FieldSpan on every key.
func TestFieldSpansAgree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringOfN(rapid.SampledFrom([]rune(`ab=,"Tt `)), 0, 24, -1).Draw(t, "s")
		spans := FieldSpans(s)
		for _, k := range []string{"a", "b", "ab", "t", "tt", "", " a", "ba"} {
			off, n, ok := FieldSpan(s, k)
			sp, found := spans[k]
			if spans == nil {
				found = false
			}
			if ok != found || ok && (sp[0] != off || sp[1] != n) {
				t.Fatalf("%q key %q: FieldSpan %d,%d,%v; FieldSpans %v,%v", s, k, off, n, ok, sp, found)
			}
		}
	})
}

// A quoted field holding what reads as more pairs is redacted when it
// mentions a credential (found by TestPropertyNoLeak with
// -rapid.seed=808058354778133514).
func TestRedactQuotedFieldWithPairs(t *testing.T) {
	v := `type=s3,region=,,bucket=,",endpoint_url=,session_token=MARKQUOTED,x"`
	if got := Redact(v); strings.Contains(got, "MARKQUOTED") {
		t.Errorf("Redact = %q", got)
	}
	_, err := Parse(v)
	if err == nil || strings.Contains(err.Error(), "MARKQUOTED") {
		t.Errorf("Parse: %v", err)
	}
	if got := Redact(`type=gha,"scope=a,b"`); got != `type=gha,"scope=a,b"` {
		t.Errorf("a quoted field without credentials: %q", got)
	}
}

// redactMessages are messages as the linter makes them: places, refs,
// positions, no secret.
var redactMessages = []string{
	`gha cache scope "bake463" is also written by build (linux/amd64): Bake; the last export wins and the other builds find a cache that does not match`,
	`no build in the repository exports the registry cache ghcr.io/acme/docs767:cache this cache-from reads, so it never finds a cache and every run builds from scratch; the nearest export is the registry cache ghcr.io/acme/tool0:buildcache, cache-to of build (linux/amd64): buildx build (.github/workflows/build-0000.yml:57:24)`,
	`this registry cache export also runs for pull_request; from a fork the token is read-only, so the export is denied (403) and fails the build`,
	`skip cache-to on pull requests from forks (keep cache-from), or add ignore-error=true`,
	`type=gha,scope=app1-linux/amd64,mode=max`,
}

// BenchmarkRedactText redacts messages that hold no secret, what most of a
// run's messages are.
func BenchmarkRedactText(b *testing.B) {
	n := 0
	for _, m := range redactMessages {
		n += len(m)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range redactMessages {
			RedactText(m)
		}
	}
}
