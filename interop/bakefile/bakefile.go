// Package bakefile reads bake definitions (HCL, JSON and compose files) the
// way `docker buildx bake` reads them, through Buildx's own bake loader
// (bake.ParseFiles and Config.ResolveTarget, the functions bake.ReadTargets
// is made of), and turns each resolved target into a source.Build.
// Variables, functions, inheritance, matrices, groups and the merging of
// several files resolve exactly as bake resolves them.
//
// # Values
//
// Bake parses every cache value into an entry (a type and a map of
// attributes) and keeps no text: a repeated key keeps its last value, a
// list repeating an entry keeps it once. validate must see the value as
// written to report such mistakes, and must see what bake really uses. So
// each resolved entry is traced back to the file:
//
//   - an entry that comes from a literal list element (a string or an object
//     with no variables or functions) that bake reads to the same type and
//     attributes is given as that literal, with the literal's position; the
//     position is exact (Value.Exact) when the element is a one-line string
//     without escapes;
//   - an entry that bake assembled from variables, functions or a matrix is
//     given as bake resolved it, printed by cachespec.Format (or as a flat
//     CSV value when cachespec refuses it, or as a JSON object when a key
//     has upper-case letters, which bake keeps and cachespec would fold),
//     at the position of the list element (or attribute) it came from, not
//     exact.
//
// A literal that bake reads as several entries (the ref list "a,b") is
// given once, as written.
//
// # Sets
//
// The targets of a group are one set for validate.CheckAll (Build.Group is
// the group's name); a target in several groups is given once per group, so
// that each set is checked whole. A target in no group is a set of its own
// ("target <name>"), unless other targets inherit from it, in which case it
// is only a base and is not given: its values are checked, at their
// positions, in the targets that inherit them. Compose files put every
// service with a build section in the group "default", as bake does.
//
// # Problems
//
// A file that cannot be read, is not text, or is not valid HCL, JSON or
// YAML gives a source.Problem (source.RuleUnreadableFile,
// source.RuleSyntaxError) and the other files are still read. When bake's
// loader refuses the definition (a value without a type, an undefined
// variable, a compose file its schema refuses), the file it names gets a
// source.RuleSyntaxError problem with Buildx's message, the other files
// are loaded without it, and the literal values of the refused file are
// still checked as written (in the set "file <path>"). A target bake
// cannot resolve (it inherits from a target that does not exist) is a
// problem at the target, and the other targets are resolved. Attributes
// that bake ignores without a message because they are misspelled
// (cache_from, cacheFrom, cache-form in a target; cache_from under x-bake
// in a compose file) give source.RuleIgnoredCacheKey warnings. HCL and
// JSON nested more than 1000 levels deep are refused unparsed (HCL's
// parsers would overflow the stack). Nothing panics on any input.
//
// # Environment
//
// As with `docker buildx bake`, a variable that Options.Vars does not set
// is looked up in the process environment (unless
// BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP is true), and compose files are
// interpolated from the process environment and a .env file in the current
// directory. These lookups are Buildx's own and cannot be turned off from
// here; set every variable that matters in Options.Vars for a result that
// does not depend on the environment.
package bakefile

import (
	"github.com/buildxcache/buildxcache/interop/source"
)

// Options configure Read and Parse.
type Options struct {
	// Vars are values for bake variables (and for compose interpolation),
	// as `docker buildx bake` takes them from the environment. They win
	// over the process environment.
	Vars map[string]string
}

// Input is one file of a bake definition given by content rather than
// path.
type Input struct {
	// Name is the file's path: it names the file in positions and
	// messages, and its extension decides the format as for bake (.hcl,
	// .json, .yml and .yaml; anything else is tried as compose, then HCL,
	// then JSON).
	Name string
	// Data is the file's content.
	Data []byte
}

// Read reads the bake files at paths as one bake definition, the way
// `docker buildx bake -f a -f b` reads them: later files override and
// extend earlier ones. It returns one source.File per path, in order; a
// build is attached to the file where its target is first defined.
// Problems with one file do not stop the others from being read.
func Read(paths []string, opts Options) []source.File {
	inputs := make([]Input, len(paths))
	var unreadable []*source.Problem
	for i, p := range paths {
		data, prob := source.ReadFile(p)
		inputs[i] = Input{Name: p, Data: data}
		unreadable = append(unreadable, prob)
	}
	return parse(inputs, unreadable, opts)
}

// ReadFile reads one bake file: Read for a single path.
func ReadFile(path string, opts Options) source.File {
	return Read([]string{path}, opts)[0]
}

// Parse is Read for files given by content. Inputs that are too large or
// are not text are refused as source.ReadFile refuses them.
func Parse(inputs []Input, opts Options) []source.File {
	unreadable := make([]*source.Problem, len(inputs))
	for i, in := range inputs {
		unreadable[i] = source.CheckText(in.Name, in.Data)
	}
	return parse(inputs, unreadable, opts)
}
