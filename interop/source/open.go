package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
)

// A path named to be read can be anything: a FIFO, whose open blocks until
// a writer comes, /dev/zero, which never ends, a directory, a socket.
// ReadFile reads regular files only, opened without blocking and checked
// again once open, and at most MaxFileSize+1 bytes of them; standard input
// ("-" or /dev/stdin) is read once, whatever it is, and served from memory
// to every later reader (discovery guesses its kind from its content, the
// reader then reads it).

// IsStdin reports whether path names standard input: "-" or /dev/stdin.
func IsStdin(path string) bool { return path == "-" || path == "/dev/stdin" }

var stdin struct {
	once sync.Once
	data []byte
	err  error
}

// readStdin reads standard input once, at most MaxFileSize+1 bytes.
func readStdin() ([]byte, error) {
	stdin.once.Do(func() {
		stdin.data, stdin.err = io.ReadAll(io.LimitReader(os.Stdin, MaxFileSize+1))
	})
	return stdin.data, stdin.err
}

// FileKind names the kind of a file that is not a regular file, for a
// message: "a directory", "a named pipe (FIFO)", "a character device", "a
// device", "a socket", "a symbolic link", or "not a regular file".
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// errNotRegular is the refusal of a file that is not a regular file.
type errNotRegular struct{ mode fs.FileMode }

func (e errNotRegular) Error() string {
	return "it is " + FileKind(e.mode) + ", not a regular file; not read"
}

// errTooLarge is the refusal of a file larger than MaxFileSize.
var errTooLarge = fmt.Errorf("file is larger than %d MiB; not read", MaxFileSize>>20)

// readRegular reads the regular file at path, at most MaxFileSize+1
// bytes: a file that is not one (checked before opening, and again on the
// open file, which is opened without blocking so that a FIFO put in its
// place cannot hang) is refused with errNotRegular, one larger than
// MaxFileSize by its size with errTooLarge.
func readRegular(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errNotRegular{st.Mode()}
	}
	if st.Size() > MaxFileSize {
		return nil, errTooLarge
	}
	return readOpened(path) // at most MaxFileSize+1 bytes
}

// ReadHead returns the first n bytes (fewer when shorter) of the file at
// path, read as ReadFile reads it (standard input from memory, regular
// files only), or nil.
func ReadHead(path string, n int) []byte {
	if IsStdin(path) {
		data, err := readStdin()
		if err != nil {
			return nil
		}
		return data[:min(n, len(data))]
	}
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	buf := make([]byte, n)
	k, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil
	}
	return buf[:k]
}
