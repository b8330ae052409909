package validate

import "strings"

// What each rule needs to be certain, what lowers its severity, and how it
// treats templates and environment variables, for the catalogue
// (Rule.Context). Rules whose Explanation already says it (the rules that
// judge with context written after these notes) have no entry.

// templatesInValue is how every value is read: the one mechanism behind
// the value rules.
const templatesInValue = "Templates (GitHub expressions, ${VAR}, $VAR, $(VAR), {{ }}) are read as placeholders that could hold anything valid: a problem in the text outside them is reported, one that only a template's value could cause is not, and a value that is wholly a template is not judged. Environment variables are templates."

// valueRuleContext is the context statement of a value rule.
const valueRuleContext = "Needs no context: certain from the value alone, the same in every file and CI. " + templatesInValue

// contextDocs are the statements of the build, builds and file rules.
var contextDocs = map[string]string{
	"CacheExportFromForkMR":            "Needs the pipeline context of a GitLab CI job: certain (an error) when the job's rules admit only merge requests from forks, a warning when they admit merge requests of any source project; not reported when the rules exclude forks, with ignore-error=true, or for a ref under $CI_REGISTRY_IMAGE (the fork's own registry). Other templates in the ref do not change it: the parent's registry stays out of reach whatever they hold.",
	"BranchCacheWithoutFallback":       "An info, reported for builds outside GitHub workflows (GitLab CI jobs, and the scripts they run), where these are GitLab's predefined variables: certain when the export ref is built from a per-branch variable ($CI_COMMIT_REF_SLUG and the like) and the build imports no registry ref without one. Any other imported ref, a template included, counts as the fallback and silences it.",
	"DuplicateCacheExport":             "Needs no context: certain from the build's values. Values with a template are left out (their place is unknown). Environment variables are templates.",
	"GHAScopeCollision":                "Certain when the builds checked together run together (a workflow, a bake group, a compose project); builds of other files are not compared. A scope with a template is left out, so the rule never guesses that two templates collide; an unset ${{ env.X }} is empty, which GitHub substitutes, and empty scopes do collide. Environment variables of bake and compose files are templates unless the environment is given.",
	"SharedRegistryCacheRef":           "Certain when the builds run together (a workflow, a bake group, a compose project). A ref with a template is left out, unless each of its templates is a run constant, the same in every job of a run: the repository, the commit and the pipeline as GitHub Actions and GitLab CI give them (${{ github.repository }}, $GITHUB_SHA, $CI_REGISTRY_IMAGE, $CI_COMMIT_REF_SLUG and the like); two refs then collide when they are written alike. Other environment variables are templates.",
	"PerPlatformCacheCollision":        "Certain when the platforms of both builds are known and differ; without platforms the rule does not run. Places with a template are left out, except registry refs whose templates are all run constants (as for SharedRegistryCacheRef). Other environment variables are templates.",
	"BlobCacheNameCollision":           "Certain when the builds run together; a missing bucket or account stands for the daemon's environment (AWS_BUCKET, BUILDKIT_AZURE_STORAGE_ACCOUNT_URL), taken as the same for all builds. Values with a template are left out.",
	"GHAModeMaxQuota":                  "Never certain, an info: the 10 GB quota is shared by the whole repository, and whether it fills depends on image sizes no file shows. Counts mode=max gha exports of the builds checked together; templates in other attributes do not matter.",
	"CacheExportFromForkPR":            "An error when the run is known to be for a pull request from a fork (an if: condition that admits only forks); a warning when only the pull_request event is known, since branch pull requests can push. Not reported with ignore-error=true or when a condition excludes pull requests. Templates in the value do not change it.",
	"CacheExportNeedsContainerBuilder": "Certain (an error) when the builder is known to be the docker driver with the classic image store; a warning when the image store is unknown (the containerd store can export). The workflow reader takes the runner's docker driver when no docker/setup-buildx-action step precedes the build. Templates in the value do not change it.",
	"CacheExportNotBestEffort":         "An info, reported when the build is known to push. ignore-error=true written in the value silences it; one given only by a template is not seen.",
	"NoDefaultBranchCacheWriter":       "Needs the workflow's triggers: reported only when every trigger is a pull-request event. Templates do not change it.",
	"ExpressionWithoutDollar":          "Only in a GitHub workflow (CI provider github-actions), where {{ }} without $ is literal text: an error in a cache ref, a warning elsewhere. Outside a workflow {{ }} is another tool's template and not judged.",
	"GHACacheWriteOnReadOnlyTrigger":   "Needs the build's event: an error for events that GitHub gives a read-only cache token, an info for those that may get one. Templates in the value do not change it.",
	"GHANeedsBuildKit020":              "Reported only when the builder's BuildKit version is known (a pinned image in driver-opts, the configuration's facts); never on an unknown or default builder. Templates do not change it.",
	"GHAWithoutRuntimeToken":           "Certain (an error) when the environment given shows Buildx would drop the entry, or token= is written empty, or the CI provider is not GitHub Actions; a warning on a run: step of a workflow with no step exposing the runtime. A token or url given by a template counts as given. The process environment is never read: only Build.Env.",
	"GHAUnsupportedHost":               "An info, reported when the CI provider is known to lack GitHub's cache service (Gitea, Forgejo). Templates do not change it.",
	"GHAScopeUniquePerPR":              "Needs the event: reported on pull-request events for scopes built from github.ref or github.ref_name, whose value is new for each pull request. Other templates are unknown and not judged.",
	"InlineWithoutPush":                "Reported only when the build is known not to push (push false or a load-only output); unknown push is not judged. Templates do not change it.",
	"LocalCacheGrowsUnbounded":         "Certain from the build's values: an export into the directory it imports without reset=true. Not reported when a later step moves the directory away (the rm/mv rotation), which the workflow and script readers see. Directories are compared as written, so one with a template matches only the same text.",
	"RelativeLocalCachePath":           "Only for bake and compose files, which resolve relative paths against the directory the command runs in. A path with a template in it is not judged.",
	"RegistryNeedsImageManifest":       "A warning on registries known to refuse the index format, unless the builder is known to be BuildKit v0.21+ or Buildx's default image (which write image manifests by default). A registry host given by a template is not judged.",
	"MultiNodeRegistryCache":           "An info, reported when the builder is known to have several nodes and the build several platforms. Templates do not change it.",
}

// fileRuleContext is the statement of the rules the readers report.
const fileRuleContext = "Reported by the reader of the file from its own text; it needs no other context. Templates are kept as written where the file's language has them."

// Context returns what the rule needs to be certain, what lowers its
// severity, and how it treats templates and environment variables.
func (r Rule) Context() string {
	if r.Scope == ScopeFile {
		return fileRuleContext
	}
	if s := contextDocs[r.Name]; s != "" {
		return s
	}
	if r.Scope == ScopeValue && !strings.Contains(r.Explanation, "Templates") {
		return valueRuleContext
	}
	return "" // the explanation says it
}
