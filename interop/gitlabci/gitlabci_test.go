package gitlabci

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
)

// readAll reads a pipeline of files (the root named ".gitlab-ci.yml",
// first), as Files lists them.
func readAll(files map[string]string) []source.File {
	in := []source.Input{{Path: "repo/.gitlab-ci.yml", Content: []byte(files[".gitlab-ci.yml"])}}
	var names []string
	for n := range files {
		if n != ".gitlab-ci.yml" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		in = append(in, source.Input{Path: "repo/" + n, Content: []byte(files[n])})
	}
	return Read(in, source.Options{})
}

// summary describes the builds and diagnostics read: one line per build
// (name, event, fork, driver, store, values) and per diagnostic.
func summary(files []source.File) []string {
	var out []string
	for _, f := range files {
		for _, b := range f.Builds {
			fork, store := "?", "?"
			if b.CI.Fork != nil {
				fork = fmt.Sprint(*b.CI.Fork)
			}
			if b.Builder.ContainerdStore != nil {
				store = fmt.Sprint(*b.Builder.ContainerdStore)
			}
			out = append(out, fmt.Sprintf("%s %s fork=%s driver=%s store=%s from=%s to=%s", b.Name, b.CI.Event, fork, b.Builder.Driver, store,
				strings.Join(b.CacheFrom, " "), strings.Join(b.CacheTo, " ")))
		}
		for _, d := range f.Diagnostics {
			out = append(out, fmt.Sprintf("%s:%d:%d %s: %s", strings.TrimPrefix(d.Range.File, "repo/"), d.Range.Start.Line, d.Range.Start.Col, d.Rule, d.Message))
		}
	}
	return out
}

const build = "docker buildx build --cache-to type=registry,ref=r.example/a:c ."

// flow is build as a YAML flow sequence.
const flow = "[\"" + build + "\"]"

