//go:build unix

package source

import (
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
	size := 512
	if st.Size >= 0 && st.Size < MaxFileSize {
		size = int(st.Size) + 1 // one more, to see the end without growing
	}
	data := make([]byte, 0, size)
	for {
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return data, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return data, nil
		}
		data = data[:len(data)+n]
		if len(data) > MaxFileSize {
			return data[:MaxFileSize+1], nil
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew: let append size the buffer
		}
	}
}
