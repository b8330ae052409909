package validate

import (
	"github.com/buildxcache/buildxcache/diag"
	"strings"
	"testing"
)

func TestMayMeet(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		meet bool
	}{
		{"gha:app", "gha:app", true},
		{"gha:app", "gha:web", false},
		{"gha:${{github.ref_name}}", "gha:${{github.ref_name}}", true},
		{"gha:${{github.ref_name}}", "gha:main", true},
		{"gha:main", "gha:${{github.ref_name}}", true},
		{"gha:app-${{github.ref_name}}", "gha:web-${{github.ref_name}}", false},
		{"gha:${{x}}-app", "gha:${{x}}-web", false},
		{"gha:${{x}}-app", "gha:${{y}}-app", true},
		{"gha:app-${{x}}", "gha:app", false}, // the literal "app-" is not in "app"
		{"gha:app-${{x}}", "gha:app-main", true},
		{"registry:ghcr.io/acme/app:${{x}}", "gha:app", false},
	} {
		if got := mayMeet(tc.a, tc.b); got != tc.meet {
			t.Errorf("mayMeet(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.meet)
		}
	}
}

// repo checks builds as a repository, with the repository rules enabled,
// and returns the diagnostics of rule.
func repo(builds []Build, whole bool, rule string) Diagnostics {
	var out Diagnostics
	for _, d := range CheckRepository(builds, whole) {
		if d.Rule == rule {
			out = append(out, d)
		}
	}
	return out
}

func src(file string, line int) *Source {
	return &Source{Def: diagAt(file, line), Group: file}
}

