package source

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// ReadFile reads a file for a reader. It refuses, with a
// validate.UnreadableFile diagnostic naming the file and the reason, a file
// that cannot be opened, is not a regular file (a directory, a FIFO, a
// device, a socket: never opened in a way that can block), is larger than
// MaxFileSize (never more than MaxFileSize+1 bytes are read), holds NUL
// bytes or is not UTF-8 text. Standard input ("-" or /dev/stdin, see
// IsStdin) is read once, whatever it is, and the same content returned on
// every call.
func ReadFile(path string) ([]byte, *diag.Diagnostic) {
	var data []byte
	var err error
	if IsStdin(path) {
		data, err = readStdin()
	} else {
		data, err = readRegular(path)
	}
	var nr errNotRegular
	switch {
	case errors.As(err, &nr):
		return nil, unreadable(path, nr.Error())
	case errors.Is(err, errTooLarge):
		return nil, unreadable(path, err.Error())
	case err != nil:
		return nil, unreadable(path, fmt.Sprintf("cannot read: %v", err))
	}
	return data, CheckText(path, data)
}

// Load reads the files at paths into inputs. A file that cannot be read
// gives a File holding its diagnostic instead, in unread.
func Load(paths []string) (inputs []Input, unread []File) {
	for _, p := range paths {
		data, d := ReadFile(p)
		if d != nil {
			unread = append(unread, File{Path: p, Diagnostics: diag.Diagnostics{*d}})
			continue
		}
		inputs = append(inputs, Input{Path: p, Content: data})
	}
	return inputs, unread
}

// ReadPaths loads paths and reads the readable ones together with r
// (guarded, see Guard): one File per path, in the order of paths, a file
// that could not be read holding its UnreadableFile diagnostic.
func ReadPaths(r Reader, paths []string, opts Options) []File {
	inputs, unread := Load(paths)
	var read []File
	if len(inputs) > 0 {
		read = Guard(r, inputs, opts)
	}
	content := make(map[string][]byte, len(inputs))
	for _, in := range inputs {
		content[in.Path] = in.Content
	}
	for i := range read {
		if c, ok := content[read[i].Path]; ok {
			read[i].Sum, read[i].Content = sha256.Sum256(c), c
		}
	}
	// Load keeps the order of paths in both lists: merge them back
	out := make([]File, 0, len(paths))
	for _, p := range paths {
		switch {
		case len(read) > 0 && read[0].Path == p:
			out, read = append(out, read[0]), read[1:]
		case len(unread) > 0 && unread[0].Path == p:
			out, unread = append(out, unread[0]), unread[1:]
		}
	}
	return append(append(out, read...), unread...) // a reader that renamed its files
}

// CheckText returns a validate.UnreadableFile diagnostic when data is too
// large or not text, else nil.
func CheckText(path string, data []byte) *diag.Diagnostic {
	switch {
	case len(data) > MaxFileSize:
		return unreadable(path, fmt.Sprintf("file is larger than %d MiB; not read", MaxFileSize>>20))
	case bytes.IndexByte(data, 0) >= 0:
		return unreadable(path, "file holds NUL bytes: binary, not a text file; not read")
	case !utf8.Valid(data):
		return unreadable(path, "file is not valid UTF-8 text; not read")
	}
	return nil
}

func unreadable(path, msg string) *diag.Diagnostic {
	d := validate.UnreadableFile.At(diag.Range{File: path}, msg)
	return &d
}

// SyntaxError returns the validate.FileSyntaxError diagnostic at line and
// col of path (0 when unknown).
func SyntaxError(path string, line, col int, msg string, fixes ...diag.Fix) diag.Diagnostic {
	return validate.FileSyntaxError.At(diag.At(path, diag.Pos{Line: line, Col: col}), msg, fixes...)
}

// Guard runs r on inputs, turning a panic of the reader (or of a library
// it calls) into a validate.FileSyntaxError diagnostic on each input, so
// that one bad file never stops a lint run.
func Guard(r Reader, inputs []Input, opts Options) (files []File) {
	defer func() {
		if v := recover(); v != nil {
			files = make([]File, len(inputs))
			for i, in := range inputs {
				files[i] = File{Path: in.Path, Diagnostics: diag.Diagnostics{
					SyntaxError(in.Path, 0, 0, fmt.Sprintf("the reader failed on this file: %v", v)),
				}}
			}
		}
	}()
	return r.Read(inputs, opts)
}
