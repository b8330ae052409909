package gitlabci

import (
	"testing"

	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/interop/source"
)

// fuzzSeeds are the seed corpus of FuzzGitLabCI: the shapes the reader
// follows (includes, extends, !reference, anchors, rules, services) and
// broken ones.
var fuzzSeeds = []string{
	"build:\n  script:\n    - docker buildx build --cache-to type=registry,ref=$CI_REGISTRY_IMAGE:cache .\n",
	"include:\n  - local: ci/a.yml\n  - remote: https://example.com/x.yml\n  - project: g/p\n    file: x.yml\n  - template: Docker.gitlab-ci.yml\n  - ../out.yml\n",
	"include: 'ci/*.yml'\n.t: &t\n  script: [docker buildx build --cache-to type=inline .]\nj:\n  <<: *t\n  extends: [.a, .b]\n",
	"j:\n  extends: j\n  script: !reference [j, script]\n",
	"variables:\n  A: {value: \"$B\", description: x}\n  B: $A\nj:\n  variables: {C: $A$B, D: {value: x, expand: false}}\n  script: [\"docker build --cache-from $C --cache-to $D .\"]\n",
	"workflow:\n  rules:\n    - if: '$CI_PIPELINE_SOURCE == \"merge_request_event\" && ($CI_COMMIT_BRANCH =~ /^ma/i || $X != null)'\n      when: never\nj:\n  only: {refs: [main, /^rel/], variables: [$A == \"b\"]}\n  except: [tags]\n  script: docker buildx build --cache-to type=gha .\n",
	"j:\n  services:\n    - name: docker:29.1-dind\n      command: [--storage-driver=vfs]\n  image: {name: docker:29}\n  before_script:\n    - [[docker buildx create --use]]\n  script: |\n    docker buildx build \\\n      --cache-to \"type=registry,ref=r/a:c\" .\n",
	"spec:\n  inputs:\n    a:\n---\nj:\n  script: >\n    docker buildx build\n    --cache-to type=local,dest=/tmp/c .\n",
	"j: [\n",
	"- a\n- b\n",
	"j:\n  script:\n    - 'docker build --cache-to ''type=inline'' .'\n    - \"docker build --cache-to \\\"type=gha\\\" $(\"\n",
	"a: &a [*a]\nj:\n  script: *a\n",
	"j:\n  parallel:\n    matrix:\n      - {A: [x, y], B: [\"1\", \"2\"]}\n      - A: z\n  script: [docker buildx build --cache-to type=registry,ref=r/$A:$B .]\n",
	"t:\n  trigger:\n    include: [{local: ci/a.yml}, {artifact: g.yml, job: g}, $X.yml, ci/*.yml]\nu:\n  trigger: {include: .gitlab-ci.yml}\n",
	"variables: {T: image}\nj:\n  script:\n    - ./ci/b.sh && make -C d $T\n    - docker buildx bake -f x.hcl --set '*.cache-to=type=gha' t\n    - cd s; docker compose build api\n    - ../o.sh /abs.sh\n",
}

// FuzzGitLabCI reads arbitrary text as a .gitlab-ci.yml with one included
// file, as the linter does: the reader never panics nor hangs, returns a
// File per input, and places every build value inside its file.
func FuzzGitLabCI(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "j2:\n  script: [docker buildx build --cache-to type=inline .]\n")
	}
	f.Fuzz(func(t *testing.T, root, inc string) {
		in := []source.Input{{Path: "r/.gitlab-ci.yml", Content: []byte(root)}, {Path: "r/ci/a.yml", Content: []byte(inc)}}
		files, calls := ReadWithCalls(in, source.Options{})
		if len(files) != 2 {
			t.Fatalf("%d files for 2 inputs", len(files))
		}
		checkPlaced(t, in, files)
		for _, c := range calls {
			if c.At.File != in[0].Path && c.At.File != in[1].Path || c.At.Start.Line < 1 || c.At.Start.Col < 1 {
				t.Fatalf("call placed outside the files: %+v", c.At)
			}
			for _, p := range append([]string{c.Path, c.Dir}, c.Files...) {
				if shellcmd.Outside(p) {
					t.Fatalf("a call outside the repository: %+v", c)
				}
			}
		}
	})
}
