package validate

import (
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
)

// check checks b alone, or together with others, and returns b's
// diagnostics.
func check(b Build, others []Build) Diagnostics {
	var opts Options // with every opt-in rule enabled
	for _, r := range Rules() {
		if r.OptIn {
			opts.Enable = append(opts.Enable, r.Name)
		}
	}
	if len(others) == 0 {
		return opts.Check(b)
	}
	var out Diagnostics
	for _, d := range opts.CheckAll(append([]Build{b}, others...)) {
		if d.Build == 0 {
			out = append(out, d)
		}
	}
	return out
}

// checkRepo checks b with others as a whole repository and returns b's
// diagnostics.
func checkRepo(b Build, others []Build) Diagnostics {
	var out Diagnostics
	for _, d := range (Options{Enable: optIns()}).CheckRepository(append([]Build{b}, others...), true) {
		if d.Build == 0 {
			out = append(out, d)
		}
	}
	return out
}

// optIns names every opt-in rule.
func optIns() []string {
	var out []string
	for _, r := range Rules() {
		if r.OptIn {
			out = append(out, r.Name)
		}
	}
	return out
}

func fired(ds Diagnostics, rule string) *Diagnostic {
	for i := range ds {
		if ds[i].Rule == rule {
			return &ds[i]
		}
	}
	return nil
}

// TestRuleExamples checks every rule from the registry itself: its Bad
// example fires it, its Good example does not, and the Good example has no
// error at all.
func TestRuleExamples(t *testing.T) {
	t.Parallel()
	for _, r := range Rules() {
		t.Run(r.Name, func(t *testing.T) {
			if r.Summary == "" || r.Explanation == "" || r.Backing == "" || r.Code == "" || r.Severity == SeverityInvalid {
				t.Errorf("rule %s is not fully documented", r.Name)
			}
			if r.Scope == ScopeFile {
				// the readers report file rules; interop/lint's tests run
				// these examples through them
				if r.FileName == "" || r.BadFile == "" || r.GoodFile == "" || r.BadFile == r.GoodFile {
					t.Errorf("file rule %s has no example files", r.Name)
				}
				return
			}
			bad, good := check(r.Bad, r.Others), check(r.Good, r.Others)
			if r.Scope == ScopeRepository {
				bad = append(bad, checkRepo(r.Bad, r.Others)...)
				good = append(good, checkRepo(r.Good, r.Others)...)
			}
			d := fired(bad, r.Name)
			if d == nil {
				t.Fatalf("Bad example does not fire %s: %v", r.Name, bad)
			}
			if d.Message == "" || d.Fix().Message == "" || strings.ContainsAny(d.Message, "\n") {
				t.Errorf("diagnostic %v: want a one-line message and a fix", d)
			}
			if d.Severity != r.Severity && r.Name != "UnknownCacheAttribute" {
				t.Errorf("Bad example fires %s at %v, want %v", r.Name, d.Severity, r.Severity)
			}
			if fired(good, r.Name) != nil {
				t.Errorf("Good example fires %s: %v", r.Name, good)
			}
			if good.HasErrors() {
				t.Errorf("Good example has errors: %v", good)
			}
		})
	}
}

// TestParseRulesRegistered checks that every rule name a parse error can
// carry is in the registry.
func TestParseRulesRegistered(t *testing.T) {
	t.Parallel()
	kinds := []*cachespec.Kind{
		cachespec.ErrTooLong, cachespec.ErrInvalidText, cachespec.ErrSyntax, cachespec.ErrMissingType,
		cachespec.ErrUnknownType, cachespec.ErrDuplicateKey, cachespec.ErrKeyWhitespace,
		cachespec.ErrAmbiguousShorthand, cachespec.ErrInvalidRef, cachespec.ErrInvalidValue,
	}
	for _, k := range kinds {
		if _, ok := Lookup(k.Rule()); !ok {
			t.Errorf("parse rule %s is not in the registry", k.Rule())
		}
	}
	if _, ok := Lookup("InvalidCacheMode"); !ok {
		t.Errorf("InvalidCacheMode is not in the registry")
	}
}

