package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestTuneGC checks that the command's GC target and memory limit apply
// unless GOGC and GOMEMLIMIT are set.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	debug.SetMemoryLimit(math.MaxInt64)
	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("without GOGC the GC percent is %d, want %d", got, gcPercent)
	}
	if got := debug.SetMemoryLimit(-1); got < memoryFloor {
		t.Errorf("without GOMEMLIMIT the memory limit is %d, want at least %d", got, memoryFloor)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	tuneGC(func(k string) string {
		switch k {
		case "GOGC":
			return "50"
		case "GOMEMLIMIT":
			return "1GiB"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set the GC percent is %d, want it left alone (100)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set the memory limit is %d, want it left alone", got)
	}
}

// The limit is the floor while little is live, and twice what is live
// above it; after a collection the finalizer sets it from the live heap.
func TestMemoryLimitFollowsLiveHeap(t *testing.T) {
	if got := limitFor(1 << 20); got != memoryFloor {
		t.Errorf("limitFor(1 MiB) = %d, want the floor %d", got, memoryFloor)
	}
	if got := limitFor(100 << 20); got != 200<<20 {
		t.Errorf("limitFor(100 MiB) = %d, want %d", got, 200<<20)
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	debug.SetMemoryLimit(math.MaxInt64)
	runtime.SetFinalizer(&gcSentinel{}, afterGC)
	keep := make([]byte, 40<<20) // live across the collection
	for i := range keep {
		keep[i] = byte(i)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // finalizers run on their own goroutine
		if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
			if got < 2*40<<20 {
				t.Errorf("with 40 MiB live the limit is %d, want at least twice it", got)
			}
			runtime.KeepAlive(keep)
			return
		}
	}
	t.Error("no collection set the memory limit")
}
