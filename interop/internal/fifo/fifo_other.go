//go:build !unix

package fifo

import "errors"

// Make reports that this system has no named pipes.
func Make(path string) error { return errors.New("no named pipes on this system") }
