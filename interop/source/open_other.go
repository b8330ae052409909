//go:build !unix

package source

import "os"

// openNonBlocking opens path for reading; on systems without O_NONBLOCK
// the Stat before it is what keeps FIFOs out.
func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }
