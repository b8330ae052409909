// Package makefile reads Makefiles (Makefile, makefile, GNUmakefile,
// *.mk) and finds the image builds in their recipes: every docker buildx
// build, docker build, docker buildx bake --set, buildctl build and docker
// compose build command with cache flags.
//
// No maintained Go parser of GNU make's language exists in the module
// proxy, so the package reads what the builds need itself: rule lines and
// their recipe lines (tab-indented after a target line, or after ";" on the
// rule line; .RECIPEPREFIX and .ONESHELL are followed), \ line
// continuations, and the variables that simple assignments in the same file
// set (VAR = value, VAR := value, VAR ::= value, VAR ?= value, with export
// and override), which are expanded in the recipes wherever every
// assignment gives the variable the same value, which is not empty (an
// empty value is left for the command line, make VAR=...). Everything else
// stays a template, written as it is in the file: variables of the environment or
// the command line, $(shell ...) and the other functions, automatic
// variables ($@, $<), target-specific variables, += appends, define
// blocks. $$ is a literal $.
//
// Each recipe line (each recipe, under .ONESHELL) then goes, with its @, -
// and + prefixes stripped, to the shell command finder the workflow and
// script readers use (interop/internal/shellcmd), which resolves the
// recipe's own shell constants. Values are placed exactly where no
// variable was expanded in them, else at the start of their word. The
// builder is followed through the recipes in file order (docker buildx
// create --use, docker buildx use, --builder, an exported BUILDX_BUILDER).
//
// A define without endef and an unclosed $( or ${ reference are reported
// as validate.UnfollowedMakefile; a recipe the shell parser refuses as
// validate.UnparsableScript. A Makefile carries no CI context of its own.
package makefile

import (
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/interop/script"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Reader is the Makefile reader as a [source.Reader]: every input is a
// Makefile read on its own (included files are not followed). Makefiles
// take nothing from the options.
var Reader = source.EachFile(func(in source.Input, _ source.Options) source.File {
	return parse(in.Path, in.Content)
})

// Read reads each input as one Makefile.
func Read(inputs []source.Input, opts source.Options) []source.File {
	return Reader.Read(inputs, opts)
}

// maxDepth bounds the expansion of variables that refer to variables.
const maxDepth = 16

// text is a piece of recipe text with, for each byte, its offset in the
// file.
type text struct {
	b    []byte
	offs []int
}

// add appends s, its bytes at off, off+1, ... when verbatim, else all at
// off.
func (t *text) add(s string, off int, verbatim bool) {
	t.b = append(t.b, s...)
	for i := range len(s) {
		if verbatim {
			t.offs = append(t.offs, off+i)
		} else {
			t.offs = append(t.offs, off)
		}
	}
}

func (t *text) str() string { return string(t.b) }

// at returns the file offset of byte i of t.
func (t *text) at(i int) int {
	if i >= 0 && i < len(t.offs) {
		return t.offs[i]
	}
	if len(t.offs) > 0 {
		return t.offs[len(t.offs)-1]
	}
	return 0
}

// rule is a rule of the Makefile with its recipe lines.
type rule struct {
	target  string
	targets []string
	prereqs []string
	recipes []text
}

type reader struct {
	path, src string
	lines     shellcmd.Lines
	file      *source.File
	// cands are the raw values each variable is given; bad the variables
	// that are no constants
	cands map[string][]string
	bad   map[string]bool
	// values memoizes value ("\x00": no constant)
	values map[string]string
	rules  []*rule
	// oneshell: a .ONESHELL target runs each recipe in one shell
	oneshell bool
	// masks are the references left as templates, by placeholder index
	masks []string
	// expanded counts the bytes variables expanded to
	expanded int
	// failed: a reference nothing closes was reported
	failed bool
}

func parse(path string, data []byte) source.File { return parseGoals(path, data, nil) }

// ReadGoals reads the Makefile at path as make runs it for goals: only the
// builds of the rules of those targets and of their prerequisites, followed
// through the rules of the file; no goal means the default goal (the first
// target that does not start with "."). Its diagnostics are the file's.
func ReadGoals(path string, goals []string) source.File {
	return source.ReadPaths(source.EachFile(func(in source.Input, _ source.Options) source.File {
		if goals == nil {
			goals = []string{}
		}
		return parseGoals(in.Path, in.Content, goals)
	}), []string{path}, source.Options{})[0]
}

// parseGoals reads the Makefile for goals (nil: every rule).
func parseGoals(path string, data []byte, goals []string) (f source.File) {
	f.Path = path
	if d := source.CheckText(path, data); d != nil {
		f.Diagnostics = append(f.Diagnostics, *d)
		return f
	}
	src := string(data)
	if !script.MentionsBuild(src) && !shellcmd.MentionsRun(src) {
		return f
	}
	r := &reader{path: path, src: src, lines: shellcmd.NewLines(path, src), file: &f, cands: map[string][]string{}, bad: map[string]bool{}, values: map[string]string{}}
	r.read()
	if goals != nil {
		r.rules = r.reachable(goals)
	}
	r.builds()
	return f
}

// reachable returns the rules make runs for goals, in file order: those
// of the goals and, transitively, of their prerequisites.
func (r *reader) reachable(goals []string) []*rule {
	if len(goals) == 0 {
		for _, ru := range r.rules {
			if ru.target != "" && !strings.HasPrefix(ru.target, ".") {
				goals = []string{ru.target}
				break
			}
		}
	}
	byTarget := map[string][]*rule{}
	for _, ru := range r.rules {
		for _, t := range ru.targets {
			byTarget[t] = append(byTarget[t], ru)
		}
	}
	want := map[*rule]bool{}
	seen := map[string]bool{}
	queue := append([]string(nil), goals...)
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		if seen[t] {
			continue
		}
		seen[t] = true
		for _, ru := range byTarget[t] {
			want[ru] = true
			queue = append(queue, ru.prereqs...)
		}
	}
	var out []*rule
	for _, ru := range r.rules {
		if want[ru] {
			out = append(out, ru)
		}
	}
	return out
}

