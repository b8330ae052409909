group "default" {
  targets = ["build"]
}

target "build" {
  context = "."
  dockerfile = "Dockerfile"
  platforms = ["linux/arm", "linux/amd64", "linux/arm64"]
  cache-from = ["type=gha"]
  cache-to = ["type=gha,mode=max"]
}
