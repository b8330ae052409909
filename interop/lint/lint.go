// Package lint finds the cache configurations in GitHub Actions workflows,
// bake files and compose files, checks them with validate (each file's
// builds together, for the cross-build rules) and reports findings at file,
// line and column. It is the engine of the buildxcache command.
package lint

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/bakefile"
	"github.com/buildxcache/buildxcache/interop/composefile"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

// Finding is one diagnostic at a position in a file.
type Finding struct {
	Pos      source.Pos
	Rule     string
	Severity validate.Severity
	Message  string
	// Fix is what to do: the rule's suggestion, with the corrected value
	// where one is known. Secrets are redacted.
	Fix string
	// Build names the build the finding is about ("job (leg): step", a bake
	// target, a compose service), or "".
	Build string
}

// String returns "file:line:col: severity: message [Rule]".
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", f.Pos, f.Severity, f.Message, f.Rule)
}

// Result is the outcome of a lint run.
type Result struct {
	// Files is the number of files read.
	Files int
	// Findings are sorted by file, line, column and rule.
	Findings []Finding
}

// Max returns the highest severity among the findings, or
// validate.SeverityInvalid when there are none.
func (r Result) Max() validate.Severity {
	m := validate.SeverityInvalid
	for _, f := range r.Findings {
		m = max(m, f.Severity)
	}
	return m
}

// Reader reads one target into files.
type Reader func(t Target) []source.File

// Options configure a lint run.
type Options struct {
	// Validate disables rules and overrides severities; it applies to the
	// file rules (source.RuleSyntaxError, ...) as well.
	Validate validate.Options
	// Threshold drops findings below it; zero means validate.Info.
	Threshold validate.Severity
	// Readers reads each kind of file; a nil entry falls back to the
	// package default (DefaultReaders).
	Readers map[Kind]Reader
	// Progress, when not nil, receives a progress line per target.
	Progress io.Writer
	// Workers is the number of targets read at once; 0 means GOMAXPROCS.
	Workers int
}

// DefaultReaders are the readers used for kinds Options.Readers leaves
// out: the workflow, bake and compose readers of this module.
var DefaultReaders = map[Kind]Reader{
	Workflow: func(t Target) []source.File {
		out := make([]source.File, 0, len(t.Paths))
		for _, p := range t.Paths {
			out = append(out, workflow.ReadFile(p))
		}
		return out
	},
	Bake: func(t Target) []source.File {
		return bakefile.Read(t.Paths, bakefile.Options{})
	},
	Compose: func(t Target) []source.File {
		out := make([]source.File, 0, len(t.Paths))
		for _, p := range t.Paths {
			out = append(out, composefile.ReadFile(p, composefile.Options{}))
		}
		return out
	},
}

// Paths discovers the files under paths and lints them.
func Paths(paths []string, opts Options) Result {
	targets, problems := Discover(paths)
	r := Targets(targets, opts)
	var extra []Finding
	for _, p := range problems {
		if f, ok := problemFinding(p, opts); ok {
			extra = append(extra, f)
		}
	}
	r.Findings = sortFindings(append(r.Findings, extra...))
	return r
}

// Targets lints targets in parallel. Memory held is the findings, not the
// files: each target is read, checked and dropped by one worker.
func Targets(targets []Target, opts Options) Result {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type out struct {
		files    int
		findings []Finding
	}
	jobs := make(chan Target)
	results := make(chan out, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range jobs {
				files := read(t, opts)
				results <- out{files: len(t.Paths), findings: Files(files, opts)}
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
	var r Result
	done := 0
	for o := range results {
		r.Files += o.files
		r.Findings = append(r.Findings, o.findings...)
		done++
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "\rlinted %d/%d", done, len(targets))
		}
	}
	if opts.Progress != nil && len(targets) > 0 {
		fmt.Fprintln(opts.Progress)
	}
	r.Findings = sortFindings(r.Findings)
	return r
}