// physical is a line of the file: its text without the newline, and its
// offset.
type physical struct {
	s   string
	off int
}

func splitLines(src string) []physical {
	var out []physical
	off := 0
	for off < len(src) {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			out = append(out, physical{src[off:], off})
			break
		}
		out = append(out, physical{strings.TrimSuffix(src[off:off+i], "\r"), off})
		off += i + 1
	}
	return out
}

// continued reports whether a line ends with an odd number of
// backslashes, which join it with the next.
func continued(s string) bool {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

func (r *reader) problem(off int, msg string) {
	r.file.Diagnostics = append(r.file.Diagnostics, validate.UnfollowedMakefile.At(r.lines.At(off), msg))
}

// read reads the structure of the Makefile: assignments, rules and their
// recipe lines.
func (r *reader) read() {
	lines := splitLines(r.src)
	prefix := byte('\t')
	var cur *rule
	define := 0 // depth of define blocks
	defineAt := 0
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if define > 0 {
			switch w := firstWord(l.s); w {
			case "endef":
				define--
			case "define":
				define++
			default:
				if (w == "export" || w == "override") && firstWord(strings.TrimSpace(l.s)[len(w):]) == "define" {
					define++
				}
			}
			continue
		}
		if cur != nil && len(l.s) > 0 && l.s[0] == prefix {
			// a recipe line, with its continuations
			var t text
			t.add(l.s[1:], l.off+1, true)
			for continued(l.s) && i+1 < len(lines) {
				t.add("\n", l.off+len(l.s), true)
				i++
				l = lines[i]
				s, off := l.s, l.off
				if len(s) > 0 && s[0] == prefix {
					s, off = s[1:], off+1
				}
				t.add(s, off, true)
			}
			cur.recipes = append(cur.recipes, t)
			continue
		}
		// a make line, joined with its continuations
		start := l.off
		s := l.s
		single := true
		for continued(s) && i+1 < len(lines) {
			i++
			s = strings.TrimRight(s[:len(s)-1], " \t") + " " + strings.TrimLeft(lines[i].s, " \t")
			single = false
		}
		if strings.HasSuffix(s, "\\") && continued(s) {
			s = s[:len(s)-1]
		}
		trimmed := strings.TrimLeft(s, " \t")
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		lead := len(s) - len(trimmed)
		w := firstWord(trimmed)
		switch w {
		case "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif":
			continue // conditionals: every branch is read
		case "define":
			r.defined(trimmed[len(w):])
			define, defineAt = 1, start+lead
			cur = nil
			continue
		case "include", "-include", "sinclude", "vpath", "unexport", "undefine", "load", "-load":
			if w == "undefine" {
				r.bad[strings.TrimSpace(trimmed[len(w):])] = true
			}
			cur = nil
			continue
		}
		// export, override, private before an assignment
		rest := trimmed
		for {
			fw := firstWord(rest)
			if fw != "export" && fw != "override" && fw != "private" || len(rest) == len(fw) {
				break
			}
			rest = strings.TrimLeft(rest[len(fw):], " \t")
		}
		if firstWord(rest) == "define" {
			r.defined(rest[len("define"):])
			define, defineAt = 1, start+lead
			cur = nil
			continue
		}
		kind, at := classify(rest)
		switch kind {
		case lineAssign:
			name, op, value := assignment(rest, at)
			r.assign(name, op, value)
			if name == ".RECIPEPREFIX" && op != "+=" && op != "!=" {
				if v := strings.TrimSpace(value); v != "" {
					prefix = v[0]
				} else {
					prefix = '\t'
				}
			}
			cur = nil
		case lineRule:
			targets := strings.Fields(rest[:at])
			after := rest[at+1:]
			after = strings.TrimPrefix(after, ":") // double-colon rules
			recipe, hasRecipe := "", false
			if j := topLevel(after, ';'); j >= 0 {
				recipe, hasRecipe = after[j+1:], true
				after = after[:j]
			}
			if k, kat := classify(after); k == lineAssign {
				// a target-specific variable: no constant
				name, _, _ := assignment(after, kat)
				r.bad[name] = true
				cur = nil
				continue
			}
			for _, t := range targets {
				if t == ".ONESHELL" {
					r.oneshell = true
				}
			}
			cur = &rule{targets: targets}
			if len(targets) > 0 {
				cur.target = targets[0]
			}
			for _, p := range strings.Fields(after) {
				if p != "|" {
					cur.prereqs = append(cur.prereqs, p)
				}
			}
			r.rules = append(r.rules, cur)
			if hasRecipe && single {
				if j := strings.Index(l.s, ";"+recipe); j >= 0 && strings.TrimSpace(recipe) != "" {
					var t text
					t.add(recipe, l.off+j+1, true)
					cur.recipes = append(cur.recipes, t)
				}
			}
		default:
			cur = nil // a function call ($(eval ...)) or text make refuses
		}
	}
	if define > 0 {
		r.problem(defineAt, "this define has no endef (make: missing 'endef', unterminated 'define'), so the rest of the file is not read")
	}
}

