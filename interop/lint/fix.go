package lint

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
)

// A Change is what the mechanical fixes of a lint run do to one file.
type Change struct {
	// Path is the file.
	Path string
	// Before is the content the diagnostics were found in; After is the
	// content with the fixes applied.
	Before, After []byte
	// Fixed are the diagnostics whose fix is applied.
	Fixed diag.Diagnostics
	// Skipped are diagnostics with a mechanical fix that is not applied,
	// each with the reason (an edit that overlaps another one).
	Skipped []Skipped
	// secrets redacts Diff: the run's secrets (see redact.go).
	secrets *redactor
}

// Skipped is a fix that was not applied, and why.
type Skipped struct {
	Diagnostic diag.Diagnostic
	Reason     string
}

// Fixable reports whether a diagnostic's first fix is mechanical and placed:
// it has edits, and every edit has a range in a file.
func Fixable(d diag.Diagnostic) bool {
	f := d.Fix()
	if len(f.Edits) == 0 {
		return false
	}
	for _, e := range f.Edits {
		if e.Range.File == "" || e.Range.Start.Line < 1 || e.Range.Start.Col < 1 {
			return false
		}
	}
	return true
}

// fileEdit is one edit in file bytes.
type fileEdit struct {
	start, end int
	text       string
	diag       int // index into the diagnostics
}

// PlanFixes returns, for each file that has fixable diagnostics in r, the
// change their fixes make, files in order. It reads the files; a file that
// changed since the lint run read it (its digest differs from r.Sums) or
// cannot be read is an error for that file, and the other files are still
// planned. Edits repeated by several diagnostics (matrix legs share a value)
// are applied once; an edit that overlaps another is skipped.
func PlanFixes(r Result) ([]Change, error) {
	byFile := map[string][]int{}
	var files []string
	for i, d := range r.Diagnostics {
		if !Fixable(d) {
			continue
		}
		f := d.Fix().Edits[0].Range.File
		if _, ok := byFile[f]; !ok {
			files = append(files, f)
		}
		byFile[f] = append(byFile[f], i)
	}
	sort.Strings(files)
	var out []Change
	var errs []error
	for _, path := range files {
		if source.IsStdin(path) {
			errs = append(errs, fmt.Errorf("%s: not fixed: standard input is read once and cannot be written", path))
			continue
		}
		before, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: not fixed: %w", path, err))
			continue
		}
		if sum, ok := r.Sums[path]; ok && sum != sha256.Sum256(before) {
			errs = append(errs, fmt.Errorf("%s: not fixed: the file changed since it was read; lint it again", path))
			continue
		}
		c, err := planFile(path, before, r.Diagnostics, byFile[path])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c.secrets = r.secrets
		if !bytes.Equal(c.Before, c.After) {
			out = append(out, c)
		}
	}
	return out, errors.Join(errs...)
}

// planFile applies the fixes of the diagnostics idx to one file's content.
// A diagnostic's edits are applied all or none: when one of them overlaps
// an edit already taken, the diagnostic is skipped.
func planFile(path string, before []byte, ds diag.Diagnostics, idx []int) (Change, error) {
	c := Change{Path: path, Before: before}
	lines := lineStarts(before)
	var taken []fileEdit
	for _, i := range idx {
		var mine []fileEdit
		ok := true
		for _, e := range ds[i].Fix().Edits {
			start, ok1 := offsetAt(before, lines, e.Range.Start)
			end, ok2 := offsetAt(before, lines, e.Range.End)
			if e.Range.File != path || !ok1 || !ok2 || end < start {
				ok = false
				break
			}
			mine = append(mine, fileEdit{start: start, end: end, text: e.NewText, diag: i})
		}
		if !ok {
			c.Skipped = append(c.Skipped, Skipped{ds[i], "its edit does not lie in the file as it is now"})
			continue
		}
		var add []fileEdit
		conflict := false
		for _, m := range mine {
			dup := false
			for _, t := range taken {
				switch {
				case m.start == t.start && m.end == t.end && m.text == t.text:
					dup = true // the same edit, from another leg of a matrix
				case m.start < t.end && t.start < m.end, m.start == t.start && (m.start == m.end || t.start == t.end):
					conflict = true
				}
			}
			if !dup {
				add = append(add, m)
			}
		}
		if conflict {
			c.Skipped = append(c.Skipped, Skipped{ds[i], "its edit overlaps the fix of another finding; lint again after this fix"})
			continue
		}
		taken = append(taken, add...)
		c.Fixed = append(c.Fixed, ds[i])
	}
	slices.SortFunc(taken, func(a, b fileEdit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	var buf bytes.Buffer
	at := 0
	for _, e := range taken {
		buf.Write(before[at:e.start])
		buf.WriteString(e.text)
		at = e.end
	}
	buf.Write(before[at:])
	c.After = buf.Bytes()
	return c, nil
}

// lineStarts returns the byte offset of the start of each line.
func lineStarts(b []byte) []int {
	out := []int{0}
	for i, c := range b {
		if c == '\n' {
			out = append(out, i+1)
		}
	}
	return out
}

// offsetAt converts a line and column (both from 1, the column in bytes)
// to a byte offset; the column may be one past the end of its line.
func offsetAt(b []byte, lines []int, p diag.Pos) (int, bool) {
	if p.Line < 1 || p.Line > len(lines) || p.Col < 1 {
		return 0, false
	}
	start := lines[p.Line-1]
	end := len(b)
	if p.Line < len(lines) {
		end = lines[p.Line] - 1 // the newline
	}
	off := start + p.Col - 1
	if off > end {
		return 0, false
	}
	return off, true
}

// Diff returns the unified diff of a change, with the path as both names,
// for printing: the secrets of the run (the values of credential keys, the
// secrets of the builds read) are redacted in it, as in every writer's
// output, although Before and After, which are written to the file, hold
// them.
func (c Change) Diff() string { return c.secrets.text(c.diff()) }

// diff is Diff, not redacted.
func (c Change) diff() string {
	d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(c.Before)), B: difflib.SplitLines(string(c.After)),
		FromFile: filepath.ToSlash(c.Path), ToFile: filepath.ToSlash(c.Path), Context: 3,
	})
	if err != nil {
		return ""
	}
	return d
}

