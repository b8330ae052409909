package source

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/buildxcache/buildxcache/validate"
)

// ReadFile reads a file for a reader. It refuses, with a Problem naming the
// file and the reason, a file that cannot be opened, is larger than
// MaxFileSize, holds NUL bytes or is not UTF-8 text.
func ReadFile(path string) ([]byte, *Problem) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unreadable(path, fmt.Sprintf("cannot read: %v", err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, unreadable(path, fmt.Sprintf("cannot read: %v", err))
	}
	return data, CheckText(path, data)
}

// CheckText returns a Problem when data is too large or not text, else nil.
func CheckText(path string, data []byte) *Problem {
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

func unreadable(path, msg string) *Problem {
	return &Problem{Pos: Pos{File: path}, Rule: RuleUnreadableFile, Severity: validate.Error, Message: msg}
}
