package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// The collector's settings for the command. A lint run allocates much and
// keeps little (its findings, and what the repository pass needs of each
// file), so collections are made rare while the heap is small, and the
// heap is kept small while what is live is: both on 1,000 workflows, in
// docs/PERFORMANCE.md.
const (
	// gcPercent is the collector's target: the heap may grow to three
	// times what is live before a collection (Go's default, 100, is twice).
	gcPercent = 200
	// memoryFloor is the memory limit while little is live: the runtime
	// collects before it uses more, whatever gcPercent allows.
	memoryFloor = 24 << 20
	// liveFactor sets the limit above the floor: twice what was live after
	// the last collection, Go's default GOGC=100 heap, so that a large run
	// does not collect without end at a fixed limit.
	liveFactor = 2
)

// tuneGC sets gcPercent unless GOGC is set, and the memory limit that
// follows what is live unless GOMEMLIMIT is set, so that a user can still
// choose (GOGC=100 for the least memory, GOGC=off with GOMEMLIMIT).
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryFloor)
		runtime.SetFinalizer(&gcSentinel{}, afterGC)
	}
}

// gcSentinel is an object nothing refers to: its finalizer runs after each
// collection, which sets it again.
type gcSentinel struct{ _ [16]byte } // not a tiny object, whose finalizer may never run

// afterGC sets the memory limit from what the last collection left live.
func afterGC(s *gcSentinel) {
	debug.SetMemoryLimit(limitFor(liveHeap()))
	runtime.SetFinalizer(s, afterGC)
}

// limitFor is the memory limit when live bytes are live.
func limitFor(live uint64) int64 {
	return int64(max(memoryFloor, liveFactor*live))
}

// liveHeap is the heap the last collection left live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

func init() { tuneGC(os.Getenv) }
