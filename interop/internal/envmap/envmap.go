// Package envmap gives loaders that take their environment as a map
// (Buildx's bake loader, compose-go) the part of a lookup function they can
// ask for.
//
// The readers take the environment as a cachespec.Env, a lookup function;
// bake.ParseFiles and compose-go's ConfigDetails take a map. A loader only
// asks for variables whose names are written in the files it reads (an
// HCL variable block's label, a ${VAR} or $VAR of compose interpolation, a
// build arg without a value), and for a few names of its own (a bake
// variable's NAME_JSON override, COMPOSE_PROJECT_NAME). [For] asks the
// lookup for each of those names and returns the map of the ones it knows,
// which gives the loader the same answers as the lookup would.
package envmap

import (
	"regexp"

	"github.com/buildxcache/buildxcache/cachespec"
)

// Names the loaders ask for whatever the files say.
var always = []string{"COMPOSE_PROJECT_NAME"}

// jsonSuffix is the suffix of a bake variable's JSON override.
const jsonSuffix = "_JSON"

// words match the names a file can refer to: shell and compose variable
// names, and HCL identifiers, which may hold dashes and letters of any
// script.
var (
	shellName = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	hclName   = regexp.MustCompile(`[\p{L}_][\p{L}\p{N}_-]*`)
)

// For returns the variables of env that a loader reading texts may ask
// for: every name written in the texts, the name with "_JSON" appended,
// and COMPOSE_PROJECT_NAME. A nil env gives an empty map.
func For(env cachespec.Env, texts ...[]byte) map[string]string {
	out := map[string]string{}
	if env == nil {
		return out
	}
	seen := map[string]bool{}
	ask := func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		if v, ok := env(name); ok {
			out[name] = v
		}
	}
	for _, n := range always {
		ask(n)
	}
	for _, t := range texts {
		for _, re := range []*regexp.Regexp{shellName, hclName} {
			for _, w := range re.FindAll(t, -1) {
				ask(string(w))
				ask(string(w) + jsonSuffix)
			}
		}
	}
	return out
}

// Lookup returns env's value of name; a nil env knows no variable.
func Lookup(env cachespec.Env, name string) (string, bool) {
	if env == nil {
		return "", false
	}
	return env(name)
}
