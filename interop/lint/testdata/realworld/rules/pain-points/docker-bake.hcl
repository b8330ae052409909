group "default" {
  targets = ["webserver", "worker"]
}

target "webserver" {
  context    = "services/web"
  tags       = ["registry.example.com/sim/webserver:latest"]
  cache-from = ["type=local,src=/tmp/.buildx-cache/webserver"]
  cache-to   = ["type=local,dest=/tmp/.buildx-cache/webserver,mode=max"]
}

target "worker" {
  context    = "services/worker"
  tags       = ["registry.example.com/sim/worker:latest"]
  cache-from = ["type=local,src=.cache/worker"]
  cache-to   = ["type=local,dest=.cache/worker,mode=max"]
}
