package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRealWorldLayouts lints each layout of testdata/realworld/multi (a
// workflow and the bake file, compose file, script, Makefile, composite
// action or reusable workflow it runs; written for the tests, modelled on
// public repositories: see SOURCES.md there) on its own, as `buildxcache
// lint DIR` would, and asserts every finding, infos included, with the
// caller its build names, and the kind of every file read.
func TestRealWorldLayouts(t *testing.T) {
	base := filepath.Join("testdata", "realworld", "multi")
	cases := []struct {
		name  string
		want  []string
		kinds map[string]Kind
	}{
		{"bake-action-default", []string{
			`.github/workflows/docker-image.yml:18:24 warning CacheExportFromForkPR (docker-bake.hcl: build (run by docker-image.yml, job bake, step "Build"))`,
			`docker-bake.hcl:10:16 info GHAScopeDefault (build)`,
		}, map[string]Kind{".github/workflows/docker-image.yml": Workflow, "docker-bake.hcl": Bake}},
		{"bake-run-set", []string{
			`.github/workflows/main.yml:16:76 warning CacheExportNeedsContainerBuilder (docker-bake.hcl: build (run by main.yml, job buildx, step "Build"))`,
			`.github/workflows/main.yml:16:76 info GHAScopeDefault (docker-bake.hcl: build (run by main.yml, job buildx, step "Build"))`,
			`.github/workflows/main.yml:16:76 warning GHAWithoutRuntimeToken (docker-bake.hcl: build (run by main.yml, job buildx, step "Build"))`,
			`docker-bake.hcl:8:18 warning GHAWithoutRuntimeToken (docker-bake.hcl: build (run by main.yml, job buildx, step "Build"))`,
			`docker-bake.hcl:9:16 info GHAScopeDefault (build)`,
		}, map[string]Kind{".github/workflows/main.yml": Workflow, "docker-bake.hcl": Bake}},
		{"compose-action", []string{
			`docker-compose.ci.yml:9:11 warning CacheExportFromForkPR (docker-compose.ci.yml: app (run by build.yml, job build, step "Build app", via .github/actions/cached-build/action.yml))`,
		}, map[string]Kind{".github/workflows/build.yml": Workflow, "docker-compose.ci.yml": Compose}},
		{"make-bake", []string{
			`test/docker/docker-bake.hcl:3:29 warning BakeLocalCacheNeedsEntitlement (default)`,
			`test/docker/docker-bake.hcl:4:16 warning CacheExportNeedsContainerBuilder (test/docker/docker-bake.hcl: default (run by ci.yml, job build, step "Run make bake", via Makefile))`,
			`test/docker/docker-bake.hcl:4:27 warning BakeLocalCacheNeedsEntitlement (default)`,
			`test/docker/docker-bake.hcl:4:27 warning LocalCacheGrowsUnbounded (default)`,
			`test/docker/docker-bake.hcl:4:27 info LocalCacheInTmp (default)`,
		}, map[string]Kind{".github/workflows/ci.yml": Workflow, "Makefile": Makefile, "test/docker/docker-bake.hcl": Bake}},
		{"reusable-bake", []string{
			`.github/workflows/ci.yml:13:7 warning UndeclaredInput ()`,
			`.github/workflows/docker-image-build.yml:56:28 warning CacheExportFromForkPR (docker-bake.hcl: build (run by ci.yml, job docker-image-build, via .github/workflows/docker-image-build.yml))`,
			`.github/workflows/docker-image-build.yml:56:28 info CacheExportNotBestEffort (docker-bake.hcl: build (run by ci.yml, job docker-image-build, via .github/workflows/docker-image-build.yml))`,
			`docker-bake.hcl:8:18 info CacheNeverWritten (build)`,
		}, map[string]Kind{".github/workflows/ci.yml": Workflow, ".github/workflows/docker-image-build.yml": ReusableWorkflow, "docker-bake.hcl": Bake}},
		{"reusable-cycle", []string{
			`.github/workflows/build.yml:13:45 info CacheExportNotBestEffort (image: buildx build)`,
			`.github/workflows/build.yml:13:45 warning CacheNeverRead (image: buildx build)`,
			`.github/workflows/build.yml:13:45 error InvalidCacheRef (.github/workflows/build.yml: image: buildx build (run by release.yml, job build))`,
			`.github/workflows/build.yml:15:5 error CallCycle ()`,
			`.github/workflows/release.yml:12:5 error CallCycle ()`,
		}, map[string]Kind{".github/workflows/build.yml": ReusableWorkflow, ".github/workflows/release.yml": Workflow}},
		{"root-action", []string{
			`.github/workflows/test-docker-build.yml:16:35 error InvalidCacheMode (action.yml: runs: Build and push Docker images (run by test-docker-build.yml, job test, step "Run ./"))`,
		}, map[string]Kind{".github/workflows/test-docker-build.yml": Workflow, "action.yml": Action}},
		{"script-bake", []string{
			`ci/bake.sh:7:28 warning CacheExportFromForkPR (test/docker/docker-bake.hcl: runner-amd64 (run by test.yml, job images, step "Run ./ci/bake.sh", via ci/bake.sh))`,
			`ci/bake.sh:7:28 warning PerPlatformCacheCollision (test/docker/docker-bake.hcl: runner-arm64 (run by test.yml, job images, step "Run ./ci/bake.sh", via ci/bake.sh))`,
		}, map[string]Kind{".github/workflows/test.yml": Workflow, "ci/bake.sh": Script, "test/docker/docker-bake.hcl": Bake}},
	}
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	layouts := 0
	for _, e := range entries {
		if e.IsDir() {
			layouts++
		}
	}
	if layouts != len(cases) || len(cases) < 8 {
		t.Fatalf("%d layouts in %s, %d cases", layouts, base, len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(base, c.name)
			r := Paths([]string{dir}, Options{})
			var got []string
			for _, d := range r.Diagnostics {
				rel, _ := filepath.Rel(dir, d.Range.File)
				got = append(got, fmt.Sprintf("%s:%d:%d %s %s (%s)", filepath.ToSlash(rel), d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Rule, d.Subject))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			for name, k := range c.kinds {
				if got := r.Kinds[filepath.Join(dir, filepath.FromSlash(name))]; got != k {
					t.Errorf("%s: kind %v, want %v", name, got, k)
				}
			}
		})
	}
}
