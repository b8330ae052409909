package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Kind is the kind of file a Target is.
type Kind uint8

// Kinds of files.
const (
	Workflow Kind = iota + 1 // a GitHub Actions workflow
	Bake                     // bake files (HCL or JSON) read together
	Compose                  // a compose file
)

// String returns "workflow", "bake" or "compose".
func (k Kind) String() string {
	switch k {
	case Workflow:
		return "workflow"
	case Bake:
		return "bake"
	case Compose:
		return "compose"
	}
	return "unknown"
}

// Target is one unit of reading: a workflow file, the bake files of one
// directory (read together, as `docker buildx bake` reads its default
// files), or a compose file.
type Target struct {
	Kind  Kind
	Paths []string
}

// skipDirs are never descended into.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true, ".hg": true, ".svn": true}

// Discover finds the files to lint under paths: workflows
// (.github/workflows/*.yml and *.yaml), bake files (docker-bake*.hcl,
// docker-bake*.json, *.bake.hcl) and compose files (compose*.y*ml,
// docker-compose*.y*ml). A path naming a file is taken whatever its name,
// its kind guessed from its extension and content, except a shell script
// (*.sh, *.bash, or a #! line naming a POSIX shell), which is not a
// workflow and which no reader reads yet: it is left out, and Paths says
// so in Result.Notes. Paths that do not exist are returned as problems.
func Discover(paths []string) ([]Target, diag.Diagnostics) {
	targets, problems, _ := discover(paths)
	return targets, problems
}

// discover is Discover, with the notes about the files named on the
// command line that are not read: shell scripts (named *.sh, *.bash, or
// starting with a #! line naming a POSIX shell), which no reader reads
// yet, and which are not workflows.
func discover(paths []string) ([]Target, diag.Diagnostics, []string) {
	var notes []string
	var targets []Target
	var problems diag.Diagnostics
	bake := map[string][]string{} // directory -> bake files
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			problems = append(problems, validate.UnreadableFile.At(diag.Range{File: root}, "cannot read: "+err.Error()))
			continue
		}
		if !st.IsDir() {
			if isScript(root) {
				notes = append(notes, root+" is a shell script; scripts are not read yet, so it was not linted")
				continue
			}
			switch k := guessKind(root); k {
			case Bake:
				bake[filepath.Dir(root)] = append(bake[filepath.Dir(root)], root)
			default:
				targets = append(targets, Target{Kind: k, Paths: []string{root}})
			}
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, validate.UnreadableFile.At(diag.Range{File: p}, "cannot read: "+err.Error()))
				return nil
			}
			if d.IsDir() {
				if p != root && skipDirs[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			switch k := kindByName(p); k {
			case Bake:
				bake[filepath.Dir(p)] = append(bake[filepath.Dir(p)], p)
			case Workflow, Compose:
				targets = append(targets, Target{Kind: k, Paths: []string{p}})
			}
			return nil
		})
		if err != nil {
			problems = append(problems, validate.UnreadableFile.At(diag.Range{File: root}, "cannot read: "+err.Error()))
		}
	}
	for _, files := range bake {
		sort.Strings(files)
		targets = append(targets, Target{Kind: Bake, Paths: files})
	}
	sort.SliceStable(targets, func(i, j int) bool { return targets[i].Paths[0] < targets[j].Paths[0] })
	// the same file named twice (a directory and a file in it) is read once
	out := targets[:0]
	seen := map[string]bool{}
	for _, t := range targets {
		if !seen[t.Paths[0]] {
			seen[t.Paths[0]] = true
			out = append(out, t)
		}
	}
	return out, problems, notes
}

// shells are the interpreters a #! line names for a shell script.
var shells = map[string]bool{"sh": true, "bash": true, "dash": true, "ksh": true, "zsh": true, "ash": true, "mksh": true}

// isScript reports whether the file at p is a shell script: named *.sh or
// *.bash, or starting with #! and a POSIX shell (#!/bin/sh,
// #!/usr/bin/env bash). A workflow, bake or compose file by name is never
// one.
func isScript(p string) bool {
	if kindByName(p) != 0 {
		return false
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case ".sh", ".bash", ".zsh", ".ksh":
		return true
	case ".yml", ".yaml", ".hcl", ".json":
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 256)
	n, _ := f.Read(buf)
	line, _, _ := strings.Cut(string(buf[:n]), "\n")
	rest, ok := strings.CutPrefix(line, "#!")
	if !ok {
		return false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return false
	}
	interp := filepath.Base(fields[0])
	if interp == "env" {
		for _, f := range fields[1:] {
			if !strings.HasPrefix(f, "-") {
				interp = f
				break
			}
		}
	}
	return shells[interp]
}

// kindByName classifies a file found while walking a directory; 0 means
// not a file to lint.
func kindByName(p string) Kind {
	base := strings.ToLower(filepath.Base(p))
	ext := filepath.Ext(base)
	yml := ext == ".yml" || ext == ".yaml"
	switch {
	case yml && filepath.Base(filepath.Dir(p)) == "workflows" && filepath.Base(filepath.Dir(filepath.Dir(p))) == ".github":
		return Workflow
	case (ext == ".hcl" || ext == ".json") && strings.HasPrefix(base, "docker-bake"), strings.HasSuffix(base, ".bake.hcl"):
		return Bake
	case yml && (strings.HasPrefix(base, "compose") || strings.HasPrefix(base, "docker-compose")):
		return Compose
	}
	return 0
}

// guessKind classifies a file named on the command line.
func guessKind(p string) Kind {
	if k := kindByName(p); k != 0 {
		return k
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case ".hcl", ".json":
		return Bake
	}
	data, _ := source.ReadFile(p)
	s := string(data)
	if strings.Contains(s, "\nservices:") || strings.HasPrefix(s, "services:") {
		return Compose
	}
	return Workflow
}