func TestCacheNeverWritten(t *testing.T) {
	t.Parallel()
	wf := func(line int) *Source { return src(".github/workflows/ci.yml", line) }
	for _, tc := range []struct {
		name   string
		builds []Build
		whole  bool
		want   []string // "build index: severity: text in message"
	}{
		{"per-stage-ref-never-exported", []Build{{
			Name:      "app",
			CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app:cache-deps", "type=registry,ref=ghcr.io/acme/app:cache-build"},
			CacheTo:   []string{"type=registry,ref=ghcr.io/acme/app:cache-build,mode=max"}, Source: wf(10),
		}}, true, []string{"0: warning: registry cache ghcr.io/acme/app:cache-deps", "nearest export is the registry cache ghcr.io/acme/app:cache-build, cache-to of app"}},
		{"gha-scope-read-under-another-name", []Build{
			{Name: "pr", CacheFrom: []string{"type=gha,scope=pr-cache"}, Source: wf(10)},
			{Name: "main", CacheTo: []string{"type=gha,scope=main-cache,mode=max"}, Source: wf(20)},
		}, true, []string{`0: warning: gha cache scope "pr-cache"`, `the nearest export is the gha cache scope "main-cache", cache-to of main (.github/workflows/ci.yml:20)`}},
		{"default-scope-both-sides", []Build{{CacheFrom: []string{"type=gha"}, CacheTo: []string{"type=gha,scope=buildkit,mode=max"}}}, true, nil},
		{"same-template-text", []Build{
			{CacheFrom: []string{"type=gha,scope=${{ github.ref_name }}"}},
			{CacheTo: []string{"type=gha,scope=${{github.ref_name}},mode=max"}},
		}, true, nil},
		{"template-may-be-the-literal", []Build{
			{CacheFrom: []string{"type=gha,scope=main"}},
			{CacheTo: []string{"type=gha,scope=${{ github.ref_name }},mode=max"}},
		}, true, nil},
		{"different-literal-parts-never-meet", []Build{
			{CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app:cache-${{ github.ref_name }}"}, Tags: []string{"ghcr.io/acme/app:latest"}},
			{CacheTo: []string{"type=registry,ref=ghcr.io/acme/web:cache-${{ github.ref_name }}"}},
		}, true, []string{"0: warning: registry cache ghcr.io/acme/app:cache-${{github.ref_name}}"}},
		{"an-export-that-may-be-anything", []Build{
			{CacheFrom: []string{"type=gha,scope=app"}},
			{CacheTo: []string{"${{ steps.cache.outputs.to }}"}},
		}, true, nil},
		{"not-the-whole-repository", []Build{{CacheFrom: []string{"type=gha,scope=app"}}}, false, []string{"0: info: "}},
		{"an-image-the-repository-never-writes", []Build{{CacheFrom: []string{"type=registry,ref=docker.io/library/golang:1.22"}}}, true, []string{"0: info: "}},
		// left to CacheFromImageWithoutCache
		{"an-image-a-build-pushes", []Build{
			{CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app:latest"}},
			{Tags: []string{"ghcr.io/acme/app:latest"}, Push: ptr(true)},
		}, true, nil},
		{"inline-cache-of-a-pushed-tag", []Build{
			{CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app:latest"}},
			{Tags: []string{"ghcr.io/acme/app:latest"}, CacheTo: []string{"type=inline"}, Push: ptr(true)},
		}, true, nil},
		{"local-moved-into-place", []Build{{
			CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CacheTo: []string{"type=local,dest=/tmp/.buildx-cache-new,mode=max"},
			MovedDirs: []string{"/tmp/.buildx-cache-new"}, Source: wf(10),
		}}, true, nil},
		{"local-never-written", []Build{{CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CacheTo: []string{"type=local,dest=/tmp/.cache,mode=max"}}}, true,
			[]string{"0: warning: local cache directory /tmp/.buildx-cache"}},
		{"s3-bucket-nobody-writes-is-info", []Build{{CacheFrom: []string{"type=s3,region=eu-west-1,bucket=shared,name=base"}}}, true, []string{"0: info: "}},
		{"s3-name-mismatch", []Build{{CacheFrom: []string{"type=s3,region=eu-west-1,bucket=ci,name=api"}, CacheTo: []string{"type=s3,region=eu-west-1,bucket=ci,name=app,mode=max"}}}, true,
			[]string{`0: warning: s3 cache "ci/manifests/api"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := repo(tc.builds, tc.whole, "CacheNeverWritten")
			checkWants(t, ds, tc.want)
		})
	}
}

func TestCacheNeverRead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		builds []Build
		whole  bool
		want   []string
	}{
		{"renamed-export", []Build{{Name: "app",
			CacheFrom: []string{"type=gha,scope=app"},
			CacheTo:   []string{"type=gha,scope=app-cache,mode=max"}}}, true,
			[]string{`0: warning: gha cache scope "app-cache"`, `nearest import is the gha cache scope "app", cache-from of app`}},
		// left to CacheKeyChangesWithEvent, which says why
		{"sha-suffixed-export", []Build{{Name: "app",
			CacheFrom: []string{"type=gha,scope=app"},
			CacheTo:   []string{"type=gha,scope=app-${{ github.sha }},mode=max"}}}, true, nil},
		{"read-by-another-build", []Build{
			{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache,mode=max"}},
			{CacheFrom: []string{"ghcr.io/acme/app:cache"}},
		}, true, nil},
		{"inline-is-not-judged", []Build{{CacheTo: []string{"type=inline"}, Tags: []string{"acme/app"}, Push: ptr(true)}}, true, nil},
		{"an-import-that-may-be-anything", []Build{
			{CacheTo: []string{"type=gha,scope=app,mode=max"}},
			{CacheFrom: []string{"${{ inputs.cache-from }}"}},
		}, true, nil},
		{"not-whole", []Build{{CacheTo: []string{"type=gha,scope=app,mode=max"}}}, false, []string{"0: info: ", "no build imports a gha cache"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkWants(t, repo(tc.builds, tc.whole, "CacheNeverRead"), tc.want)
		})
	}
}

func TestCacheFromImageWithoutCacheRepository(t *testing.T) {
	t.Parallel()
	importer := Build{Name: "test", CacheFrom: []string{"ghcr.io/acme/app:latest"}}
	pusher := Build{Name: "release", Tags: []string{"ghcr.io/acme/app:latest"}, Push: ptr(true), Source: src(".github/workflows/release.yml", 12)}
	checkWants(t, repo([]Build{importer, pusher}, true, "CacheFromImageWithoutCache"),
		[]string{"0: warning: the image ghcr.io/acme/app:latest imported as cache is pushed by release (.github/workflows/release.yml:12) without inline cache"})
	checkWants(t, repo([]Build{importer, pusher}, false, "CacheFromImageWithoutCache"), []string{"0: info: "})
	inline := pusher
	inline.CacheTo = []string{"type=inline"}
	checkWants(t, repo([]Build{importer, inline}, true, "CacheFromImageWithoutCache"), nil)
	notPushed := pusher
	notPushed.Push = nil
	checkWants(t, repo([]Build{importer, notPushed}, true, "CacheFromImageWithoutCache"), nil)
	exported := Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:latest"}}
	checkWants(t, repo([]Build{importer, pusher, exported}, true, "CacheFromImageWithoutCache"), nil)
}

// checkWants checks that ds holds one diagnostic per "N: severity: text"
// want (and any further texts of the same want in other elements), and no
// other.
func checkWants(t *testing.T, ds Diagnostics, want []string) {
	t.Helper()
	var heads []string
	for _, w := range want {
		if len(w) > 2 && w[1] == ':' {
			heads = append(heads, w)
		}
	}
	if len(ds) != len(heads) {
		t.Fatalf("got %d diagnostics, want %d: %v", len(ds), len(heads), ds)
	}
	for _, w := range want {
		found := false
		for _, d := range ds {
			head := itoa(d.Build) + ": " + d.Severity.String() + ": "
			if len(w) > 2 && w[1] == ':' {
				if strings.HasPrefix(w, head) && strings.Contains(d.Message, strings.TrimPrefix(w, head)) {
					found = true
				}
			} else if strings.Contains(d.Message, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("no diagnostic has %q: %v", w, ds)
		}
	}
}

func diagAt(file string, line int) diag.Range { return diag.At(file, diag.Pos{Line: line}) }
