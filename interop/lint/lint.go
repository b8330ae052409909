// Package lint finds the cache configurations in GitHub Actions workflows,
// bake files, compose files, shell scripts and Makefiles, checks them with validate (the builds that
// run together, together, for the cross-build rules) and returns the
// diagnostics placed at file, line and column. It is the engine of the
// buildxcache command; the writers of output.go print its results.
package lint

import (
	"crypto/sha256"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/bakefile"
	"github.com/buildxcache/buildxcache/interop/composefile"
	"github.com/buildxcache/buildxcache/interop/gitlabci"
	"github.com/buildxcache/buildxcache/interop/makefile"
	"github.com/buildxcache/buildxcache/interop/script"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

// Result is the outcome of a lint run.
type Result struct {
	// Files is the number of files read.
	Files int
	// Diagnostics are sorted by file, line, column and rule, each placed in
	// its file, with secrets redacted from messages and displayed fixes.
	Diagnostics diag.Diagnostics
	// Sums are the SHA-256 digests of the files read, by path, so that
	// fixes are written only to files that did not change since.
	Sums map[string][sha256.Size]byte
	// Notes are remarks about the run that are no finding about a cache:
	// the files named that were not read, and why. The buildxcache command
	// prints them on stderr.
	Notes []string
	// Kinds are the kinds of the files read, by path (the kind of the
	// target that read the file), for writers that name each file's kind.
	Kinds map[string]Kind
	// secrets redacts what the writers print: the secrets of the run's
	// builds and Options.Secrets (see redact.go).
	secrets *redactor
	// lines are the texts of the lines, not ASCII, that hold a
	// diagnostic's position, for the writers that count columns otherwise
	// than in bytes (SARIF).
	lines lineTexts
}

// Max returns the highest severity among the diagnostics, or
// validate.SeverityInvalid when there are none.
func (r Result) Max() validate.Severity { return r.Diagnostics.Max() }

// Options configure a lint run.
type Options struct {
	// Validate disables rules and overrides severities; it applies to the
	// file rules (validate.FileSyntaxError, ...) as well.
	Validate validate.Options
	// Threshold drops diagnostics below it; zero means validate.SeverityInfo.
	Threshold validate.Severity
	// Readers reads each kind of file; a kind it leaves out is read by the
	// package default (DefaultReaders).
	Readers map[Kind]source.Reader
	// Env is the environment the builds run in, given to the readers (bake
	// variables, compose interpolation); nil means none is known.
	Env cachespec.Env
	// Progress, when not nil, receives a progress line per target.
	Progress io.Writer
	// stats remembers, for a run, which files the workflows call exist
	// (set by the run)
	stats *statCache
	// Workers is the number of targets read at once; 0 means GOMAXPROCS.
	Workers int
	// Secrets are values never to print, besides the secrets written in
	// the builds read (which are always redacted): the secrets of the
	// environment the loaders read (EnvSecrets(os.Environ()) in the
	// buildxcache command), which a loader's message may quote.
	Secrets []string
	// FileDeadline is the time the reading and checking of one target (a
	// file, or the bake files of a directory) may take; past it, each of
	// its files gets a validate.UnreadableFile diagnostic saying it was too
	// expensive to evaluate, and the run goes on. Zero means
	// DefaultFileDeadline; a negative value means no deadline.
	FileDeadline time.Duration
	// Config, when not nil, is the configuration file's content beyond
	// what Config.Apply puts in Validate and Threshold: the paths not
	// linted, the paths where a rule is not reported, and the facts.
	Config *Config
}

// DefaultReaders are the readers used for kinds Options.Readers leaves
// out: the workflow, bake, compose, script and Makefile readers of this
// module.
var DefaultReaders = map[Kind]source.Reader{
	Workflow: workflow.Reader,
	Bake:     bakefile.Reader,
	Compose:  composefile.Reader,
	Script:   script.Reader,
	Makefile: makefile.Reader,
	GitLabCI: gitlabci.Reader,
}

// Paths discovers the files under paths and lints them.
func Paths(paths []string, opts Options) Result {
	targets, problems, notes := discover(paths)
	if opts.Config != nil {
		for i := range targets {
			targets[i].Paths = slices.DeleteFunc(targets[i].Paths, opts.Config.Ignored)
		}
		targets = slices.DeleteFunc(targets, func(t Target) bool { return len(t.Paths) == 0 })
	}
	r := targetsWith(targets, opts, wholeRepository(paths))
	r.Notes = notes
	r.Diagnostics = sortDiagnostics(append(r.Diagnostics, r.secrets.all(filter(problems, opts))...))
	return r
}

// out is what the lint of one target gives.
type out struct {
	kind  Kind
	files []source.File
	diags diag.Diagnostics
	lines lineTexts
	// callKinds are the kinds of the files reached from a workflow
	callKinds map[string]Kind
	// callSums are the digests of those files
	callSums map[string][sha256.Size]byte
	// secrets are the secrets of the builds of files and of those they
	// call, found by the worker
	secrets []string
	repo    repositoryInput
}

// Targets lints targets in parallel. Memory held is the diagnostics, not
// the files: each target is read, checked and dropped by one worker. The
// repository pass (repository.go) is not run: Paths runs it when a
// repository's root is linted, since only then are all the builds known.
func Targets(targets []Target, opts Options) Result { return targetsWith(targets, opts, false) }

// targetsWith is Targets; whole says the targets are a whole repository,
// whose builds are then also checked together (repository.go).
func targetsWith(targets []Target, opts Options, whole bool) Result {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if opts.stats == nil {
		opts.stats = &statCache{}
	}

	jobs := make(chan Target)
	results := make(chan out, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var e executor
			defer e.stop()
			for t := range jobs {
				results <- e.withDeadline(t, opts, func() out {
					// a workflow comes with the scripts, Makefile targets,
					// bake and compose files, composite actions and
					// reusable workflows it calls, with their context
					files, calls, kinds := readTarget(t, opts)
					sums := map[string][sha256.Size]byte{}
					for _, f := range calls {
						if f.Sum != ([sha256.Size]byte{}) {
							sums[f.Path] = f.Sum
						}
					}
					ds, parts := checkTarget(files, calls, opts, whole)
					ds = compactSame(sortByPosition(ds))
					o := out{kind: t.Kind, files: files, diags: ds, lines: collectLines(ds, files, calls), callKinds: kinds, callSums: sums, secrets: secretsOf(files, calls)}
					if whole {
						o.repo = keepForRepository(files, parts)
					}
					return o
				}, func(files []source.File) out {
					return out{kind: t.Kind, files: files, diags: checkUnredacted(files, nil, opts), secrets: secretsOf(files)}
				})
			}
		}()
	}
	go func() {
		for _, t := range targets {
			jobs <- t
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	r := Result{Sums: map[string][sha256.Size]byte{}, Kinds: map[string]Kind{}}
	callKinds := map[string]Kind{}
	done := 0
	var repo []repositoryInput
	secrets := slices.Clone(opts.Secrets)
	for o := range results {
		if whole {
			repo = append(repo, o.repo)
		}
		secrets = append(secrets, o.secrets...)
		r.Files += len(o.files)
		for p, k := range o.callKinds {
			callKinds[p] = k
		}
		for p, sum := range o.callSums {
			if _, ok := r.Sums[p]; !ok {
				r.Sums[p] = sum // a file read only for its callers, so that --fix knows it
			}
		}
		for _, f := range o.files {
			r.Kinds[f.Path] = o.kind
			if o.kind == Workflow && workflow.IsReusable(f.Content) {
				r.Kinds[f.Path] = ReusableWorkflow
			}
			if f.Sum != ([sha256.Size]byte{}) {
				r.Sums[f.Path] = f.Sum
			}
		}
		r.Diagnostics = append(r.Diagnostics, o.diags...)
		r.lines = r.lines.merge(o.lines)
		done++
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "\rlinted %d/%d", done, len(targets))
		}
	}
	if opts.Progress != nil && len(targets) > 0 {
		fmt.Fprintln(opts.Progress)
	}
	for p, k := range callKinds {
		if _, ok := r.Kinds[p]; !ok {
			r.Kinds[p] = k // a file read only for its callers
		}
	}
	// the targets' diagnostics are redacted here, with the secrets of every
	// build of the run (those of the files a target calls included), and
	// sorted, while the repository pass runs: redaction does not move a
	// diagnostic, and supersede reads only rules and places
	r.secrets = newRedactor(secrets)
	own := make(chan diag.Diagnostics, 1)
	go func(ds diag.Diagnostics) { own <- sortByPosition(r.secrets.all(ds)) }(r.Diagnostics)
	var rd diag.Diagnostics
	if whole {
		rd = r.secrets.all(checkRepository(repo, complete(r.Diagnostics), opts))
	}
	r.Diagnostics = sortDiagnostics(append(supersede(<-own, rd), rd...))
	return r
}

