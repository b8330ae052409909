package validate

import (
	"strconv"
	"strings"
)

// The rules about files themselves, which the readers of the interop module
// report (with [Rule.At]) when a file cannot be read, or is written in a way
// that hides its builds from the tool that runs them. They are exported so
// that a reader reports through the rule value, never a name.

// UnreadableFile: a file cannot be read, is binary, is not UTF-8, is too
// large, is not a regular file, or is too expensive to evaluate.
var UnreadableFile = register(&Rule{
	Name: "UnreadableFile", Code: "FILE01", Severity: SeverityError, Scope: ScopeFile,
	Summary:     "A file cannot be read: missing, unreadable, binary, not UTF-8, larger than 4 MiB, not a regular file, or too expensive to evaluate",
	Explanation: "The file was not linted. Workflows, bake files and compose files are small UTF-8 text files; a binary or huge file under a linted path is usually a mistake in the paths given. A FIFO, a device or a directory named as a file is never opened (standard input, `-` or /dev/stdin, is read once); a symbolic link that dangles, loops or leads out of the tree linted is not followed. A file whose reading and checking takes longer than the per-file deadline (10 s; `--file-deadline`) is reported as too expensive to evaluate: its loader was driven into work no real file needs (a bake function or matrix that runs for minutes).",
	Backing:     "buildxcache reads files of at most 4 MiB of UTF-8 text",
	FileName:    ".github/workflows/ci.yml",
	BadFile:     "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest # \xff\xfe\n    steps:\n      - run: docker buildx build --cache-to type=gha .\n",
	GoodFile:    "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker buildx build --cache-to type=gha .\n",
})

// FileSyntaxError: a file is not valid YAML, HCL or JSON, or not the shape
// its tool expects.
var FileSyntaxError = register(&Rule{
	Name: "FileSyntaxError", Code: "FILE02", Severity: SeverityError, Scope: ScopeFile,
	Summary:     "A file is not valid YAML, HCL or JSON, or not the shape its tool expects",
	Explanation: "The tool that reads the file (GitHub Actions, `docker buildx bake`, `docker compose`) refuses it too, so no build runs. The message quotes the parser's error and the line it names.",
	Backing:     "the file's own loader refuses it: the YAML parser, the bake loader (Buildx's HCL evaluator with bake's rules, kept equal to Buildx's own bake loader by a differential test), compose-go",
	FileName:    "compose.yaml",
	BadFile:     "services:\n  app:\n    build:\n      context: .\n      cache_from: [type=gha]\n     cache_to: [type=gha]\n",
	GoodFile:    "services:\n  app:\n    build:\n      context: .\n      cache_from: [type=gha]\n      cache_to: [type=gha]\n",
})

// IgnoredCacheKey: a misspelled cache key that the tool reading the file
// ignores.
var IgnoredCacheKey = register(&Rule{
	Name: "IgnoredCacheKey", Code: "FILE03", Severity: SeverityWarning, Scope: ScopeFile, FileFix: true,
	Summary:     "A misspelled cache key (cache_from in bake HCL, cache-from in compose) that the tool ignores",
	Explanation: "Bake's HCL and JSON targets spell the attributes `cache-from` and `cache-to`; compose spells them `cache_from` and `cache_to`. The other spelling is not an error for every loader, and the cache is silently not used.",
	Backing:     "Buildx v0.38 bake ignores cache_from and cache_to in HCL and JSON targets without a message (pinned by interop/bakefile's tests)",
	FileName:    "docker-bake.hcl",
	BadFile:     "target \"app\" {\n  cache_from = [\"type=gha,scope=app\"]\n  cache-to   = [\"type=gha,scope=app,mode=max\"]\n}\n",
	GoodFile:    "target \"app\" {\n  cache-from = [\"type=gha,scope=app\"]\n  cache-to   = [\"type=gha,scope=app,mode=max\"]\n}\n",
})

