#!/bin/sh
# Builds and pushes one service image with its registry cache.
set -eu
NAME="$1"
docker buildx build \
  --cache-from "type=registry,ref=$CI_REGISTRY_IMAGE/$NAME:cache" \
  --cache-to "type=registry,ref=$CI_REGISTRY_IMAGE/$NAME:cache,mode=max,ignore-error=true" \
  --tag "$CI_REGISTRY_IMAGE/$NAME:$CI_COMMIT_SHORT_SHA" \
  --push "services/$NAME"