// read reads a target with its kind's reader: workflows, compose files,
// scripts and Makefiles one at a time, the bake files of a target
// together.
func read(t Target, opts Options) []source.File {
	rd := opts.Readers[t.Kind]
	if rd == nil {
		rd = DefaultReaders[t.Kind]
	}
	if rd == nil {
		return []source.File{{Path: t.Paths[0], Diagnostics: diag.Diagnostics{
			validate.UnreadableFile.At(diag.Range{File: t.Paths[0]}, "no reader for "+t.Kind.String()+" files in this build"),
		}}}
	}
	return source.ReadPaths(rd, t.Paths, source.Options{Env: opts.Env})
}

// Files checks what readers found: each group of builds with CheckAll,
// and the readers' own diagnostics; then it applies the files' suppression
// comments and the options.
func Files(files []source.File, opts Options) diag.Diagnostics { return check(files, nil, opts) }

// Check is Files as a Result, for a writer: the diagnostics sorted, and
// what the writer prints redacted with the secrets of files' builds and
// opts.Secrets.
func Check(files []source.File, opts Options) Result {
	secrets := newRedactor(append(slices.Clone(opts.Secrets), secretsOf(files)...))
	ds := sortDiagnostics(secrets.all(check(files, nil, opts)))
	return Result{Files: len(files), Diagnostics: ds, secrets: secrets, lines: collectLines(ds, files)}
}

