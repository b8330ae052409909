group "default" {
  targets = ["guide", "landing"]
}

target "guide" {
  context    = "guide"
  cache-to   = ["type=gha,ignore-error=true,mode=min,scope=guide"]
  cache-from = ["type=gha,scope=guide"]
}

target "landing" {
  context    = "landing"
  cache-to   = ["type=gha,ignore-error=true,mode=min,scope=landing"]
  cache-from = ["type=gha,scope=landing"]
}