// TestSeeds checks the cases that motivate the project, with their exact
// values.
func TestSeeds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		b    Build
		rule string
		sev  Severity
	}{
		{"inline as a bare value", Build{CacheTo: []string{"inline"}, Tags: []string{"ghcr.io/effigies/buildx-repro:main"}, Push: ptr(true)}, "KeywordAsCacheRef", SeverityError},
		{"cache ref is the image tag", Build{Tags: []string{"ghcr.io/org/repo:test"}, CacheTo: []string{"type=registry,ref=ghcr.io/org/repo:test"}}, "CacheRefIsImageTag", SeverityError},
		{"two local sources on one line", Build{CacheFrom: []string{"type=local,mode=max,src=/path/to/cache/amd64,type=local,mode=max,src=/path/to/cache/arm64"}}, "DuplicateCacheAttribute", SeverityError},
		{"local: is not a registry", Build{CacheTo: []string{"type=registry,ref=local:///cache"}}, "InvalidCacheRef", SeverityError},
	}
	for _, tt := range tests {
		ds := Check(tt.b)
		d := fired(ds, tt.rule)
		if d == nil || d.Severity != tt.sev {
			t.Errorf("%s: want %s at %v, got %v", tt.name, tt.rule, tt.sev, ds)
		}
	}
	// The joined line: the fix names both values.
	ds := Check(Build{CacheFrom: []string{"type=local,mode=max,src=/path/to/cache/amd64,type=local,mode=max,src=/path/to/cache/arm64"}})
	if d := fired(ds, "DuplicateCacheAttribute"); d == nil || !strings.Contains(d.Fix().Message, `"type=local,mode=max,src=/path/to/cache/amd64" and "type=local,mode=max,src=/path/to/cache/arm64"`) || d.Offset != 45 {
		t.Errorf("joined line: %+v", ds)
	}
}

func TestTemplates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw   string
		rules []string // rules that must fire; nil: nothing of error severity
	}{
		{"type=registry,ref=ghcr.io/${{ github.repository }}:cache,mode=max", nil},
		{"${{ steps.cache.outputs.cache-to }}", nil},
		{"${{ github.event_name != 'pull_request' && format('type=registry,ref={0},mode=max', env.X) || '' }}", nil},
		{"type=gha,scope=${{ matrix.platform }},mode=max", nil},
		{"type=gha,scope=$(IMAGE),mode=${MODE}", nil},
		{"type=gha,scope=$SCOPE, mode=max", []string{"WhitespaceAroundCacheKey"}},
		{"type=registry,ref=${{ env.A }},ref=${{ env.B }}", []string{"DuplicateCacheAttribute"}},
		{"type=registry,ref=${{ env.IMAGE }}:cache,mode=maxx", []string{"InvalidCacheMode"}},
		{"type=regsitry,ref=${IMAGE}", []string{"UnknownCacheType"}},
	}
	for _, tt := range tests {
		ds := Check(Build{CacheTo: []string{tt.raw}})
		if tt.rules == nil {
			if ds.HasErrors() {
				t.Errorf("%q: %v", tt.raw, ds)
			}
			continue
		}
		for _, r := range tt.rules {
			if d := fired(ds, r); d == nil {
				t.Errorf("%q: %s did not fire: %v", tt.raw, r, ds)
			} else if d.Offset > len(tt.raw) {
				t.Errorf("%q: offset %d", tt.raw, d.Offset)
			}
		}
	}
	ds := Check(Build{CacheTo: []string{"type=gha,scope=${{ x }}, mode=max"}})
	if d := fired(ds, "WhitespaceAroundCacheKey"); d == nil || d.Offset != 24 {
		t.Errorf("offset not mapped back to the raw value: %+v", ds)
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	b := Build{CacheTo: []string{"type=inline,mode=max", "type=gha,mode=maxx"}}
	ds := Options{Disable: []string{"InvalidCacheMode"}, Severity: map[string]Severity{"InlineIgnoresAttributes": SeverityError}}.Check(b)
	if fired(ds, "InvalidCacheMode") != nil {
		t.Errorf("disabled rule reported: %v", ds)
	}
	if d := fired(ds, "InlineIgnoresAttributes"); d == nil || d.Severity != SeverityError {
		t.Errorf("severity override: %v", ds)
	}
	if err := ds.Err(); err == nil || !strings.Contains(err.Error(), "InlineIgnoresAttributes") {
		t.Errorf("Err() = %v", err)
	}
	if (Diagnostics{}).Err() != nil {
		t.Errorf("empty Err is not nil")
	}
}