// check is Files, with the files that files call (the scripts a
// workflow's run: steps run, read with the step's context): their builds
// are checked in their groups, their suppression comments apply, but what
// is wrong with the comments, or with the file itself, is left to the
// file's own reading.
func check(files, calls []source.File, opts Options) diag.Diagnostics {
	secrets := newRedactor(append(slices.Clone(opts.Secrets), secretsOf(files, calls)...))
	return secrets.all(checkUnredacted(files, calls, opts))
}

// checkUnredacted is check without the redaction, for a caller that
// redacts the diagnostics itself with at least the secrets of files and
// calls and opts.Secrets.
func checkUnredacted(files, calls []source.File, opts Options) diag.Diagnostics {
	ds, _ := checkTarget(files, calls, opts, false)
	return ds
}

// checkTarget is checkUnredacted; with parts, it also returns the
// repository parts of the builds of files (not of calls), from the values
// their checks parsed, group by group.
func checkTarget(files, calls []source.File, opts Options, parts bool) (diag.Diagnostics, []*validate.RepositoryPart) {
	var all diag.Diagnostics
	var kept []*validate.RepositoryPart
	own := map[string]int{} // the builds of files in each group, which come first
	sups := map[string][]*suppression{}
	groups := map[string][]validate.Build{}
	var order []string
	for i, f := range append(slices.Clip(files), calls...) {
		ss, bad := scanSuppressions(f.Path, f.Content)
		if i >= len(files) {
			bad = nil
			for _, s := range ss {
				s.used = true // an unused one is reported by the file's own reading
			}
			sups[f.Path] = append(sups[f.Path], ss...)
		} else if len(ss) > 0 {
			sups[f.Path] = ss
		}
		all = append(all, bad...)
		all = append(all, f.Diagnostics...)
		if g, ok := oneGroup(f.Builds); ok && len(groups) == 0 && i == len(files)+len(calls)-1 {
			// the only file with builds, all of one group: checked as they
			// are, not copied
			order, groups[g] = append(order, g), f.Builds
			if i < len(files) {
				own[g] = len(f.Builds)
			}
			continue
		}
		for _, b := range f.Builds {
			g := ""
			if b.Source != nil {
				g = b.Source.Group
			}
			if _, ok := groups[g]; !ok {
				order = append(order, g)
			}
			groups[g] = append(groups[g], b)
			if i < len(files) {
				own[g]++
			}
		}
	}
	for _, g := range order {
		builds := groups[g]
		if opts.Config != nil && opts.Config.Facts.BuildKitVersion != "" {
			builds = slices.Clone(builds)
			for i := range builds {
				if builds[i].Builder.BuildKitVersion == "" {
					builds[i].Builder.BuildKitVersion = opts.Config.Facts.BuildKitVersion
				}
			}
		}
		if !parts || own[g] == 0 {
			all = append(all, opts.Validate.CheckAll(builds)...)
			continue
		}
		ds, part := opts.Validate.CheckAllPart(builds, own[g])
		all = append(all, ds...)
		kept = append(kept, part)
	}
	return filter(applySuppressions(all, sups, opts), opts), kept
}

