package validate

// InvalidBakeSet: a line of docker/bake-action's set: input that bake
// refuses, which fails the step before anything is built.
var InvalidBakeSet = register(&Rule{
	Name: "InvalidBakeSet", Code: "FILE07", Severity: SeverityError, Scope: ScopeFile,
	Summary:     "A docker/bake-action set: line that is not target.attribute=value, which bake refuses",
	Explanation: "docker/bake-action passes each line of its set: input to `docker buildx bake --set`. Bake reads a line as TARGET.ATTRIBUTE=VALUE (TARGET may be a pattern such as *); a line without a dot in its key (PUSH_CACHE=false, a variable meant for the bake file's environment) or without `=` (other than TARGET.args.NAME) fails the whole step with \"invalid override key ..., expected target.name\" before anything is built. Certain from the text of the line; a line whose key holds an expression is not judged. Variables for the bake file are set with the step's env: instead.",
	Backing:     `Buildx bake/bake.go newOverrides: "invalid override key %s, expected target.name" and "invalid override %s, expected target.name=value"`,
	FileName:    ".github/workflows/ci.yml",
	BadFile:     "on: push\njobs:\n  bake:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/bake-action@v6\n        with:\n          set: |\n            PUSH_CACHE=false\n            *.cache-from=type=gha,scope=app\n",
	GoodFile:    "on: push\njobs:\n  bake:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/bake-action@v6\n        env:\n          PUSH_CACHE: \"false\"\n        with:\n          set: |\n            *.cache-from=type=gha,scope=app\n",
})
