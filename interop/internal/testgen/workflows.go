package testgen

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteWorkflows writes n realistic GitHub Actions workflows under
// dir/.github/workflows, for benchmarks: each has a test job and a build
// job on a platform matrix (checkout, setup-buildx, login, metadata,
// build-push-action with cache inputs), and, in turn, a run: step with a
// multi-line docker buildx build or a bake-action step with set: lines. A
// few values are mistakes the linter reports, as in real trees.
func WriteWorkflows(dir string, n int) error {
	wf := filepath.Join(dir, ".github", "workflows")
	if err := os.MkdirAll(wf, 0o755); err != nil {
		return err
	}
	for i := range n {
		var third string
		switch i % 3 {
		case 0:
			third = fmt.Sprintf(`      - name: Build the tool image
        run: |
          docker buildx build \
            --platform linux/amd64 \
            --tag ghcr.io/acme/tool%[1]d:${{ github.sha }} \
            --cache-from type=registry,ref=ghcr.io/acme/tool%[1]d:buildcache \
            --cache-to type=registry,ref=ghcr.io/acme/tool%[1]d:buildcache,mode=max \
            --push .
`, i)
		case 1:
			third = fmt.Sprintf(`      - name: Bake
        uses: docker/bake-action@v6
        with:
          push: ${{ github.event_name != 'pull_request' }}
          set: |
            *.cache-from=type=gha,scope=bake%[1]d
            *.cache-to=type=gha,scope=bake%[1]d,mode=max
`, i)
		default:
			third = fmt.Sprintf(`      - name: Docs image
        run: docker build --cache-from ghcr.io/acme/docs%[1]d:cache -t docs%[1]d .
`, i)
		}
		data := fmt.Sprintf(`name: build %[1]d
on:
  push:
    branches: [main]
  pull_request:
env:
  REGISTRY: ghcr.io
  IMAGE_NAME: acme/app%[1]d
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: '1.24'
      - run: go test ./...
  build:
    needs: test
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    strategy:
      fail-fast: false
      matrix:
        platform: [linux/amd64, linux/arm64]
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-qemu-action@v3
      - uses: docker/setup-buildx-action@v3
      - uses: docker/login-action@v3
        with:
          registry: ${{ env.REGISTRY }}
          username: ${{ github.actor }}
          password: ${{ secrets.GITHUB_TOKEN }}
      - id: meta
        uses: docker/metadata-action@v5
        with:
          images: ${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}
      - name: Build and push
        uses: docker/build-push-action@v6
        with:
          context: .
          platforms: ${{ matrix.platform }}
          push: ${{ github.event_name != 'pull_request' }}
          tags: ${{ steps.meta.outputs.tags }}
          labels: ${{ steps.meta.outputs.labels }}
          cache-from: type=gha,scope=app%[1]d-${{ matrix.platform }}
          cache-to: type=gha,scope=app%[1]d-${{ matrix.platform }},mode=max
%[2]s`, i, third)
		if err := os.WriteFile(filepath.Join(wf, fmt.Sprintf("build-%04d.yml", i)), []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}
