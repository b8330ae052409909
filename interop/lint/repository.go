package lint

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// The repository pass: after every target is checked on its own, the
// builds of all of them are checked together with validate's repository
// rules (validate.CheckRepository): a cache source that no build writes, an
// export nothing reads, an image imported as cache that the repository
// pushes without any. It runs when the run covers a whole repository (a
// path linted is a repository's root: it holds .git or .github), since a
// missing other half may otherwise be in a file that was not read. A
// file that was read only in part (a syntax error, a PowerShell or
// unparsable script, a matrix too large) makes the pass report at info.

// wholeRepository reports whether one of paths is the root of a
// repository, all of whose cache values the linter reads: a file of
// another tool that names caches (unreadCacheFiles) may hold the other
// half of a cache, and then the repository is not whole.
func wholeRepository(paths []string) bool {
	for _, p := range paths {
		for _, marker := range []string{".git", ".github"} {
			if _, err := os.Stat(filepath.Join(p, marker)); err == nil {
				return !mentionsCacheElsewhere(p)
			}
		}
	}
	return false
}

// unreadCacheFiles are files of tools the linter does not read that can
// import or export BuildKit caches: other CI systems, dev containers,
// build orchestrators.
var unreadCacheFiles = []string{".gitlab-ci.yml", "Jenkinsfile", ".circleci/config.yml", "azure-pipelines.yml",
	"bitbucket-pipelines.yml", "cloudbuild.yaml", "cloudbuild.yml", "skaffold.yaml", "Tiltfile", "Earthfile",
	".devcontainer/devcontainer.json", ".devcontainer.json", ".drone.yml", ".woodpecker.yml", "Taskfile.yml", "justfile"}

// mentionsCacheElsewhere reports whether a file of unreadCacheFiles under
// root names a cache (cache-from, cache_from, cacheFrom, cache-to, ...).
func mentionsCacheElsewhere(root string) bool {
	for _, name := range unreadCacheFiles {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			continue
		}
		s := strings.ToLower(string(data))
		if strings.Contains(s, "cache-from") || strings.Contains(s, "cache_from") || strings.Contains(s, "cachefrom") ||
			strings.Contains(s, "cache-to") || strings.Contains(s, "cache_to") || strings.Contains(s, "cacheto") {
			return true
		}
	}
	return false
}

// repositoryInput is what the repository pass keeps of a target's files:
// the parts of the repository their builds are (the places they read and
// write, prepared by the worker that checked them), and their suppression
// comments.
type repositoryInput struct {
	// path is the first file's, the order of the inputs: the workers
	// finish in any order, and the nearest place a message names must not
	// depend on it
	path  string
	parts []*validate.RepositoryPart
	sups  map[string][]*suppression
}

// keepForRepository returns the input of files, whose builds' parts are
// parts.
func keepForRepository(files []source.File, parts []*validate.RepositoryPart) repositoryInput {
	in := repositoryInput{parts: parts, sups: map[string][]*suppression{}}
	if len(files) > 0 {
		in.path = files[0].Path
	}
	for _, f := range files {
		if ss, _ := scanSuppressions(f.Path, f.Content); len(ss) > 0 {
			in.sups[f.Path] = ss
		}
	}
	return in
}

// checkRepository runs the repository rules on the builds of every
// target (whole: every build of the repository was read), with the
// files' suppressions (an unused one that names only
// repository rules is reported here, the others by each file's check).
func checkRepository(ins []repositoryInput, whole bool, opts Options) diag.Diagnostics {
	var parts []*validate.RepositoryPart
	sups := map[string][]*suppression{}
	slices.SortStableFunc(ins, func(a, b repositoryInput) int { return strings.Compare(a.path, b.path) })
	for _, in := range ins {
		parts = append(parts, in.parts...)
		for f, ss := range in.sups {
			for _, s := range ss {
				if onlyRepositoryRules(s.rules) {
					sups[f] = append(sups[f], s)
				} else {
					s.used = true // its other rules are the file check's
					sups[f] = append(sups[f], s)
				}
			}
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return filter(applySuppressionsOf(opts.Validate.CheckRepositoryParts(parts, whole), sups, opts, true), opts)
}

// repositoryRule reports whether rule is judged on the whole repository
// (a finding of it comes from the repository pass).
func repositoryRule(rule string) bool {
	r, ok := validate.Lookup(rule) // a name or code as a comment writes it
	return ok && r.Scope == validate.ScopeRepository
}

// onlyRepositoryRules reports whether every rule named is a repository
// rule.
func onlyRepositoryRules(rules []string) bool {
	for _, r := range rules {
		if !repositoryRule(r) {
			return false
		}
	}
	return len(rules) > 0
}

// supersede drops, from the diagnostics of the files' own checks, those
// that a repository finding of the same rule at the same place replaces
// (CacheFromImageWithoutCache: the info of one build, the warning of the
// repository).
func supersede(own, repo diag.Diagnostics) diag.Diagnostics {
	if len(repo) == 0 {
		return own
	}
	type key struct {
		rule, file string
		start      diag.Pos
	}
	at := map[key]bool{}
	for _, d := range repo {
		at[key{d.Rule, d.Range.File, d.Range.Start}] = true
	}
	var out diag.Diagnostics
	for i, d := range own {
		if at[key{d.Rule, d.Range.File, d.Range.Start}] {
			if out == nil {
				out = slices.Clone(own[:i]) // the first one dropped: from here on, a copy
			}
			continue
		}
		if out != nil {
			out = append(out, d)
		}
	}
	if out == nil {
		return own // none dropped
	}
	return out
}

// namesRepositoryRule reports whether a suppression names a repository
// rule: the files' own checks leave it to the repository pass.
func namesRepositoryRule(rules []string) bool {
	for _, r := range rules {
		if repositoryRule(r) {
			return true
		}
	}
	return false
}

// unread are the file rules that say some builds of a file were not read:
// the repository's builds are then not all known.
var unread = map[string]bool{"UnreadableFile": true, "FileSyntaxError": true, "UnparsableRunScript": true, "UnlintedPowerShellScript": true,
	"UnparsableScript": true, "UnfollowedMakefile": true, "MatrixTooLarge": true}

// complete reports whether the files' own diagnostics show that every
// build was read: none says a file, a script or a matrix was left
// (partly) unread. When one does, the repository rules report at info.
func complete(ds diag.Diagnostics) bool {
	for _, d := range ds {
		if unread[d.Rule] {
			return false
		}
	}
	return true
}
