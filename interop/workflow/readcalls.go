package workflow

import "github.com/buildxcache/buildxcache/interop/source"

// ParseWithCalls reads one workflow from data as Parse does, and returns
// with it the calls of its run: steps, those Calls returns, from the same
// decoding of the YAML: a linter that follows the calls reads each workflow
// once instead of twice. Unlike Parse it is not guarded: a panic of the
// parser reaches the caller (see source.Guard).
func ParseWithCalls(path string, data []byte) (source.File, []Call) {
	var calls []Call
	f := parseWith(path, data, &calls)
	return f, calls
}
