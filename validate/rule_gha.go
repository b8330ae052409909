package validate

import (
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

var ghaScopeDefault = register(&Rule{
	Name: "GHAScopeDefault", Scope: ScopeValue, Code: "CS011", Severity: SeverityInfo,
	Summary:     "A gha cache export without scope",
	Explanation: "Without scope= every gha export of the repository writes the index named \"buildkit\"; several images or platforms then overwrite each other's cache and each run finds the other's.",
	Bad:         Build{CacheTo: []string{"type=gha,mode=max"}},
	Good:        Build{CacheTo: []string{"type=gha,scope=app-linux-amd64,mode=max"}},
	Backing:     "BuildKit cache/remotecache/gha/gha.go: scope defaults to \"buildkit\"",
	Evidence:    []string{"TestE2EGHADefaultScope/GHAScopeDefault/no-scope-is-scope-buildkit"},
	check:       checkGHAScopeDefault,
})

func checkGHAScopeDefault(c pass) {
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if g, ok := e.(*cachespec.GHA); ok && !g.Scope.IsSet() {
			c.report(v, "",
				`this gha cache export uses the default scope "buildkit", shared by every build of the repository that also leaves it unset`,
				Fix{Message: "set scope= to a name unique to this image (and platform)"})
		}
	})
}

var ghaCacheWriteOnReadOnlyTrigger = register(&Rule{
	Name: "GHACacheWriteOnReadOnlyTrigger", Scope: ScopeBuild, Code: "CS021", Severity: SeverityError,
	Summary:     "A gha cache export on a trigger with a read-only cache token",
	Explanation: "Since 2026-06-26 GitHub gives pull_request_target runs (and other untrusted triggers) a read-only Actions cache token; the gha export fails with \"failed to reserve cache\" after the image was built.",
	Bad:         Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, CI: CI{Provider: githubActions, Event: "pull_request_target"}},
	Good:        Build{CacheTo: []string{"type=gha,scope=app,mode=max,ignore-error=true"}, CI: CI{Provider: githubActions, Event: "pull_request_target"}},
	Backing:     "github.blog changelog 2026-06-26 (read-only Actions cache for untrusted triggers); docker/build-push-action#1571",
	check:       checkGHAReadOnly,
})

func checkGHAReadOnly(c pass) {
	sev, ok := readOnlyCacheEvents[c.b.CI.Event]
	if !ok {
		return
	}
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeGHA || ignoresErrors(v, e) {
			return
		}
		msg := "GitHub gives " + c.b.CI.Event + " runs a read-only Actions cache token, so this gha cache export fails the build"
		if sev == SeverityInfo {
			msg = c.b.CI.Event + " runs may get a read-only Actions cache token, which makes this gha cache export fail"
		}
		c.reportSeverity(sev, v, "", msg,
			Fix{Message: "write the cache from a push or schedule workflow and keep only cache-from here, or add ignore-error=true"})
	})
}

var ghaNeedsBuildKit020 = register(&Rule{
	Name: "GHANeedsBuildKit020", Scope: ScopeBuild, Code: "CS030", Severity: SeverityError,
	Summary:     "type=gha on a BuildKit older than v0.20",
	Explanation: "GitHub shut down the legacy cache service on 2025-04-15; only BuildKit v0.20+ (with Buildx v0.21+) speaks the new one. Reported only when the builder's version is known.",
	Bad:         Build{CacheTo: []string{"type=gha,scope=app"}, Builder: Builder{Driver: "docker-container", BuildKitVersion: "v0.19.2"}},
	Good:        Build{CacheTo: []string{"type=gha,scope=app"}, Builder: Builder{Driver: "docker-container", BuildKitVersion: "v0.20.0"}},
	Backing:     `GitHub: "This legacy service is shutting down, effective April 15, 2025"; moby/buildkit#5683`,
	check:       checkGHAVersion,
})

func checkGHAVersion(c pass) {
	less, ok := semverLess(c.b.Builder.BuildKitVersion, 0, 20)
	if !ok || !less {
		return
	}
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeGHA {
			c.report(v, "",
				"BuildKit "+c.b.Builder.BuildKitVersion+" speaks only GitHub's legacy cache service, which was shut down on 2025-04-15; type=gha fails",
				Fix{Message: "use BuildKit v0.20 or newer (and Buildx v0.21 or newer)"})
		}
	})
}

