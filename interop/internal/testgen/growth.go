package testgen

import (
	"fmt"
	"strings"
)

// The generators below write one file of each kind the linter reads, of a
// size given by a count (jobs, targets, services, builds), for the growth
// benchmarks: n units make a file about n times the size of one unit, and
// every unit holds cache values the linter checks, a few of them mistakes.

// Workflow returns a GitHub Actions workflow with jobs build jobs, each on
// a two-platform matrix with a build-push-action step and a docker buildx
// build run: step.
func Workflow(jobs int) string {
	var b strings.Builder
	b.WriteString(workflowHead)
	for i := range jobs {
		b.WriteString(workflowJob(i))
	}
	return b.String()
}

// WorkflowOfSize returns Workflow with as many jobs as fit in size bytes.
func WorkflowOfSize(size int) string {
	var b strings.Builder
	b.WriteString(workflowHead)
	for i := 0; ; i++ {
		j := workflowJob(i)
		if b.Len()+len(j) > size {
			return b.String()
		}
		b.WriteString(j)
	}
}

const workflowHead = "name: growth\non:\n  push:\n  pull_request:\njobs:\n"

func workflowJob(i int) string {
	return fmt.Sprintf(`  build%[1]d:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        platform: [linux/amd64, linux/arm64]
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: ${{ matrix.platform }}
          push: true
          tags: ghcr.io/acme/app%[1]d:latest
          cache-from: type=gha,scope=app%[1]d-${{ matrix.platform }}
          cache-to: type=gha,scope=app%[1]d-${{ matrix.platform }},mode=max
      - run: |
          docker buildx build --push -t ghcr.io/acme/tool%[1]d:main \
            --cache-from type=registry,ref=ghcr.io/acme/tool%[1]d:cache \
            --cache-to type=registry,ref=ghcr.io/acme/tool%[1]d:cache,mode=max .
`, i)
}

// MatrixWorkflow returns a workflow whose one build job has a matrix of
// at least legs combinations (up to four platforms times variants, exactly
// legs when legs is a multiple of four), each leg's cache values its own.
func MatrixWorkflow(legs int) string {
	all := []string{"linux/amd64", "linux/arm64", "linux/arm/v7", "linux/ppc64le"}
	plats := all[:max(1, min(len(all), legs))]
	var vars []string
	for i := range (legs + len(plats) - 1) / len(plats) {
		vars = append(vars, fmt.Sprintf("v%d", i))
	}
	return fmt.Sprintf(`name: matrix
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        platform: [%s]
        variant: [%s]
    steps:
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: ${{ matrix.platform }}
          push: true
          tags: ghcr.io/acme/app:${{ matrix.variant }}
          cache-from: type=gha,scope=${{ matrix.variant }}-${{ matrix.platform }}
          cache-to: type=gha,scope=${{ matrix.variant }}-${{ matrix.platform }},mode=max
      - run: |
          docker buildx build --push -t ghcr.io/acme/tool:${{ matrix.variant }} \
            --cache-to type=registry,ref=ghcr.io/acme/tool:cache-${{ matrix.variant }},mode=max .
`, strings.Join(plats, ", "), strings.Join(vars, ", "))
}

// Bake returns a bake file (HCL) with targets targets, all in the default
// group, inheriting the cache import of a common target; each exports to
// a registry ref with an upper-case letter, which the linter refuses.
func Bake(targets int) string {
	var b strings.Builder
	b.WriteString("variable \"TAG\" {\n  default = \"latest\"\n}\n")
	b.WriteString("group \"default\" {\n  targets = [")
	for i := range targets {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", fmt.Sprintf("t%d", i))
	}
	b.WriteString("]\n}\n")
	b.WriteString("target \"_common\" {\n  cache-from = [\"type=gha,scope=common\"]\n}\n")
	for i := range targets {
		fmt.Fprintf(&b, `target "t%[1]d" {
  inherits = ["_common"]
  tags = ["ghcr.io/acme/t%[1]d:${TAG}"]
  cache-to = ["type=gha,scope=t%[1]d,mode=max", "type=registry,ref=ghcr.io/Acme/t%[1]d:cache"]
}
`, i)
	}
	return b.String()
}

// Compose returns a compose file with services services, each built with
// a registry cache whose export ref has an upper-case letter.
func Compose(services int) string {
	var b strings.Builder
	b.WriteString("services:\n")
	for i := range services {
		fmt.Fprintf(&b, `  svc%[1]d:
    image: ghcr.io/acme/svc%[1]d:latest
    build:
      context: ./svc%[1]d
      cache_from:
        - type=registry,ref=ghcr.io/acme/svc%[1]d:cache
      cache_to:
        - type=registry,ref=ghcr.io/Acme/svc%[1]d:cache,mode=max
`, i)
	}
	return b.String()
}

// Script returns a bash script with builds docker buildx build commands.
func Script(builds int) string {
	var b strings.Builder
	b.WriteString("#!/usr/bin/env bash\nset -eu\nTAG=${1:-latest}\n")
	for i := range builds {
		fmt.Fprintf(&b, `docker buildx build --push -t "ghcr.io/acme/img%[1]d:$TAG" \
  --cache-from "type=registry,ref=ghcr.io/acme/img%[1]d:cache" \
  --cache-to "type=registry,ref=ghcr.io/acme/img%[1]d:cache,mode=max" .
`, i)
	}
	return b.String()
}

// Makefile returns a Makefile with targets targets, each a docker buildx
// build recipe, all prerequisites of the default goal.
func Makefile(targets int) string {
	var b strings.Builder
	b.WriteString("all:")
	for i := range targets {
		fmt.Fprintf(&b, " image%d", i)
	}
	b.WriteString("\n\n")
	for i := range targets {
		fmt.Fprintf(&b, `image%[1]d:
	docker buildx build --push -t ghcr.io/acme/img%[1]d:latest \
		--cache-from type=registry,ref=ghcr.io/acme/img%[1]d:cache \
		--cache-to type=registry,ref=ghcr.io/acme/img%[1]d:cache,mode=max .

`, i)
	}
	return b.String()
}
