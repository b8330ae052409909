package validate

import (
	"slices"
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

var cacheExportFromForkPR = register(&Rule{
	Name: "CacheExportFromForkPR", Scope: ScopeBuild, Code: "CS020", Severity: SeverityError,
	Summary:     "A registry cache export on pull requests from forks",
	Explanation: "Pull requests from forks get a read-only GITHUB_TOKEN whatever permissions: says, so the export is denied after a good build and fails the job. Reported as an error when the run is known to be from a fork, as a warning when only the event is known.",
	Bad:         Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:buildcache,mode=max"}, CI: CI{Provider: githubActions, Event: "pull_request", Fork: ptr(true)}},
	Good:        Build{CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app:buildcache"}, CI: CI{Provider: githubActions, Event: "pull_request", Fork: ptr(true)}},
	Backing:     `GHCR: "denied: installation not allowed to Write organization package" (403); docker/build-push-action#751`,
	check:       checkForkPR,
})

func checkForkPR(c pass) {
	if c.b.CI.Event != "pull_request" || (c.b.CI.Fork != nil && !*c.b.CI.Fork) {
		return
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeRegistry || ignoresErrors(v, e) {
			return
		}
		msg := "pull requests from forks get a read-only token, so this registry cache export is denied (403) and fails the build"
		sev := SeverityWarning
		if c.b.CI.Fork != nil {
			sev = SeverityError
		} else {
			msg = "this registry cache export also runs for pull_request; from a fork the token is read-only, so the export is denied (403) and fails the build"
		}
		c.reportSeverity(sev, v, "",
			msg, Fix{Message: "skip cache-to on pull requests from forks (keep cache-from), or add ignore-error=true"})
	})
}

var cacheExportNeedsContainerBuilder = register(&Rule{
	Name: "CacheExportNeedsContainerBuilder", Scope: ScopeBuild, Code: "CS040", Severity: SeverityError,
	Summary:     "A cache export on the docker driver",
	Explanation: "The docker driver cannot export registry, local, gha, s3 or azblob cache unless the engine uses the containerd image store; Buildx refuses the build. An error when the store is known to be classic, a warning when it is unknown. In GitLab CI a job that builds against a Docker-in-Docker service without creating a builder (docker buildx create --use) uses the dind daemon's docker driver: a fresh daemon of Docker Engine 29 or later (docker:29-dind and later tags) uses the containerd image store, one of an earlier version (docker:28-dind, docker:24.0.7-dind) the classic store (an error); an unversioned tag (docker:dind, docker:stable-dind) or a storage driver set with DOCKER_DRIVER or --storage-driver leaves the store unknown (a warning).",
	Bad:         Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, Builder: Builder{Driver: "docker", ContainerdStore: ptr(false)}},
	Good:        Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, Builder: Builder{Driver: "docker-container"}},
	Backing:     `Buildx build/opt.go refuses a non-inline export unless the driver has the CacheExport feature: "Cache export is not supported for the docker driver. Switch to a different driver, or turn on the containerd image store, and try again."; driver/docker (Buildx v0.38) grants CacheExport only when a worker has the org.mobyproject.buildkit.worker.snapshotter label (the containerd image store); Docker docs, "containerd image store with Docker Engine": the default for Docker Engine 29.0 and later on fresh installations`,
	check:       checkDockerDriver,
})

func checkDockerDriver(c pass) {
	if c.b.Builder.Driver != "docker" || c.b.Builder.ContainerdStore != nil && *c.b.Builder.ContainerdStore {
		return
	}
	sev := SeverityError
	if c.b.Builder.ContainerdStore == nil {
		sev = SeverityWarning
	}
	fix := "add docker/setup-buildx-action (docker-container driver) before the build, or enable the containerd image store"
	switch c.b.CI.Provider {
	case "github-actions":
	case gitlabCI:
		fix = "create a builder of the docker-container driver before the build (docker buildx create --use --driver docker-container in before_script), or run a docker:29-dind (or later) service, whose fresh daemon uses the containerd image store"
	default:
		fix = "create a builder of the docker-container driver first (docker buildx create --use), or enable the containerd image store"
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline {
			return
		}
		c.reportSeverity(sev, v, "",
			"the docker driver cannot export "+e.Type().String()+" cache (unless the engine uses the containerd image store): Buildx fails with \"Cache export is not supported for the docker driver\"",
			Fix{Message: fix})
	})
}

