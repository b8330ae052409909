package validate

import (
	"fmt"
	"strconv"
	"testing"
)

// BenchmarkCheckAllGroupSize checks groups of 250, 1,000 and 4,000 builds
// (the jobs of one large workflow, checked together), each with its own
// cache values and a few findings: the time per build should stay the
// same as the group grows.
//
//	go test ./validate -run '^$' -bench BenchmarkCheckAllGroupSize -benchmem
func BenchmarkCheckAllGroupSize(b *testing.B) {
	for _, n := range []int{250, 1000, 4000} {
		builds := make([]Build, n)
		for i := range builds {
			bb := benchBuild
			img := "app" + strconv.Itoa(i)
			bb.Name = img
			bb.CacheFrom = []string{"type=gha,scope=" + img}
			bb.CacheTo = []string{"type=gha,scope=" + img + ",mode=max", "type=registry,ref=ghcr.io/acme/" + img + ":buildcache"}
			builds[i] = bb
		}
		b.Run(fmt.Sprintf("builds=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var ds Diagnostics
			for b.Loop() {
				ds = CheckAll(builds)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/build")
			if len(ds) < n {
				b.Fatalf("%d findings for %d builds", len(ds), n)
			}
		})
	}
}
