// Command workflowgen writes a GitHub Actions workflow that builds an image
// for a matrix of platforms with docker/build-push-action, with cache
// settings built as typed entries: a gha scope per platform, a registry
// cache ref distinct from every image tag, and cache-to skipped on pull
// requests from forks (whose token cannot write).
//
//	go run ./examples/workflowgen ghcr.io/acme/app linux/amd64 linux/arm64
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/refs"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: workflowgen IMAGE PLATFORM...")
		os.Exit(2)
	}
	if err := write(os.Stdout, os.Args[1], os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// caches returns the cache entries of one platform's build.
func caches(image refs.Ref, platform string) (from, to []cachespec.Entry, err error) {
	slug := strings.ReplaceAll(platform, "/", "-")
	ref, err := refs.Parse(image.Name() + ":buildcache-" + slug)
	if err != nil {
		return nil, nil, err
	}
	gha := &cachespec.GHA{Scope: cachespec.Some(image.Path() + "-" + slug)}
	reg := &cachespec.Registry{Ref: ref}
	from = []cachespec.Entry{gha, reg}
	to = []cachespec.Entry{
		&cachespec.GHA{Scope: gha.Scope, ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.ModeMax), IgnoreError: cachespec.Some(true)}},
		&cachespec.Registry{Ref: ref, ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.ModeMax), ImageManifest: cachespec.Some(true), OCIMediaTypes: cachespec.Some(true)}},
	}
	return from, to, nil
}

// write prints the workflow.
func write(w io.Writer, imageName string, platforms []string) error {
	image, err := refs.Parse(imageName)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "name: image\non:\n  push:\n    branches: [main]\n  pull_request:\npermissions:\n  contents: read\n  packages: write\njobs:\n")
	for _, p := range platforms {
		from, to, err := caches(image, p)
		if err != nil {
			return err
		}
		fromBlock, err := cachespec.FormatActionInput(from)
		if err != nil {
			return err
		}
		toBlock, err := cachespec.FormatActionInput(to)
		if err != nil {
			return err
		}
		job := "build-" + strings.ReplaceAll(p, "/", "-")
		fmt.Fprintf(w, "  %s:\n    runs-on: %s\n    steps:\n", job, runner(p))
		fmt.Fprintf(w, "      - uses: docker/setup-buildx-action@v3\n")
		fmt.Fprintf(w, "      - uses: docker/login-action@v3\n        if: github.event_name != 'pull_request' || !github.event.pull_request.head.repo.fork\n        with:\n          registry: %s\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n", image.Domain())
		fmt.Fprintf(w, "      - uses: docker/build-push-action@v6\n        with:\n          platforms: %s\n          tags: %s\n", p, image.Name()+":${{ github.sha }}-"+strings.ReplaceAll(p, "/", "-"))
		fmt.Fprintf(w, "          push: ${{ github.event_name != 'pull_request' || !github.event.pull_request.head.repo.fork }}\n")
		fmt.Fprintf(w, "          cache-from: |\n%s", indent(fromBlock, 12))
		// Expressions have no newline escape; fromJSON turns a JSON string
		// into the multi-line input.
		js, _ := json.Marshal(toBlock)
		fmt.Fprintf(w, "          cache-to: ${{ (github.event_name != 'pull_request' || !github.event.pull_request.head.repo.fork) && fromJSON('%s') || '' }}\n", strings.ReplaceAll(string(js), "'", "''"))
	}
	return nil
}

// runner picks a GitHub-hosted runner for a platform.
func runner(platform string) string {
	if strings.Contains(platform, "arm") {
		return "ubuntu-24.04-arm"
	}
	return "ubuntu-24.04"
}

func indent(block string, n int) string {
	pad := strings.Repeat(" ", n)
	var b strings.Builder
	for _, line := range strings.SplitAfter(block, "\n") {
		if line != "" {
			b.WriteString(pad + line)
		}
	}
	return b.String()
}