func read(t Target, opts Options) (files []source.File) {
	rd := opts.Readers[t.Kind]
	if rd == nil {
		rd = DefaultReaders[t.Kind]
	}
	if rd == nil {
		return []source.File{{Path: t.Paths[0], Problems: []source.Problem{{
			Pos: source.Pos{File: t.Paths[0]}, Rule: source.RuleUnreadableFile, Severity: validate.Error,
			Message: "no reader for " + t.Kind.String() + " files in this build",
		}}}}
	}
	defer func() {
		if v := recover(); v != nil { // a reader's bug must not stop the run
			files = []source.File{{Path: t.Paths[0], Problems: []source.Problem{{
				Pos: source.Pos{File: t.Paths[0]}, Rule: source.RuleSyntaxError, Severity: validate.Error,
				Message: fmt.Sprintf("the %s reader failed on this file: %v", t.Kind, v),
			}}}}
		}
	}()
	return rd(t)
}

// Files checks what readers found: each group of builds with CheckAll,
// and the readers' problems, as findings at file positions.
func Files(files []source.File, opts Options) []Finding {
	var out []Finding
	groups := map[string][]source.Build{}
	var order []string
	for _, f := range files {
		for _, p := range f.Problems {
			if fd, ok := problemFinding(p, opts); ok {
				out = append(out, fd)
			}
		}
		for _, b := range f.Builds {
			if _, ok := groups[b.Group]; !ok {
				order = append(order, b.Group)
			}
			groups[b.Group] = append(groups[b.Group], b)
		}
	}
	for _, g := range order {
		builds := groups[g]
		vb := make([]validate.Build, len(builds))
		for i, b := range builds {
			vb[i] = b.Build
		}
		for _, d := range opts.Validate.CheckAll(vb) {
			if d.Severity < threshold(opts) {
				continue
			}
			out = append(out, finding(builds[d.Build], d))
		}
	}
	return out
}

func threshold(opts Options) validate.Severity {
	if opts.Threshold == validate.SeverityInvalid {
		return validate.Info
	}
	return opts.Threshold
}

// finding places a diagnostic in the file.
func finding(b source.Build, d validate.Diagnostic) Finding {
	f := Finding{Pos: b.Pos, Rule: d.Rule, Severity: d.Severity, Message: d.Message, Build: b.Name}
	var raw string
	var at []source.Value
	var vals []string
	switch d.Direction {
	case cachespec.Import:
		vals, at = b.CacheFrom, b.CacheFromPos
	case cachespec.Export:
		vals, at = b.CacheTo, b.CacheToPos
	}
	if d.Index >= 0 && d.Index < len(at) && d.Index < len(vals) {
		raw = vals[d.Index]
		f.Pos = at[d.Index].At(d.Offset)
	}
	f.Fix = d.Fix.Label
	if fixed, ok := d.Fix.Apply(raw); ok && raw != "" {
		if f.Fix != "" {
			f.Fix += ": "
		}
		f.Fix += fixed
	}
	return f
}

// problemFinding turns a reader's problem into a finding, applying the
// options; ok is false when it is disabled or below the threshold.
func problemFinding(p source.Problem, opts Options) (Finding, bool) {
	if slices.Contains(opts.Validate.Disable, p.Rule) {
		return Finding{}, false
	}
	sev := p.Severity
	if s, ok := opts.Validate.Severity[p.Rule]; ok {
		sev = s
	}
	if sev < threshold(opts) {
		return Finding{}, false
	}
	return Finding{Pos: p.Pos, Rule: p.Rule, Severity: sev, Message: p.Message, Fix: p.Fix}, true
}

// sortFindings sorts and removes findings that repeat one at the same
// position with the same rule and message (the legs of a matrix share
// their values' positions).
func sortFindings(fs []Finding) []Finding {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := strings.Compare(a.Pos.File, b.Pos.File); c != 0 {
			return c
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col - b.Pos.Col
		}
		if c := strings.Compare(a.Rule, b.Rule); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return slices.CompactFunc(fs, func(a, b Finding) bool {
		if a.Pos != b.Pos || a.Rule != b.Rule {
			return false
		}
		// the legs of a matrix writing one value collide with each other:
		// one finding at the value says it, whatever leg it names
		return a.Message == b.Message || crossBuild[a.Rule] && a.Pos.Line > 0
	})
}

// crossBuild are the rules about several builds, whose messages name the
// other builds.
var crossBuild = map[string]bool{
	"GHAScopeCollision": true, "SharedRegistryCacheRef": true, "PerPlatformCacheCollision": true, "BlobCacheNameCollision": true,
}
