package source

import (
	"errors"
	"io"
	"os"
)

// readAll reads r up to MaxFileSize+1 bytes into a buffer of size bytes
// to begin with (bufferSize), as os.ReadFile does instead of growing one
// from 512 bytes: one allocation for a file whose size is known.
func readAll(r io.Reader, size int) ([]byte, error) {
	data := make([]byte, 0, size)
	for {
		n, err := r.Read(data[len(data):cap(data)])
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

// bufferSize is readAll's first buffer for a file of size bytes (regular
// says the size is the file's): one more, to see the end without growing;
// 512 when the size is not known.
func bufferSize(size int64, regular bool) int {
	if regular && size >= 0 && size < MaxFileSize {
		return int(size) + 1
	}
	return 512
}

// fileBuffer is bufferSize of the file st describes.
func fileBuffer(st os.FileInfo) int { return bufferSize(st.Size(), st.Mode().IsRegular()) }
