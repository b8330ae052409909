// Command rsslaunch runs a command and prints its wall time in nanoseconds
// and its peak resident memory in KiB, read from the child's rusage.
//
// BenchmarkVsActionlint starts every measured command through it. A child
// started by a Go test binary inherits, in its rusage, the peak memory of
// the parent it was cloned from (Linux records the old address space's
// high-water mark at exec, and Go starts children with a shared address
// space), so a small process must start the measured one: this one's own
// peak, a few MiB, is the floor of what it can report.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: rsslaunch command [args...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintln(os.Stderr, "rsslaunch:", err)
		os.Exit(2)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		fmt.Fprintln(os.Stderr, "rsslaunch: no rusage on this system")
		os.Exit(2)
	}
	fmt.Println(wall.Nanoseconds(), ru.Maxrss)
}