var cacheExportNotBestEffort = register(&Rule{
	Name: "CacheExportNotBestEffort", Scope: ScopeBuild, Code: "CS120", Severity: SeverityInfo,
	Summary:     "A cache export that can fail a build which pushes",
	Explanation: "A failed cache export fails the build even after the image was pushed. ignore-error=true makes failures while exporting warnings (an unreachable registry or Actions cache service, for example); an entry BuildKit cannot configure (a gha entry without a token or with one that is not a JWT, an unparsable value) still fails the build, before it starts.",
	Bad:         Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, Push: ptr(true)},
	Good:        Build{CacheTo: []string{"type=gha,scope=app,mode=max,ignore-error=true"}, Push: ptr(true)},
	Backing:     "BuildKit solver/llbsolver/export.go: only ignore-error=true turns export-time failures into warnings",
	Evidence: []string{
		"TestE2ERejections/CacheExportNotBestEffort/failed-export-fails-the-build",
		"TestE2ERejections/CacheExportNotBestEffort/ignore-error-keeps-the-build",
		"TestE2ERejections/CacheExportNotBestEffort/gha-service-down-fails-the-build",
		"TestE2ERejections/CacheExportNotBestEffort/gha-service-down-ignore-error-keeps-the-build",
	},
	check: checkNotBestEffort,
})

func checkNotBestEffort(c pass) {
	if c.b.Push == nil || !*c.b.Push {
		return
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline || ignoresErrors(v, e) {
			return
		}
		c.report(v, "",
			"a failed cache export fails the whole build, even after the image is pushed",
			Fix{Message: "add ignore-error=true if the cache is best effort"})
	})
}

var noDefaultBranchCacheWriter = register(&Rule{
	Name: "NoDefaultBranchCacheWriter", Scope: ScopeBuild, Code: "CS112", Severity: SeverityInfo,
	Summary:     "Cache exported only by pull-request runs",
	Explanation: "A workflow that runs only for pull requests writes caches that only re-runs of the same pull request can read (GitHub scopes the Actions cache by ref), so every new pull request starts cold. A build on the default branch should export the cache the pull requests import.",
	Bad:         Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, CI: CI{Provider: githubActions, Event: "pull_request", Triggers: []string{"pull_request"}}},
	Good:        Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, CI: CI{Provider: githubActions, Event: "pull_request", Triggers: []string{"pull_request", "push"}}},
	Backing:     "GitHub documents that a run can restore caches of its own ref, its base branch and the default branch only (actions/cache#79, #1011)",
	check:       checkNoDefaultBranchWriter,
})

// checkNoDefaultBranchWriter reports cache exports of a workflow that runs
// only for pull requests.
func checkNoDefaultBranchWriter(c pass) {
	if len(c.b.CI.Triggers) == 0 {
		return
	}
	for _, t := range c.b.CI.Triggers {
		if slices.Contains(defaultBranchEvents, t) {
			return
		}
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		switch e.Type() {
		case cachespec.TypeGHA, cachespec.TypeRegistry, cachespec.TypeS3, cachespec.TypeAzBlob:
			c.report(v, "",
				"this workflow runs only on "+strings.Join(c.b.CI.Triggers, ", ")+", so nothing writes this cache on the default branch and each pull request starts cold",
				Fix{Message: "also run the build on push to the default branch, exporting the cache the pull requests import"})
		}
	})
}

