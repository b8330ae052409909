package validate

import (
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
)

// parseRules are the rules of the parser's refusals.
var parseRules = map[string]bool{"InvalidCacheMode": true}

func init() {
	for _, k := range []*cachespec.Kind{
		cachespec.ErrTooLong, cachespec.ErrInvalidText, cachespec.ErrSyntax, cachespec.ErrMissingType,
		cachespec.ErrUnknownType, cachespec.ErrDuplicateKey, cachespec.ErrKeyWhitespace,
		cachespec.ErrAmbiguousShorthand, cachespec.ErrInvalidRef, cachespec.ErrInvalidValue,
	} {
		parseRules[k.Rule()] = true
	}
}

// needsChoice are the words of a fix that needs a choice or a value only
// the user knows (as in package cachespec's test of the parser's fixes).
var needsChoice = []string{"<", " or ", "such as", "a valid", "one of", "must be at least", "use a level", "shorten", "check it after", "give each", "write it once", "quote a whole", "as UTF-8", "key=value"}

// TestEveryRuleFixApplies runs every rule's Bad example and every
// mechanical fix case through Check: each fix with edits applies to the
// raw value it concerns (Fix.Apply), its Fixed is that value, and the
// value it makes no longer gets the finding from the same rule on the same
// attribute; each parse-level fix without edits says why it needs a
// choice. The same edits are what the CLI's --fix applies.
func TestEveryRuleFixApplies(t *testing.T) {
	t.Parallel()
	type example struct {
		name   string
		b      Build
		others []Build
	}
	var examples []example
	for _, r := range Rules() {
		if r.Scope != ScopeFile {
			examples = append(examples, example{r.Name, r.Bad, r.Others})
		}
	}
	for _, c := range fixCases {
		examples = append(examples, example{c.rule + "/" + c.raw, c.build.with(c.dir, c.raw), nil})
	}
	applied := map[string]bool{}
	for _, ex := range examples {
		for _, d := range check(ex.b, ex.others) {
			if d.Index < 0 || d.Direction == cachespec.DirectionUnknown {
				continue // about the build, not a value
			}
			vals := ex.b.CacheFrom
			if d.Direction == cachespec.DirectionExport {
				vals = ex.b.CacheTo
			}
			if d.Index >= len(vals) {
				continue // a typed entry
			}
			raw := vals[d.Index]
			f := d.Fix()
			if len(f.Edits) == 0 {
				if parseRules[d.Rule] && !containsAny(f.Message, needsChoice) {
					t.Errorf("%s: %s fix %q names its text but has no edit", ex.name, d.Rule, f.Message)
				}
				continue
			}
			got, ok := f.Apply(raw)
			if !ok || got == raw {
				t.Errorf("%s: %s fix %+v does not apply to %q", ex.name, d.Rule, f, raw)
				continue
			}
			if !strings.Contains(got, "\n") && f.Fixed != got {
				t.Errorf("%s: %s Fixed %q, Apply %q", ex.name, d.Rule, f.Fixed, got)
			}
			b := ex.b
			fixed := append([]string(nil), vals...)
			fixed = append(fixed[:d.Index], append(strings.Split(got, "\n"), fixed[d.Index+1:]...)...)
			if d.Direction == cachespec.DirectionExport {
				b.CacheTo = fixed
			} else {
				b.CacheFrom = fixed
			}
			for _, again := range check(b, ex.others) {
				if again.Rule == d.Rule && again.Direction == d.Direction && again.Index == d.Index && again.Attr == d.Attr {
					t.Errorf("%s: after %s's fix, %q still gets it: %v", ex.name, d.Rule, got, again)
				}
			}
			applied[d.Rule] = true
		}
	}
	for _, r := range Rules() {
		if r.Scope != ScopeFile && r.HasMechanicalFix() && !applied[r.Name] {
			t.Errorf("%s has a mechanical fix, applied by no example", r.Name)
		}
	}
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// TestNoRenameOfCredentialKey: an unknown key that names a credential is
// not taken for a near miss of an attribute that is not a secret, and no
// fix renames it to one, so that no Fixed shows the credential.
func TestNoRenameOfCredentialKey(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"type=local,dest=/c,sas=SECRET123", "type=local,src=/c,pwd=SECRET123", "type=gha,tokne=SECRET123"} {
		for _, d := range Check(Build{CacheTo: []string{raw}, CacheFrom: []string{raw}}) {
			if strings.Contains(d.Fix().Fixed, "SECRET123") || strings.Contains(d.String(), "SECRET123") {
				t.Errorf("%q: %s shows the secret: %+v", raw, d.Rule, d)
			}
			if got, ok := d.Fix().Apply(raw); ok && strings.Contains(got, "SECRET123") && !secretKey(got[strings.LastIndex(got, ",")+1:strings.LastIndex(got, "=")]) {
				t.Errorf("%q: %s renames the credential's key: %q", raw, d.Rule, got)
			}
		}
	}
	if !secretKey("tokne") || !secretKey("sas") || secretKey("src") {
		t.Errorf("secretKey")
	}
}

// TestJSONValueFix: a JSON object value's mechanical fix is placed in the
// raw value (leading white space included) and its Fixed is redacted.
func TestJSONValueFix(t *testing.T) {
	t.Parallel()
	raw := `  {"type":"s3","secret_access_key":"SECRET123","region":"r","bucket":"b","mode":"maxx"}`
	d := fired(Check(Build{CacheTo: []string{raw}}), "InvalidCacheMode")
	if d == nil {
		t.Fatalf("no InvalidCacheMode for %s", raw)
	}
	got, ok := d.Fix().Apply(raw)
	if !ok || got != strings.Replace(raw, `"maxx"`, `"max"`, 1) {
		t.Errorf("fix gives %q, %v", got, ok)
	}
	if strings.Contains(d.Fix().Fixed, "SECRET123") || !strings.Contains(d.Fix().Fixed, `"mode":"max"`) {
		t.Errorf("Fixed = %q, want the fixed object, redacted", d.Fix().Fixed)
	}
}