// defined marks the variable a define block sets as no constant.
func (r *reader) defined(rest string) {
	name := strings.TrimSpace(rest)
	for _, op := range []string{":::=", "::=", ":=", "?=", "+=", "!=", "="} {
		name = strings.TrimSpace(strings.TrimSuffix(name, op))
	}
	if name != "" {
		r.bad[name] = true
	}
}

func firstWord(s string) string {
	s = strings.TrimLeft(s, " \t")
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

const (
	lineOther = iota
	lineAssign
	lineRule
)

// classify tells an assignment from a rule line: whichever of "=" and
// ":" (not ":=", "::=") comes first outside references decides. It
// returns where the operator or the colon is.
func classify(s string) (int, int) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '$':
			if i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{') {
				if j := closeRef(s, i+1); j >= 0 {
					i = j
					continue
				}
				return lineOther, -1
			}
			i++ // $x, $$
		case '#':
			return lineOther, -1
		case '=':
			return lineAssign, i
		case ':':
			if strings.HasPrefix(s[i:], ":=") || strings.HasPrefix(s[i:], "::=") || strings.HasPrefix(s[i:], ":::=") {
				return lineAssign, i
			}
			return lineRule, i
		}
	}
	return lineOther, -1
}

// assignment splits an assignment line at its operator (at: where
// classify found "=" or ":").
func assignment(s string, at int) (name, op, value string) {
	end := at
	switch {
	case s[at] == ':':
		op = s[at:]
		for _, o := range []string{":::=", "::=", ":="} {
			if strings.HasPrefix(op, o) {
				op = o
				break
			}
		}
	case at > 0 && strings.IndexByte("?+!", s[at-1]) >= 0:
		end, op = at-1, s[at-1:at+1]
	default:
		op = "="
	}
	name = strings.TrimSpace(s[:end])
	value = strings.TrimLeft(s[end+len(op):], " \t")
	value = stripComment(value)
	return name, op, value
}

