#!/bin/bash -e
docker_cache=example_docker_cache

docker buildx bake \
  --set "*.cache-from=type=local,src=${docker_cache}" \
  --set "*.cache-to=mode=max,type=local,dest=${docker_cache}_new" \
  --progress plain \
  --load

rm -rf ${docker_cache} || true
mv ${docker_cache}_new ${docker_cache} || true
