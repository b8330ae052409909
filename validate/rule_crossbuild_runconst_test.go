package validate

import (
	"strconv"
	"strings"
	"testing"
)

// TestRunConstantRefs: registry refs made of run constants (the
// repository, the commit, the pipeline) collide when written alike,
// however the template is spelt; refs with any other template, a secret,
// an input or a job's variable, are left out.
func TestRunConstantRefs(t *testing.T) {
	pair := func(a, b string) []string {
		var rules []string
		for _, d := range CheckAll([]Build{{Name: "api", CacheTo: []string{a}}, {Name: "web", CacheTo: []string{b}}}) {
			if d.Rule == "SharedRegistryCacheRef" {
				rules = append(rules, d.Message)
			}
		}
		return rules
	}
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"type=registry,ref=ghcr.io/${{ github.repository }}:cache", "type=registry,ref=ghcr.io/${{github.repository}}:cache,mode=max", 2},
		{"type=registry,ref=$CI_REGISTRY_IMAGE:cache", "type=registry,ref=${CI_REGISTRY_IMAGE}:cache", 2},
		{"$CI_REGISTRY_IMAGE/cache:$CI_COMMIT_REF_SLUG", "type=registry,ref=$CI_REGISTRY_IMAGE/cache:$CI_COMMIT_REF_SLUG", 2},
		{"type=registry,ref=ghcr.io/${{ github.repository }}:cache", "type=registry,ref=ghcr.io/${{ github.repository }}:cache-web", 0},
		{"type=registry,ref=ghcr.io/${{ env.IMAGE }}:cache", "type=registry,ref=ghcr.io/${{ env.IMAGE }}:cache", 0},
		{"type=registry,ref=${{ secrets.REGISTRY }}/app:cache", "type=registry,ref=${{ secrets.REGISTRY }}/app:cache", 0},
		{"type=registry,ref=$IMAGE:cache", "type=registry,ref=$IMAGE:cache", 0},
		{"type=registry,ref=${CI_REGISTRY_IMAGE:-x}:cache", "type=registry,ref=${CI_REGISTRY_IMAGE:-x}:cache", 0},
		{"type=registry,ref=ghcr.io/${{ inputs.image }}:cache", "type=registry,ref=ghcr.io/${{ inputs.image }}:cache", 0},
	} {
		if got := pair(tt.a, tt.b); len(got) != tt.want {
			t.Errorf("%s | %s: %d findings %q, want %d", tt.a, tt.b, len(got), got, tt.want)
		}
	}
	if got := pair("type=registry,ref=$CI_REGISTRY_IMAGE:cache", "type=registry,ref=$CI_REGISTRY_IMAGE:cache"); len(got) != 2 || got[0] != "registry cache $CI_REGISTRY_IMAGE:cache is also written by web; the last export wins and the other builds find a cache that does not match" {
		t.Errorf("message: %q", got)
	}
}

// TestTooManyBuildsDocumented: the rule's summary and explanation give
// MaxBuilds, and its example file makes more builds than that (40 jobs of
// 256 legs with two builds each), its good file fewer.
func TestTooManyBuildsDocumented(t *testing.T) {
	n := strconv.Itoa(MaxBuilds)
	shown := n[:len(n)-3] + "," + n[len(n)-3:]
	if !strings.Contains(TooManyBuilds.Summary, shown) || !strings.Contains(TooManyBuilds.Explanation, shown) {
		t.Errorf("TooManyBuilds does not say %s: %q / %q", shown, TooManyBuilds.Summary, TooManyBuilds.Explanation)
	}
	if bad, good := 40*256*2, 256*2; bad <= MaxBuilds || good > MaxBuilds ||
		strings.Count(TooManyBuilds.BadFile, ": *job") != 39 || strings.Count(TooManyBuilds.BadFile, "docker buildx build") != 2 {
		t.Errorf("the example files do not straddle MaxBuilds:\n%s", TooManyBuilds.BadFile)
	}
}
