# Bake targets with cache mistakes.
group "default" {
  targets = ["api", "worker"]
}

target "api" {
  tags       = ["ghcr.io/org/api:latest"]
  cache-from = ["type=gha,scope=app"]
  cache-to   = ["type=gha,scope=app,mode=maxx"]
}

target "worker" {
  tags = ["ghcr.io/org/worker:latest"]
  # misspelled: bake ignores it and the worker never uses a cache
  cache_from = ["type=gha,scope=worker"]
  cache-to   = ["type=gha,scope=app,mode=max"]
}
