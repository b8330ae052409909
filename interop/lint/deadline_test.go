package lint

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

// Item 12 (the generic part): a target whose reading does not end within
// Options.FileDeadline gets, on each of its files, the diagnostic that it
// was too expensive to evaluate, and the run goes on with the others.
func TestFileDeadline(t *testing.T) {
	dir := writeRepo(t, map[string]string{
		".github/workflows/slow.yml": typelessWorkflow,
		".github/workflows/fast.yml": typelessWorkflow,
	})
	slow := filepath.Join(dir, ".github/workflows/slow.yml")
	release := make(chan struct{})
	defer close(release)
	blocking := source.ReaderFunc(func(in []source.Input, o source.Options) []source.File {
		if in[0].Path == slow {
			<-release // a reader that never returns while the run lasts
		}
		return workflow.Reader.Read(in, o)
	})
	start := time.Now()
	r := Paths([]string{dir}, Options{Readers: map[Kind]source.Reader{Workflow: blocking}, FileDeadline: 200 * time.Millisecond, Workers: 1})
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("the run took %s", el)
	}
	if !has(r, validate.UnreadableFile.Name, slow, "too expensive to evaluate") || !has(r, validate.UnreadableFile.Name, slow, "200ms") {
		t.Errorf("the slow file: %v", r.Diagnostics)
	}
	if !has(r, "MissingCacheType", filepath.Join(dir, ".github/workflows/fast.yml"), "") {
		t.Errorf("the run did not go on: %v", r.Diagnostics)
	}
	for _, d := range r.Diagnostics {
		if d.Range.File == slow && d.Rule != validate.UnreadableFile.Name {
			t.Errorf("a finding of the abandoned read: %v", d)
		}
	}
	if r.Files != 2 {
		t.Errorf("files %d", r.Files)
	}
}

// Every file of a bake target past the deadline is reported; the
// options still apply (the rule can be disabled).
func TestFileDeadlineBakeAndOptions(t *testing.T) {
	dir := writeRepo(t, map[string]string{"docker-bake.hcl": "target \"a\" {}\n", "docker-bake.override.hcl": "target \"a\" {}\n"})
	release := make(chan struct{})
	defer close(release)
	blocking := source.ReaderFunc(func(in []source.Input, o source.Options) []source.File { <-release; return nil })
	opts := Options{Readers: map[Kind]source.Reader{Bake: blocking}, FileDeadline: 50 * time.Millisecond}
	r := Paths([]string{dir}, opts)
	for _, f := range []string{"docker-bake.hcl", "docker-bake.override.hcl"} {
		if !has(r, validate.UnreadableFile.Name, filepath.Join(dir, f), "with the other bake files of its directory") {
			t.Errorf("%s: %v", f, r.Diagnostics)
		}
	}
	opts.Validate.Disable = []string{"UnreadableFile"}
	if r := Paths([]string{dir}, opts); len(r.Diagnostics) != 0 {
		t.Errorf("disabled: %v", r.Diagnostics)
	}
}

func TestFileDeadlineDefaults(t *testing.T) {
	if fileDeadline(Options{}) != DefaultFileDeadline || DefaultFileDeadline != 10*time.Second {
		t.Errorf("default %s", fileDeadline(Options{}))
	}
	if fileDeadline(Options{FileDeadline: -1}) != 0 || fileDeadline(Options{FileDeadline: time.Second}) != time.Second {
		t.Error("negative: none; positive: itself")
	}
	// no deadline: the work runs in the caller's goroutine
	var e executor
	o := e.withDeadline(Target{Paths: []string{"x"}}, Options{FileDeadline: -1}, func() out { return out{kind: Script} }, nil)
	if o.kind != Script || e.work != nil {
		t.Error(o, e.work)
	}
	if d := tooExpensive("f", time.Second, 1); !strings.Contains(d.Message, "1s") || d.Rule != validate.UnreadableFile.Name {
		t.Error(d)
	}
}

// An executor whose work ran past the deadline leaves that work to its
// goroutine and runs the next work on a new one; work in time runs on the
// same goroutine, one after the other.
func TestExecutorAfterDeadline(t *testing.T) {
	var e executor
	defer e.stop()
	release := make(chan struct{})
	defer close(release)
	opts := Options{FileDeadline: 50 * time.Millisecond}
	late := e.withDeadline(Target{Paths: []string{"slow"}}, opts, func() out { <-release; return out{kind: Script} },
		func(fs []source.File) out { return out{kind: Bake, files: fs} })
	if late.kind != Bake || len(late.files) != 1 || !strings.Contains(late.files[0].Diagnostics[0].Message, "too expensive") {
		t.Fatalf("the late work: %+v", late)
	}
	for i := range 3 {
		o := e.withDeadline(Target{Paths: []string{"fast"}}, opts, func() out { return out{kind: Makefile} }, nil)
		if o.kind != Makefile {
			t.Fatalf("work %d after the late one: %+v", i, o)
		}
	}
}