func TestRead(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"a string script", map[string]string{".gitlab-ci.yml": "j:\n  script: " + build + "\n"},
			[]string{"job j: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c"}},
		{"a list, nested lists, before_script and after_script", map[string]string{".gitlab-ci.yml": "j:\n  before_script: [[\"docker buildx build --cache-from type=registry,ref=r/a:b .\"]]\n  script:\n    - echo\n    - [" + flow + "]\n  after_script: [docker build --cache-to type=inline .]\n"},
			[]string{
				"job j: buildx build (before_script) push fork=? driver= store=? from=type=registry,ref=r/a:b to=",
				"job j: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job j: buildx build (after_script) push fork=? driver= store=? from= to=type=inline",
			}},
		{"hidden jobs are templates, not jobs; reserved keys are not jobs", map[string]string{".gitlab-ci.yml": ".t:\n  script: " + flow + "\ndefault:\n  script: " + flow + "\nstages: [build]\n"}, nil},
		{"anchors and merge keys", map[string]string{".gitlab-ci.yml": ".t: &t\n  script: " + flow + "\nj:\n  <<: *t\n  stage: build\nk: *t\n"},
			[]string{"job j: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c", "job k: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c"}},
		{"!reference, nested", map[string]string{".gitlab-ci.yml": ".a:\n  script: " + flow + "\n.b:\n  script: [!reference [.a, script]]\nj:\n  script:\n    - !reference [.b, script]\n"},
			[]string{"job j: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c"}},
		{"!reference naming nothing", map[string]string{".gitlab-ci.yml": "j:\n  script:\n    - !reference [.nope, script]\n    - " + build + "\n"},
			[]string{"job j: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				".gitlab-ci.yml:3:7 UnfollowedGitLabConfig: !reference [.nope, script] names nothing in the configuration; GitLab refuses it"}},
		{"variables: global, job, value/description, expanded, $$, expand: false, CI_* kept", map[string]string{".gitlab-ci.yml": "variables:\n  REG: ghcr.io/acme\n  IMG: {value: \"${REG}/app\", description: the image}\n  TAG: x\nj:\n  variables:\n    TAG: cache\n    RAW: {value: \"$REG\", expand: false}\n  script:\n    - docker buildx build --cache-from $IMG:$TAG --cache-from \"$RAW\" --cache-to type=registry,ref=$IMG:$CI_COMMIT_REF_SLUG .\n"},
			[]string{"job j: buildx build (script) push fork=? driver= store=? from=ghcr.io/acme/app:cache $REG to=type=registry,ref=ghcr.io/acme/app:$CI_COMMIT_REF_SLUG"}},
		{"inherit: variables: false", map[string]string{".gitlab-ci.yml": "variables:\n  IMG: a/b\nj:\n  inherit: {variables: false}\n  script: [docker buildx build --cache-from $IMG .]\n"},
			[]string{"job j: buildx build (script) push fork=? driver= store=? from=$IMG to="}},
		{"the script's constants win over the file's variables", map[string]string{".gitlab-ci.yml": "variables:\n  C: a/b\nj:\n  script:\n    - export C=x/y:cache\n    - docker buildx build --cache-from $C .\n"},
			[]string{"job j: buildx build (script) push fork=? driver= store=? from=x/y:cache to="}},
		{"extends: multi-level and a list, hashes deep-merged, lists replaced", map[string]string{".gitlab-ci.yml": ".base:\n  variables: {A: a/a, B: b/b}\n  script: [echo]\n.mid:\n  extends: .base\n  variables: {B: m/m}\n.other:\n  variables: {C: c/c}\nj:\n  extends: [.mid, .other]\n  script: [docker buildx build --cache-from $A --cache-from $B --cache-from $C .]\n"},
			[]string{"job j: buildx build (script) push fork=? driver= store=? from=a/a m/m c/c to="}},
		{"extends: of a job that does not exist, and a cycle", map[string]string{".gitlab-ci.yml": "j:\n  extends: .nope\n  script: " + flow + "\nk:\n  extends: k\n  script: " + flow + "\n"},
			[]string{
				"job j: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job k: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				".gitlab-ci.yml:2:12 UnfollowedGitLabConfig: job j extends .nope, which is not defined; GitLab refuses the configuration (unknown keys in extends)",
				".gitlab-ci.yml:5:12 UnfollowedGitLabConfig: job k extends k, which extends k (a cycle); GitLab refuses the configuration",
			}},
		{"default: and inherit: default: false", map[string]string{".gitlab-ci.yml": "default:\n  before_script: [docker buildx create --use]\n  services: [docker:24-dind]\nj:\n  script: " + flow + "\nk:\n  inherit: {default: false}\n  script: " + flow + "\nl:\n  inherit: {default: [services]}\n  script: " + flow + "\n"},
			[]string{
				"job j: buildx build (script) push fork=? driver=docker-container store=? from= to=type=registry,ref=r.example/a:c",
				"job k: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job l: buildx build (script) push fork=? driver=docker store=false from= to=type=registry,ref=r.example/a:c",
			}},
		{"the top-level keys default: replaces", map[string]string{".gitlab-ci.yml": "image: docker:27\nj:\n  script: " + flow + "\n"},
			[]string{"job j: buildx build (script) push fork=? driver=docker store=? from= to=type=registry,ref=r.example/a:c"}},
		{"dind tags and storage drivers", map[string]string{".gitlab-ci.yml": "variables:\n  PROXY: dp.example/g\na:\n  services: [docker:24.0.7-dind]\n  script: " + flow + "\nb:\n  services: [{name: \"$PROXY/docker:29.1-dind\", alias: docker}]\n  script: " + flow + "\nc:\n  services: [docker:dind]\n  script: " + flow + "\nd:\n  variables: {DOCKER_DRIVER: overlay2}\n  services: [docker:29-dind]\n  script: " + flow + "\ne:\n  services: [{name: docker:27-dind, command: [--feature, containerd-snapshotter]}]\n  script: " + flow + "\nf:\n  services: [docker:29-dind]\n  script:\n    - docker buildx create --name b --driver docker-container\n    - docker buildx build --builder b --cache-to type=inline .\n    - " + build + "\n"},
			[]string{
				"job a: buildx build (script) push fork=? driver=docker store=false from= to=type=registry,ref=r.example/a:c",
				"job b: buildx build (script) push fork=? driver=docker store=true from= to=type=registry,ref=r.example/a:c",
				"job c: buildx build (script) push fork=? driver=docker store=? from= to=type=registry,ref=r.example/a:c",
				"job d: buildx build (script) push fork=? driver=docker store=? from= to=type=registry,ref=r.example/a:c",
				"job e: buildx build (script) push fork=? driver=docker store=true from= to=type=registry,ref=r.example/a:c",
				"job f: buildx build (script) push fork=? driver=docker-container store=? from= to=type=inline",
				"job f: buildx build (script) push fork=? driver=docker store=true from= to=type=registry,ref=r.example/a:c",
			}},
		{"rules: merge requests (forks possible), fork excluded, forks only", map[string]string{".gitlab-ci.yml": "a:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n  script: " + flow + "\nb:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == 'merge_request_event' && $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_MERGE_REQUEST_PROJECT_ID\n  script: " + flow + "\nc:\n  rules:\n    - if: $CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_MERGE_REQUEST_PROJECT_ID\n  script: " + flow + "\nd:\n  rules:\n    - if: $CI_PROJECT_NAMESPACE != \"acme\"\n      when: never\n    - if: $CI_MERGE_REQUEST_IID\n  script: " + flow + "\n"},
			[]string{
				"job a: buildx build (script) merge_request_event fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job b: buildx build (script) merge_request_event fork=false driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job c: buildx build (script) merge_request_event fork=true driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job d: buildx build (script) merge_request_event fork=false driver= store=? from= to=type=registry,ref=r.example/a:c",
			}},
		{"rules: the default branch, tags, schedules, never", map[string]string{".gitlab-ci.yml": "a:\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n  script: " + flow + "\nb:\n  rules:\n    - if: $CI_COMMIT_TAG\n  script: " + flow + "\nc:\n  rules:\n    - if: $CI_PIPELINE_SOURCE =~ /^sched/\n  script: " + flow + "\nd:\n  rules:\n    - when: never\n  script: " + flow + "\ne:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n      when: never\n    - changes: [Dockerfile]\n  script: " + flow + "\n"},
			[]string{
				"job a: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job b: buildx build (script) tag fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job c: buildx build (script) schedule fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job e: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
			}},
		{"only: and except:", map[string]string{".gitlab-ci.yml": "a:\n  only: [merge_requests]\n  script: " + flow + "\nb:\n  only: [main]\n  script: " + flow + "\nc:\n  only: {refs: [tags]}\n  script: " + flow + "\nd:\n  except: [branches]\n  script: " + flow + "\ne:\n  only: {variables: [$CI_PIPELINE_SOURCE == \"web\"]}\n  script: " + flow + "\n"},
			[]string{
				"job a: buildx build (script) merge_request_event fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job b: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job c: buildx build (script) tag fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job d: buildx build (script) tag fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job e: buildx build (script) web fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
			}},
		{"workflow: rules exclude merge request pipelines", map[string]string{".gitlab-ci.yml": "workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n      when: never\n    - when: always\na:\n  rules:\n    - if: $CI_MERGE_REQUEST_ID\n    - if: $CI_COMMIT_BRANCH\n  script: " + flow + "\nb:\n  rules: [{if: $CI_MERGE_REQUEST_ID}]\n  script: " + flow + "\n"},
			[]string{"job a: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c"}},
		{"workflow: rules drop the default only: [branches, tags]", map[string]string{".gitlab-ci.yml": "workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS\n      when: never\n    - if: $CI_COMMIT_BRANCH\na:\n  script: " + flow + "\nb:\n  except: [merge_requests]\n  script: " + flow + "\n"},
			[]string{
				"job a: buildx build (script) merge_request_event fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				"job b: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
			}},
		{"a trigger job has no script; its child pipeline's jobs run for parent_pipeline", map[string]string{
			".gitlab-ci.yml": "t:\n  trigger: {include: child.yml}\n  script: " + flow + "\n",
			"child.yml":      "c:\n  script: " + flow + "\nmr:\n  rules: [{if: $CI_PIPELINE_SOURCE == \"merge_request_event\"}]\n  script: " + flow + "\n",
		}, []string{"job c: buildx build (script) parent_pipeline fork=? driver= store=? from= to=type=registry,ref=r.example/a:c"}},
		{"a child pipeline that is not a file of the repository", map[string]string{
			".gitlab-ci.yml": "t:\n  trigger:\n    include:\n      - local: missing.yml\n      - artifact: gen.yml\n        job: g\n      - project: g/p\n        file: c.yml\n      - local: $DIR/c.yml\n      - local: ci/*.yml\n      - ../up.yml\n",
		}, []string{
			".gitlab-ci.yml:4:16 UnfollowedGitLabConfig: the child pipeline missing.yml does not exist in the repository; its jobs are not checked",
			".gitlab-ci.yml:5:19 UnfollowedGitLabInclude: the child pipeline of trigger: include artifact: gen.yml is not in the repository, so it is not read: its jobs are not checked",
			".gitlab-ci.yml:7:18 UnfollowedGitLabInclude: the child pipeline of trigger: include project: g/p (c.yml) is not in the repository, so it is not read: its jobs are not checked",
			".gitlab-ci.yml:9:16 UnfollowedGitLabInclude: the child pipeline $DIR/c.yml names a variable, so the file it means is not known and not read",
			".gitlab-ci.yml:10:16 UnfollowedGitLabConfig: the child pipeline ci/*.yml is outside the repository or a wildcard; not read",
			".gitlab-ci.yml:11:9 UnfollowedGitLabConfig: the child pipeline ../up.yml is outside the repository or a wildcard; not read",
		}},
		{"include: local, a string, a list, a wildcard; the files' jobs and templates", map[string]string{
			".gitlab-ci.yml": "include: ci/a.yml\nj:\n  extends: .b\n",
			"ci/a.yml":       "include:\n  - local: /ci/b.yml\n  - 'ci/more/*.yml'\n",
			"ci/b.yml":       ".b:\n  script: " + flow + "\n",
			"ci/more/c.yml":  "c:\n  script: [docker build --cache-from r/c .]\n",
		}, []string{
			"job j: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
			"job c: buildx build (script) push fork=? driver= store=? from=r/c to=",
		}},
		{"the including file overrides what it includes", map[string]string{
			".gitlab-ci.yml": "include: [ci/a.yml]\nj:\n  variables: {C: mine/c}\n",
			"ci/a.yml":       "j:\n  variables: {C: theirs/c}\n  script: [docker build --cache-from $C .]\n",
		}, []string{"job j: buildx build (script) push fork=? driver= store=? from=mine/c to="}},
		{"includes not followed, outside, missing, matching nothing, a cycle", map[string]string{
			".gitlab-ci.yml": "include:\n  - remote: https://example.com/a.yml\n  - project: g/p\n    file: [a.yml, b.yml]\n  - template: Docker.gitlab-ci.yml\n  - component: gitlab.com/g/c@1\n  - local: $CI_DIR/x.yml\n  - local: ../x.yml\n  - local: nope.yml\n  - local: 'none/*.yml'\n  - local: ci/a.yml\n",
			"ci/a.yml":       "include: ci/b.yml\n",
			"ci/b.yml":       "include: ci/a.yml\n",
		}, []string{
			".gitlab-ci.yml:2:13 UnfollowedGitLabInclude: include remote: https://example.com/a.yml is not in the repository, so it is not read: the jobs and templates it defines are not checked",
			".gitlab-ci.yml:3:14 UnfollowedGitLabInclude: include project: g/p (a.yml, b.yml) is not in the repository, so it is not read: the jobs and templates it defines are not checked",
			".gitlab-ci.yml:5:15 UnfollowedGitLabInclude: include template: Docker.gitlab-ci.yml is not in the repository, so it is not read: the jobs and templates it defines are not checked",
			".gitlab-ci.yml:6:16 UnfollowedGitLabInclude: include component: gitlab.com/g/c@1 is not in the repository, so it is not read: the jobs and templates it defines are not checked",
			".gitlab-ci.yml:7:12 UnfollowedGitLabInclude: include local: $CI_DIR/x.yml names a variable, so the file it means is not known and not read",
			".gitlab-ci.yml:8:12 UnfollowedGitLabConfig: include local: ../x.yml is outside the repository (local includes are relative to the repository root); not read",
			".gitlab-ci.yml:9:12 UnfollowedGitLabConfig: include local: nope.yml does not exist in the repository; GitLab refuses the configuration, and its jobs are not checked",
			".gitlab-ci.yml:10:12 UnfollowedGitLabConfig: include local: none/*.yml matches no file of the repository; GitLab refuses the configuration",
			"ci/b.yml:1:10 UnfollowedGitLabConfig: include local: ci/a.yml is a cycle: ci/a.yml is already being included (it includes ci/b.yml, directly or not); not followed again",
		}},
		{"YAML that does not parse, a sequence, an empty file, a header document", map[string]string{
			".gitlab-ci.yml": "include: [ci/bad.yml, ci/seq.yml, ci/empty.yml, ci/spec.yml]\n",
			"ci/bad.yml":     "j:\n  script: [\n",
			"ci/seq.yml":     "- a\n",
			"ci/empty.yml":   "",
			"ci/spec.yml":    "spec:\n  inputs:\n    a: {}\n---\nj:\n  script: " + flow + "\n",
		}, []string{
			"ci/bad.yml:2:1 FileSyntaxError: not valid YAML: line 2: did not find expected node content",
			"ci/seq.yml:1:1 FileSyntaxError: a GitLab CI file is a YAML mapping of jobs and keywords; this document is a sequence",
			"job j: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
		}},
		{"a script line the shell cannot parse", map[string]string{".gitlab-ci.yml": "j:\n  script:\n    - docker buildx build --cache-to type=inline $(\n    - " + build + "\n"},
			[]string{
				"job j: buildx build (script) push fork=? driver= store=? from= to=type=registry,ref=r.example/a:c",
				".gitlab-ci.yml:3:50 UnparsableScript: the shell cannot parse this script line of job j (line 3: reached EOF without matching `$(` with `)`), so its build commands are not checked",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(readAll(tt.files))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestExpansionBounded: aliases of aliases and !reference tags that
// multiply a small file into millions of script lines, or of mappings to
// merge, are cut at maxWork and reported; the reader returns.
func TestExpansionBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(".l0: &l0 [\"docker build --cache-from x/y .\"]\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&b, ".l%d: &l%d [", i, i)
		for k := range 10 {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("j:\n  script: *l8\n")
	b.WriteString(".m0: &m0 {a: {b: 1}}\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, ".m%d: &m%d {x: *m%d, y: *m%d}\n", i, i, i-1, i-1)
	}
	b.WriteString("k:\n  extends: .m30\n  variables: *m30\n  script: [echo]\n")
	files := Parse("repo/.gitlab-ci.yml", []byte(b.String()))
	found := false
	for _, d := range files.Diagnostics {
		found = found || d.Rule == "UnfollowedGitLabConfig" && strings.Contains(d.Message, "expands to more than")
	}
	if !found {
		t.Errorf("no expansion diagnostic: %v", files.Diagnostics)
	}
}

// TestIncludeURLRedacted: a token written in a remote: include's URL is
// not repeated in the diagnostic.
func TestIncludeURLRedacted(t *testing.T) {
	f := Parse("repo/.gitlab-ci.yml", []byte("include:\n  - remote: https://ci:glpat-s3cr3t@gitlab.example.com/raw/ci.yml\n  - https://tok@example.com\n"))
	if len(f.Diagnostics) != 2 {
		t.Fatalf("diagnostics %v", f.Diagnostics)
	}
	for _, d := range f.Diagnostics {
		if strings.Contains(d.Message, "s3cr3t") || strings.Contains(d.Message, "tok@") || !strings.Contains(d.Message, "***@") {
			t.Errorf("message %q", d.Message)
		}
	}
	for in, want := range map[string]string{"https://a:b@h/p": "https://***@h/p", "https://h/p@x": "https://h/p@x", "g/p": "g/p", "http://u@h": "http://***@h"} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
