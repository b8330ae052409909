package lint

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// findings lints paths and returns "file:line:col severity rule" for each
// diagnostic of the rules named, relative to dir.
func findings(t *testing.T, dir string, paths []string, rules ...string) []string {
	t.Helper()
	r := Paths(paths, Options{})
	var got []string
	for _, d := range r.Diagnostics {
		if len(rules) > 0 && !slices.Contains(rules, d.Rule) {
			continue
		}
		rel, _ := filepath.Rel(dir, d.Range.File)
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s", filepath.ToSlash(rel), d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Rule))
	}
	return got
}

const repoWorkflow = `on:
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          cache-from: type=gha,scope=%s
`

const repoBake = `target "app" {
  cache-to = ["type=gha,scope=app,mode=max"]
}
`

// TestRepositoryPass: the builds of a workflow and a bake file are
// checked together when the repository's root is linted: a scope one
// imports and the other exports is no finding; a misspelt one is, in the
// workflow, naming the export in the bake file; linting one file alone
// judges nothing of the kind.
func TestRepositoryPass(t *testing.T) {
	t.Parallel()
	ok := writeRepo(t, map[string]string{".github/workflows/pr.yml": fmt.Sprintf(repoWorkflow, "app"), "docker-bake.hcl": repoBake})
	if got := findings(t, ok, []string{ok}, "CacheNeverWritten", "CacheNeverRead"); len(got) > 0 {
		t.Errorf("matching halves: %q", got)
	}
	bad := writeRepo(t, map[string]string{".github/workflows/pr.yml": fmt.Sprintf(repoWorkflow, "app-cache"), "docker-bake.hcl": repoBake})
	want := []string{
		".github/workflows/pr.yml:10:23 warning CacheNeverWritten",
		"docker-bake.hcl:2:16 warning CacheNeverRead",
	}
	if got := findings(t, bad, []string{bad}, "CacheNeverWritten", "CacheNeverRead"); !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
	r := Paths([]string{bad}, Options{})
	for _, d := range r.Diagnostics {
		if d.Rule == "CacheNeverWritten" && !strings.Contains(d.Message, `nearest export is the gha cache scope "app", cache-to of app (`+filepath.Join(bad, "docker-bake.hcl")+":2:") {
			t.Errorf("message does not name the export: %s", d.Message)
		}
	}
	// one file of the repository alone: the other half may be elsewhere
	one := filepath.Join(bad, ".github", "workflows", "pr.yml")
	if got := findings(t, bad, []string{one}, "CacheNeverWritten", "CacheNeverRead"); len(got) > 0 {
		t.Errorf("one file linted: %q", got)
	}
}

// TestRepositorySuppressions: a suppression of a repository rule hides
// its finding and is not reported unused by the file's own check; one
// that hides nothing is reported once.
func TestRepositorySuppressions(t *testing.T) {
	t.Parallel()
	wf := strings.Replace(fmt.Sprintf(repoWorkflow, "app-cache"), "          cache-from:", "          # buildxcache: ignore[CacheNeverWritten] written by another repository's workflow\n          cache-from:", 1)
	dir := writeRepo(t, map[string]string{".github/workflows/pr.yml": wf, "docker-bake.hcl": repoBake})
	want := []string{"docker-bake.hcl:2:16 warning CacheNeverRead"}
	if got := findings(t, dir, []string{dir}, "CacheNeverWritten", "CacheNeverRead", "UnusedSuppression"); !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
	wf = strings.Replace(fmt.Sprintf(repoWorkflow, "app"), "          cache-from:", "          # buildxcache: ignore[CacheNeverWritten] written elsewhere\n          cache-from:", 1)
	dir = writeRepo(t, map[string]string{".github/workflows/pr.yml": wf, "docker-bake.hcl": repoBake})
	want = []string{".github/workflows/pr.yml:10:1 warning UnusedSuppression"}
	if got := findings(t, dir, []string{dir}, "CacheNeverWritten", "CacheNeverRead", "UnusedSuppression"); !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}

// TestRepositoryImageWithoutCache: an image imported as cache that the
// release workflow pushes with no inline cache is a warning, which
// replaces the info of the build that tags it itself.
func TestRepositoryImageWithoutCache(t *testing.T) {
	t.Parallel()
	const release = `on:
  release:
    types: [published]
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/acme/app:latest
          cache-from: type=registry,ref=ghcr.io/acme/app:latest
`
	dir := writeRepo(t, map[string]string{".github/workflows/release.yml": release})
	want := []string{".github/workflows/release.yml:13:37 warning CacheFromImageWithoutCache"}
	if got := findings(t, dir, []string{dir}, "CacheFromImageWithoutCache"); !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
	one := filepath.Join(dir, ".github", "workflows", "release.yml")
	want = []string{".github/workflows/release.yml:13:37 info CacheFromImageWithoutCache"}
	if got := findings(t, dir, []string{one}, "CacheFromImageWithoutCache"); !slices.Equal(got, want) {
		t.Errorf("one file: findings %q, want %q", got, want)
	}
	fixed := strings.Replace(release, "          cache-from:", "          cache-to: type=inline\n          cache-from:", 1)
	dir = writeRepo(t, map[string]string{".github/workflows/release.yml": fixed})
	if got := findings(t, dir, []string{dir}, "CacheFromImageWithoutCache"); len(got) > 0 {
		t.Errorf("inline cache: %q", got)
	}
}

