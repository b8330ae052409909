// Package source holds what the readers of CI files (GitHub Actions
// workflows, bake files, compose files) produce: builds with their cache
// values, the context validate needs, and the position in the file of each
// value, so that a diagnostic about a value can be reported at its file,
// line and column.
package source

import (
	"fmt"

	"github.com/buildxcache/buildxcache/validate"
)

// Pos is a position in a file. Line and Col count from 1; Col counts bytes.
// A zero Line means the position is unknown within the file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String returns "file:line:col", "file:line" or "file".
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// Value is the position of one raw cache value. Where a value is written
// on one line as it is stored in the Build (a flag, a one-line list element),
// Exact is true and the byte at offset n of the value is at column Col+n;
// otherwise (a value assembled by a loader, a folded YAML scalar) only the
// start is known.
type Value struct {
	Pos
	Exact bool
}

// At returns the position of byte offset off of the value.
func (v Value) At(off int) Pos {
	p := v.Pos
	if v.Exact && p.Line > 0 && p.Col > 0 {
		p.Col += off
	}
	return p
}

// Build is one build found in a file: the validate.Build with its context,
// where it is, and where each of its raw cache values is.
type Build struct {
	validate.Build
	// Pos is where the build is defined: a workflow step, a bake target, a
	// compose service.
	Pos Pos
	// CacheFromPos and CacheToPos give the position of each element of
	// Build.CacheFrom and Build.CacheTo; they have the same lengths.
	CacheFromPos []Value
	CacheToPos   []Value
	// Group names the set of builds that run together and are checked
	// together for the cross-build rules: a workflow file, a bake group, a
	// compose project. Builds of one File with the same Group form a set.
	Group string
}

// Problem is something wrong with a file itself, or with how a build is
// written, that is not about a cache value's meaning: a file that cannot be
// read or parsed, a misspelled key that the tool reading the file ignores.
type Problem struct {
	Pos      Pos
	Rule     string
	Severity validate.Severity
	Message  string
	Fix      string
}

// File is what a reader found in one file.
type File struct {
	Path     string
	Builds   []Build
	Problems []Problem
}

// Rules that readers report as Problems. They are not cache rules, so they
// are not in validate's registry; the CLI documents them with the others.
const (
	// RuleUnreadableFile: the file cannot be read, is binary, or is too
	// large.
	RuleUnreadableFile = "UnreadableFile"
	// RuleSyntaxError: the file is not valid YAML, HCL or JSON, or not the
	// shape the tool expects.
	RuleSyntaxError = "FileSyntaxError"
	// RuleIgnoredCacheKey: a misspelled cache key that the tool reading the
	// file ignores (cache_from in a bake HCL target, cache-from in compose).
	RuleIgnoredCacheKey = "IgnoredCacheKey"
)

// MaxFileSize is the largest file the readers read: 4 MiB. Workflows, bake
// and compose files are far smaller; a larger file is reported as
// RuleUnreadableFile instead of being parsed.
const MaxFileSize = 4 << 20