// UnparsableRunScript: a run: script that the shell parser refuses, so the
// builds in it cannot be found.
var UnparsableRunScript = register(&Rule{
	Name: "UnparsableRunScript", Code: "FILE04", Severity: SeverityWarning, Scope: ScopeFile,
	Summary:     "A run: script that a POSIX/bash parser refuses, so the build commands in it are not checked",
	Explanation: "The linter splits run: scripts with a real shell parser (mvdan.cc/sh). A script it cannot parse is likely to fail in bash too; its docker buildx build and buildctl build commands are not checked.",
	Backing:     "mvdan.cc/sh refuses the script",
	FileName:    ".github/workflows/ci.yml",
	BadFile:     "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker buildx build --cache-to type=gha,scope=app $( .\n",
	GoodFile:    "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker buildx build --cache-to type=gha,scope=app .\n",
})

// MatrixTooLarge: a job's matrix expands to more legs than are checked.
var MatrixTooLarge = register(&Rule{
	Name: "MatrixTooLarge", Code: "FILE05", Severity: SeverityInfo, Scope: ScopeFile,
	Summary:     "A job's matrix expands to more than 256 combinations; only the first 256 are checked",
	Explanation: "GitHub refuses matrices of more than 256 jobs per workflow run, so such a workflow does not run as written.",
	Backing:     "GitHub Actions: a matrix can generate a maximum of 256 jobs per workflow run",
	FileName:    ".github/workflows/ci.yml",
	BadFile:     "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]\n        b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n    steps:\n      - run: docker buildx build --cache-to type=gha,scope=app-${{ matrix.a }}-${{ matrix.b }} .\n",
	GoodFile:    "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n        b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n    steps:\n      - run: docker buildx build --cache-to type=gha,scope=app-${{ matrix.a }}-${{ matrix.b }} .\n",
})

// InvalidSuppression: a suppression comment without a reason, naming no
// rule, or naming a rule that does not exist.
var InvalidSuppression = register(&Rule{
	Name: "InvalidSuppression", Code: "FILE10", Severity: SeverityWarning, Scope: ScopeFile,
	Summary:     "A suppression comment without a reason, or naming a rule that does not exist",
	Explanation: "A comment `# buildxcache: ignore[RuleName] reason` (or `// ...` in HCL) hides the findings of RuleName on its line, or on the line below and the block that line opens; `# buildxcache: ignore-file[RuleName] reason` hides them in the whole file. Rules are named by name or code. The reason is required, so that the next reader knows why the finding does not apply; a suppression without one, or naming an unknown rule, suppresses nothing.",
	Backing:     "buildxcache's suppression syntax",
	FileName:    "docker-bake.hcl",
	BadFile:     "target \"app\" {\n  # buildxcache: ignore[GHAScopeDefault]\n  cache-to = [\"type=gha,mode=max\"]\n}\n",
	GoodFile:    "target \"app\" {\n  # buildxcache: ignore[GHAScopeDefault] the only image this repository builds\n  cache-to = [\"type=gha,mode=max\"]\n}\n",
})

// UnusedSuppression: a suppression comment that hides no finding.
var UnusedSuppression = register(&Rule{
	Name: "UnusedSuppression", Code: "FILE11", Severity: SeverityWarning, Scope: ScopeFile, FileFix: true,
	Summary:     "A suppression comment that hides no finding",
	Explanation: "The finding it was written for is gone (the value was fixed, or the rule changed), so the comment only misleads; remove it. A suppression of a rule that is disabled is not reported.",
	Backing:     "buildxcache's suppression syntax",
	FileName:    "docker-bake.hcl",
	BadFile:     "target \"app\" {\n  # buildxcache: ignore[InvalidCacheMode] kept for the old builder\n  cache-to = [\"type=gha,scope=app,mode=max\"]\n}\n",
	GoodFile:    "target \"app\" {\n  cache-to = [\"type=gha,scope=app,mode=max\"]\n}\n",
})

// MaxBuilds is the most builds a reader reads from one file (a workflow)
// or one pipeline (GitLab CI): matrices multiply a job's build commands,
// and a small file could otherwise make hundreds of thousands.
const MaxBuilds = 20000

