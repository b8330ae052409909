package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/gitlabci"
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
	Script                   // a shell script
	Makefile                 // a Makefile
	GitLabCI                 // a .gitlab-ci.yml and the files it includes
)

// String returns "workflow", "bake", "compose", "script", "makefile",
// "gitlab-ci", "action" or "reusable-workflow".
func (k Kind) String() string {
	switch k {
	case Workflow:
		return "workflow"
	case Bake:
		return "bake"
	case Compose:
		return "compose"
	case Script:
		return "script"
	case Makefile:
		return "makefile"
	case GitLabCI:
		return "gitlab-ci"
	}
	if name, ok := moreKinds[k]; ok {
		return name
	}
	return "unknown"
}

// MarshalText returns the kind's String, so that the kind is a word in
// JSON output.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Target is one unit of reading: a workflow file, the bake files of one
// directory (read together, as `docker buildx bake` reads its default
// files), a compose file, a shell script or a Makefile.
type Target struct {
	Kind  Kind
	Paths []string
}

// skipDirs are never descended into.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true, ".hg": true, ".svn": true}

// Discover finds the files to lint under paths: workflows
// (.github/workflows/*.yml and *.yaml), bake files (docker-bake*.hcl,
// docker-bake*.json, *.bake.hcl), compose files (compose*.y*ml,
// docker-compose*.y*ml), shell scripts (*.sh, *.bash, *.zsh, *.ksh, and
// files without an extension whose #! line names sh, bash, dash, zsh, ksh,
// ash or mksh, in any folder), Makefiles (Makefile, makefile,
// GNUmakefile, *.mk) and GitLab CI files (.gitlab-ci.yml, read with the
// files it includes: gitlabci.Files). A path naming a file is taken whatever its name, its
// kind guessed from its name and content: a #! line naming a shell is a
// script, tab-indented lines after a target line (which YAML forbids) a
// Makefile. Paths that do not exist are returned as problems.
func Discover(paths []string) ([]Target, diag.Diagnostics) {
	targets, problems, _ := discover(paths)
	return targets, problems
}

