package gitlabci

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// TestReadWithCalls: the scripts, make targets and bake and compose
// commands of a job's scripts, with the job's context (its name, the
// pipeline it runs in, the builder it selected or its daemon's) and the
// place of each command; calls after a cd (in their line or an earlier
// one, a line of its own included), with a path outside the
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
plain-cd:
  script:
    - cd web
    - ./build.sh
    - make image
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

// TestMatrix: a job with parallel: matrix: is one job for each
// combination of each entry's values, named as GitLab names them, its
// builds reading the values (the dind service's version among them); the
// calls of each are followed with its name; a matrix of more than 200
// jobs is read up to 200 and reported.
func TestMatrix(t *testing.T) {
	cfg := `build:
  image: docker:27
  services: ["docker:${DOCKER}-dind"]
  parallel:
    matrix:
      - APP: [web, api]
        DOCKER: ["24", "29"]
      - APP: worker
        DOCKER: "29"
  script:
    - docker buildx build --cache-to type=registry,ref=$CI_REGISTRY_IMAGE/$APP:cache-$DOCKER .
    - ./ci/$APP.sh
`
	files, calls := ReadWithCalls([]source.Input{{Path: "r/.gitlab-ci.yml", Content: []byte(cfg)}}, source.Options{})
	var got []string
	for _, b := range files[0].Builds {
		got = append(got, fmt.Sprintf("%s [%s]: %s", b.Name, b.Builder.Driver, strings.Join(b.CacheTo, " ")))
	}
	for _, c := range calls {
		got = append(got, c.Job+" runs "+c.Path)
	}
	want := []string{
		"job build: [web, 24]: buildx build (script) [docker]: type=registry,ref=$CI_REGISTRY_IMAGE/web:cache-24",
		"job build: [web, 29]: buildx build (script) [docker]: type=registry,ref=$CI_REGISTRY_IMAGE/web:cache-29",
		"job build: [api, 24]: buildx build (script) [docker]: type=registry,ref=$CI_REGISTRY_IMAGE/api:cache-24",
		"job build: [api, 29]: buildx build (script) [docker]: type=registry,ref=$CI_REGISTRY_IMAGE/api:cache-29",
		"job build: [worker, 29]: buildx build (script) [docker]: type=registry,ref=$CI_REGISTRY_IMAGE/worker:cache-29",
		"build: [web, 24] runs ci/web.sh",
		"build: [web, 29] runs ci/web.sh",
		"build: [api, 24] runs ci/api.sh",
		"build: [api, 29] runs ci/api.sh",
		"build: [worker, 29] runs ci/worker.sh",
	}
	if !slices.Equal(got, want) {
		t.Errorf("matrix:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// the daemon of each leg is its own: 24 refuses cache export, 29 has
	// the containerd image store
	stores := map[string]string{}
	for _, b := range files[0].Builds {
		store := "?"
		if b.Builder.ContainerdStore != nil {
			store = fmt.Sprint(*b.Builder.ContainerdStore)
		}
		stores[b.Name[len("job build: ["):strings.Index(b.Name, "]")]] = store
	}
	if stores["web, 24"] != "false" || stores["web, 29"] != "true" {
		t.Errorf("image stores by leg: %v", stores)
	}

	var big strings.Builder
	big.WriteString("build:\n  parallel:\n    matrix:\n      - A: [")
	for i := range 15 {
		if i > 0 {
			big.WriteString(", ")
		}
		fmt.Fprint(&big, i)
	}
	big.WriteString("]\n        B: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o]\n  script:\n    - docker buildx build --cache-to type=inline .\n")
	files = Read([]source.Input{{Path: "r/.gitlab-ci.yml", Content: []byte(big.String())}}, source.Options{})
	if n := len(files[0].Builds); n != maxMatrix {
		t.Errorf("%d builds of a 225-job matrix, want %d", n, maxMatrix)
	}
	if ds := files[0].Diagnostics; len(ds) != 1 || !strings.Contains(ds[0].Message, "more than 200 jobs") {
		t.Errorf("diagnostics: %v", ds)
	}
	// without a matrix, and with parallel: N, the job is one job
	files = Read([]source.Input{{Path: "r/.gitlab-ci.yml", Content: []byte("build:\n  parallel: 3\n  script:\n    - docker buildx build --cache-to type=inline .\n")}}, source.Options{})
	if len(files[0].Builds) != 1 || files[0].Builds[0].Name != "job build: buildx build (script)" {
		t.Errorf("parallel: 3: %v", files[0].Builds)
	}
}

// TestBuildsBounded: matrices multiply a job's build lines; past
// validate.MaxBuilds
// builds a pipeline's further builds are not read, and that is reported
// once.
func TestBuildsBounded(t *testing.T) {
	var b strings.Builder
	for j := range 40 {
		fmt.Fprintf(&b, "job%d:\n  parallel:\n    matrix:\n      - A: [", j)
		for i := range 20 {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprint(&b, i)
		}
		b.WriteString("]\n        B: [a, b, c, d, e, f, g, h, i, j]\n  script:\n")
		for i := range 3 {
			fmt.Fprintf(&b, "    - docker buildx build --cache-to type=registry,ref=r.example/$A-$B:c%d .\n", i)
		}
	}
	files := Read([]source.Input{{Path: "r/.gitlab-ci.yml", Content: []byte(b.String())}}, source.Options{})
	if n := len(files[0].Builds); n != validate.MaxBuilds {
		t.Errorf("%d builds read of 24000, want %d", n, validate.MaxBuilds)
	}
	if ds := files[0].Diagnostics; len(ds) != 1 || ds[0].Rule != validate.TooManyBuilds.Name || !strings.Contains(ds[0].Message, "more than 20000 builds") {
		t.Errorf("diagnostics: %v", ds)
	}
}
