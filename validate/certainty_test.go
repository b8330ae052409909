package validate

import (
	"strings"
	"testing"
)

// TestSeverityMatchesCertainty: findings that hold only for older or
// unknown setups are not reported where the context rules them out.
func TestSeverityMatchesCertainty(t *testing.T) {
	ecr := "type=registry,ref=123456789012.dkr.ecr.us-east-1.amazonaws.com/app:cache,mode=max"
	stable := Builder{Driver: "docker-container", DefaultImage: true}
	tests := []struct {
		name    string
		b       Build
		rule    string
		want    bool
		message string // a part of the message, when reported
	}{
		{"ecr, setup-buildx-action's default image", Build{CacheTo: []string{ecr}, Builder: stable}, "RegistryNeedsImageManifest", false, ""},
		{"ecr, default image, image-manifest=false", Build{CacheTo: []string{ecr + ",image-manifest=false"}, Builder: stable}, "RegistryNeedsImageManifest", true, ""},
		{"ecr, default image, oci-mediatypes=false", Build{CacheTo: []string{ecr + ",oci-mediatypes=false"}, Builder: stable}, "RegistryNeedsImageManifest", true, ""},
		{"ecr, a pinned old image", Build{CacheTo: []string{ecr}, Builder: Builder{Driver: "docker-container", BuildKitVersion: "v0.18.0", DefaultImage: false}}, "RegistryNeedsImageManifest", true, ""},
		{"ecr, a pinned new image", Build{CacheTo: []string{ecr}, Builder: Builder{Driver: "docker-container", BuildKitVersion: "v0.21.0"}}, "RegistryNeedsImageManifest", false, ""},
		{"ecr, an unknown builder", Build{CacheTo: []string{ecr}}, "RegistryNeedsImageManifest", true, ""},
		// export to a new directory and move it into place
		{"moved: not unbounded", Build{CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}, MovedDirs: []string{"/tmp/.buildx-cache"}}, "LocalCacheGrowsUnbounded", false, ""},
		{"not moved: unbounded", Build{CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}, MovedDirs: []string{"/tmp/other"}}, "LocalCacheGrowsUnbounded", true, ""},
		{"moved: in tmp, not growing", Build{CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CacheTo: []string{"type=local,dest=/tmp/.buildx-cache-new,mode=max"}, MovedDirs: []string{"/tmp/.buildx-cache-new/"}}, "LocalCacheInTmp", true, "moved into place"},
		{"not moved: in tmp, growing", Build{CacheTo: []string{"type=local,dest=/tmp/.buildx-cache-new,mode=max"}}, "LocalCacheInTmp", true, "grows with every build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := false
			for _, d := range Check(tt.b) {
				if d.Rule != tt.rule {
					continue
				}
				got = true
				if tt.message != "" && !strings.Contains(d.Message, tt.message) {
					t.Errorf("message %q, want %q in it", d.Message, tt.message)
				}
				if strings.HasPrefix(tt.name, "moved") && strings.Contains(d.Message, "grows") {
					t.Errorf("message %q says the cache grows", d.Message)
				}
			}
			if got != tt.want {
				t.Errorf("%s reported %v, want %v: %v", tt.rule, got, tt.want, Check(tt.b))
			}
		})
	}
}
