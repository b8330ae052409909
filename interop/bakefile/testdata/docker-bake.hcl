# A bake definition using what bake resolves: variables, a function,
# inheritance, a matrix and groups.
variable "REGISTRY" {
  default = "ghcr.io/acme"
}

variable "TAG" {
  default = "latest"
}

function "cache_ref" {
  params = [name]
  result = "${REGISTRY}/${name}:cache"
}

group "default" {
  targets = ["api", "workers"]
}

group "release" {
  targets = ["api"]
}

target "_cache" {
  cache-from = ["type=gha,scope=shared"]
}

target "api" {
  inherits   = ["_cache"]
  tags       = ["${REGISTRY}/api:${TAG}"]
  platforms  = ["linux/amd64", "linux/arm64"]
  output     = ["type=registry"]
  cache-to   = ["type=registry,ref=${cache_ref("api")},mode=max", "type=gha,scope=api,mode=max"]
}

target "workers" {
  name     = "worker-${kind}"
  matrix   = { kind = ["email", "video"] }
  inherits = ["_cache"]
  tags     = ["${REGISTRY}/worker-${kind}:${TAG}"]
  cache-to = ["type=gha,scope=worker-${kind},mode=max"]
}
