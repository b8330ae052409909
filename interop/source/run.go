package source

import (
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// The tools of a Run.
const (
	RunBake    = "bake"    // docker buildx bake, docker bake
	RunCompose = "compose" // docker compose build, docker-compose build
)

// Run is a command of a file (a script, a Makefile recipe) that builds
// what another file of the repository describes: `docker buildx bake -f
// FILE TARGET --set ...` or `docker compose -f FILE build SERVICE`. Paths
// are as written, relative to the directory the command runs in.
type Run struct {
	// Tool is RunBake or RunCompose.
	Tool string
	// Name names the command in its file ("buildx bake at line 3").
	Name string
	// At places the command's first word.
	At diag.Range
	// Files are the -f files (none: the tool's default files); Targets
	// the bake targets or compose services named (none: the default
	// group, every service).
	Files, Targets []string
	// Sets are bake's --set overrides, in order.
	Sets []Set
	// Push and Load are --push and --load; nil when not given.
	Push, Load *bool
	// Builder is the builder the file shows for the command; the zero
	// value when it shows none.
	Builder validate.Builder
	// Dir is the directory the command runs in, relative to the file's
	// own directory, when the file fixes it (a Makefile's recipe runs in
	// the Makefile's directory: Dir "."); "" when it depends on the caller
	// (a script runs in its caller's working directory).
	Dir string
	// Moved says the file changes directory (cd, pushd) before the
	// command, so that its relative paths name files in a directory that
	// is not known.
	Moved bool
}

// Set is a bake override, TARGET.KEY=VALUE (KEY+= appends): Key is
// "TARGET.KEY" (with the "+"), Value the value, At where the value is
// written.
type Set struct {
	Key, Value string
	At         diag.Span
}