// oneGroup returns the group of builds when they are all of one (and
// there is at least one).
func oneGroup(builds []validate.Build) (string, bool) {
	g := ""
	for i, b := range builds {
		bg := ""
		if b.Source != nil {
			bg = b.Source.Group
		}
		if i == 0 {
			g = bg
		} else if bg != g {
			return "", false
		}
	}
	return g, len(builds) > 0
}

func threshold(opts Options) validate.Severity {
	if opts.Threshold == validate.SeverityInvalid {
		return validate.SeverityInfo
	}
	return opts.Threshold
}

// filter applies the options to the readers' diagnostics: disabled rules
// are dropped, severities overridden, those below the threshold dropped.
func filter(ds diag.Diagnostics, opts Options) diag.Diagnostics {
	var out diag.Diagnostics
	if len(ds) > 0 {
		out = make(diag.Diagnostics, 0, len(ds)) // most are kept
	}
	for _, d := range ds {
		if opts.Validate.Disabled(d.Rule) || opts.Config.ignoredFor(d.Rule, d.Range.File) {
			continue
		}
		d.Severity = opts.Validate.SeverityOf(d.Rule, d.Severity)
		if d.Severity >= threshold(opts) {
			out = append(out, d)
		}
	}
	return out
}

// sortDiagnostics sorts by position and removes diagnostics that repeat one
// at the same position with the same rule and message (the legs of a
// matrix share their values' positions), and, for the rules about several
// builds, one at the same position whatever leg its message names, and
// one on the same line whose message differs only in its numbers (the
// largest numbers are kept; see foldLines).
func sortDiagnostics(ds diag.Diagnostics) diag.Diagnostics {
	ds = foldLines(sortByPosition(ds))
	return compactDiagnostics(sortByPosition(ds))
}

// sortByPosition sorts by file, line, column, rule and message.
func sortByPosition(ds diag.Diagnostics) diag.Diagnostics {
	slices.SortStableFunc(ds, func(a, b diag.Diagnostic) int {
		if c := strings.Compare(a.Range.File, b.Range.File); c != 0 {
			return c
		}
		if a.Range.Start.Line != b.Range.Start.Line {
			return a.Range.Start.Line - b.Range.Start.Line
		}
		if a.Range.Start.Col != b.Range.Start.Col {
			return a.Range.Start.Col - b.Range.Start.Col
		}
		if c := strings.Compare(a.Rule, b.Rule); c != 0 {
			return c
		}
		if c := strings.Compare(a.Message, b.Message); c != 0 {
			return c
		}
		// the same finding of a script read on its own and for the
		// workflow that calls it, read by different workers: keep one,
		// the same on every run
		if a.Range.File != "" && a.Subject != b.Subject && (strings.Contains(a.Subject, runBy) || strings.Contains(b.Subject, runBy)) {
			// the file's own reading first: a finding that does not
			// depend on the caller is the file's
			if ca, cb := strings.Contains(a.Subject, runBy), strings.Contains(b.Subject, runBy); ca != cb {
				if ca {
					return 1
				}
				return -1
			}
			return strings.Compare(a.Subject, b.Subject)
		}
		return 0
	})
	return ds
}