var cacheSourceMayNotExist = register(&Rule{
	Name: "CacheSourceMayNotExist", Scope: ScopeValue, Code: "CS141", Severity: SeverityInfo, OptIn: true,
	Summary:     "A cache source that does not exist before the first export (opt-in)",
	Explanation: "On the first run, or after the cache expired, a cache-from finds nothing: BuildKit logs a warning (\"local cache import at ... not found\", \"importing cache manifest from ...: not found\") and builds without it. This is expected, not a failure; the rule is off unless enabled, for people who want every such note.",
	Bad:         Build{CacheFrom: []string{"type=local,src=/var/cache/buildx"}},
	Good:        Build{CacheTo: []string{"type=local,dest=/var/cache/buildx"}},
	Backing:     "moby/buildkit#1240, #1285: a missing cache source is a warning, not an error",
	check:       checkSourceMayNotExist,
})

// checkSourceMayNotExist is the opt-in note that a cache source is missing
// on the first run.
func checkSourceMayNotExist(c pass) {
	c.each(cachespec.DirectionImport, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline {
			return
		}
		c.report(v, "",
			"until a build exports it, this cache does not exist: BuildKit logs a warning such as \"not found\" and builds without it",
			Fix{Message: "nothing to do if an export writes it; the first run is slower"})
	})
}

// ignoresErrors reports whether export e, an entry of v, has
// ignore-error=true.
func ignoresErrors(v *value, e cachespec.Entry) bool {
	a := v.attrsOf(e)
	b, err := strconv.ParseBool(a["ignore-error"])
	return err == nil && b
}

// defaultBranchEvents are the triggers that run on the default branch.
var defaultBranchEvents = []string{"push", "schedule", "workflow_dispatch", "merge_group", "release", "repository_dispatch", "workflow_call", "workflow_run"}

// prEvents are the pull request events, whose github.ref is
// refs/pull/<n>/merge.
var prEvents = map[string]bool{"pull_request": true, "pull_request_target": true}

var expressionWithoutDollar = register(&Rule{
	Name: "ExpressionWithoutDollar", Scope: ScopeBuild, Code: "CS022", Severity: SeverityError,
	Summary:     "A {{ ... }} in a GitHub workflow, where only ${{ ... }} is an expression",
	Explanation: "GitHub Actions evaluates ${{ expression }} only; {{ github.repository }} without the $ stays in the value as literal text. In a cache ref that text is an invalid reference, which BuildKit refuses; in a scope or a name it is the same literal for every run. Outside a GitHub workflow, {{ ... }} is taken as the template of the tool that renders the file (Helm, Go templates, Jinja, ACR tasks) and not judged.",
	Bad:         Build{CacheTo: []string{"type=registry,ref=ghcr.io/{{ github.repository }}:cache"}, CI: CI{Provider: githubActions}},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/${{ github.repository }}:cache"}, CI: CI{Provider: githubActions}},
	Backing:     "GitHub Actions: expressions are written ${{ <expression> }}; BuildKit: \"invalid reference format\" on a ref holding { or }",
	check:       checkExpressionWithoutDollar,
})

// checkExpressionWithoutDollar reports the {{ ... }} of a value written in
// a GitHub workflow, where it is literal: an error in a ref, which BuildKit
// refuses, a warning elsewhere.
func checkExpressionWithoutDollar(c pass) {
	if c.b.CI.Provider != githubActions {
		return
	}
	for _, v := range c.values {
		for _, t := range v.x.templates {
			if t.kind != kindMustache || !strings.HasPrefix(t.text, "{{") {
				continue
			}
			sev, where := SeverityWarning, "literal text, the same for every run"
			if off, n := v.attrSpan("ref"); n > 0 && t.start >= off && t.start < off+n || len(v.entries) > 0 && v.entries[0].Type() == cachespec.TypeRegistry && !strings.Contains(v.raw, "=") {
				sev, where = SeverityError, "literal text in the cache ref, which BuildKit refuses (\"invalid reference format\")"
			}
			c.reportSpan(sev, v, "", t.start, t.end-t.start,
				t.text+" is missing the $ of a GitHub expression: without it the runner does not evaluate it, and it is "+where,
				Fix{Message: "write $" + t.text, Edits: []TextEdit{{Offset: t.start, Len: 0, NewText: "$"}}})
		}
	}
}