func TestSeverity(t *testing.T) {
	t.Parallel()
	for _, s := range []Severity{SeverityInfo, SeverityWarning, SeverityError} {
		got, err := ParseSeverity(s.String())
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil || SeverityInvalid.String() != "invalid" {
		t.Errorf("invalid severity accepted")
	}
	if !(SeverityInfo < SeverityWarning && SeverityWarning < SeverityError) {
		t.Errorf("severities are not ordered")
	}
}

func TestGHATokenWithEnv(t *testing.T) {
	t.Parallel()
	none := func(string) (string, bool) { return "", false }
	full := func(k string) (string, bool) {
		switch k {
		case "ACTIONS_RUNTIME_TOKEN":
			return "t", true
		case "ACTIONS_RESULTS_URL":
			return "https://results.invalid/", true
		}
		return "", false
	}
	b := Build{CacheTo: []string{"type=gha,scope=a"}, Env: none}
	if d := fired(Check(b), "GHAWithoutRuntimeToken"); d == nil || d.Severity != SeverityError {
		t.Errorf("no runtime in the environment: %v", Check(b))
	}
	b.Env = full
	if d := fired(Check(b), "GHAWithoutRuntimeToken"); d != nil {
		t.Errorf("runtime in the environment: %v", d)
	}
	b = Build{CacheTo: []string{"type=gha,scope=a"}, CI: CI{Provider: "gitlab-ci"}}
	if d := fired(Check(b), "GHAWithoutRuntimeToken"); d == nil || d.Severity != SeverityError {
		t.Errorf("gha outside GitHub Actions: %v", Check(b))
	}
	b = Build{CacheTo: []string{"type=gha,scope=a"}, CI: CI{Provider: githubActions}, Step: StepRun, Env: nil}
	b.CI.RuntimeExposed = ptr(true)
	if d := fired(Check(b), "GHAWithoutRuntimeToken"); d != nil {
		t.Errorf("runtime exposed to run: steps: %v", d)
	}
	// an explicit empty token= is never filled in from the environment
	// (interop/e2e TestE2EGHABuildxDrop)
	for _, b := range []Build{
		{CacheTo: []string{"type=gha,scope=a,token="}, CI: CI{Provider: githubActions}, Step: StepAction},
		{CacheFrom: []string{"type=gha,scope=a,token="}},
		{CacheTo: []string{"type=gha,scope=a,token="}, Env: full},
	} {
		if d := fired(Check(b), "GHAWithoutRuntimeToken"); d == nil || d.Severity != SeverityError {
			t.Errorf("empty token= in %+v: %v", b, Check(b))
		}
	}
	b = Build{CacheTo: []string{"type=gha,scope=a,token=${{ secrets.T }}"}, CI: CI{Provider: githubActions}, Step: StepAction}
	if d := fired(Check(b), "GHAWithoutRuntimeToken"); d != nil {
		t.Errorf("token from an expression: %v", d)
	}
}

// TestGHAHostAct: act serves the v1 cache API and mints a JWT runtime
// token (interop/e2e runs BuildKit against its server), so it is not a
// host without the cache service; Gitea and Forgejo still are.
func TestGHAHostAct(t *testing.T) {
	t.Parallel()
	for provider, want := range map[string]bool{"act": false, "gitea-actions": true, "forgejo-actions": true, githubActions: false} {
		b := Build{CacheTo: []string{"type=gha,scope=a"}, CI: CI{Provider: provider}}
		if got := fired(Check(b), "GHAUnsupportedHost") != nil; got != want {
			t.Errorf("%s: GHAUnsupportedHost fired = %v, want %v", provider, got, want)
		}
	}
}

func TestFixApply(t *testing.T) {
	raw := "type=inline,mode=max"
	ds := Check(Build{CacheTo: []string{raw}, Push: ptr(true), Tags: []string{"app"}})
	var fixed string
	for _, d := range ds {
		if d.Rule == "InlineIgnoresAttributes" {
			var ok bool
			if fixed, ok = d.Fix().Apply(raw); !ok {
				t.Fatalf("fix %+v does not apply", d.Fix())
			}
		}
	}
	if fixed != "type=inline" {
		t.Errorf("fixed = %q", fixed)
	}
	secret := "type=gha,token=ghs_abcdefghijklmnopqrstuvwxyz0123456789, mode=max"
	f := replace("remove the space", strings.Index(secret, " mode"), 1, "")
	got, ok := FixedValue(f, secret)
	if !ok || strings.Contains(got, "ghs_") || !strings.Contains(got, ",mode=max") {
		t.Errorf("Apply on a value with a token = %q, %v: the token must be redacted", got, ok)
	}
	if exact, ok := f.Apply(secret); !ok || !strings.Contains(exact, "ghs_") || !strings.Contains(exact, ",mode=max") {
		t.Errorf("Apply = %q, %v: want the exact corrected value", exact, ok)
	}
	for _, bad := range []Fix{{Message: "x"}, replace("x", 5, 100, ""), replace("x", -1, 0, "")} {
		if _, ok := bad.Apply(raw); ok {
			t.Errorf("%+v applied", bad)
		}
	}
}

func TestOptInRulesAreOff(t *testing.T) {
	b := Build{CacheFrom: []string{"type=local,src=/var/cache/buildx"}}
	if d := fired(Check(b), "CacheSourceMayNotExist"); d != nil {
		t.Errorf("opt-in rule reported without Enable: %v", d)
	}
	if d := fired(Options{Enable: []string{"CacheSourceMayNotExist"}}.Check(b), "CacheSourceMayNotExist"); d == nil {
		t.Error("opt-in rule not reported with Enable")
	}
}