// stripComment drops a # comment (not one escaped, nor one inside a
// reference); the white space before it stays, as make keeps it.
func stripComment(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '$':
			if i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{') {
				if j := closeRef(s, i+1); j >= 0 {
					i = j
				}
			} else {
				i++
			}
		case '#':
			return s[:i]
		}
	}
	return s
}

// topLevel returns the index of the first c outside references, or -1.
func topLevel(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '$':
			if i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{') {
				if j := closeRef(s, i+1); j >= 0 {
					i = j
				}
			} else {
				i++
			}
		case c:
			return i
		}
	}
	return -1
}

// closeRef returns the index of the bracket closing the one at s[open]
// ("(" or "{"), counting nested brackets of the same kind as make does,
// or -1.
func closeRef(s string, open int) int {
	o := s[open]
	cl := byte(')')
	if o == '{' {
		cl = '}'
	}
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case o:
			depth++
		case cl:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func (r *reader) assign(name, op, value string) {
	if name == "" {
		return
	}
	switch op {
	case "=", ":=", "::=", ":::=", "?=":
		// an empty value is left for the command line (make VAR=...)
		if simple(value) && strings.TrimSpace(value) != "" {
			r.cands[name] = append(r.cands[name], value)
			return
		}
	}
	r.bad[name] = true
}

// simple reports whether a value refers only to variables by name ($(X),
// ${X}, $X, $$): no function call, no substitution reference.
func simple(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] != '$' || i+1 >= len(v) {
			continue
		}
		switch v[i+1] {
		case '(', '{':
			j := closeRef(v, i+1)
			if j < 0 || !isName(v[i+2:j]) {
				return false
			}
			i = j
		default:
			i++
		}
	}
	return true
}

// isName reports whether s is a plain variable name.
func isName(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t:=$(){},#")
}

// value returns the constant raw value of a variable, if it has one.
func (r *reader) value(name string) (string, bool) {
	if v, ok := r.values[name]; ok {
		return v, v != "\x00"
	}
	v := "\x00" // no constant
	if cs := r.cands[name]; !r.bad[name] && len(cs) > 0 {
		v = cs[0]
		for _, o := range cs[1:] {
			if o != v {
				v = "\x00"
				break
			}
		}
	}
	r.values[name] = v
	return v, v != "\x00"
}

// placeholder returns the shell-neutral word standing for a reference kept
// as a template: MKX, its index, Q.
func (r *reader) placeholder(orig string) string {
	ph := "MKX" + strconv.Itoa(len(r.masks)) + "Q"
	r.masks = append(r.masks, orig)
	return ph
}