// TooManyBuilds: a file's jobs make more builds than are read.
var TooManyBuilds = register(&Rule{
	Name: "TooManyBuilds", Code: "FILE08", Severity: SeverityWarning, Scope: ScopeFile,
	Summary:     "A file's jobs make more than 20,000 builds; the rest are not checked",
	Explanation: "Matrices multiply the build commands of their jobs: 40 jobs of a 256-leg matrix with two builds each are 20,480 builds. The linter reads at most 20,000 builds of a workflow or a GitLab pipeline, so that a small file cannot take minutes and gigabytes; the builds after that are not checked. Such a file is usually generated, or its jobs can share a matrix.",
	Backing:     "buildxcache's bound on the work of one file (validate.MaxBuilds)",
	FileName:    ".github/workflows/ci.yml",
	BadFile:     manyBuildsWorkflow(40),
	GoodFile:    manyBuildsWorkflow(1),
})

// manyBuildsWorkflow is a workflow of n jobs (YAML aliases of the first),
// each a 256-leg matrix with two builds.
func manyBuildsWorkflow(n int) string {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  j1: &job\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n")
	b.WriteString("        a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n")
	b.WriteString("        b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n")
	b.WriteString("    steps:\n      - run: docker buildx build --cache-to type=gha,scope=app-${{ github.job }}-${{ matrix.a }}-${{ matrix.b }} .\n")
	b.WriteString("      - run: docker buildx build --cache-to type=gha,scope=test-${{ github.job }}-${{ matrix.a }}-${{ matrix.b }} --target test .\n")
	for i := 2; i <= n; i++ {
		b.WriteString("  j" + strconv.Itoa(i) + ": *job\n")
	}
	return b.String()
}

// UnlintedPowerShellScript: a run: script that runs in PowerShell, whose
// build commands are not read.
var UnlintedPowerShellScript = register(&Rule{
	Name: "UnlintedPowerShellScript", Code: "FILE06", Severity: SeverityInfo, Scope: ScopeFile,
	Summary:     "A run: script in PowerShell, whose build commands are not checked",
	Explanation: "A run: step runs in PowerShell when its shell: (or defaults.run.shell of the job or workflow) is pwsh or powershell, or, without one, on a Windows runner, whose default shell is pwsh. No maintained PowerShell parser exists in Go, so the linter does not read such a script rather than misread it as POSIX shell; its docker buildx build and buildctl build commands are not checked.",
	Backing:     "GitHub Actions: the default shell is bash on Linux and macOS runners and pwsh on Windows runners; shell: and defaults.run.shell override it",
	FileName:    ".github/workflows/ci.yml",
	BadFile:     "on: push\njobs:\n  build:\n    runs-on: windows-latest\n    steps:\n      - run: docker buildx build --cache-to type=gha,scope=app `\n          --cache-from type=gha,scope=app .\n",
	GoodFile:    "on: push\njobs:\n  build:\n    runs-on: windows-latest\n    defaults:\n      run:\n        shell: bash\n    steps:\n      - run: docker buildx build --cache-to type=gha,scope=app --cache-from type=gha,scope=app .\n",
})

// UnparsableScript: a shell script, or a recipe of a Makefile, that the
// shell parser refuses, so the builds in it cannot be found.
var UnparsableScript = register(&Rule{
	Name: "UnparsableScript", Code: "FILE20", Severity: SeverityWarning, Scope: ScopeFile,
	Summary:     "A shell script, or a Makefile recipe, that a POSIX/bash parser refuses, so the build commands in it are not checked",
	Explanation: "The linter reads shell scripts (*.sh, *.bash, or a #! line naming sh, bash, dash or zsh) and the recipes of Makefiles with a real shell parser (mvdan.cc/sh), as it reads run: steps. A script it cannot parse is likely to fail in the shell too; its docker buildx build, docker buildx bake, buildctl build and docker compose build commands are not checked. The message gives the parser's reason and the line it names. A script that mentions no cache flag, bake or compose is not parsed, and never reported.",
	Backing:     "mvdan.cc/sh refuses the script",
	FileName:    "ci/build.sh",
	BadFile:     "#!/usr/bin/env bash\nset -euo pipefail\nif [ -n \"$CI\" ]; then\n  docker buildx build --cache-to type=gha,scope=app,mode=max .\n",
	GoodFile:    "#!/usr/bin/env bash\nset -euo pipefail\nif [ -n \"$CI\" ]; then\n  docker buildx build --cache-to type=gha,scope=app,mode=max .\nfi\n",
})

