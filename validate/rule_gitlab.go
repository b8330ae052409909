package validate

import (
	"regexp"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

// gitlabCI is the CI.Provider of builds read from GitLab CI files.
const gitlabCI = "gitlab-ci"

// mergeRequestEvent is the GitLab pipeline source of merge request
// pipelines ($CI_PIPELINE_SOURCE), the CI.Event of their builds.
const mergeRequestEvent = "merge_request_event"

var cacheExportFromForkMR = register(&Rule{
	Name: "CacheExportFromForkMR", Scope: ScopeBuild, Code: "CS180", Severity: SeverityWarning,
	Summary: "A registry cache export to the parent project's registry in a GitLab merge request pipeline that can run for forks",
	Explanation: "A merge request from a fork runs its pipeline in the fork project, with the fork's CI_JOB_TOKEN, its CI_REGISTRY_IMAGE and its CI/CD variables, and without protected variables; " +
		"it cannot write to a registry path of the parent project (a ref written out, or built from credentials that only the parent project holds), so the export is denied and fails the job. " +
		"A ref under $CI_REGISTRY_IMAGE is the fork's own registry in that pipeline and is not reported. " +
		"Reported as an error when the job runs only for merge requests from forks, as a warning when it runs for merge requests of any source project; a job whose rules exclude forks ($CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_MERGE_REQUEST_PROJECT_ID, $CI_PROJECT_PATH == \"group/project\") is not reported.",
	Bad:     Build{CacheTo: []string{"type=registry,ref=registry.gitlab.com/acme/app:buildcache,mode=max"}, CI: CI{Provider: gitlabCI, Event: mergeRequestEvent}},
	Good:    Build{CacheTo: []string{"type=registry,ref=registry.gitlab.com/acme/app:buildcache,mode=max"}, CI: CI{Provider: gitlabCI, Event: mergeRequestEvent, Fork: ptr(false)}},
	Backing: "GitLab docs, Merge request pipelines, \"Use with forked projects\": a pipeline for a merge request from a fork is created and runs in the fork (source) project, with the fork's CI/CD configuration, resources and variables; merge request pipelines have no access to protected variables. Running it in the parent project takes a parent member's action (Premium)",
	check:   checkForkMR,
})

// ownRegistry matches a ref in the registry of the project the pipeline
// runs in: $CI_REGISTRY_IMAGE, or $CI_REGISTRY/$CI_PROJECT_PATH.
var ownRegistry = regexp.MustCompile(`^\$\{?CI_REGISTRY_IMAGE\b|^\$\{?CI_REGISTRY\}?/\$\{?CI_PROJECT_PATH\b`)

func checkForkMR(c pass) {
	if c.b.CI.Provider != gitlabCI || c.b.CI.Event != mergeRequestEvent || c.b.CI.Fork != nil && !*c.b.CI.Fork {
		return
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeRegistry || ignoresErrors(v, e) {
			return
		}
		ref := rawRef(v)
		if ref == "" || ownRegistry.MatchString(ref) {
			return
		}
		sev := SeverityWarning
		msg := "this job also runs in merge request pipelines, and one from a fork runs in the fork project, without write access to this registry (nor the parent's protected variables), so the export is denied and fails the job"
		if c.b.CI.Fork != nil {
			sev = SeverityError
			msg = "this job runs for merge requests from forks, whose pipelines run in the fork project, without write access to this registry (nor the parent's protected variables), so the export is denied and fails the job"
		}
		c.reportSeverity(sev, v, "ref", msg,
			Fix{Message: "export the cache only in branch pipelines (rules: if: $CI_PIPELINE_SOURCE != \"merge_request_event\"), keep --cache-from in merge requests, or add ignore-error=true"})
	})
}

var branchCacheWithoutFallback = register(&Rule{
	Name: "BranchCacheWithoutFallback", Scope: ScopeBuild, Code: "CS181", Severity: SeverityInfo,
	Summary: "A per-branch cache ref ($CI_COMMIT_REF_SLUG) that no other branch reads: every new branch starts cold",
	Explanation: "A registry cache exported to a ref made of the branch ($CI_COMMIT_REF_SLUG, $CI_COMMIT_REF_NAME, $CI_COMMIT_BRANCH, the merge request's source branch or IID) is read only by later pipelines of the same branch when the build imports no other ref: " +
		"the first pipeline of every branch or merge request builds without cache, and the cache the default branch writes is never read by the branches that start from it. " +
		"A --cache-from of a ref that does not vary by branch (the default branch's, $CI_DEFAULT_BRANCH, or a fixed :buildcache tag) is the fallback that BuildKit uses when the branch's own ref does not exist yet.",
	Bad: Build{
		CacheFrom: []string{"type=registry,ref=$CI_REGISTRY_IMAGE:cache-$CI_COMMIT_REF_SLUG"},
		CacheTo:   []string{"type=registry,ref=$CI_REGISTRY_IMAGE:cache-$CI_COMMIT_REF_SLUG,mode=max"},
		CI:        CI{Provider: gitlabCI, Event: "push"},
	},
	Good: Build{
		CacheFrom: []string{"type=registry,ref=$CI_REGISTRY_IMAGE:cache-$CI_COMMIT_REF_SLUG", "type=registry,ref=$CI_REGISTRY_IMAGE:cache-$CI_DEFAULT_BRANCH"},
		CacheTo:   []string{"type=registry,ref=$CI_REGISTRY_IMAGE:cache-$CI_COMMIT_REF_SLUG,mode=max"},
		CI:        CI{Provider: gitlabCI, Event: "push"},
	},
	Backing: "BuildKit imports only the refs --cache-from names, and a missing one is a warning, not an error (moby/buildkit#1240); GitLab's predefined variables: CI_COMMIT_REF_SLUG is the branch or tag name, lowercased and shortened",
	check:   checkBranchCacheFallback,
})

