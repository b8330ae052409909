group "default" {
  targets = ["service", "tool-builder"]
}

target "service" {
  context = "service"
  tags    = ["example-test-image:latest"]
}

target "tool-builder" {
  context = "tool-builder"
  tags    = ["example-tool-builder:latest"]
}
