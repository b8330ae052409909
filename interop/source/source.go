// Package source is the contract between the readers of CI files (GitHub
// Actions workflows, bake files, compose files) and the linter: a [Reader]
// takes files ([Input]: a path and its content) and [Options] (the
// environment), and returns one [File] per input, holding the builds found
// in it, each a validate.Build whose Source places the build and every
// cache value in the file, and the diagnostics about the file itself
// (validate's file rules).
//
// Adding a reader means implementing [Reader]; the linter finds files for
// it, runs it, checks its builds with validate and prints the diagnostics.
package source

import (
	"crypto/sha256"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// Input is one file given to a reader.
type Input struct {
	// Path names the file in diagnostics.
	Path string
	// Content is the file's bytes.
	Content []byte
}

// Options are what a reader knows besides the files.
type Options struct {
	// Env looks up a variable of the environment the builds run in, for
	// bake variables and compose interpolation; nil means no variable is
	// known. Readers never read the process environment.
	Env cachespec.Env
}

// Reader reads the builds written in files of one kind.
type Reader interface {
	// Read reads inputs that belong together (the files of one bake
	// definition, one workflow) and returns one File per input, in order.
	// It never panics and never fails: what cannot be read is a diagnostic
	// of the File.
	Read(inputs []Input, opts Options) []File
}

// ReaderFunc adapts a function to the [Reader] interface.
type ReaderFunc func(inputs []Input, opts Options) []File

// Read calls f.
func (f ReaderFunc) Read(inputs []Input, opts Options) []File { return f(inputs, opts) }

// EachFile returns the Reader that reads every input on its own with
// parse, guarded one input at a time (see Guard), so that a panic on one
// file loses only that file: the shape of the readers of formats whose files
// stand alone (workflows, compose files).
func EachFile(parse func(in Input, opts Options) File) Reader {
	one := ReaderFunc(func(in []Input, opts Options) []File { return []File{parse(in[0], opts)} })
	return ReaderFunc(func(inputs []Input, opts Options) []File {
		out := make([]File, 0, len(inputs))
		for i := range inputs {
			out = append(out, Guard(one, inputs[i:i+1], opts)...)
		}
		return out
	})
}

// ParseOne reads one file's content with r: Read of one input.
func ParseOne(r Reader, path string, data []byte) File {
	return r.Read([]Input{{Path: path, Content: data}}, Options{})[0]
}

// ReadOne reads the file at path with r, as ReadPaths does.
func ReadOne(r Reader, path string) File {
	return ReadPaths(r, []string{path}, Options{})[0]
}

// File is what a reader found in one file.
type File struct {
	Path string
	// Builds are the builds written in the file, in order; each has Source
	// set, whose Group names the builds checked together with CheckAll.
	Builds []validate.Build
	// Diagnostics are the problems with the file itself: diagnostics of
	// validate's file rules (validate.UnreadableFile, ...), placed.
	Diagnostics diag.Diagnostics
	// Sum is the SHA-256 of the content read, set by ReadPaths (zero for a
	// file not read from disk), so that a fixer can tell whether the file
	// changed since.
	Sum [sha256.Size]byte
	// Content is the file's bytes as read, set by ReadPaths (nil for a file
	// not read), for what reads the text itself (suppression comments).
	Content []byte
	// Runs are the commands of the file that build what another file
	// describes (docker buildx bake, docker compose build), which the
	// linter follows into those files with the caller's context.
	Runs []Run
}

// MaxFileSize is the largest file the readers read: 4 MiB. Workflows, bake
// and compose files are far smaller; a larger file is reported as
// validate.UnreadableFile instead of being parsed.
const MaxFileSize = 4 << 20