// compactDiagnostics removes, from sorted diagnostics, those that repeat
// one at the same position: the same message, or, for rules about several
// builds or the whole repository, any message.
func compactDiagnostics(ds diag.Diagnostics) diag.Diagnostics {
	return slices.CompactFunc(ds, func(a, b diag.Diagnostic) bool {
		if a.Range.File != b.Range.File || a.Range.Start != b.Range.Start || a.Rule != b.Rule {
			return false
		}
		if a.Message == b.Message {
			return true
		}
		return acrossBuilds(a.Rule) && a.Range.Start.Line > 0
	})
}

// compactSame removes, from sorted diagnostics, those that repeat one at
// the same position with the same rule and message: what compactDiagnostics
// would remove of them in any case, whatever else a run finds and however
// its redaction changes messages (the same text stays the same), so that
// each worker drops the repeats of its target (the legs of a matrix) before
// the run sorts all the diagnostics.
func compactSame(ds diag.Diagnostics) diag.Diagnostics {
	return slices.CompactFunc(ds, func(a, b diag.Diagnostic) bool {
		return a.Range.File == b.Range.File && a.Range.Start == b.Range.Start && a.Rule == b.Rule && a.Message == b.Message
	})
}

// foldLines folds the diagnostics of a rule about several builds that
// repeat on one line with messages that differ only in their numbers (a
// bake target in two groups, matrix legs placed at different columns: "2
// builds export ..." and "3 builds export ..."): the one with the largest
// numbers is kept, at its place in the order.
func foldLines(ds diag.Diagnostics) diag.Diagnostics {
	type key struct{ rule, msg string }
	var drop []bool
	// ds is sorted by position: the diagnostics of a line are together,
	// and only a line with two or more of one rule has anything to fold
	for lo := 0; lo < len(ds); {
		hi := lo + 1
		for hi < len(ds) && ds[hi].Range.File == ds[lo].Range.File && ds[hi].Range.Start.Line == ds[lo].Range.Start.Line {
			hi++
		}
		if hi-lo < 2 || ds[lo].Range.Start.Line == 0 {
			lo = hi
			continue
		}
		first := map[key]int{}
		for i := lo; i < hi; i++ {
			d := ds[i]
			if !acrossBuilds(d.Rule) {
				continue
			}
			k := key{d.Rule, withoutDigits(d.Message)}
			j, seen := first[k]
			if !seen {
				first[k] = i
				continue
			}
			if drop == nil {
				drop = make([]bool, len(ds))
			}
			if slices.Compare(numbers(d.Message), numbers(ds[j].Message)) > 0 {
				ds[j], drop[i] = d, true
			} else {
				drop[i] = true
			}
		}
		lo = hi
	}
	if drop == nil {
		return ds
	}
	out := ds[:0]
	for i, d := range ds {
		if !drop[i] {
			out = append(out, d)
		}
	}
	return out
}

// acrossBuilds reports whether rule is about several builds or the whole
// repository (ScopeBuilds, ScopeRepository), from a table made once: the
// output is sorted and folded by it for every diagnostic of a run.
func acrossBuilds(rule string) bool {
	return scopes[rule] == validate.ScopeBuilds || scopes[rule] == validate.ScopeRepository
}

// scopes are the rules' scopes by name.
var scopes = func() map[string]validate.Scope {
	m := map[string]validate.Scope{}
	for _, r := range validate.Rules() {
		m[r.Name] = r.Scope
	}
	return m
}()

// withoutDigits is s with its runs of digits replaced by "#".
func withoutDigits(s string) string {
	b := make([]byte, 0, len(s))
	digit := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; '0' <= c && c <= '9' {
			if !digit {
				b = append(b, '#')
			}
			digit = true
			continue
		}
		digit = false
		b = append(b, s[i])
	}
	return string(b)
}

// numbers are the numbers written in s, in order.
func numbers(s string) []int {
	var out []int
	n, in := 0, false
	for _, c := range s + " " {
		if '0' <= c && c <= '9' {
			n, in = n*10+int(c-'0'), true
			continue
		}
		if in {
			out = append(out, n)
		}
		n, in = 0, false
	}
	return out
}
