package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the collector's target for the command: the heap may grow
// to three times what is live before a collection (Go's default, 100, is
// twice). A lint run allocates much and keeps little (the diagnostics), so
// fewer collections save CPU for a few megabytes: on 1,000 workflows,
// about 13 % less CPU time for 6 MB more peak memory (docs/PERFORMANCE.md).
const gcPercent = 200

// tuneGC sets gcPercent unless GOGC is set, so that a user can still
// choose (GOGC=100 for the least memory, GOGC=off with GOMEMLIMIT).
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

func init() { tuneGC(os.Getenv) }