// TestUnsetEnvScopesCollide: ${{ env.X }} that no env: sets is empty, as
// GitHub substitutes it, so two jobs whose scopes are unset variables
// write the same (empty) gha scope.
func TestUnsetEnvScopesCollide(t *testing.T) {
	t.Parallel()
	job := func(name, v string) string {
		return "  " + name + ":\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          cache-from: type=gha,scope=${{ env." + v + " }}\n          cache-to: type=gha,scope=${{ env." + v + " }},mode=max\n"
	}
	dir := writeRepo(t, map[string]string{".github/workflows/ci.yml": "on: push\njobs:\n" + job("api", "API_SCOPE") + job("web", "WEB_SCOPE")})
	want := []string{".github/workflows/ci.yml:10:21 warning GHAScopeCollision", ".github/workflows/ci.yml:18:21 warning GHAScopeCollision"}
	if got := findings(t, dir, []string{dir}, "GHAScopeCollision"); !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
	// set in env:, they differ
	set := "on: push\nenv:\n  API_SCOPE: api\n  WEB_SCOPE: web\njobs:\n" + job("api", "API_SCOPE") + job("web", "WEB_SCOPE")
	dir = writeRepo(t, map[string]string{".github/workflows/ci.yml": set})
	if got := findings(t, dir, []string{dir}, "GHAScopeCollision"); len(got) > 0 {
		t.Errorf("scopes set in env: %q", got)
	}
}

// TestRepositoryPassPartlyUnread: when a file of the repository could not
// be read in full (here a PowerShell run: step), a missing other half may
// be in what was not read, and the repository rules report at info.
func TestRepositoryPassPartlyUnread(t *testing.T) {
	t.Parallel()
	const pwsh = "on: push\njobs:\n  win:\n    runs-on: windows-latest\n    steps:\n      - run: docker buildx build --cache-to type=gha,scope=app-cache .\n"
	dir := writeRepo(t, map[string]string{".github/workflows/pr.yml": fmt.Sprintf(repoWorkflow, "app-cache"), ".github/workflows/win.yml": pwsh, "docker-bake.hcl": repoBake})
	want := []string{".github/workflows/pr.yml:10:23 info CacheNeverWritten", "docker-bake.hcl:2:16 info CacheNeverRead"}
	if got := findings(t, dir, []string{dir}, "CacheNeverWritten", "CacheNeverRead"); !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}

// TestRepositoryMatrixLegsFolded: the legs of a matrix share their values'
// positions, and a repository finding is reported once per position, as
// the other rules about several builds are.
func TestRepositoryMatrixLegsFolded(t *testing.T) {
	t.Parallel()
	const wf = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        arch: [amd64, arm64]\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          cache-from: type=gha,scope=img-${{ matrix.arch }}\n          cache-to: type=gha,scope=image-${{ matrix.arch }},mode=max\n"
	dir := writeRepo(t, map[string]string{".github/workflows/ci.yml": wf})
	want := []string{".github/workflows/ci.yml:12:23 warning CacheNeverWritten", ".github/workflows/ci.yml:13:21 warning CacheNeverRead"}
	if got := findings(t, dir, []string{dir}, "CacheNeverWritten", "CacheNeverRead"); !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}

// TestRepositoryWithUnreadCacheFiles: a repository whose dev container (or
// another CI system) names caches the linter does not read may import
// what looks unread: the repository pass does not run as for a whole
// repository.
func TestRepositoryWithUnreadCacheFiles(t *testing.T) {
	t.Parallel()
	files := map[string]string{".github/workflows/pr.yml": fmt.Sprintf(repoWorkflow, "app"), "docker-bake.hcl": strings.Replace(repoBake, "scope=app", "scope=devcontainer", 1)}
	dir := writeRepo(t, files)
	if got := findings(t, dir, []string{dir}, "CacheNeverRead"); len(got) != 1 {
		t.Fatalf("without a dev container: %q, want one CacheNeverRead", got)
	}
	files[".devcontainer/devcontainer.json"] = `{"build": {"dockerfile": "Dockerfile", "cacheFrom": "type=gha,scope=devcontainer"}}`
	dir = writeRepo(t, files)
	if got := findings(t, dir, []string{dir}, "CacheNeverRead", "CacheNeverWritten"); len(got) > 0 {
		t.Errorf("with a dev container naming caches: %q", got)
	}
}
