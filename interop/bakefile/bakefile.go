// Package bakefile reads bake definitions (HCL, JSON and compose files) the
// way `docker buildx bake` reads them, for the source contract: [Read] (or [Reader], or
// [ReadFiles] for paths) reads the files of one bake definition together
// and gives one source.File per file, whose builds are the resolved
// targets, as validate.Build values. Each build's Source places the target
// (Source.Def), each cache value (Source.CacheFrom, Source.CacheTo), and
// names its set (Source.Group). Variables, functions, inheritance,
// matrices, groups and the merging of several files resolve exactly as
// bake resolves them: the definition is loaded by this module's own loader
// (internal/loader) on Buildx's HCL evaluator (bake/hclparser) and
// compose-go, which does what Buildx v0.38.2's bake.ParseFiles and
// Config.ResolveTarget do without linking the rest of Buildx; a
// differential test against Buildx's loader keeps the two alike.
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
//     position is exact (diag.Span.Exact) when the element is a one-line
//     string without escapes;
//   - an entry that bake assembled from variables, functions or a matrix is
//     given as bake resolved it, at the position of the list element (or
//     attribute) it came from, not exact: the entry read into a cachespec
//     entry (its JSON form, cachespec.ParseJSON) and printed by
//     cachespec.Format, or, when cachespec refuses it, as a flat CSV value
//     (or as a JSON object when a key has upper-case letters, which bake
//     keeps and a CSV reader would fold).
//
// A literal that bake reads as several entries (the ref list "a,b") is
// given once, as written.
//
// # Sets
//
// The targets of a group are one set for validate.CheckAll (Source.Group
// is the group's name); a target in several groups is given once per
// group, so that each set is checked whole. A target in no group is a set
// of its own ("target <name>"), unless other targets inherit from it, in
// which case it is only a base and is not given: its values are checked,
// at their positions, in the targets that inherit them. Compose files put
// every service with a build section in the group "default", as bake
// does.
//
// # Diagnostics
//
// A file that cannot be read, is not text, or is not valid HCL, JSON or
// YAML gives a diagnostic (validate.UnreadableFile,
// validate.FileSyntaxError) and the other files are still read. When bake's
// loader refuses the definition (a value without a type, an undefined
// variable, a compose file its schema refuses), the file it names gets a
// validate.FileSyntaxError diagnostic with Buildx's message, the other
// files are loaded without it, and the literal values of the refused file
// are still checked as written (in the set "file <path>"). A target bake
// cannot resolve (it inherits from a target that does not exist) is a
// diagnostic at the target, and the other targets are resolved. Attributes
// that bake ignores without a message because they are misspelled
// (cache_from, cacheFrom, cache-form in a target; cache_from under x-bake
// in a compose file) give validate.IgnoredCacheKey warnings, with the
// rename as fix. HCL and JSON nested more than 1000 levels deep, or with
// an expression of more than 1000 operators, are refused unparsed (HCL's
// parsers would overflow the stack). A definition that asks for more
// evaluation than the loader's limits allow (matrix combinations, targets,
// inheritance depth, bcrypt and setproduct; see internal/loader and
// docs/cli.md) gives a validate.FileSyntaxError diagnostic saying the file
// is too expensive to evaluate, and its literal values are checked as
// written. When bake refuses a definition, every file the refusal names
// is set aside at once, and each file is loaded alone at most once, so
// that a directory of many broken files is read in linear time. Nothing
// panics on any input: a panic of a parser or of the loader is a
// diagnostic of the file it is about (interop/internal/guard), and a
// panic of the reader itself is one on every input (source.Guard).
//
// # Environment
//
// The variables `docker buildx bake` defines itself are defined as bake
// defines them: BAKE_CMD_CONTEXT ("cwd://", a local definition) and
// BAKE_LOCAL_PLATFORM (the platform of the machine the reader runs on).
//
// Variables are looked up through source.Options.Env: bake variables (and
// their NAME_JSON overrides) and compose interpolation. A variable that no
// file gives a non-empty default, of type string, list(string),
// set(string), any or none, and that Env does not know, is one CI sets
// from its environment: the reader gives it the template ${NAME}, so that
// validate judges what depends on it as unknown rather than as "", and its
// validation blocks (and the validations of other variables that test it)
// are not run, so that a file is not refused for a value only the
// environment supplies. The process environment does not set such a
// variable. The loader takes the
// variables as a map, as bake's does, so the reader asks Env for every name
// written in the files and gives the loader those Env knows. As with
// `docker buildx bake`, a variable that Env does not know is then looked
// up in the process environment (unless BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP
// is true), and compose files are interpolated from the process
// environment and a .env file in the current directory. These lookups are
// bake's and cannot be turned off from here; make Env know every
// variable that matters for a result that does not depend on the process
// environment.
package bakefile

import (
	"github.com/buildxcache/buildxcache/interop/source"
)

// Reader is the bake reader of the source contract: [Read].
var Reader source.Reader = source.ReaderFunc(Read)

// Read reads inputs as one bake definition, the way `docker buildx bake -f
// a -f b` reads its files: later files override and extend earlier ones.
// An input's Path names the file in positions and messages, and its
// extension decides the format as for bake (.hcl, .json, .yml and .yaml;
// anything else is tried as compose, then HCL, then JSON). Read returns
// one source.File per input, in order; a build is attached to the file
// where its target is first defined. An input that is too large or is not
// text is refused as source.ReadFile refuses a file, and problems with one
// file do not stop the others from being read. Read never panics.
func Read(inputs []source.Input, opts source.Options) []source.File {
	return source.Guard(source.ReaderFunc(read), inputs, opts)
}

// ReadFiles reads the bake files at paths as one bake definition, as
// [Read] reads them. It returns one source.File per path, in order; a file
// that cannot be read is left out of the definition and its File holds the
// validate.UnreadableFile diagnostic.
func ReadFiles(paths []string, opts source.Options) []source.File {
	return source.ReadPaths(Reader, paths, opts)
}
