#!/bin/sh
# Written for buildxcache's tests: a script that switches back to the
# engine's builder (the docker driver) before exporting a cache.
set -e

: "${SCOPE:=web}"
readonly CACHE="type=gha,scope=$SCOPE"

docker buildx use default
docker buildx build --cache-from "$CACHE" --cache-to "$CACHE,mode=max" -t web --load .
