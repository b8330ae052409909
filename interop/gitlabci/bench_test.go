package gitlabci

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
)

// BenchmarkRead reads a pipeline of 200 jobs, each extending a template of
// an included file, with rules, variables and a build of two cache values.
func BenchmarkRead(b *testing.B) {
	var root, inc strings.Builder
	root.WriteString("include: ci/templates.yml\nvariables:\n  REG: $CI_REGISTRY_IMAGE\n")
	inc.WriteString(".build:\n  image: docker:27\n  services: [docker:27-dind]\n  before_script:\n    - docker buildx create --use --driver docker-container\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n")
	for i := range 200 {
		fmt.Fprintf(&root, "job-%d:\n  extends: .build\n  variables:\n    NAME: app-%d\n  script:\n    - docker buildx build\n        --cache-from type=registry,ref=$REG/$NAME:cache\n        --cache-to type=registry,ref=$REG/$NAME:cache,mode=max\n        -t $REG/$NAME:$CI_COMMIT_SHA --push .\n", i, i)
	}
	in := []source.Input{{Path: "r/.gitlab-ci.yml", Content: []byte(root.String())}, {Path: "r/ci/templates.yml", Content: []byte(inc.String())}}
	b.SetBytes(int64(root.Len() + inc.Len()))
	b.ReportAllocs()
	for b.Loop() {
		files := Read(in, source.Options{})
		if len(files[0].Builds) != 200 {
			b.Fatalf("%d builds", len(files[0].Builds))
		}
	}
}