// discover is Discover, with the notes about what was not read and is no
// file to lint by its name (a symbolic link to a directory outside the
// tree, a dangling link).
func discover(paths []string) ([]Target, diag.Diagnostics, []string) {
	var notes []string
	var targets []Target
	var problems diag.Diagnostics
	bake := map[string][]string{} // directory -> bake files
	for _, root := range paths {
		var st fs.FileInfo
		var err error
		if !source.IsStdin(root) {
			st, err = os.Stat(root) // a symbolic link named is followed
		}
		if err != nil {
			problems = append(problems, validate.UnreadableFile.At(diag.Range{File: root}, "cannot read: "+err.Error()))
			continue
		}
		if st == nil || !st.IsDir() {
			// a file named is read whatever its kind; one that is not a
			// regular file is refused by source.ReadFile, without blocking
			switch k := guessKind(root); k {
			case Bake:
				bake[filepath.Dir(root)] = append(bake[filepath.Dir(root)], root)
			case GitLabCI:
				targets = append(targets, Target{Kind: k, Paths: gitlabci.Files(root)})
			default:
				targets = append(targets, Target{Kind: k, Paths: []string{root}})
			}
			continue
		}
		walkTree(root, func(p string, name string) {
			k := kindByName(p)
			if k == 0 && filepath.Ext(name) == "" && isScript(p) {
				k = Script
			}
			switch k {
			case Bake:
				bake[filepath.Dir(p)] = append(bake[filepath.Dir(p)], p)
			case Workflow, Compose, Script, Makefile:
				targets = append(targets, Target{Kind: k, Paths: []string{p}})
			case GitLabCI:
				targets = append(targets, Target{Kind: k, Paths: gitlabci.Files(p)})
			}
		}, func(p, msg string) {
			problems = append(problems, validate.UnreadableFile.At(diag.Range{File: p}, msg))
		}, func(n string) { notes = append(notes, n) })
	}
	for _, files := range bake {
		sort.Strings(files)
		targets = append(targets, Target{Kind: Bake, Paths: files})
	}
	sort.SliceStable(targets, func(i, j int) bool { return targets[i].Paths[0] < targets[j].Paths[0] })
	// the same file named twice (a directory and a file in it) is read once,
	// and a GitLab CI file that a pipeline includes is read with it
	out := targets[:0]
	seen := map[string]bool{}
	for _, t := range targets {
		if t.Kind == GitLabCI {
			for _, p := range t.Paths[1:] {
				seen[p] = true
			}
		}
	}
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

// isScript reports whether the file at p is a shell script: named *.sh,
// *.bash, *.zsh or *.ksh, or starting with #! and a POSIX shell
// (#!/bin/sh, #!/usr/bin/env bash). A workflow, bake or compose file or a
// Makefile by name is never one.
func isScript(p string) bool {
	switch kindByName(p) {
	case Script:
		return true
	case 0:
	default:
		return false
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case ".yml", ".yaml", ".hcl", ".json", ".mk":
		return false
	}
	line, _, _ := strings.Cut(string(source.ReadHead(p, 256)), "\n")
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
	case base == ".gitlab-ci.yml" || base == ".gitlab-ci.yaml":
		return GitLabCI
	case (ext == ".hcl" || ext == ".json") && strings.HasPrefix(base, "docker-bake"), strings.HasSuffix(base, ".bake.hcl"):
		return Bake
	case yml && (strings.HasPrefix(base, "compose") || strings.HasPrefix(base, "docker-compose")):
		return Compose
	case base == "makefile" || base == "gnumakefile" || ext == ".mk":
		return Makefile
	case ext == ".sh" || ext == ".bash" || ext == ".zsh" || ext == ".ksh":
		return Script
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
	if isScript(p) {
		return Script
	}
	data, _ := source.ReadFile(p)
	s := string(data)
	if strings.Contains(s, "\nservices:") || strings.HasPrefix(s, "services:") {
		return Compose
	}
	if looksLikeMakefile(s) {
		return Makefile
	}
	if strings.HasSuffix(strings.ToLower(filepath.Base(p)), ".gitlab-ci.yml") || looksLikeGitLabCI(s) {
		return GitLabCI
	}
	return Workflow
}

// looksLikeMakefile reports whether s has a rule line (a target and a
// colon, not a YAML key and value) followed by a tab-indented recipe line,
// which YAML, whose indentation is spaces, refuses.
func looksLikeMakefile(s string) bool {
	lines := strings.Split(s, "\n")
	for i := 0; i+1 < len(lines); i++ {
		l := lines[i]
		if l == "" || l[0] == ' ' || l[0] == '\t' || l[0] == '#' || !strings.HasPrefix(lines[i+1], "\t") {
			continue
		}
		if j := strings.IndexByte(l, ':'); j > 0 && !strings.HasPrefix(l[j:], ":=") && (j+1 == len(l) || l[j+1] == ' ' || l[j+1] == '\t' || l[j+1] == ':') {
			return true
		}
	}
	return false
}

// looksLikeGitLabCI reports whether the YAML text s is a GitLab CI file
// rather than a GitHub workflow: no top-level on: and jobs:, and a
// top-level stages:, include: or default:, or a script: of a job.
func looksLikeGitLabCI(s string) bool {
	top := map[string]bool{}
	script := false
	for _, l := range strings.Split(s, "\n") {
		if k, _, ok := strings.Cut(l, ":"); ok && k != "" && k[0] != ' ' && k[0] != '#' && k[0] != '-' {
			top[strings.Trim(k, "\"'")] = true
		}
		if t := strings.TrimLeft(l, " "); len(t) < len(l) && strings.HasPrefix(t, "script:") {
			script = true
		}
	}
	if top["on"] || top["jobs"] {
		return false
	}
	return top["stages"] || top["include"] || top["default"] || script
}
