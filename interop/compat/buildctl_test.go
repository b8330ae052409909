package compat

import (
	"errors"
	"maps"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/moby/buildkit/client"
	"github.com/moby/buildkit/cmd/buildctl/build"
	"pgregory.net/rapid"
)

// compareBuildctl runs one value through buildctl's ParseImportCache and
// ParseExportCache and cachespec.ParseBuildctl. buildctl adds mode=min to
// every export that lacks a mode, and fills gha token and url from the
// environment (set in the test so that gha entries parse).
func compareBuildctl(t interface {
	Helper()
	Fatalf(string, ...any)
}, value string) {
	t.Helper()
	ours, err := cachespec.ParseBuildctl(value)
	for _, dir := range []string{"import", "export"} {
		var theirs []client.CacheOptionsEntry
		var berr error
		if dir == "import" {
			theirs, berr = build.ParseImportCache([]string{value})
		} else {
			theirs, berr = build.ParseExportCache([]string{value})
		}
		switch {
		case err == nil && berr != nil:
			t.Fatalf("%q: cachespec accepts, buildctl %s refuses: %v", value, dir, berr)
		case err != nil && berr != nil:
			continue
		case err != nil:
			var pe *cachespec.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%q: %T is not a *ParseError", value, err)
			}
			if !reasons(value, buildflagsOf(theirs))[pe.Kind] {
				t.Fatalf("%q: buildctl %s accepts it as %v; cachespec refuses it (%v) for a reason the documented rules do not confirm", value, dir, theirs, err)
			}
			noteDivergence(pe.Kind, value)
			continue
		}
		if len(theirs) != 1 {
			t.Fatalf("%q: buildctl %s gives %d entries", value, dir, len(theirs))
		}
		want := maps.Clone(ours.Attrs())
		if dir == "export" {
			if _, ok := want["mode"]; !ok {
				want["mode"] = "min"
			}
		}
		if ours.Type() == cachespec.TypeGHA {
			for _, k := range []string{"token", "url"} {
				if _, ok := want[k]; !ok {
					want[k] = theirs[0].Attrs[k]
				}
			}
		}
		if theirs[0].Type != ours.Type().String() || !maps.Equal(theirs[0].Attrs, want) {
			t.Fatalf("%q: buildctl %s gives %s %v, cachespec %s %v", value, dir, theirs[0].Type, theirs[0].Attrs, ours.Type(), want)
		}
	}
}

var buildctlValues = []string{
	"user/app:cache", "a,b", "TYPE=registry,ref=x", "mode=max,ref=user/app", "inline", "",
	"type=registry,ref=ghcr.io/a/b:c,mode=max", "type=local,src=/c", "type=local,dest=/c,mode=max",
	"type=gha,scope=x", "type=gha,scope=x,scope=y", "type=inline", "type=s3,region=r,bucket=b",
	"type=azblob,account_url=https://a.blob.core.windows.net", "type=regsitry,ref=x", "type=gha, mode=max",
	"ghcr.io/Org/App:cache", "type=local,dest=/tmp/foo",
}

func setGHAEnv(t *testing.T) {
	t.Setenv("ACTIONS_RUNTIME_TOKEN", "test-token")
	t.Setenv("ACTIONS_CACHE_URL", "https://cache.invalid/")
	t.Setenv("ACTIONS_CACHE_SERVICE_V2", "")
	t.Setenv("ACTIONS_RESULTS_URL", "")
}

func TestBuildctl(t *testing.T) {
	setGHAEnv(t)
	for _, v := range buildctlValues {
		compareBuildctl(t, v)
	}
	for _, v := range handValues {
		compareBuildctl(t, v)
	}
}

func TestBuildctlGenerated(t *testing.T) {
	setGHAEnv(t)
	rapid.Check(t, func(t *rapid.T) {
		compareBuildctl(t, genValue().Draw(t, "value"))
	})
}
