variable "REGISTRY" {
  default = "ghcr.io/example"
}

group "default" {
  targets = ["builder-debug", "builder-wasm", "toolchain"]
}

target "builder-debug" {
  dockerfile = "Dockerfile"
  target     = "builder-debug"
  cache-from = ["type=registry,ref=${REGISTRY}/builder-debug:cache"]
  cache-to   = ["type=registry,ref=${REGISTRY}/builder-debug:cache,mode=max"]
}

target "builder-wasm" {
  dockerfile = "Dockerfile"
  target     = "builder-wasm"
  cache-from = [
    "type=registry,ref=${REGISTRY}/builder-wasm:cache",
    "type=registry,ref=${REGISTRY}/builder-debug:cache",
  ]
  cache-to = ["type=registry,ref=${REGISTRY}/builder-wasm:cache-max,mode=max"]
}

target "toolchain" {
  dockerfile = "Dockerfile"
  target     = "toolchain"
  tags       = ["${REGISTRY}/toolchain:latest"]
  cache-from = [
    "type=registry,ref=${REGISTRY}/builder-debug:cache",
    "type=registry,ref=${REGISTRY}/builder-wasm:cache",
  ]
}
