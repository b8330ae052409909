package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/validate"

	"github.com/buildxcache/buildxcache/interop/gitlabci"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
)

func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestWorkflowCalls: the calls of run: steps (scripts run directly, with
// a shell or sourced, make with -C, -f and goals, working-directory),
// with their step's context; expressions, paths outside the repository
// and calls after a cd are left out.
func TestWorkflowCalls(t *testing.T) {
	wf := `on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/setup-buildx-action@v3
      - run: ./ci/build.sh
      - run: bash -e ci/other.sh arg
      - run: |
          make image push
          make -C deploy -f docker.mk all
      - run: ./build.sh
        working-directory: tools
      - run: ${{ inputs.script }}
      - run: ../outside.sh
      - run: docker buildx build --cache-to type=gha .
      - run: |
          ./before-cd.sh
          cd sub
          ./after-cd.sh
          make after-cd
`
	var got []string
	for _, c := range workflow.Calls("ci.yml", []byte(wf)) {
		got = append(got, fmt.Sprintf("%v %s %s %q %s %s %s@%d", c.Make, c.Path, c.Dir, c.Targets, c.Job, c.CI.Event, c.Builder.Driver, c.At.Start.Line))
	}
	want := []string{
		`false ci/build.sh  [] build pull_request docker-container@7`,
		`false ci/other.sh  [] build pull_request docker-container@8`,
		`true   ["image" "push"] build pull_request docker-container@10`,
		`true deploy/docker.mk deploy ["all"] build pull_request docker-container@11`,
		`false tools/build.sh tools [] build pull_request docker-container@12`,
		`false before-cd.sh  [] build pull_request docker-container@18`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCalledScriptsLinted: a workflow's run: step that calls a script or
// make targets lints the builds there with the step's context, placed in
// the called file: a registry export on pull_request (the fork 403), a
// cache export on the runner's docker driver, a gha cache a run: step
// cannot reach; context-free findings are not repeated, and a Makefile's
// targets that the goal does not need are not read for the call.
func TestCalledScriptsLinted(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".github/workflows/pr.yml":    "on: pull_request\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - run: ./ci/build.sh\n      - run: make image\n",
		".github/workflows/plain.yml": "on: push\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - run: bash ci/docs.sh\n",
		"ci/build.sh":                 "#!/bin/sh\nREF=ghcr.io/acme/app:cache\ndocker buildx build --cache-from type=registry,ref=$REF --cache-to type=registry,ref=$REF,mode=max --cache-to type=gha,mode=maximum .\n",
		"ci/docs.sh":                  "#!/bin/sh\ndocker buildx build --cache-to type=gha,scope=docs,mode=max,ignore-error=true .\n",
		"Makefile":                    "image: base\n\tdocker buildx build --cache-to type=registry,ref=ghcr.io/acme/web:cache .\nbase:\n\tdocker buildx build --cache-to type=registry,ref=ghcr.io/acme/base:cache .\nother:\n\tdocker buildx build --cache-to type=registry,ref=ghcr.io/acme/other:cache .\n",
	})
	// the exports nobody imports (CacheNeverRead) are the repository
	// pass's, tested with it
	r := Paths([]string{dir}, Options{Threshold: 2, Validate: validate.Options{Disable: []string{"CacheNeverRead"}}})
	var got []string
	for _, d := range r.Diagnostics {
		rel, _ := filepath.Rel(dir, d.Range.File)
		got = append(got, fmt.Sprintf("%s:%d:%d %s (%s)", filepath.ToSlash(rel), d.Range.Start.Line, d.Range.Start.Col, d.Rule, d.Subject))
	}
	want := []string{
		"Makefile:2:33 CacheExportFromForkPR (Makefile: target image: buildx build (run by pr.yml, job image, step \"Run make image\"))",
		"Makefile:4:33 CacheExportFromForkPR (Makefile: target base: buildx build (run by pr.yml, job image, step \"Run make image\"))",
		"ci/build.sh:3:68 CacheExportFromForkPR (ci/build.sh: buildx build at line 3 (run by pr.yml, job image, step \"Run ./ci/build.sh\"))",
		"ci/build.sh:3:125 InvalidCacheMode (buildx build at line 3)",
		"ci/docs.sh:2:32 CacheExportNeedsContainerBuilder (ci/docs.sh: buildx build at line 2 (run by plain.yml, job docs, step \"Run bash ci/docs.sh\"))",
		"ci/docs.sh:2:32 GHAWithoutRuntimeToken (ci/docs.sh: buildx build at line 2 (run by plain.yml, job docs, step \"Run bash ci/docs.sh\"))",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Files != 5 || r.Kinds[filepath.Join(dir, "ci", "build.sh")] != Script {
		t.Errorf("files %d kinds %v", r.Files, r.Kinds)
	}
	// the workflow alone (the script not among the paths) still reads it
	r = Paths([]string{filepath.Join(dir, ".github", "workflows", "plain.yml")}, Options{Threshold: 2})
	if len(r.Diagnostics) != 2 || r.Diagnostics[0].Rule != "CacheExportNeedsContainerBuilder" || r.Diagnostics[0].Range.File != filepath.Join(dir, "ci", "docs.sh") {
		t.Errorf("%v", r.Diagnostics)
	}
}

// TestGitLabJobCalls: a GitLab job that runs a script, make targets and
// docker buildx bake has their builds linted with the job's context (the
// pipeline, the dind daemon's docker driver), placed in the called files
// and named after the job; a script run after a cd is not followed, and
// neither is anything when the pipeline is read by a reader of the
// caller's.
func TestGitLabJobCalls(t *testing.T) {
	repo := map[string]string{
		".gitlab-ci.yml":  "build:\n  image: docker:27\n  services: [docker:27-dind]\n  script:\n    - ./ci/build.sh\n    - make image\n    - docker buildx bake\n    - cd sub\n    - ./other.sh\n",
		"ci/build.sh":     "#!/bin/sh\ndocker buildx build --cache-to type=registry,ref=registry.example.com/app:cache,mode=max .\n",
		"Makefile":        "image:\n\tdocker buildx build --cache-to type=gha,scope=web,mode=max .\n",
		"docker-bake.hcl": "target \"default\" {\n  cache-to = [\"type=registry,ref=registry.example.com/bake:cache\"]\n}\n",
		"sub/other.sh":    "docker buildx build --cache-to type=gha,scope=other .\n",
	}
	opts := Options{Threshold: 2, Validate: validate.Options{Disable: []string{"CacheNeverRead"}}}
	want := []string{
		"Makefile:2:33 CacheExportNeedsContainerBuilder (Makefile: target image: buildx build (run by .gitlab-ci.yml, job build))",
		"Makefile:2:33 GHAWithoutRuntimeToken (Makefile: target image: buildx build (run by .gitlab-ci.yml, job build))",
		"ci/build.sh:2:32 CacheExportNeedsContainerBuilder (ci/build.sh: buildx build at line 2 (run by .gitlab-ci.yml, job build))",
		"docker-bake.hcl:2:16 CacheExportNeedsContainerBuilder (docker-bake.hcl: default (run by .gitlab-ci.yml, job build))",
	}
	got, _ := lintRepoWith(t, repo, opts)
	expect(t, got, want)
	// the pipeline named alone still reads the files it runs
	got, _ = lintRepoWith(t, repo, opts, ".gitlab-ci.yml")
	expect(t, got, want)
	// a reader of the caller's for GitLab CI files is used as it is
	opts.Readers = map[Kind]source.Reader{GitLabCI: gitlabci.Reader}
	got, _ = lintRepoWith(t, repo, opts, ".gitlab-ci.yml")
	expect(t, got, nil)
}

// TestGitLabMatrixLegs: the jobs of a parallel: matrix: are builds of one
// pipeline, so two of them exporting to one registry ref are reported,
// once at the value, and a ref made of the matrix value is each job's
// own.
func TestGitLabMatrixLegs(t *testing.T) {
	job := "build:\n  image: docker:29\n  services: [docker:29-dind]\n  parallel:\n    matrix:\n      - APP: [web, api]\n  script:\n    - docker buildx build --cache-to type=registry,ref=registry.example.com/%s,mode=max,ignore-error=true -t registry.example.com/$APP --push apps/$APP\n"
	got, _ := lintRepo(t, map[string]string{".gitlab-ci.yml": fmt.Sprintf(job, "app:cache")})
	// one value, written once in the file: reported once, for the first job
	expect(t, got, []string{".gitlab-ci.yml:8:38 SharedRegistryCacheRef (job build: [web]: buildx build (script))"})
	got, _ = lintRepo(t, map[string]string{".gitlab-ci.yml": fmt.Sprintf(job, "$APP:cache")})
	expect(t, got, nil)
}

// TestGitLabChildPipeline: a trigger: job's child pipeline in the
// repository is read with the parent, once, as a pipeline whose source is
// parent_pipeline (a job only for merge requests does not run there), with
// its own includes, and what its jobs run is followed.
func TestGitLabChildPipeline(t *testing.T) {
	repo := map[string]string{
		".gitlab-ci.yml":       "web:\n  trigger:\n    include: ci/web.gitlab-ci.yml\n    strategy: depend\n",
		"ci/web.gitlab-ci.yml": "include: ci/common.yml\nbuild:\n  extends: .dind\n  script:\n    - docker buildx build --cache-to type=registry,ref=registry.example.com/web:cache .\n    - ./ci/push.sh\nmr-only:\n  extends: .dind\n  rules: [{if: $CI_PIPELINE_SOURCE == \"merge_request_event\"}]\n  script:\n    - docker buildx build --cache-to type=registry,ref=registry.example.com/mr:cache .\n",
		"ci/common.yml":        ".dind:\n  image: docker:24\n  services: [docker:24-dind]\n",
		"ci/push.sh":           "docker buildx build --cache-to type=registry,ref=registry.example.com/push:cache .\n",
	}
	opts := Options{Threshold: 2, Validate: validate.Options{Disable: []string{"CacheNeverRead"}}}
	got, r := lintRepoWith(t, repo, opts)
	expect(t, got, []string{
		"ci/push.sh:1:32 CacheExportNeedsContainerBuilder (ci/push.sh: buildx build at line 1 (run by .gitlab-ci.yml, job build))",
		"ci/web.gitlab-ci.yml:5:38 CacheExportNeedsContainerBuilder (job build: buildx build (script))",
	})
	var kinds []string
	for p, k := range r.Kinds {
		kinds = append(kinds, filepath.Base(p)+"="+k.String())
	}
	slices.Sort(kinds)
	expect(t, kinds, []string{".gitlab-ci.yml=gitlab-ci", "common.yml=gitlab-ci", "push.sh=script", "web.gitlab-ci.yml=gitlab-ci"})
	if r.Files != 4 {
		t.Errorf("%d files read, want 4 (the child pipeline once)", r.Files)
	}
	// the child pipeline named with its parent is still read once
	if _, r := lintRepoWith(t, repo, opts, ".", "ci/web.gitlab-ci.yml"); r.Files != 4 {
		t.Errorf("%d files read with the child named, want 4", r.Files)
	}
}
