group "default" {
  targets = ["runner-amd64", "runner-arm64"]
}

target "runner-amd64" {
  dockerfile = "Dockerfile"
  platforms = ["linux/amd64"]
  tags = ["runner-amd64:latest"]
}

target "runner-arm64" {
  dockerfile = "Dockerfile"
  platforms = ["linux/arm64"]
  tags = ["runner-arm64:latest"]
}
