package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/refs"
	"github.com/buildxcache/buildxcache/validate"
)

func TestWrite(t *testing.T) {
	var out strings.Builder
	if err := write(&out, "ghcr.io/acme/app", []string{"linux/amd64", "linux/arm64"}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"  build-linux-amd64:\n    runs-on: ubuntu-24.04\n",
		"  build-linux-arm64:\n    runs-on: ubuntu-24.04-arm\n",
		"          cache-from: |\n            type=gha,scope=acme/app-linux-amd64\n            type=registry,ref=ghcr.io/acme/app:buildcache-linux-amd64\n",
		`fromJSON('"type=gha,scope=acme/app-linux-arm64,mode=max,ignore-error=true\ntype=registry,ref=ghcr.io/acme/app:buildcache-linux-arm64,mode=max,oci-mediatypes=true,image-manifest=true\n"')`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("workflow lacks %q:\n%s", want, got)
		}
	}
	// The cache-to inputs read back, as the action reads them, to the
	// entries generated.
	for _, line := range strings.Split(got, "\n") {
		_, expr, ok := strings.Cut(line, "fromJSON('")
		if !ok {
			continue
		}
		var block string
		if err := json.Unmarshal([]byte(strings.ReplaceAll(expr[:strings.Index(expr, "')")], "''", "'")), &block); err != nil {
			t.Fatal(err)
		}
		if _, err := cachespec.ParseActionInput(block); err != nil {
			t.Errorf("cache-to %q: %v", block, err)
		}
	}
}

// TestCachesCheck checks the generated configuration with validate, all
// platform builds together: no collision, no cache ref equal to a tag, no
// error, on a push and on a fork's pull request (where cache-to is empty).
func TestCachesCheck(t *testing.T) {
	image := refs.MustParse("ghcr.io/acme/app")
	push, fork := true, true
	for _, ci := range []validate.CI{{Provider: "github-actions", Event: "push"}, {Provider: "github-actions", Event: "pull_request", Fork: &fork}} {
		var builds []validate.Build
		for _, p := range []string{"linux/amd64", "linux/arm64", "linux/arm/v7"} {
			from, to, err := caches(image, p)
			if err != nil {
				t.Fatal(err)
			}
			b := validate.Build{
				Name: p, Platforms: []string{p}, Push: &push, CI: ci, Step: validate.StepAction,
				Tags:      []string{image.Name() + ":1.0-" + strings.ReplaceAll(p, "/", "-")},
				CacheFrom: cachespec.List(from).Strings(),
			}
			if ci.Fork == nil {
				b.CacheTo = cachespec.List(to).Strings()
			}
			builds = append(builds, b)
		}
		ds := validate.CheckAll(builds)
		for _, d := range ds {
			if d.Severity >= validate.SeverityWarning {
				t.Errorf("%s: %v", ci.Event, d)
			}
		}
	}
}
