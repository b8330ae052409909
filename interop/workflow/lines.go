package workflow

import (
	"bytes"
	"strings"
)

// fileLines splits a file's content into lines, CRLF line ends read as LF;
// the content is copied once (the conversion to a string), not twice.
func fileLines(data []byte) []string {
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return strings.Split(string(data), "\n")
}