// unmask restores the references that placeholders stand for.
func (r *reader) unmask(s string) string {
	if !strings.Contains(s, "MKX") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "MKX")
		if i < 0 {
			break
		}
		j := i + 3
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(s[i+3 : j])
		if j == i+3 || j >= len(s) || s[j] != 'Q' || err != nil || n >= len(r.masks) {
			b.WriteString(s[:i+3])
			s = s[i+3:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteString(r.masks[n])
		s = s[j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// maxExpansion bounds the bytes the expansion of variables may produce in
// one file (variables of many references to variables of many references
// grow exponentially); past it references stay templates.
const maxExpansion = 1 << 20

// expand expands the make references of in: $$ is $, a constant variable
// its value (expanded), any other reference a placeholder. Bytes that come
// from a reference are placed at its start. It returns false, after
// reporting it, on a reference nothing closes.
func (r *reader) expand(in text, depth int) (text, bool) {
	var out text
	s := in.str()
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			j := i
			for j < len(s) && s[j] != '$' {
				j++
			}
			out.b = append(out.b, s[i:j]...)
			out.offs = append(out.offs, in.offs[i:j]...)
			i = j - 1
			continue
		}
		start := in.at(i)
		if i+1 >= len(s) {
			out.add("$", start, false)
			continue
		}
		var name, orig string
		switch c := s[i+1]; c {
		case '$':
			out.add("$", start, false)
			i++
			continue
		case '(', '{':
			j := closeRef(s, i+1)
			if j < 0 {
				if !r.failed {
					r.failed = true
					r.problem(start, "this "+s[i:i+2]+" reference is never closed (make: unterminated variable reference), so the recipes from here on are not checked")
				}
				return out, false
			}
			name, orig = s[i+2:j], s[i:j+1]
			i = j
		default:
			name, orig = string(c), s[i:i+2]
			i++
		}
		if v, ok := r.value(name); ok && isName(name) && depth < maxDepth && r.expanded+len(v) <= maxExpansion {
			r.expanded += len(v)
			var vt text
			vt.add(v, start, false)
			e, ok := r.expand(vt, depth+1)
			if !ok {
				return out, false
			}
			out.b = append(out.b, e.b...)
			out.offs = append(out.offs, e.offs...)
			continue
		}
		out.add(r.placeholder(orig), start, false)
	}
	return out, true
}

// stripPrefixes removes the @, - and + prefixes (and the blanks around
// them) at the start of a recipe line.
func stripPrefixes(t text) text {
	i := 0
	for i < len(t.b) && strings.IndexByte(" \t@-+", t.b[i]) >= 0 {
		i++
	}
	return text{b: t.b[i:], offs: t.offs[i:]}
}

// builds reads the build commands of every recipe, following the builder
// through them in file order.
func (r *reader) builds() {
	env := ""
	if v, ok := r.value("BUILDX_BUILDER"); ok && simple(v) && !strings.Contains(v, "$") {
		env = strings.TrimSpace(v)
	}
	builders := shellcmd.NewBuilders(env)
	for _, ru := range r.rules {
		var scripts []text
		if r.oneshell {
			var all text
			for i, t := range ru.recipes {
				if i > 0 {
					all.add("\n", t.at(0), false)
				}
				t = stripPrefixes(t)
				all.b = append(all.b, t.b...)
				all.offs = append(all.offs, t.offs...)
			}
			if len(ru.recipes) > 0 {
				scripts = append(scripts, all)
			}
		} else {
			for _, t := range ru.recipes {
				scripts = append(scripts, stripPrefixes(t))
			}
		}
		for _, t := range scripts {
			if r.failed {
				return
			}
			if s := t.str(); !script.MentionsBuild(s) && !strings.Contains(s, "$") && !strings.Contains(s, "buildx") && !shellcmd.MentionsRun(s) {
				continue
			}
			e, ok := r.expand(t, 0)
			if !ok {
				return
			}
			r.recipe(ru, e, builders)
		}
	}
}

// recipe reads the commands of one recipe script.
func (r *reader) recipe(ru *rule, e text, builders *shellcmd.Builders) {
	src := e.str()
	if !script.MentionsBuild(r.unmask(src)) && !strings.Contains(src, "buildx") && !shellcmd.MentionsRun(src) {
		return
	}
	sf, err := shellcmd.Parse(src)
	if err != nil {
		r.file.Diagnostics = append(r.file.Diagnostics, script.Unparsable(r.path, err,
			func(off int) diag.Pos { return r.lines.Pos(e.at(off)) }, "recipe of target "+ru.target))
		return
	}
	// the words keep the placeholders (and their offsets in the recipe)
	// until the commands are read; then the references are restored
	consts := shellcmd.Constants(sf, src, shellcmd.Options{})
	opts := shellcmd.Options{Lookup: func(n string) (string, bool) { v, ok := consts[n]; return v, ok }}
	moves := shellcmd.Moves(sf, src, opts)
	for i := range moves {
		moves[i] = r.unmask(moves[i])
	}
	span := func(w shellcmd.Word) diag.Span { return r.lines.Span(e.at(w.Off), w.Text, w.Exact) }
	cds := shellcmd.DirChanges(sf, src, opts)
	for _, c := range shellcmd.Find(sf, src, opts) {
		c.MapText(r.unmask)
		if !c.IsBuild() {
			builders.Apply(c)
			continue
		}
		if run, ok := c.Run(span, r.lines.At(e.at(c.Off))); ok {
			run.Builder = builders.Of(c)
			run.Name = "target " + ru.target + ": " + c.Tool
			run.Dir = "." // make runs a recipe in the Makefile's directory
			run.Moved = len(cds) > 0 && cds[0] < c.Off
			r.file.Runs = append(r.file.Runs, run)
		}
		if len(c.CacheFrom)+len(c.CacheTo) == 0 {
			continue
		}
		b := c.Build(span, r.lines.At(e.at(c.Off)), r.path)
		b.Builder = builders.Of(c)
		b.Name = "target " + ru.target + ": " + c.Tool
		b.MovedDirs = moves
		r.file.Builds = append(r.file.Builds, b)
	}
}
