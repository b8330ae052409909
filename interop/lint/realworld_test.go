package lint

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/makefile"
	"github.com/buildxcache/buildxcache/interop/script"
	"github.com/buildxcache/buildxcache/interop/source"
)

// TestRealWorldScripts lints the scripts and Makefiles of
// testdata/realworld (written for the tests, modelled on public
// repositories: see SOURCES.md there) and asserts every finding, infos
// included, and the builds read from each file, with the kind its name or
// #! line gives.
func TestRealWorldScripts(t *testing.T) {
	dir := filepath.Join("testdata", "realworld")
	// the scripts and Makefiles; multi/ holds the layouts of several files
	// (TestRealWorldLayouts), rules/ whole repositories (TestRealWorldRules)
	r := Paths([]string{filepath.Join(dir, "ci"), filepath.Join(dir, "make"), filepath.Join(dir, "scripts")}, Options{})
	var got []string
	for _, d := range r.Diagnostics {
		rel, _ := filepath.Rel(dir, d.Range.File)
		if strings.HasPrefix(filepath.ToSlash(rel), "gitlab/") {
			continue // TestRealWorldGitLab
		}
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s", filepath.ToSlash(rel), d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Rule))
	}
	want := []string{
		"ci/build:11:16 info CacheExportNotBestEffort",
		"ci/build:11:16 info GHAScopeDefault",
		"make/registry-cache.mk:7:14 info CacheExportNotBestEffort",
		"make/registry-cache.mk:8:85 warning WrongDirectionAttribute",
		"make/registry-cache.mk:15:14 info CacheExportNotBestEffort",
		"make/registry-cache.mk:16:85 warning WrongDirectionAttribute",
		"scripts/builder-registry-cache.sh:18:14 info CacheExportNotBestEffort",
		"scripts/default-builder.sh:10:55 warning CacheExportNeedsContainerBuilder",
		"scripts/local-cache-rotate.sh:13:16 info CacheExportNotBestEffort",
		"scripts/local-cache-rotate.sh:13:27 info LocalCacheInTmp",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	kinds := map[string]Kind{
		"scripts/local-cache-rotate.sh": Script, "scripts/multiarch-registry.sh": Script,
		"scripts/builder-registry-cache.sh": Script, "scripts/default-builder.sh": Script, "ci/build": Script,
		"make/registry-cache.mk": Makefile, "make/cozy/Makefile": Makefile, "make/inline/Makefile": Makefile,
	}
	gitlab := 0
	for p, k := range r.Kinds {
		if k == GitLabCI && strings.Contains(filepath.ToSlash(p), "/gitlab/") {
			gitlab++
		}
	}
	if r.Files-gitlab != len(kinds) {
		t.Errorf("%d files read, want %d", r.Files, len(kinds))
	}
	for name, k := range kinds {
		if got := r.Kinds[filepath.Join(dir, filepath.FromSlash(name))]; got != k {
			t.Errorf("%s: kind %v, want %v", name, got, k)
		}
	}
	// the clean files are clean with their builds read: builds, drivers
	// and the values resolved
	builds := map[string]string{
		"scripts/local-cache-rotate.sh":     "buildx build at line 10 []: type=local,src=/tmp/docker-cache -> type=local,dest=/tmp/docker-cache-new",
		"scripts/multiarch-registry.sh":     "buildx build at line 8 []: type=registry,ref=example/ros-devcontainer:buildcache-arm64 -> type=registry,ref=example/ros-devcontainer:buildcache-arm64 | buildx build at line 16 []: type=registry,ref=example/ros-devcontainer:buildcache-amd64 -> type=registry,ref=example/ros-devcontainer:buildcache-amd64 | buildx build at line 24 []: type=registry,ref=example/ros-devcontainer:buildcache-arm64 type=registry,ref=example/ros-devcontainer:buildcache-amd64 -> ",
		"scripts/builder-registry-cache.sh": "buildx build at line 14 [docker-container]: type=registry,ref=ghcr.io/example/$1:$2-cache type=registry,ref=ghcr.io/example/$1:latest-cache -> type=registry,ref=ghcr.io/example/$1:$2-cache,mode=max",
		"scripts/default-builder.sh":        "buildx build at line 10 [docker]: type=gha,scope=web -> type=gha,scope=web,mode=max",
		"ci/build":                          "buildx build at line 9 []: type=gha -> type=gha,mode=max",
		"make/registry-cache.mk":            "target test-registry-cache-max: buildx build []: type=registry,ref=localhost:5000/multi-stage-test-registry-cache-max,mode=max -> type=registry,ref=localhost:5000/multi-stage-test-registry-cache-max,mode=max | target test-registry-cache-min: buildx build []: type=registry,ref=localhost:5000/multi-stage-test-registry-cache-min,mode=min -> type=registry,ref=localhost:5000/multi-stage-test-registry-cache-min,mode=min",
		"make/cozy/Makefile":                "target image-proxy: buildx build []: type=registry,ref=ghcr.io/example/proxy:latest -> type=inline",
		"make/inline/Makefile":              "target build: buildx build []: $(REPOSITORY):cache-latest -> ",
	}
	for name, want := range builds {
		p := filepath.Join(dir, filepath.FromSlash(name))
		var f source.File
		if kinds[name] == Script {
			f = source.ReadOne(script.Reader, p)
		} else {
			f = source.ReadOne(makefile.Reader, p)
		}
		var bs []string
		for _, b := range f.Builds {
			bs = append(bs, fmt.Sprintf("%s [%s]: %s -> %s", b.Name, b.Builder.Driver, strings.Join(b.CacheFrom, " "), strings.Join(b.CacheTo, " ")))
		}
		if got := strings.Join(bs, " | "); got != want {
			t.Errorf("%s builds:\n%s\nwant:\n%s", name, got, want)
		}
	}
}
