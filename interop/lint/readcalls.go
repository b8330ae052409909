package lint

import (
	"path/filepath"

	"github.com/buildxcache/buildxcache/interop/gitlabci"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
)

// referencePath, set by tests, turns off the hot-path shortcuts of this
// package (one decoding of each workflow for its builds and its calls), so
// that a test can compare their findings with the plain path's.
var referencePath bool

// readTarget reads a target and, for a workflow, the files it calls
// (called) and their kinds. A workflow read with the default reader is decoded once for
// both its builds and its calls.
func readTarget(t Target, opts Options) (files, calls []source.File, kinds map[string]Kind) {
	if t.Kind == GitLabCI && opts.Readers[GitLabCI] == nil {
		return readPipeline(t, opts)
	}
	if t.Kind != Workflow {
		return read(t, opts), nil, nil
	}
	if referencePath || opts.Readers[Workflow] != nil {
		files = read(t, opts)
		calls, kinds = called(files)
		return files, calls, kinds
	}
	byPath := map[string][]workflow.Call{}
	rd := source.ReaderFunc(func(inputs []source.Input, _ source.Options) []source.File {
		out := make([]source.File, 0, len(inputs))
		for i := range inputs {
			out = append(out, source.Guard(source.ReaderFunc(func(in []source.Input, _ source.Options) []source.File {
				f, cs := workflow.ParseWithCalls(in[0].Path, in[0].Content)
				byPath[in[0].Path] = cs
				return []source.File{f}
			}), inputs[i:i+1], source.Options{})...)
		}
		return out
	})
	files = source.ReadPaths(rd, t.Paths, source.Options{Env: opts.Env})
	calls, kinds = calledFrom(files, func(f source.File) []workflow.Call { return byPath[f.Path] }, repositoryRoot, opts.stats)
	return files, calls, kinds
}

// readPipeline reads a GitLab CI pipeline (the .gitlab-ci.yml, then the
// files it may include) and the files its jobs run, followed from the
// folder of the .gitlab-ci.yml, where GitLab runs jobs.
func readPipeline(t Target, opts Options) (files, calls []source.File, kinds map[string]Kind) {
	var jobCalls []workflow.Call
	rd := source.ReaderFunc(func(inputs []source.Input, o source.Options) []source.File {
		var fs []source.File
		fs, jobCalls = gitlabci.ReadWithCalls(inputs, o)
		return fs
	})
	files = source.ReadPaths(rd, t.Paths, source.Options{Env: opts.Env})
	if len(files) == 0 || len(jobCalls) == 0 {
		return files, nil, nil
	}
	root := t.Paths[0]
	calls, kinds = calledFrom(files, func(f source.File) []workflow.Call {
		if f.Path != root {
			return nil
		}
		return jobCalls
	}, func(p string) string { return filepath.Dir(p) }, opts.stats)
	return files, calls, kinds
}
