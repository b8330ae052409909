package lint

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/buildxcache/buildxcache/interop/makefile"
	"github.com/buildxcache/buildxcache/interop/script"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

// runBy marks the name of a build read for the workflow that calls its
// script: "ci/build.sh: buildx build at line 3 (run by ci.yml, job image)".
const runBy = " (run by "

// repositoryRoot returns the root of the repository of a workflow at
// .github/workflows/NAME, or "" for a workflow elsewhere.
func repositoryRoot(workflowPath string) string {
	dir := filepath.Dir(workflowPath)
	if filepath.Base(dir) != "workflows" || filepath.Base(filepath.Dir(dir)) != ".github" {
		return ""
	}
	return filepath.Dir(filepath.Dir(dir))
}

// called reads the scripts and Makefile targets that the run: steps of the
// workflows in files call (workflow.Calls), and returns their builds with
// each step's context: the workflow's event, fork and triggers, and its
// builder where the script does not show its own; checked in the
// workflow's group, placed in the script. A script called twice with the
// same context is read once; one that does not exist, or lies outside the
// repository, is left out. The scripts' own diagnostics are not repeated:
// they are the script's, reported where it is linted on its own.
func called(files []source.File) []source.File {
	return calledFrom(files, func(f source.File) []workflow.Call { return workflow.Calls(f.Path, f.Content) })
}

// calledFrom is called, with the calls of each workflow given by callsOf.
func calledFrom(files []source.File, callsOf func(source.File) []workflow.Call) []source.File {
	var out []source.File
	for _, wf := range files {
		root := repositoryRoot(wf.Path)
		if root == "" || len(wf.Content) == 0 {
			continue
		}
		seen := map[string]bool{}
		for _, c := range callsOf(wf) {
			p, read := calledFile(root, c)
			if p == "" {
				continue
			}
			key := p + "\x00" + strings.Join(c.Targets, " ") + "\x00" + c.CI.Event + "\x00" + c.Builder.Driver
			if seen[key] {
				continue
			}
			seen[key] = true
			f := read()
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			called := source.File{Path: f.Path, Sum: f.Sum, Content: f.Content}
			for _, b := range f.Builds {
				b.CI = c.CI
				if b.Builder == (validate.Builder{}) && !strings.Contains(b.Name, "buildctl") {
					b.Builder = c.Builder
				}
				b.Step = validate.StepRun
				b.Name = rel + ": " + b.Name + runBy + filepath.Base(wf.Path) + ", job " + c.Job + ")"
				src := *b.Source
				src.Group = wf.Path
				b.Source = &src
				called.Builds = append(called.Builds, b)
			}
			if len(called.Builds) > 0 {
				out = append(out, called)
			}
		}
	}
	return out
}

// calledFile returns the file a call runs, under root, and how to read it
// (a script, or a Makefile for the call's goals); "" when there is none.
func calledFile(root string, c workflow.Call) (string, func() source.File) {
	regular := func(p string) bool {
		st, err := os.Stat(p)
		return err == nil && st.Mode().IsRegular()
	}
	if !c.Make {
		p := filepath.Join(root, filepath.FromSlash(c.Path))
		if !regular(p) {
			return "", nil
		}
		return p, func() source.File { return source.ReadOne(script.Reader, p) }
	}
	var p string
	if c.Path != "" {
		p = filepath.Join(root, filepath.FromSlash(c.Path))
	} else {
		for _, name := range []string{"GNUmakefile", "makefile", "Makefile"} {
			if q := filepath.Join(root, filepath.FromSlash(c.Dir), name); regular(q) {
				p = q
				break
			}
		}
	}
	if p == "" || !regular(p) {
		return "", nil
	}
	goals := c.Targets
	return p, func() source.File { return makefile.ReadGoals(p, goals) }
}
