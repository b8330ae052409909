# Bake targets with cache mistakes.
group "default" {
  targets = ["api", "worker", "docs"]
}

target "api" {
  tags       = ["ghcr.io/org/api:latest"]
  cache-from = ["type=gha,scope=app"]
  cache-to   = ["type=gha,scope=app,mode=max"]
}

target "worker" {
  tags = ["ghcr.io/org/worker:latest"]
  # misspelled: bake ignores it and the worker never uses a cache
  cache_from = ["type=gha,scope=worker"]
  # the same scope as api: each build overwrites the other's cache
  cache-to = ["type=gha,scope=app,mode=max"]
}

target "docs" {
  tags     = ["ghcr.io/org/docs:latest"]
  cache-to = ["type=gha,scope=docs,mode=maxx"]
}
