package validate

import "testing"

func TestRefKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"acme/app", "docker.io/acme/app:latest", true},
		{"acme/app:${{ github.event.release.tag_name }}", "docker.io/acme/app:${{github.event.release.tag_name}}", true},
		{"acme/app:${{ github.ref_name }}", "acme/app:${{ github.sha }}", false},
		{"ghcr.io/acme/app:$TAG", "ghcr.io/acme/app:${TAG}", true},
		{"ghcr.io/acme/app:${TAG}", "ghcr.io/acme/app:${TAG:-latest}", false},
		{"${{ env.IMAGE }}:cache", "${{env.IMAGE}}:cache", true},
		// a template that may hold the registry is compared as written
		{"${{ env.IMAGE }}:cache", "docker.io/library/${{ env.IMAGE }}:cache", false},
		{"ghcr.io/acme/${{ matrix.name }}:${{ matrix.name }}", "ghcr.io/acme/${{matrix.name}}:${{ matrix.name }}", true},
		{"ghcr.io/acme/app:${{ github.sha }}", "ghcr.io/acme/app:latest", false},
	} {
		if got := refKey(tc.a) == refKey(tc.b); got != tc.same {
			t.Errorf("refKey(%q) = %q, refKey(%q) = %q; same = %v, want %v", tc.a, refKey(tc.a), tc.b, refKey(tc.b), got, tc.same)
		}
	}
}

// TestCacheRefIsImageTagTemplates: the same template text in a tag and a
// cache ref is the same tag at run time (issue 10, second list, item 3).
func TestCacheRefIsImageTagTemplates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		tags  []string
		to    string
		fires bool
	}{
		{"release-tag", []string{"acme/app:${{ github.event.release.tag_name }}"}, "type=registry,ref=acme/app:${{ github.event.release.tag_name }},mode=max", true},
		{"spacing-and-qualification", []string{"acme/app:${{ github.event.release.tag_name }}"}, "type=registry,ref=docker.io/acme/app:${{github.event.release.tag_name}}", true},
		{"second-tag", []string{"ghcr.io/acme/app:latest", "ghcr.io/acme/app:${{ github.sha }}"}, "type=registry,ref=ghcr.io/acme/app:${{ github.sha }}", true},
		{"shell-variable", []string{"ghcr.io/acme/app:$VERSION"}, "type=registry,ref=ghcr.io/acme/app:${VERSION}", true},
		{"quoted-ref", []string{"acme/app:${{ env.TAG }}"}, `type=registry,"ref=acme/app:${{ env.TAG }}"`, true},
		{"other-expression", []string{"acme/app:${{ github.ref_name }}"}, "type=registry,ref=acme/app:${{ github.ref_name }}-cache", false},
		{"buildcache-suffix", []string{"acme/app:${{ github.event.release.tag_name }}"}, "type=registry,ref=acme/app:buildcache", false},
		{"different-variable", []string{"acme/app:${{ env.A }}"}, "type=registry,ref=acme/app:${{ env.B }}", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := Check(Build{Tags: tc.tags, CacheTo: []string{tc.to}, Push: ptr(true)})
			d := fired(ds, "CacheRefIsImageTag")
			if (d != nil) != tc.fires {
				t.Fatalf("fires = %v, want %v: %v", d != nil, tc.fires, ds)
			}
			if d != nil && d.Severity != SeverityError {
				t.Errorf("severity %v, want error", d.Severity)
			}
		})
	}
}
