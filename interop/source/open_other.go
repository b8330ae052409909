//go:build !unix

package source

import "os"

// openNonBlocking opens path for reading; on systems without O_NONBLOCK
// the Stat before it is what keeps FIFOs out.
func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }

// readOpened reads the file at path, which a stat found regular: opened,
// checked regular again, read to its end (at most MaxFileSize+1 bytes).
func readOpened(path string) ([]byte, error) {
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, errNotRegular{st.Mode()}
	}
	return readAll(f, fileBuffer(st))
}
