package lint

import (
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"

	"time"
)

// DefaultFileDeadline is the time the lint of one target may take when
// Options.FileDeadline is zero: 10 s, some thousand times what a large
// workflow, bake or compose file takes, so that only a file built to be
// expensive (a bake function or matrix that runs for minutes in Buildx's
// loader, a parser driven into its worst case) reaches it.
const DefaultFileDeadline = 10 * time.Second

// fileDeadline is the deadline of opts; 0 means none.
func fileDeadline(opts Options) time.Duration {
	switch {
	case opts.FileDeadline < 0:
		return 0
	case opts.FileDeadline == 0:
		return DefaultFileDeadline
	}
	return opts.FileDeadline
}

// executor runs the work of a worker's targets on one goroutine of its
// own, so that the deadline can abandon it. One goroutine serves target
// after target: its stack, grown by the first (YAML, shell and HCL
// parsers recurse), serves the next ones, where a goroutine per target
// would grow and copy a new stack for every file.
type executor struct {
	work chan func()
}

// stop ends the executor's goroutine once its work is done.
func (e *executor) stop() {
	if e.work != nil {
		close(e.work)
		e.work = nil
	}
}

// withDeadline returns work(), or, when that takes longer than the
// deadline of opts, expired of one File per path of t, each holding the
// diagnostic that says so. The late work is abandoned: its goroutine runs
// to its end and its result is dropped (Go cannot stop it), so a run with
// many such files holds their work until it ends; the run itself goes on,
// and e's next work starts another goroutine.
func (e *executor) withDeadline(t Target, opts Options, work func() out, expired func([]source.File) out) out {
	d := fileDeadline(opts)
	if d == 0 {
		return work()
	}
	if e.work == nil {
		e.work = make(chan func())
		go func(c chan func()) {
			for f := range c {
				f()
			}
		}(e.work)
	}
	done := make(chan out, 1) // buffered: a late result is dropped, not blocking
	e.work <- func() { done <- work() }
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case o := <-done:
		return o
	case <-timer.C:
	}
	e.stop() // its goroutine ends after the late work
	files := make([]source.File, len(t.Paths))
	for i, p := range t.Paths {
		files[i] = source.File{Path: p, Diagnostics: diag.Diagnostics{tooExpensive(p, d, len(t.Paths))}}
	}
	return expired(files)
}

// tooExpensive is the diagnostic of a file whose target ran past d.
func tooExpensive(path string, d time.Duration, n int) diag.Diagnostic {
	what := "reading and checking this file"
	if n > 1 {
		what = "reading and checking this file with the other bake files of its directory"
	}
	return validate.UnreadableFile.At(diag.Range{File: path},
		"the file is too expensive to evaluate: "+what+" took longer than the deadline of "+d.String()+
			" (lint.Options.FileDeadline, --file-deadline); not linted")
}
