package envmap

import (
	"maps"
	"testing"
)

func TestFor(t *testing.T) {
	env := map[string]string{
		"TAG": "v1", "REGISTRY": "ghcr.io/acme", "CACHE_JSON": `["type=gha"]`, "my-var": "dashed",
		"ÉTÉ": "unicode", "COMPOSE_PROJECT_NAME": "shop", "UNUSED": "x", "S": "short",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	text := []byte(`variable "CACHE" {}
variable "my-var" {}
variable "ÉTÉ" {}
target "a" { tags = ["${REGISTRY}/a:${TAG}"] }
# compose: image: x:$S
`)
	got := For(lookup, text)
	want := map[string]string{
		"TAG": "v1", "REGISTRY": "ghcr.io/acme", "CACHE_JSON": `["type=gha"]`, "my-var": "dashed",
		"ÉTÉ": "unicode", "COMPOSE_PROJECT_NAME": "shop", "S": "short",
	}
	if !maps.Equal(got, want) {
		t.Errorf("For = %v\nwant  %v", got, want)
	}
	if got := For(nil, text); len(got) != 0 {
		t.Errorf("For(nil) = %v", got)
	}
	if got := For(lookup); !maps.Equal(got, map[string]string{"COMPOSE_PROJECT_NAME": "shop"}) {
		t.Errorf("For without texts = %v", got)
	}
}

func TestLookup(t *testing.T) {
	if v, ok := Lookup(nil, "X"); ok || v != "" {
		t.Errorf("Lookup(nil) = %q, %v", v, ok)
	}
	env := func(k string) (string, bool) { return "v" + k, k == "X" }
	if v, ok := Lookup(env, "X"); !ok || v != "vX" {
		t.Errorf("Lookup = %q, %v", v, ok)
	}
}