var ghaWithoutRuntimeToken = register(&Rule{
	Name: "GHAWithoutRuntimeToken", Scope: ScopeBuild, Code: "CS060", Severity: SeverityWarning,
	Summary:     "type=gha where the Actions runtime token is missing",
	Explanation: "Buildx fills token and url from ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL, each only when the attribute is absent, and silently drops a gha entry that still lacks them: no import, no export, no message. Those variables reach JavaScript actions, not run: steps. An explicit empty token= is never filled in, so that entry is dropped everywhere. (Sent without a token by another client, the export fails with \"token not set for github actions cache\", even with ignore-error=true.) An error when the environment is known to lack them, the CI is not GitHub Actions or token= is empty; a warning for a run: step.",
	Bad:         Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, CI: CI{Provider: githubActions}, Step: StepRun},
	Good:        Build{CacheTo: []string{"type=gha,scope=app,mode=max"}, CI: CI{Provider: githubActions}, Step: StepAction},
	Backing:     "Buildx build/opt.go isActive drops gha entries without token and url",
	Evidence: []string{
		"TestE2EGHABuildxDrop/GHAWithoutRuntimeToken/buildx-drops-entry-without-token-and-url",
		"TestE2EGHABuildxDrop/GHAWithoutRuntimeToken/buildx-drops-empty-token-despite-the-runtime-env",
		"TestE2ERejections/GHAWithoutRuntimeToken/no-token",
		"TestE2ERejections/GHAWithoutRuntimeToken/empty-token",
		"TestE2ERejections/GHAWithoutRuntimeToken/no-url",
		"TestE2ERejections/GHAWithoutRuntimeToken/no-token-fails-despite-ignore-error",
		"TestE2ERejections/GHAWithoutRuntimeToken/import-no-token-is-not-a-build-failure",
		"TestE2ERejections/GHAWithoutRuntimeToken/import-no-url-is-not-a-build-failure",
	},
	check: checkGHAToken,
})

func checkGHAToken(c pass) {
	eachOf(c.checker, cachespec.DirectionUnknown, func(v *value, g *cachespec.GHA) {
		if c.b.Env != nil {
			if _, keep := cachespec.ApplyBuildxEnv(g, cachespec.Env(c.b.Env)); !keep {
				c.reportSeverity(SeverityError, v, "",
					"Buildx silently drops this type=gha entry: with this environment it has no token, or no url or url_v2 (ACTIONS_RUNTIME_TOKEN, ACTIONS_CACHE_URL, ACTIONS_RESULTS_URL), so nothing is imported or exported",
					Fix{Message: "run the build in docker/build-push-action, or expose the runtime to run: steps with crazy-max/ghaction-github-runtime"})
			}
			return
		}
		token := g.Token.Reveal()
		if g.Token.IsSet() && token == "" && !v.fieldHasTemplate("token") {
			c.reportSeverity(SeverityError, v, "token",
				"token= is empty: Buildx fills the token in from ACTIONS_RUNTIME_TOKEN only when token= is absent, so it silently drops this type=gha entry wherever it runs and nothing is imported or exported",
				Fix{Message: "remove the empty token= so that Buildx fills it in from the Actions runtime"})
			return
		}
		url := g.URL.Text() + g.URLV2.Text()
		if token != "" && url != "" {
			return
		}
		switch {
		case c.b.CI.Provider != "" && c.b.CI.Provider != githubActions:
			c.reportSeverity(SeverityError, v, "",
				"type=gha needs the GitHub Actions runtime token; on "+c.b.CI.Provider+" Buildx silently drops the entry",
				Fix{Message: "use a registry, s3 or local cache outside GitHub Actions"})
		case c.b.CI.Provider == githubActions && c.b.Step == StepRun && (c.b.CI.RuntimeExposed == nil || !*c.b.CI.RuntimeExposed):
			c.report(v, "",
				"run: steps do not see ACTIONS_RUNTIME_TOKEN, so Buildx silently drops this type=gha entry unless an earlier step exposes the runtime",
				Fix{Message: "run the build in docker/build-push-action, or add crazy-max/ghaction-github-runtime before this step"})
		}
	})
}

