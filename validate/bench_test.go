package validate

import (
	"strconv"
	"testing"
)

var benchBuild = Build{
	CacheFrom: []string{"type=gha,scope=app-linux-amd64", "type=registry,ref=ghcr.io/acme/app:buildcache", "type=local,src=/tmp/.buildx-cache", "ghcr.io/acme/app:cache"},
	CacheTo:   []string{"type=gha,scope=app-linux-amd64,mode=max", "type=registry,ref=ghcr.io/acme/app:buildcache,mode=max", "type=local,dest=/tmp/.buildx-cache-new,mode=max", "type=inline"},
	Tags:      []string{"ghcr.io/acme/app:latest"},
	Push:      ptr(true),
	Platforms: []string{"linux/amd64"},
	CI:        CI{Provider: githubActions, Event: "pull_request"},
	Step:      StepAction,
}

func BenchmarkCheck(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Check(benchBuild)
	}
}

// BenchmarkCheckAllWorkflow checks a 50-build workflow (a matrix of images
// and platforms) together.
func BenchmarkCheckAllWorkflow(b *testing.B) {
	var builds []Build
	for i := 0; i < 50; i++ {
		bb := benchBuild
		img := "app" + strconv.Itoa(i/2)
		plat := []string{"linux/amd64", "linux/arm64"}[i%2]
		bb.Name = img + "-" + plat
		bb.Platforms = []string{plat}
		bb.CacheTo = []string{"type=gha,scope=" + img + ",mode=max", "type=registry,ref=ghcr.io/acme/" + img + ":buildcache"}
		builds = append(builds, bb)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = CheckAll(builds)
	}
}