// UnfollowedMakefile: a Makefile written in a way the Makefile reader
// cannot follow, so its recipes (or some of them) are not checked.
var UnfollowedMakefile = register(&Rule{
	Name: "UnfollowedMakefile", Code: "FILE21", Severity: SeverityWarning, Scope: ScopeFile,
	Summary:     "A Makefile the linter cannot follow (a define without endef, an unclosed $( reference), so its recipes are not checked",
	Explanation: "The linter reads a Makefile's rules and recipe lines (tab-indented after a target line, with \\ continuations), expands the make variables that simple assignments in the same file set (VAR = value, VAR := value, VAR ?= value, with export and override), and hands each recipe line to the shell parser. A define without its endef, or a $( or ${ reference that nothing closes, hides where the recipes are; make itself stops with \"missing endef\" or \"unterminated variable reference\". The recipes after the place named are not checked.",
	Backing:     "GNU make: \"missing 'endef', unterminated 'define'\" and \"unterminated variable reference\"",
	FileName:    "Makefile",
	BadFile:     "IMAGE = ghcr.io/acme/app\n\nimage:\n\tdocker buildx build --cache-to type=registry,ref=$(IMAGE:cache,mode=max -t $(IMAGE) .\n",
	GoodFile:    "IMAGE = ghcr.io/acme/app\n\nimage:\n\tdocker buildx build --cache-to type=registry,ref=$(IMAGE):cache,mode=max -t $(IMAGE) .\n",
})

// UndeclaredInput: a step or job gives a local composite action or
// reusable workflow an input it does not declare.
var UndeclaredInput = register(&Rule{
	Name: "UndeclaredInput", Code: "FILE40", Severity: SeverityWarning, Scope: ScopeFile,
	Summary:     "A with: input that the local composite action or reusable workflow it is given to does not declare",
	Explanation: "The linter follows a step's `uses: ./.github/actions/NAME` into the composite action's action.yml, and a job's `uses: ./.github/workflows/NAME.yml` into the reusable workflow, with the inputs of `with:` substituted for `${{ inputs.NAME }}`. An input the callee does not declare under `inputs:` (`on.workflow_call.inputs` for a workflow) is never seen by it: the cache value, tag or flag it was meant to set keeps its default. GitHub warns about such an input of an action (\"Unexpected input\") and refuses the workflow that passes one to a reusable workflow. Input names ignore case, as GitHub reads them. The message names the inputs the callee declares, and the nearest one.",
	Backing:     "GitHub Actions: \"Unexpected input(s)\" warnings for actions; a reusable workflow call with an input that is not defined is an invalid workflow; inputs are case-insensitive (actionlint v1.6.19 release notes)",
	FileName:    ".github/workflows/ci.yml",
	BadFile:     "on: pull_request\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/build\n        with:\n          cache_scope: web\n",
	GoodFile:    "on: pull_request\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/build\n        with:\n          cache-scope: web\n",
})

// CallCycle: local composite actions or reusable workflows that use each
// other in a cycle.
var CallCycle = register(&Rule{
	Name: "CallCycle", Code: "FILE41", Severity: SeverityError, Scope: ScopeFile,
	Summary:     "Local composite actions or reusable workflows that use each other in a cycle (A uses B uses A)",
	Explanation: "The linter follows local `uses:` of steps and jobs into the composite actions and reusable workflows of the repository. A file that, through its callees, uses itself again never finishes expanding: GitHub refuses a workflow whose reusable workflows nest in a cycle (and more than four levels deep), and a composite action that uses itself recurses until the runner gives up. The cycle is reported once, at the `uses:` that closes it, and the files are not followed again.",
	Backing:     "GitHub Actions: reusable workflows nest at most four levels, and a cycle is an invalid workflow",
	FileName:    ".github/workflows/ci.yml",
	BadFile:     "on:\n  workflow_call:\njobs:\n  again:\n    uses: ./.github/workflows/ci.yml\n",
	GoodFile:    "on:\n  workflow_call:\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker buildx build --cache-to type=gha,scope=app .\n",
})