var ghaUnsupportedHost = register(&Rule{
	Name: "GHAUnsupportedHost", Scope: ScopeBuild, Code: "CS061", Severity: SeverityInfo,
	Summary:     "type=gha on a runner without GitHub's cache service",
	Explanation: "BuildKit's gha backend needs a cache service it can talk to and an ACTIONS_RUNTIME_TOKEN that is a JWT with GitHub's ac, exp and nbf claims. Gitea and Forgejo runners have been seen handing out a runtime token that is not one, and older GitHub Enterprise Server versions lack the service; the export then fails at configuration, which fails the build even with ignore-error=true. (act, from v0.2.89 at least, runs its own v1 cache server and mints such a token: BuildKit's gha cache works there and is not reported.)",
	Bad:         Build{CacheTo: []string{"type=gha,scope=app"}, CI: CI{Provider: "gitea-actions"}},
	Good:        Build{CacheTo: []string{"type=registry,ref=git.example.com/acme/app:buildcache"}, CI: CI{Provider: "gitea-actions"}},
	Backing:     `"failed to configure gha cache exporter: token is malformed: token contains an invalid number of segments" (moby/buildkit#4409, go-gitea/gitea#29584); act's pkg/artifactcache and common.CreateAuthorizationToken`,
	Evidence: []string{
		"TestE2ERejections/GHAUnsupportedHost/non-actions-token",
		"TestE2ERejections/GHAUnsupportedHost/non-jwt-token-fails-despite-ignore-error",
	},
	check: checkGHAHost,
})

func checkGHAHost(c pass) {
	if !noGHAService[c.b.CI.Provider] {
		return
	}
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeGHA {
			c.report(v, "",
				"type=gha needs GitHub's cache service and a runtime token BuildKit can parse, which "+c.b.CI.Provider+" may not provide; the export then fails the build, even with ignore-error=true",
				Fix{Message: "use a registry or s3 cache on this runner"})
		}
	})
}

var ghaScopeUniquePerPR = register(&Rule{
	Name: "GHAScopeUniquePerPR", Scope: ScopeBuild, Code: "CS111", Severity: SeverityWarning,
	Summary:     "A gha scope built from github.ref on pull requests",
	Explanation: "On pull requests github.ref is refs/pull/<n>/merge and github.ref_name is <n>/merge, so the scope is new for every pull request and never finds the cache the default branch wrote.",
	Bad:         Build{CacheFrom: []string{"type=gha,scope=${{ github.ref_name }}"}, CI: CI{Provider: githubActions, Event: "pull_request"}},
	Good:        Build{CacheFrom: []string{"type=gha,scope=app"}, CI: CI{Provider: githubActions, Event: "pull_request"}},
	Backing:     "GitHub Actions cache scoping by ref; actions/cache#79",
	check:       checkScopePerPR,
})

func checkScopePerPR(c pass) {
	if !prEvents[c.b.CI.Event] {
		return
	}
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeGHA {
			return
		}
		off, n := v.attrSpan("scope")
		if n == 0 {
			return
		}
		for _, t := range v.x.templates {
			if t.start >= off && t.start < off+n && (strings.Contains(t.text, "github.ref") || strings.Contains(t.text, "github.head_ref")) {
				c.report(v, "scope",
					"on pull requests "+strings.TrimSpace(strings.Trim(t.text, "${}"))+" is unique to the pull request, so this scope never finds the cache the default branch wrote",
					Fix{Message: "use a fixed scope per image (and platform)"})
				return
			}
		}
	})
}

const githubActions = "github-actions"

// readOnlyCacheEvents are the triggers GitHub gives a read-only Actions
// cache token (github.blog changelog 2026-06-26); the first is confirmed.
var readOnlyCacheEvents = map[string]Severity{
	"pull_request_target": SeverityError,
	"issue_comment":       SeverityInfo,
	"workflow_run":        SeverityInfo,
}

// semverLess reports whether version v (such as "v0.19.2" or "0.19") is
// older than major.minor; ok is false when v does not parse.
func semverLess(v string, major, minor int) (less, ok bool) {
	v = strings.TrimPrefix(v, "v")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return false, false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(strings.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	if err1 != nil || err2 != nil {
		return false, false
	}
	return ma < major || ma == major && mi < minor, true
}

// noGHAService are the CI providers known to lack GitHub's cache service
// or a runtime token BuildKit can parse. act is not one: it serves the v1
// cache API and mints a JWT with ac claims (interop/e2e runs BuildKit
// against its server).
var noGHAService = map[string]bool{"gitea-actions": true, "forgejo-actions": true, "github-enterprise-server": true}
