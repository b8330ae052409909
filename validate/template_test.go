package validate

import (
	"slices"
	"testing"
)

// TestOtherTemplateLanguages: the {{ }} of Go templates, Helm, ACR tasks
// and Jinja are templates, as ${VAR} is; in a GitHub workflow, where they
// are literal, ExpressionWithoutDollar names the missing $.
func TestOtherTemplateLanguages(t *testing.T) {
	gh := CI{Provider: githubActions}
	tests := []struct {
		name  string
		b     Build
		rules []string // the rules reported, sorted
	}{
		{"helm ref", Build{CacheTo: []string{"type=registry,ref={{ .Values.registry }}/app:cache,mode=max"}}, nil},
		{"helm whole value", Build{CacheFrom: []string{"{{ .Values.cacheFrom }}"}}, nil},
		{"acr task", Build{CacheFrom: []string{"type=registry,ref={{.Run.Registry}}/app:cache"}}, nil},
		{"jinja", Build{CacheTo: []string{"type=registry,ref={{ registry }}/app:{{ tag }},mode=max"}}, nil},
		{"jinja statement", Build{CacheTo: []string{"type=gha,scope={% if x %}a{% endif %}"}}, nil},
		{"json form", Build{CacheTo: []string{`{"type":"registry","ref":"{{ .Values.registry }}/app:cache"}`}}, nil},
		{"no collision on a template scope", Build{CacheTo: []string{"type=gha,scope={{ .Values.scope }},mode=min"}}, nil},
		{"github: ref", Build{CacheTo: []string{"type=registry,ref=ghcr.io/{{ github.repository }}:cache"}, CI: gh}, []string{"ExpressionWithoutDollar"}},
		{"github: bare ref", Build{CacheFrom: []string{"ghcr.io/{{ github.repository }}:cache"}, CI: gh}, []string{"ExpressionWithoutDollar"}},
		{"github: scope", Build{CacheTo: []string{"type=gha,scope={{ github.ref_name }}"}, CI: gh}, []string{"ExpressionWithoutDollar"}},
		{"github: an expression", Build{CacheTo: []string{"type=registry,ref=ghcr.io/${{ github.repository_owner }}/app:cache"}, CI: gh}, []string{"CacheRefFromRepositoryExpression"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range Check(tt.b) {
				if d.Severity >= SeverityWarning {
					got = append(got, d.Rule)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.rules) {
				t.Errorf("rules %q, want %q\n%v", got, tt.rules, Check(tt.b))
			}
		})
	}
}

// TestExpressionWithoutDollarMessage: the message names the missing $, an
// error in a ref, and the fix inserts it.
func TestExpressionWithoutDollarMessage(t *testing.T) {
	raw := "type=registry,ref=ghcr.io/{{ github.repository }}:cache"
	ds := Check(Build{CacheTo: []string{raw}, CI: CI{Provider: githubActions}})
	if len(ds) != 1 {
		t.Fatalf("diagnostics %v", ds)
	}
	d := ds[0]
	if d.Severity != SeverityError || d.Offset != 26 || d.Len != len("{{ github.repository }}") {
		t.Errorf("diagnostic %+v", d)
	}
	if fixed, ok := d.Fix().Apply(raw); !ok || fixed != "type=registry,ref=ghcr.io/${{ github.repository }}:cache" {
		t.Errorf("fix %q %v", fixed, ok)
	}
	if ds := Check(Build{CacheTo: []string{"type=gha,scope={{ github.ref_name }}"}, CI: CI{Provider: githubActions}}); len(ds) != 1 || ds[0].Severity != SeverityWarning {
		t.Errorf("in a scope: %v", ds)
	}
}

// TestJSONFormWithTemplates: the JSON object form of an entry with
// interpolations (bake's object form, read back) is parsed with its
// templates understood: no InvalidCacheSyntax, and templates in a field
// are unknown to the cross-build rules.
func TestJSONFormWithTemplates(t *testing.T) {
	tests := []struct {
		name  string
		vals  []string
		rules []string
	}{
		{"registry", []string{`{"type":"registry","ref":"${REGISTRY}/app:cache","mode":"max"}`}, nil},
		{"github expression", []string{`{"type": "gha", "scope": "${{ github.ref_name }}"}`}, nil},
		{"spaced", []string{` {"type":"registry","ref":"${REGISTRY}/app:cache"}`}, nil},
		{"a real mistake still found", []string{`{"type":"gha","scope":"${S}","mode":"maximum"}`}, []string{"InvalidCacheMode"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range Check(Build{CacheTo: tt.vals}) {
				got = append(got, d.Rule)
			}
			if !slices.Equal(got, tt.rules) {
				t.Errorf("rules %q, want %q: %v", got, tt.rules, Check(Build{CacheTo: tt.vals}))
			}
		})
	}
	// two builds writing scopes from different variables do not collide
	ds := CheckAll([]Build{
		{Name: "a", CacheTo: []string{`{"type":"gha","scope":"${A}"}`}},
		{Name: "b", CacheTo: []string{`{"type":"gha","scope":"${B}"}`}},
	})
	if len(ds) != 0 {
		t.Errorf("collision on templates: %v", ds)
	}
}
