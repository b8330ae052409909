// Package guard runs code that may panic on hostile input (Buildx's bake
// loader, compose-go, HCL's and YAML's parsers) and reports the panic as a
// value, so that a reader can fall back on what it read itself.
//
// A reader as a whole is guarded by source.Guard, which turns a panic into
// a FileSyntaxError diagnostic on every input; guard is for the places
// inside a reader where one call must be guarded on its own, so that the
// other files, or the reader's own reading of the file, still count.
package guard

// Do calls f and reports whether it panicked, and with what value. A
// panic(nil) is reported too (as the *runtime.PanicNilError Go gives for
// it). Do does not catch what recover cannot: a stack overflow, a fatal
// error of the runtime, a call of os.Exit.
func Do(f func()) (panicked bool, value any) {
	done := false
	defer func() {
		if !done {
			panicked, value = true, recover()
		}
	}()
	f()
	done = true
	return false, nil
}
