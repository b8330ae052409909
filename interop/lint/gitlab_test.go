package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/gitlabci"
)

// TestRealWorldGitLab lints the GitLab CI corpus of
// testdata/realworld/gitlab (written for the tests, modelled on public
// files: see SOURCES.md there) and asserts every finding, infos included,
// the kind of every file read (the included files with their
// .gitlab-ci.yml), and the builds read from each pipeline with their
// builder, event and fork.
func TestRealWorldGitLab(t *testing.T) {
	dir := filepath.Join("testdata", "realworld", "gitlab")
	r := Paths([]string{dir}, Options{})
	var got []string
	for _, d := range r.Diagnostics {
		rel, _ := filepath.Rel(dir, d.Range.File)
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s", filepath.ToSlash(rel), d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Rule))
	}
	want := []string{
		"broken/.gitlab-ci.yml:2:12 warning UnfollowedGitLabConfig",
		"broken/.gitlab-ci.yml:3:12 warning UnfollowedGitLabConfig",
		"broken/.gitlab-ci.yml:6:12 warning UnfollowedGitLabConfig",
		"broken/.gitlab-ci.yml:10:38 error CacheExportNeedsContainerBuilder",
		"buildkit-doc/.gitlab-ci.yml:17:20 info CacheExportNotBestEffort",
		"buildkit-doc/.gitlab-ci.yml:39:24 info CacheExportNotBestEffort",
		"dind-no-builder/.gitlab-ci.yml:17:20 error CacheExportNeedsContainerBuilder",
		"dind-unversioned/.gitlab-ci.yml:21:18 warning CacheExportNeedsContainerBuilder",
		"gha-on-gitlab/.gitlab-ci.yml:9:40 error GHAWithoutRuntimeToken",
		"gha-on-gitlab/.gitlab-ci.yml:9:60 info GHAScopeDefault",
		"gha-on-gitlab/.gitlab-ci.yml:9:60 error GHAWithoutRuntimeToken",
		"gitlab-buildx/.gitlab/ci/build-images.gitlab-ci.yml:16:20 error CacheExportNeedsContainerBuilder",
		"gitlab-buildx/.gitlab/ci/build-images.gitlab-ci.yml:16:20 info CacheExportNotBestEffort",
		"layer-cache-registry/.gitlab-ci.yml:20:18 info CacheExportNotBestEffort",
		"mr-fork-export/.gitlab-ci.yml:24:20 warning CacheExportFromForkMR",
		"parent-child/backend/ci.yml:7:38 error CacheExportNeedsContainerBuilder",
		"parent-child/backend/ci.yml:7:38 info CacheExportNotBestEffort",
		"ref-slug-cache/.gitlab-ci.yml:21:18 info BranchCacheWithoutFallback",
		"runs-script/scripts/build-image.sh:7:15 error CacheExportNeedsContainerBuilder",
		"templates-include/.gitlab-ci.yml:15:14 info UnfollowedGitLabInclude",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var kinds []string
	for p, k := range r.Kinds {
		rel, _ := filepath.Rel(dir, p)
		kinds = append(kinds, filepath.ToSlash(rel)+"="+k.String())
	}
	sort.Strings(kinds)
	wantKinds := []string{
		"anchors/.gitlab-ci.yml=gitlab-ci", "broken/.gitlab-ci.yml=gitlab-ci", "buildkit-doc/.gitlab-ci.yml=gitlab-ci",
		"dind-29/.gitlab-ci.yml=gitlab-ci", "dind-no-builder/.gitlab-ci.yml=gitlab-ci", "dind-unversioned/.gitlab-ci.yml=gitlab-ci",
		"gha-on-gitlab/.gitlab-ci.yml=gitlab-ci", "gitlab-buildx/.gitlab-ci.yml=gitlab-ci",
		"gitlab-buildx/.gitlab/ci/build-images.gitlab-ci.yml=gitlab-ci", "gitlab-buildx/.gitlab/ci/global.gitlab-ci.yml=gitlab-ci",
		"layer-cache-inline/.gitlab-ci.yml=gitlab-ci", "layer-cache-registry/.gitlab-ci.yml=gitlab-ci", "mr-fork-export/.gitlab-ci.yml=gitlab-ci",
		"parent-child/.gitlab-ci.yml=gitlab-ci", "parent-child/backend/ci.yml=gitlab-ci", "parent-child/backend/templates.yml=gitlab-ci",
		"parent-child/frontend/.gitlab-ci.yml=gitlab-ci",
		"ref-slug-cache/.gitlab-ci.yml=gitlab-ci", "runs-script/.gitlab-ci.yml=gitlab-ci", "runs-script/docs/build.sh=script",
		"runs-script/scripts/build-image.sh=script", "runs-script/web/Makefile=makefile", "templates-include/.gitlab-ci.yml=gitlab-ci",
		"templates-include/ci/templates/build.template.yml=gitlab-ci", "templates-include/ci/templates/common.template.yml=gitlab-ci",
	}
	if !slices.Equal(kinds, wantKinds) || r.Files != len(wantKinds) {
		t.Errorf("%d files read, kinds:\n%s", r.Files, strings.Join(kinds, "\n"))
	}
	// the builds of each pipeline, clean ones included: the builder, the
	// event and fork of the context, the values with variables resolved
	builds := map[string]string{
		"anchors":              "job Build_Common_Image: buildx build (script) [docker-container push fork=?]: type=registry,ref=registry.example.com/shop/web:cache -> type=registry,ref=registry.example.com/shop/web:cache,mode=max,ignore-error=true",
		"broken":               "job image-build: buildx build (script) [docker push fork=?]:  -> type=local,dest=.buildx-cache",
		"buildkit-doc":         "job buildx-cached: buildx build (script) [docker-container push fork=?]: type=registry,ref=$CI_REGISTRY_IMAGE:buildcache -> type=registry,ref=$CI_REGISTRY_IMAGE:buildcache,mode=max | job rootless-cached: buildctl build (script) [ push fork=?]: type=registry,ref=$CI_REGISTRY_IMAGE:buildcache-rootless -> type=registry,ref=$CI_REGISTRY_IMAGE:buildcache-rootless",
		"dind-29":              "job build: buildx build (script) [docker push fork=?]: type=registry,ref=$CI_REGISTRY_IMAGE:cache -> type=registry,ref=$CI_REGISTRY_IMAGE:cache,mode=max,ignore-error=true",
		"dind-no-builder":      "job build: buildx build (script) [docker push fork=?]: type=registry,ref=$CI_REGISTRY_IMAGE:cache -> type=registry,ref=$CI_REGISTRY_IMAGE:cache,mode=max,ignore-error=true",
		"dind-unversioned":     "job build: buildx build (script) [docker push fork=?]: type=registry,ref=$CI_REGISTRY/$CI_PROJECT_PATH:cache -> type=registry,ref=$CI_REGISTRY/$CI_PROJECT_PATH:cache,mode=max,ignore-error=true",
		"gha-on-gitlab":        "job build: buildx build (script) [docker-container push fork=?]: type=gha -> type=gha,mode=max",
		"gitlab-buildx":        "job build-qa-image: buildx build (script) [docker merge_request_event fork=?]: type=registry,ref=$CI_REGISTRY_IMAGE/gitlab-qa-cache -> type=registry,ref=$CI_REGISTRY_IMAGE/gitlab-qa-cache,mode=max",
		"layer-cache-inline":   "job image-build: buildx build (script) [docker push fork=?]: $CI_REGISTRY_IMAGE:main -> ",
		"layer-cache-registry": "job image-build: buildx build (script) [docker-container push fork=?]: type=registry,ref=$CI_REGISTRY_IMAGE/build-cache -> type=registry,ref=$CI_REGISTRY_IMAGE/build-cache,mode=max",
		"mr-fork-export":       "job build-image: buildx build (script) [docker-container merge_request_event fork=?]: type=registry,ref=docker.io/acme/webapp:buildcache -> type=registry,ref=docker.io/acme/webapp:buildcache,mode=max | job image-own-registry: buildx build (script) [docker-container merge_request_event fork=false]: type=registry,ref=docker.io/acme/webapp:buildcache-mr -> type=registry,ref=docker.io/acme/webapp:buildcache-mr,mode=max",
		"parent-child":         "job build-frontend: buildx build (script) [docker-container parent_pipeline fork=?]: type=registry,ref=$CI_REGISTRY_IMAGE/frontend:cache -> type=registry,ref=$CI_REGISTRY_IMAGE/frontend:cache,mode=max,ignore-error=true | job build-backend: buildx build (script) [docker parent_pipeline fork=?]:  -> type=registry,ref=$CI_REGISTRY_IMAGE/backend:cache,mode=max",
		"ref-slug-cache":       "job build: buildx build (script) [docker-container push fork=?]: type=registry,ref=$CI_REGISTRY_IMAGE/cache:$CI_COMMIT_REF_SLUG -> type=registry,ref=$CI_REGISTRY_IMAGE/cache:$CI_COMMIT_REF_SLUG,mode=max,ignore-error=true | job build-with-fallback: buildx build (script) [docker-container push fork=?]: type=registry,ref=$CI_REGISTRY_IMAGE/cache:$CI_COMMIT_REF_SLUG type=registry,ref=$CI_REGISTRY_IMAGE/cache:$CI_DEFAULT_BRANCH -> type=registry,ref=$CI_REGISTRY_IMAGE/cache:$CI_COMMIT_REF_SLUG-full,mode=max,ignore-error=true",
		"runs-script":          "", // every build is in a file a job runs
		"templates-include":    "job build orders-api: buildx build (script) [ push fork=?]: type=registry,ref=${DOCKER_REGISTRY}/cache/orders-api:cache -> type=registry,ref=${DOCKER_REGISTRY}/cache/orders-api:cache,mode=max,image-manifest=true,ignore-error=true",
	}
	roots, _ := filepath.Glob(filepath.Join(dir, "*", ".gitlab-ci.yml"))
	if len(roots) != len(builds) {
		t.Errorf("%d pipelines, want %d", len(roots), len(builds))
	}
	for _, root := range roots {
		var bs []string
		for _, f := range gitlabci.ReadFile(root) {
			for _, b := range f.Builds {
				fork := "?"
				if b.CI.Fork != nil {
					fork = fmt.Sprint(*b.CI.Fork)
				}
				bs = append(bs, fmt.Sprintf("%s [%s %s fork=%s]: %s -> %s", b.Name, b.Builder.Driver, b.CI.Event, fork, strings.Join(b.CacheFrom, " "), strings.Join(b.CacheTo, " ")))
			}
		}
		name := filepath.Base(filepath.Dir(root))
		if got := strings.Join(bs, " | "); got != builds[name] {
			t.Errorf("%s builds:\n%s\nwant:\n%s", name, got, builds[name])
		}
	}
}

// TestGitLabDiscovery: a .gitlab-ci.yml found in a walk is read with the
// files it includes, which are not read again on their own; a file named
// on the command line is taken as GitLab CI by its name or content; the
// JSON output names the kind gitlab-ci for the root and included files.
func TestGitLabDiscovery(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".gitlab-ci.yml":           "include: ci/build.gitlab-ci.yml\n",
		"ci/build.gitlab-ci.yml":   "build:\n  services: [docker:24-dind]\n  script:\n    - docker buildx build --cache-to type=registry,ref=$CI_REGISTRY_IMAGE:cache .\n",
		"other/pipeline.yml":       "stages: [build]\nj:\n  script: [\"docker buildx build --cache-to type=inline .\"]\n",
		"other/gh.yml":             "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n",
		"tpl/deploy.gitlab-ci.yml": ".tpl:\n  image: alpine\n",
	})
	targets, problems := Discover([]string{dir, filepath.Join(dir, "other", "pipeline.yml"), filepath.Join(dir, "other", "gh.yml"), filepath.Join(dir, "ci", "build.gitlab-ci.yml"), filepath.Join(dir, "tpl", "deploy.gitlab-ci.yml")})
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	var got []string
	for _, tg := range targets {
		var rels []string
		for _, p := range tg.Paths {
			rel, _ := filepath.Rel(dir, p)
			rels = append(rels, filepath.ToSlash(rel))
		}
		got = append(got, tg.Kind.String()+" "+strings.Join(rels, ","))
	}
	want := []string{"gitlab-ci .gitlab-ci.yml,ci/build.gitlab-ci.yml", "workflow other/gh.yml", "gitlab-ci other/pipeline.yml", "gitlab-ci tpl/deploy.gitlab-ci.yml"}
	if !slices.Equal(got, want) {
		t.Errorf("targets %q, want %q", got, want)
	}
	r := Paths([]string{dir}, Options{})
	var b bytes.Buffer
	if err := (JSONWriter{}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Diagnostics []struct{ File, Kind, Rule string }
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Diagnostics) != 1 || out.Diagnostics[0].Kind != "gitlab-ci" || out.Diagnostics[0].Rule != "CacheExportNeedsContainerBuilder" ||
		out.Diagnostics[0].File != filepath.Join(dir, "ci", "build.gitlab-ci.yml") {
		t.Errorf("JSON diagnostics %+v\n%s", out.Diagnostics, b.String())
	}
	// a pipeline whose include cannot be read is still linted
	if err := os.WriteFile(filepath.Join(dir, "ci", "build.gitlab-ci.yml"), []byte("build: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = Paths([]string{dir}, Options{})
	var rules []string
	for _, d := range r.Diagnostics {
		rules = append(rules, d.Rule)
	}
	if strings.Join(rules, ",") != "FileSyntaxError" {
		t.Errorf("diagnostics %v", r.Diagnostics)
	}
}
