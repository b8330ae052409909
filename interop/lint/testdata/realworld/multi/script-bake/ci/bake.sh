#!/usr/bin/env bash
set -euo pipefail

CACHE=ghcr.io/example/runner:cache
docker buildx bake --load -f test/docker/docker-bake.hcl \
  --set "runner-*.cache-from=type=registry,ref=$CACHE" \
  --set "runner-*.cache-to=type=registry,ref=$CACHE,mode=max"
