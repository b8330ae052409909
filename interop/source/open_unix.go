//go:build unix

package source

import (
	"io"
	"io/fs"
	"os"
	"syscall"
)

// openNonBlocking opens path for reading with O_NONBLOCK, so that opening
// a FIFO returns at once instead of waiting for a writer. Reads of a
// regular file do not block either way.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// readOpened reads the file at path, which a stat found regular, as
// readRegular does after its stat: opened without blocking, checked
// regular again on the descriptor, read to its end (at most MaxFileSize+1
// bytes). It works on the descriptor itself: an os.File of a descriptor
// opened with O_NONBLOCK is offered to the runtime's poller first, one
// more system call a file that the poller refuses.
func readOpened(path string) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		info, err := os.Stat(path) // the kind, named as for the first stat
		if err != nil {
			return nil, err
		}
		return nil, errNotRegular{info.Mode()}
	}
	return readAll(fdReader{fd, path}, bufferSize(st.Size, true))
}

// fdReader reads a descriptor: EINTR retried, the end of the file io.EOF,
// errors naming the path.
type fdReader struct {
	fd   int
	path string
}

func (r fdReader) Read(b []byte) (int, error) {
	for {
		n, err := syscall.Read(r.fd, b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: r.path, Err: err}
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}
