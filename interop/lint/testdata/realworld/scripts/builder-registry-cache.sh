#!/usr/bin/env bash
# Written for buildxcache's tests, not copied: a docker-container builder
# created for the cache export, then a push with a per-tag registry cache
# (see SOURCES.md).
set -eu

IMAGE="ghcr.io/example/$1"
TAG=$2
BUILDER=docker-container-driver-builder

# create a builder with the docker-container driver to allow cache-export
docker buildx create --name "$BUILDER" --driver=docker-container || true

time docker buildx build --push -t "$IMAGE:$TAG" \
	--builder "$BUILDER" \
	--cache-from "type=registry,ref=$IMAGE:$TAG-cache" \
	--cache-from "type=registry,ref=$IMAGE:latest-cache" \
	--cache-to "type=registry,ref=$IMAGE:$TAG-cache,mode=max" \
	-f Dockerfile .
