package workflow

import (
	"strings"
	"testing"
)

// TestWorkflowDeterminedValues reads a workflow whose cache values are
// made of what the workflow itself determines.
func TestWorkflowDeterminedValues(t *testing.T) {
	t.Parallel()
	const wf = `on:
  push:
  workflow_dispatch:
    inputs:
      variant:
        default: slim
env:
  REGISTRY: ghcr.io
  IMAGE: ghcr.io/acme/app
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        arch: [amd64, arm64]
    env:
      SCOPE: app-${{ matrix.arch }}
    steps:
      - uses: actions/checkout@v4
      - id: vars
        run: |
          echo "cache=${{ env.IMAGE }}:buildcache" >> "$GITHUB_OUTPUT"
          echo "CACHE_MODE=max" >> $GITHUB_ENV
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        env:
          FLAVOR: ${{ inputs.variant || 'full' }}
        with:
          tags: ${{ env.IMAGE }}:latest
          cache-from: |
            type=registry,ref=${{ steps.vars.outputs.cache }}
            type=gha,scope=${{ env.SCOPE }}
          cache-to: |
            type=gha,scope=${{ env.SCOPE }}-${{ env.FLAVOR }},mode=${{ env.CACHE_MODE }}
            type=gha,scope=${{ env.NOT_SET }}
            type=registry,ref=${{ format('{0}/acme/{1}', env.REGISTRY, github.sha) }}
      - uses: some/action@v1
      - run: docker buildx build --cache-to type=gha,scope=${{ env.LATE }} .
`
	f := Parse(".github/workflows/ci.yml", []byte(wf))
	if len(f.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %v", f.Diagnostics)
	}
	if len(f.Builds) != 4 {
		t.Fatalf("got %d builds, want 4", len(f.Builds))
	}
	b := f.Builds[1] // arm64
	want := []string{"type=registry,ref=ghcr.io/acme/app:buildcache", "type=gha,scope=app-arm64"}
	if strings.Join(b.CacheFrom, "|") != strings.Join(want, "|") {
		t.Errorf("cache-from = %q, want %q", b.CacheFrom, want)
	}
	// push: inputs are empty, so the || gives 'full'; an unset variable
	// is empty; github.sha stays a template
	want = []string{"type=gha,scope=app-arm64-full,mode=max", "type=gha,scope=", "type=registry,ref=${{ format('{0}/acme/{1}', env.REGISTRY, github.sha) }}"}
	if strings.Join(b.CacheTo, "|") != strings.Join(want, "|") {
		t.Errorf("cache-to = %q, want %q", b.CacheTo, want)
	}
	if len(b.Tags) != 1 || b.Tags[0] != "ghcr.io/acme/app:latest" {
		t.Errorf("tags = %q", b.Tags)
	}
	// after an action that may export variables, an unset one is unknown
	if got := f.Builds[3].CacheTo; len(got) != 1 || got[0] != "type=gha,scope=${{ env.LATE }}" {
		t.Errorf("after some/action: cache-to = %q", got)
	}
}

// TestWorkflowInputsOnDispatch: on a workflow run only by
// workflow_dispatch, an input is its default.
func TestWorkflowInputsOnDispatch(t *testing.T) {
	t.Parallel()
	const wf = `on:
  workflow_dispatch:
    inputs:
      scope:
        default: nightly
      other: {}
jobs:
  b:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          cache-to: |
            type=gha,scope=${{ inputs.scope }}
            type=gha,scope=${{ inputs.other }}
`
	f := Parse("w.yml", []byte(wf))
	if len(f.Builds) != 1 {
		t.Fatalf("builds: %d %v", len(f.Builds), f.Diagnostics)
	}
	want := []string{"type=gha,scope=nightly", "type=gha,scope=${{ inputs.other }}"}
	if got := f.Builds[0].CacheTo; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("cache-to = %q, want %q", got, want)
	}
}

// TestJobContextOfBuilds: the runner, the directories actions/cache keeps
// (with each leg's key), the variables env: sets, and the release events
// reach the builds; the set: lines bake refuses are reported.
func TestJobContextOfBuilds(t *testing.T) {
	t.Parallel()
	const wf = `on:
  push:
    tags: ["v*"]
env:
  ACTIONS_CACHE_SERVICE_V2: "on"
  ACTIONS_RUNTIME_TOKEN: not-a-real-one
  DEPLOY_PASSWORD: hunter2
jobs:
  build:
    strategy:
      matrix:
        os: [ubuntu-latest, self-hosted]
    runs-on: ${{ matrix.os }}
    steps:
      - uses: actions/cache@v4
        with:
          path: |
            /tmp/.buildx-cache
            !/tmp/.buildx-cache/tmp
          key: buildx-${{ matrix.os }}-${{ github.sha }}
      - uses: docker/bake-action@v6
        with:
          set: |
            PUSH_CACHE=false
            *.cache-from=type=local,src=/tmp/.buildx-cache
            *.args.VERSION
            app.tags
`
	f := Parse(".github/workflows/ci.yml", []byte(wf))
	if len(f.Builds) != 2 {
		t.Fatalf("builds %d", len(f.Builds))
	}
	hosted, self := f.Builds[0], f.Builds[1]
	if hosted.CI.HostedRunner == nil || !*hosted.CI.HostedRunner || self.CI.HostedRunner == nil || *self.CI.HostedRunner {
		t.Errorf("hosted runner: %v %v", hosted.CI.HostedRunner, self.CI.HostedRunner)
	}
	if len(hosted.Persisted) != 1 || hosted.Persisted[0].Path != "/tmp/.buildx-cache" || hosted.Persisted[0].Key != "buildx-ubuntu-latest-${{ github.sha }}" {
		t.Errorf("persisted: %+v", hosted.Persisted)
	}
	// only the cache clients' variables that name no credential are kept
	if hosted.CI.Env["ACTIONS_CACHE_SERVICE_V2"] != "on" || len(hosted.CI.Env) != 1 || !hosted.CI.Releases {
		t.Errorf("env %v releases %v", hosted.CI.Env, hosted.CI.Releases)
	}
	var got []string
	for _, d := range f.Diagnostics {
		got = append(got, d.Range.String()+" "+d.Rule)
	}
	want := []string{".github/workflows/ci.yml:24:13 InvalidBakeSet", ".github/workflows/ci.yml:27:13 InvalidBakeSet"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("diagnostics %q, want %q (once for both legs)", got, want)
	}
}

func TestHostedRunner(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"ubuntu-latest": "true", "ubuntu-24.04 ": "true", "windows-2022": "true", "macos-14": "true",
		"self-hosted linux": "false", "[self-hosted, ubuntu-latest]": "false", "my-runner": "nil", "": "nil", "${{ matrix.os }}": "nil"} {
		got := "nil"
		if h := hostedRunner(in); h != nil {
			got = map[bool]string{true: "true", false: "false"}[*h]
		}
		if got != want {
			t.Errorf("hostedRunner(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestReusableWorkflowInputs: in a reusable workflow the inputs are what
// the callers pass, so a default is not taken for the value.
func TestReusableWorkflowInputs(t *testing.T) {
	t.Parallel()
	const wf = `on:
  workflow_call:
    inputs:
      scope:
        type: string
        default: app
jobs:
  b:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          cache-to: type=gha,scope=${{ inputs.scope }}
`
	f := Parse("w.yml", []byte(wf))
	if len(f.Builds) != 1 || f.Builds[0].CacheTo[0] != "type=gha,scope=${{ inputs.scope }}" {
		t.Fatalf("builds %+v", f.Builds)
	}
}
