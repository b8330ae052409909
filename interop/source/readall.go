package source

import (
	"errors"
	"io"
	"os"
)

// readAll reads f up to MaxFileSize+1 bytes into a buffer sized from the
// file's size, as os.ReadFile does, instead of growing one from 512
// bytes: one allocation for a file whose size is known.
func readAll(f *os.File) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		st = nil
	}
	return readAllSized(f, st)
}

// readAllSized is readAll with f's FileInfo, when known (nil when not).
func readAllSized(f *os.File, st os.FileInfo) ([]byte, error) {
	size := 512
	if st != nil && st.Mode().IsRegular() && st.Size() < MaxFileSize {
		size = int(st.Size()) + 1 // one more, to see the end without growing
	}
	data := make([]byte, 0, size)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if errors.Is(err, io.EOF) {
			return data, nil
		}
		if err != nil {
			return data, err
		}
		if len(data) > MaxFileSize {
			return data[:MaxFileSize+1], nil
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew: let append size the buffer
		}
	}
}
