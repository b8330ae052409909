package gitlabci

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
)

// TestReadWithCalls: the scripts, make targets and bake and compose
// commands of a job's scripts, with the job's context (its name, the
// pipeline it runs in, the builder it selected or its daemon's) and the
// place of each command; calls after a cd, with a path outside the
// repository, made of a variable the file does not set, or of a job that
// no pipeline runs, are left out, and a variable the file sets is
// substituted.
func TestReadWithCalls(t *testing.T) {
	cfg := `variables:
  TARGET: image
image-build:
  image: docker:27
  services: [docker:27-dind]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - ./ci/build.sh
    - bash -e ci/other.sh arg
    - make $TARGET push
    - make -C deploy -f docker.mk all
    - docker buildx bake -f ci/bake.hcl web --set '*.cache-to=type=registry,ref=x/y:c'
    - docker compose -f compose.yaml build api
    - ../outside.sh
    - make $UNSET
    - docker buildx create --use --driver docker-container
    - ./after-create.sh
    - cd sub && ./in-sub.sh
    - ./after-cd.sh
never:
  rules:
    - when: never
  script:
    - ./never.sh
`
	files, calls := ReadWithCalls([]source.Input{{Path: "repo/.gitlab-ci.yml", Content: []byte(cfg)}}, source.Options{})
	if len(files) != 1 || len(files[0].Diagnostics) != 0 {
		t.Fatalf("files: %+v", files)
	}
	var got []string
	for _, c := range calls {
		got = append(got, fmt.Sprintf("%d %s dir=%s %q files=%q sets=%d job=%s event=%s fork=%v driver=%s @%d:%d",
			c.Kind, c.Path, c.Dir, c.Targets, c.Files, len(c.Sets), c.Job, c.CI.Event, c.CI.Fork != nil, c.Builder.Driver, c.At.Start.Line, c.At.Start.Col))
	}
	want := []string{
		`0 ci/build.sh dir= [] files=[] sets=0 job=image-build event=merge_request_event fork=false driver=docker @9:7`,
		`0 ci/other.sh dir= [] files=[] sets=0 job=image-build event=merge_request_event fork=false driver=docker @10:7`,
		`1  dir= ["image" "push"] files=[] sets=0 job=image-build event=merge_request_event fork=false driver=docker @11:7`,
		`1 deploy/docker.mk dir=deploy ["all"] files=[] sets=0 job=image-build event=merge_request_event fork=false driver=docker @12:7`,
		`2  dir= ["web"] files=["ci/bake.hcl"] sets=1 job=image-build event=merge_request_event fork=false driver=docker @13:7`,
		`3  dir= ["api"] files=["compose.yaml"] sets=0 job=image-build event=merge_request_event fork=false driver=docker @14:7`,
		`0 after-create.sh dir= [] files=[] sets=0 job=image-build event=merge_request_event fork=false driver=docker-container @18:7`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Read is ReadWithCalls without the calls
	if r := Read([]source.Input{{Path: "repo/.gitlab-ci.yml", Content: []byte(cfg)}}, source.Options{}); len(r) != 1 || len(r[0].Builds) != len(files[0].Builds) {
		t.Errorf("Read: %+v", r)
	}
	if _, calls := ReadWithCalls(nil, source.Options{}); calls != nil {
		t.Errorf("no inputs: %v", calls)
	}
}

func TestOffsetOf(t *testing.T) {
	src := "ab\ncde\n\nf"
	for _, tt := range []struct{ line, col, want int }{{1, 1, 0}, {1, 3, 2}, {2, 1, 3}, {2, 3, 5}, {3, 1, 7}, {4, 1, 8}, {5, 1, 9}, {4, 9, 9}} {
		if got := offsetOf(src, tt.line, tt.col); got != tt.want {
			t.Errorf("offsetOf(%d, %d) = %d, want %d", tt.line, tt.col, got, tt.want)
		}
	}
}
