variable "CACHE_REGISTRY" {
  default = ""
}

// Set PUSH_CACHE=1 in CI to push the dependency cache.
variable "PUSH_CACHE" {
  default = ""
}

target "deps" {
  context    = "."
  dockerfile = "Dockerfile"
  target     = "deps"
  output     = PUSH_CACHE != "" ? ["type=registry"] : ["type=cacheonly"]
  tags       = ["${CACHE_REGISTRY}/deps:cache"]
  cache-from = ["type=registry,ref=${CACHE_REGISTRY}/deps:buildcache"]
  cache-to   = ["type=registry,ref=${CACHE_REGISTRY}/deps:buildcache,mode=max"]
}