// perBranch matches the GitLab variables whose value differs by branch or
// merge request.
var perBranch = regexp.MustCompile(`\$\{?(CI_COMMIT_REF_SLUG|CI_COMMIT_REF_NAME|CI_COMMIT_BRANCH|CI_MERGE_REQUEST_SOURCE_BRANCH_NAME|CI_MERGE_REQUEST_SOURCE_BRANCH_SLUG|CI_MERGE_REQUEST_IID)\b`)

func checkBranchCacheFallback(c pass) {
	if c.b.CI.Provider == githubActions {
		return
	}
	fallback := false
	c.each(cachespec.DirectionImport, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeRegistry {
			if ref := rawRef(v); ref != "" && !perBranch.MatchString(ref) {
				fallback = true
			}
		}
	})
	if fallback {
		return
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeRegistry {
			return
		}
		m := perBranch.FindString(rawRef(v))
		if m == "" {
			return
		}
		c.report(v, "ref",
			"this cache ref changes with the branch ("+strings.Trim(m, "${}")+") and the build imports no other ref, so the first pipeline of every branch builds cold and the default branch's cache is never read",
			Fix{Message: "add a --cache-from of a ref that does not vary by branch, such as the default branch's ($CI_REGISTRY_IMAGE:cache-$CI_DEFAULT_BRANCH)"})
	})
}

// rawRef returns the ref of a registry value as written, templates
// included: the value of its ref= field, or the whole value when it is a
// bare image reference.
func rawRef(v *value) string {
	if !strings.Contains(v.raw, "=") {
		return strings.TrimSpace(v.raw)
	}
	off, n, ok := cachespec.FieldSpan(v.raw, "ref")
	if !ok || n == 0 {
		return ""
	}
	f := strings.Trim(v.raw[off:off+n], `"`)
	_, val, _ := strings.Cut(f, "=")
	return strings.TrimSpace(val)
}

// UnfollowedGitLabInclude: an include of a GitLab CI file that is not in
// the repository (remote:, project:, template:, component:, or a path
// built from a variable), whose jobs are not checked.
var UnfollowedGitLabInclude = register(&Rule{
	Name: "UnfollowedGitLabInclude", Code: "FILE30", Severity: SeverityInfo, Scope: ScopeFile,
	Summary:     "A GitLab CI include: of a file outside the repository (remote:, project:, template:, component:), which is not read",
	Explanation: "The linter reads .gitlab-ci.yml and the files it includes with include: local: (or a bare path), and nothing it would have to fetch: a remote: URL, another project's file, a GitLab template or a CI/CD component. The jobs those files define, and what they add to the jobs of this repository (extends:, !reference, default:), are not checked; the message names the include.",
	Backing:     "buildxcache reads only the files of the repository it lints",
	FileName:    ".gitlab-ci.yml",
	BadFile:     "include:\n  - remote: https://example.com/ci/docker.yml\nbuild:\n  script:\n    - docker buildx build --cache-to type=inline .\n",
	GoodFile:    "include:\n  - local: ci/docker.yml\nbuild:\n  script:\n    - docker buildx build --cache-to type=inline .\n",
})

// UnfollowedGitLabConfig: a GitLab CI include, extends: or !reference the
// linter cannot follow: outside the repository, missing, a cycle, or
// naming nothing.
var UnfollowedGitLabConfig = register(&Rule{
	Name: "UnfollowedGitLabConfig", Code: "FILE31", Severity: SeverityWarning, Scope: ScopeFile,
	Summary:     "A GitLab CI include:, extends: or !reference that cannot be followed: outside the repository, missing, a cycle, or naming nothing",
	Explanation: "A local include names a file of the repository; one that climbs out of it (../), is not there, or includes a file that includes it back is refused by GitLab (\"Local file ... does not exist\", \"... is already included\"). An extends: of a job that does not exist, or that extends itself, and a !reference to a job or key that does not exist make GitLab refuse the whole configuration. The linter reports the place, does not follow it, and checks the rest.",
	Backing:     "GitLab CI YAML syntax reference: include:local paths are relative to the repository root; extends: \"unknown keys in extends\"; !reference",
	FileName:    ".gitlab-ci.yml",
	BadFile:     "include:\n  - local: ../shared/docker.yml\nbuild:\n  script:\n    - docker buildx build --cache-to type=inline .\n",
	GoodFile:    "build:\n  script:\n    - docker buildx build --cache-to type=inline .\n",
})