// Write writes the change to its file, atomically: the new content goes
// to a temporary file in the same directory, with the file's permissions,
// which is then renamed over it. The file is left untouched when it changed
// since Before was read, or cannot be written.
func (c Change) Write() error {
	now, err := os.ReadFile(c.Path)
	if err != nil {
		return fmt.Errorf("%s: not fixed: %w", c.Path, err)
	}
	if !bytes.Equal(now, c.Before) {
		return fmt.Errorf("%s: not fixed: the file changed since it was read; lint it again", c.Path)
	}
	st, err := os.Stat(c.Path)
	if err != nil {
		return fmt.Errorf("%s: not fixed: %w", c.Path, err)
	}
	if st.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("%s: not fixed: the file is not writable", c.Path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.Path), "."+filepath.Base(c.Path)+".buildxcache-*")
	if err != nil {
		return fmt.Errorf("%s: not fixed: %w", c.Path, err)
	}
	name := tmp.Name()
	defer os.Remove(name) // gone after the rename; removes it on failure
	if _, err := tmp.Write(c.After); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: not fixed: %w", c.Path, err)
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil && !errors.Is(err, fs.ErrPermission) {
		tmp.Close()
		return fmt.Errorf("%s: not fixed: %w", c.Path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: not fixed: %w", c.Path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: not fixed: %w", c.Path, err)
	}
	if err := os.Rename(name, c.Path); err != nil {
		return fmt.Errorf("%s: not fixed: %w", c.Path, err)
	}
	return nil
}

// MaxFixRounds bounds how many times FixPaths lints and fixes again: one
// value can hold several mistakes that the parser reports one at a time
// ("type=gha, mode=maxx": the white space first, then the mode).
const MaxFixRounds = 5

// FixPaths lints paths and writes the mechanical fixes, then lints and
// fixes again until nothing changes (at most MaxFixRounds). It returns the
// last lint's result (what remains) and one Change per file changed, from
// its content before the first round to its content after the last. Files
// that cannot be fixed are reported in the error and left untouched.
func FixPaths(paths []string, opts Options) (Result, []Change, error) {
	var all []Change
	at := map[string]int{}
	var errs []error
	r := Paths(paths, opts)
	for round := 0; round < MaxFixRounds; round++ {
		changes, err := PlanFixes(r)
		if err != nil {
			errs = append(errs, err)
		}
		written := 0
		for _, c := range changes {
			if err := c.Write(); err != nil {
				errs = append(errs, err)
				continue
			}
			written++
			if i, ok := at[c.Path]; ok {
				all[i].After = c.After
				all[i].Fixed = append(all[i].Fixed, c.Fixed...)
				all[i].Skipped = c.Skipped
			} else {
				at[c.Path] = len(all)
				all = append(all, c)
			}
		}
		if written == 0 {
			break
		}
		r = Paths(paths, opts)
	}
	return r, all, errors.Join(errs...)
}
