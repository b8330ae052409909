package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/validate"
)

func rulesOf(r Result) map[string]int {
	got := map[string]int{}
	for _, d := range r.Diagnostics {
		got[d.Rule]++
	}
	return got
}

func TestSuppressions(t *testing.T) {
	cases := []struct {
		name, file, text string
		want, gone       []string
	}{
		{"trailing comment", "docker-bake.hcl",
			"target \"a\" {\n  cache-to = [\"type=gha,scope=a,mode=maxx\"] # buildxcache: ignore[InvalidCacheMode] testing the daemon\n}\n",
			nil, []string{"InvalidCacheMode", "UnusedSuppression"}},
		{"hcl slashes, line above, by code", "docker-bake.hcl",
			"target \"a\" {\n  // buildxcache: ignore[cs005] testing the daemon\n  cache-to = [\"type=gha,scope=a,mode=maxx\"]\n}\n",
			nil, []string{"InvalidCacheMode", "UnusedSuppression"}},
		{"above a block: the whole block", ".github/workflows/ci.yml",
			"on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      # buildxcache: ignore[InvalidCacheMode,KeywordAsCacheRef] kept for the test daemon\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/a/b:1\n          cache-to: |\n            type=gha,scope=a,mode=maxx\n            inline\n",
			nil, []string{"InvalidCacheMode", "KeywordAsCacheRef", "UnusedSuppression"}},
		{"only the block below", ".github/workflows/ci.yml",
			"on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      # buildxcache: ignore[InvalidCacheMode] the first step only\n      - uses: docker/build-push-action@v6\n        with:\n          cache-to: type=gha,scope=a,mode=maxx\n      - uses: docker/build-push-action@v6\n        with:\n          cache-to: type=gha,scope=b,mode=maxx\n",
			[]string{"InvalidCacheMode"}, []string{"UnusedSuppression"}},
		{"whole file", "docker-bake.hcl",
			"# buildxcache: ignore-file[InvalidCacheMode] a test fixture\ntarget \"a\" {\n  cache-to = [\"type=gha,scope=a,mode=maxx\"]\n}\ntarget \"b\" {\n  cache-to = [\"type=gha,scope=b,mode=maxx\"]\n}\n",
			nil, []string{"InvalidCacheMode", "UnusedSuppression"}},
		{"a file rule", "docker-bake.hcl",
			"target \"a\" {\n  # buildxcache: ignore[IgnoredCacheKey] read by another tool\n  cache_from = [\"type=gha,scope=a\"]\n}\n",
			nil, []string{"IgnoredCacheKey", "UnusedSuppression"}},
		{"no reason", "docker-bake.hcl",
			"target \"a\" {\n  cache-to = [\"type=gha,scope=a,mode=maxx\"] # buildxcache: ignore[InvalidCacheMode]\n}\n",
			[]string{"InvalidCacheMode", "InvalidSuppression"}, nil},
		{"no rule", "docker-bake.hcl",
			"target \"a\" {\n  cache-to = [\"type=gha,scope=a,mode=maxx\"] # buildxcache: ignore because\n}\n",
			[]string{"InvalidCacheMode", "InvalidSuppression"}, nil},
		{"unused", "docker-bake.hcl",
			"target \"a\" {\n  # buildxcache: ignore[InvalidCacheMode] was maxx once\n  cache-to = [\"type=gha,scope=a,mode=max\"]\n}\n",
			[]string{"UnusedSuppression"}, []string{"InvalidCacheMode"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{c.file: c.text})
			got := rulesOf(Paths([]string{dir}, Options{}))
			for _, w := range c.want {
				if got[w] == 0 {
					t.Errorf("want %s, got %v", w, got)
				}
			}
			for _, g := range c.gone {
				if got[g] != 0 {
					t.Errorf("want no %s, got %v", g, got)
				}
			}
		})
	}
}

func TestSuppressionUnknownRule(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"docker-bake.hcl": "target \"a\" {\n  # buildxcache: ignore[InvalidCacheMod] typo\n  cache-to = [\"type=gha,scope=a,mode=maxx\"]\n}\n"})
	r := Paths([]string{dir}, Options{})
	found := false
	for _, d := range r.Diagnostics {
		if d.Rule == validate.InvalidSuppression.Name {
			found = true
			if !strings.Contains(d.Message, `"InvalidCacheMod"`) || !strings.Contains(d.Message, "did you mean InvalidCacheMode?") ||
				d.Range.Start.Line != 2 || d.Range.File != filepath.Join(dir, "docker-bake.hcl") {
				t.Errorf("%v", d)
			}
		}
	}
	if !found || rulesOf(r)["InvalidCacheMode"] == 0 {
		t.Errorf("%v", r.Diagnostics)
	}
}

// TestSuppressionOfDisabledRule: a suppression of a disabled rule hides
// nothing and is not reported as unused.
func TestSuppressionOfDisabledRule(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"docker-bake.hcl": "target \"a\" {\n  # buildxcache: ignore[InvalidCacheMode] old builder\n  cache-to = [\"type=gha,scope=a,mode=maxx\"]\n}\n"})
	got := rulesOf(Paths([]string{dir}, Options{Validate: validate.Options{Disable: []string{"InvalidCacheMode"}}}))
	if got["UnusedSuppression"] != 0 || got["InvalidCacheMode"] != 0 {
		t.Errorf("%v", got)
	}
}

// TestFixRemovesUnusedSuppression: --fix removes the comment line of an
// unused suppression and nothing else.
func TestFixRemovesUnusedSuppression(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"docker-bake.hcl": validate.UnusedSuppression.BadFile})
	_, changes, err := FixPaths([]string{dir}, Options{})
	if err != nil || len(changes) != 1 || string(changes[0].After) != validate.UnusedSuppression.GoodFile {
		t.Fatalf("%v %+v", err, changes)
	}
}
