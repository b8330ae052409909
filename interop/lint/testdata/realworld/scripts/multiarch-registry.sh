#!/usr/bin/env bash
# Written for buildxcache's tests, not copied: per-architecture registry
# caches, then one multi-platform push reading both (see SOURCES.md).
set -euo pipefail

REPO=example/ros-devcontainer

docker buildx build \
  --cache-from=type=registry,ref=$REPO:buildcache-arm64 \
  --cache-to=type=registry,ref=$REPO:buildcache-arm64 \
  --platform linux/arm64/v8 \
  --target base \
  --load \
  .

docker buildx build \
  --cache-from=type=registry,ref=$REPO:buildcache-amd64 \
  --cache-to=type=registry,ref=$REPO:buildcache-amd64 \
  --platform linux/amd64 \
  --target base \
  --load \
  .

docker buildx build \
  --cache-from=type=registry,ref=$REPO:buildcache-arm64 \
  --cache-from=type=registry,ref=$REPO:buildcache-amd64 \
  --platform linux/amd64,linux/arm64/v8 \
  --target base \
  --push \
  -t $REPO:galactic-base \
  .
