package workflow

import (
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/validate"
)

// TestDefaultBuilderImage: docker/setup-buildx-action without an image=
// driver option runs Buildx's default BuildKit image, the latest stable
// release, so no RegistryNeedsImageManifest on an ECR ref; a pinned image
// is judged by its version.
func TestDefaultBuilderImage(t *testing.T) {
	step := "      - uses: docker/build-push-action@v6\n        with:\n          cache-to: type=registry,ref=123456789012.dkr.ecr.us-east-1.amazonaws.com/app:cache,mode=max\n"
	tests := []struct {
		name, setup  string
		defaultImage bool
		reported     bool
	}{
		{"default", "      - uses: docker/setup-buildx-action@v3\n", true, false},
		{"driver-opts without an image", "      - uses: docker/setup-buildx-action@v3\n        with:\n          driver-opts: network=host\n", true, false},
		{"a pinned old image", "      - uses: docker/setup-buildx-action@v3\n        with:\n          driver-opts: image=moby/buildkit:v0.18.0\n", false, true},
		{"a pinned image of no version", "      - uses: docker/setup-buildx-action@v3\n        with:\n          driver-opts: image=registry.example.com/buildkit:mine\n", false, true},
		{"the docker driver", "      - uses: docker/setup-buildx-action@v3\n        with:\n          driver: docker\n", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse(".github/workflows/ci.yml", []byte("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"+tt.setup+step))
			if len(f.Builds) != 1 {
				t.Fatalf("builds %+v %v", f.Builds, f.Diagnostics)
			}
			b := f.Builds[0]
			if b.Builder.DefaultImage != tt.defaultImage {
				t.Errorf("builder %+v", b.Builder)
			}
			got := false
			for _, d := range validate.Check(b) {
				got = got || d.Rule == "RegistryNeedsImageManifest"
			}
			if got != tt.reported {
				t.Errorf("RegistryNeedsImageManifest %v, want %v", got, tt.reported)
			}
		})
	}
}

// TestMovedCacheDirectories: the export-to-a-new-directory-and-move
// pattern (a later run: step, or the same one, that replaces the cache
// with the new export) is known to validate, which then does not say the
// cache grows.
func TestMovedCacheDirectories(t *testing.T) {
	build := "      - uses: docker/build-push-action@v6\n        with:\n          cache-from: type=local,src=/tmp/.buildx-cache\n          cache-to: type=local,dest=/tmp/.buildx-cache-new,mode=max\n"
	move := "      - name: Move cache\n        run: |\n          rm -rf /tmp/.buildx-cache\n          mv /tmp/.buildx-cache-new /tmp/.buildx-cache\n"
	tests := []struct {
		name, steps string
		moved       []string
	}{
		{"a later step", build + move, []string{"/tmp/.buildx-cache-new"}},
		{"sudo mv -f", build + "      - run: sudo mv -f /tmp/.buildx-cache-new /tmp/.buildx-cache\n", []string{"/tmp/.buildx-cache-new"}},
		{"an earlier step", move + build, nil},
		{"the same run: step", "      - run: |\n          docker buildx build --cache-from type=local,src=/tmp/.buildx-cache --cache-to type=local,dest=/tmp/.buildx-cache-new,mode=max .\n          rm -rf /tmp/.buildx-cache && mv /tmp/.buildx-cache-new /tmp/.buildx-cache\n", []string{"/tmp/.buildx-cache-new"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse(".github/workflows/ci.yml", []byte("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n"+tt.steps))
			if len(f.Builds) != 1 {
				t.Fatalf("builds %+v %v", f.Builds, f.Diagnostics)
			}
			b := f.Builds[0]
			if !slices.Equal(b.MovedDirs, tt.moved) {
				t.Errorf("moved %q, want %q", b.MovedDirs, tt.moved)
			}
			for _, d := range validate.Check(b) {
				if tt.moved != nil && (d.Rule == "LocalCacheGrowsUnbounded" || d.Rule == "LocalCacheInTmp" && strings.Contains(d.Message, "grows")) {
					t.Errorf("%s", d)
				}
			}
		})
	}
}
