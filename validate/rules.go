package validate

import (
	"cmp"
	"slices"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
)

// Scope is what a rule judges: one cache value, one build, a set of builds
// that run together, or a file.
type Scope uint8

// Scopes.
const (
	ScopeValue  Scope = iota + 1 // one cache value on its own (and the parser's refusals)
	ScopeBuild                   // a value in the context of its build: tags, push, CI, builder
	ScopeBuilds                  // several builds checked together (CheckAll)
	ScopeFile                    // a file itself, reported by the readers
	// ScopeRepository judges all the builds of a repository together
	// (CheckRepository): who writes a cache another build reads.
	ScopeRepository
)

// String returns "value", "build", "builds" or "file".
func (s Scope) String() string {
	switch s {
	case ScopeValue:
		return "value"
	case ScopeBuild:
		return "build"
	case ScopeBuilds:
		return "builds"
	case ScopeFile:
		return "file"
	case ScopeRepository:
		return "repository"
	}
	return "invalid"
}

// Rule is one check: its identity (stable name and code), default
// severity, scope, documentation, examples and evidence, and the function
// that runs it. Every rule is declared once, next to its check, in the file
// of its subject (rule_gha.go, rule_local.go, ...); [Rules] lists them all,
// file rules included. A check reports only through its own rule, so it
// cannot report under another rule's name.
type Rule struct {
	// Name is the stable CamelCase name diagnostics carry.
	Name string
	// Code is the catalogue code (CS001, ..., FILE01, ...).
	Code string
	// Severity is the default severity. Some rules report a lower severity
	// when the context that would make them certain is unknown.
	Severity Severity
	// Scope is what the rule judges.
	Scope Scope
	// Summary is one line.
	Summary string
	// Explanation is the long description: what goes wrong and why.
	Explanation string
	// Bad is a build the rule reports; Good is the corrected build, which
	// it does not. File rules have neither.
	Bad, Good Build
	// FileName, BadFile and GoodFile are, for file rules, a file the rule
	// reports and its corrected form (the readers' tests check both).
	FileName, BadFile, GoodFile string
	// Others, for rules about several builds, are the builds Bad and Good
	// are checked together with (CheckAll).
	Others []Build
	// Backing is the Buildx or BuildKit message, or the documented
	// behaviour, that backs the severity.
	Backing string
	// OptIn rules are reported only when Options.Enable names them.
	OptIn bool
	// Evidence names the end-to-end tests (interop/e2e, "TestName/case")
	// that check the backing behaviour against a real BuildKit daemon.
	Evidence []string

	// FileFix says, for a file rule, whether the readers give its
	// diagnostics a mechanical fix (edits); for other rules
	// HasMechanicalFix finds it from the Bad example.
	FileFix bool

	// check runs a value or build rule on one build; checkSet runs a rule on
	// a set of builds. Both are nil for rules the parser or the readers
	// report.
	check    func(c pass)
	checkSet func(s setPass)
	// checkRepo runs a rule on all the builds of a repository
	// (CheckRepository); a build rule may have one too, for what only the
	// whole repository shows.
	checkRepo func(s repoPass)
}

// DocsURL is where the rule catalogue is published; each rule has a section
// (see [Rule.URL]).
const DocsURL = "https://github.com/buildxcache/buildxcache/blob/main/docs/rules.md"

// URL returns the address of the rule's section of the catalogue.
func (r Rule) URL() string { return DocsURL + "#" + strings.ToLower(r.Name) }

// HasMechanicalFix reports whether the rule's fix is mechanical: its
// diagnostics carry edits that `buildxcache lint --fix` applies. For value
// and build rules it is what the rule reports on its Bad example; file
// rules declare it (FileFix).
func (r Rule) HasMechanicalFix() bool {
	if r.Scope == ScopeFile {
		return r.FileFix
	}
	var ds Diagnostics
	if r.Scope == ScopeRepository {
		ds = Options{Enable: []string{r.Name}}.CheckRepository(append([]Build{r.Bad}, r.Others...), true)
	} else if len(r.Others) > 0 {
		ds = Options{Enable: []string{r.Name}}.CheckAll(append([]Build{r.Bad}, r.Others...))
	} else {
		ds = Options{Enable: []string{r.Name}}.Check(r.Bad)
	}
	for _, d := range ds {
		if d.Rule == r.Name && len(d.Fix().Edits) > 0 {
			return true
		}
	}
	return false
}

// At returns a diagnostic of the rule at rng, with the rule's severity: the
// form the readers report file rules in.
func (r *Rule) At(rng diag.Range, msg string, fixes ...Fix) Diagnostic {
	return Diagnostic{Rule: r.Name, Severity: r.Severity, Message: msg, Range: rng, Fixes: fixes, Index: -1}
}

// registry holds every rule; register adds to it at package initialisation.
var registry []*Rule

// byName maps names, lower-cased, and codes, lower-cased, to rules;
// byExact the names and codes as written, which is how diagnostics and
// options name rules, found without lower-casing.
var byName, byExact = map[string]*Rule{}, map[string]*Rule{}

// register adds r to the registry. Names and codes must be unique.
func register(r *Rule) *Rule {
	for _, k := range []string{strings.ToLower(r.Name), strings.ToLower(r.Code)} {
		if _, dup := byName[k]; dup {
			panic("validate: duplicate rule name or code " + k)
		}
		byName[k] = r
	}
	byExact[r.Name], byExact[r.Code] = r, r
	if r.Scope == 0 {
		panic("validate: rule " + r.Name + " has no scope")
	}
	i, _ := slices.BinarySearchFunc(registry, r, func(a, b *Rule) int { return cmp.Compare(a.Code, b.Code) })
	registry = slices.Insert(registry, i, r)
	return r
}

// Rules returns every rule, ordered by code: the cache rules, then the
// file rules. The slice is a copy.
func Rules() []Rule {
	out := make([]Rule, len(registry))
	for i, r := range registry {
		out[i] = *r
	}
	return out
}

// Lookup returns the rule with the given name or code, matched without
// regard to case ("UnknownCacheAttribute", "unknowncacheattribute",
// "CS004", "cs004").
func Lookup(name string) (Rule, bool) {
	if r := lookup(name); r != nil {
		return *r, true
	}
	return Rule{}, false
}

func lookup(name string) *Rule {
	if r := byExact[name]; r != nil {
		return r
	}
	return byName[strings.ToLower(name)]
}

// SuggestRule returns the name of the rule a misspelled rule name most
// likely means, compared without regard to case: the rule within two
// edits of it (cachespec.Suggest), else the first rule whose name holds it
// or is held by it; "" when none is near.
func SuggestRule(name string) string {
	l := strings.ToLower(name)
	if l == "" {
		return ""
	}
	names := make([]string, len(registry))
	for i, r := range registry {
		names[i] = strings.ToLower(r.Name)
	}
	if near := cachespec.Suggest(l, names); near != "" {
		return byName[near].Name
	}
	for i, n := range names {
		if strings.Contains(n, l) || strings.Contains(l, n) {
			return registry[i].Name
		}
	}
	return ""
}

// pass is a check's view of one build: the checker, and the rule every
// report is made under.
type pass struct {
	*checker
	rule *Rule
}

// report adds a diagnostic about value v (nil: the build), concerning attr,
// at the rule's severity.
func (c pass) report(v *value, attr string, msg string, fix Fix) {
	c.reportSeverity(c.rule.Severity, v, attr, msg, fix)
}

// reportSeverity is report with an explicit severity.
func (c pass) reportSeverity(sev Severity, v *value, attr string, msg string, fix Fix) {
	off, n := 0, 0
	if v != nil {
		off, n = v.attrSpan(attr)
	}
	c.reportSpan(sev, v, attr, off, n, msg, fix)
}

// reportSpan is reportSeverity with an explicit span of the raw value.
func (c pass) reportSpan(sev Severity, v *value, attr string, off, n int, msg string, fix Fix) {
	d := Diagnostic{Rule: c.rule.Name, Severity: sev, Message: msg, Index: -1, Attr: attr, Fixes: []Fix{fix}}
	if v != nil {
		d.Direction, d.Index = v.dir, v.index
		d.Offset, d.Len = off, n
	}
	c.diags = append(c.diags, d)
}

// attrSpan locates attr=... in the raw value: the offset of the field and
// its length, or 0, 0.
func (v *value) attrSpan(attr string) (int, int) {
	if attr == "" {
		return 0, 0
	}
	var off, n int
	var ok bool
	if v.spans == nil && !v.spanned {
		// the first attribute asked for: most values have one finding
		v.spanned = true
		off, n, ok = cachespec.FieldSpan(v.x.text, attr)
	} else {
		if v.spans == nil {
			if v.spans = cachespec.FieldSpans(v.x.text); v.spans == nil {
				v.spans = map[string][2]int{} // not CSV: no field
			}
		}
		var sp [2]int
		sp, ok = v.spans[attr]
		off, n = sp[0], sp[1]
	}
	if !ok || n == 0 {
		return 0, 0
	}
	start, end := v.x.rawOffset(off), v.x.rawOffset(off+n-1)+1
	for _, t := range v.x.templates {
		if t.start < end && end <= t.end {
			end = t.end // the field ends in a template: all of it
		}
	}
	return start, end - start
}

// renameKey returns a fix that renames the key attr of value v to to, with
// the edit when the key is written as it is read (not in a template).
//
// A key that names a credential is never renamed to one that does not: the
// fixed value would show the credential, under a key that is not redacted.
func (v *value) renameKey(msg, attr, to string) Fix {
	off, n := v.attrSpan(attr)
	if n == 0 || secretKey(attr) && !secretKey(to) {
		return Fix{Message: msg}
	}
	if v.raw[off] == '"' {
		off++
	}
	if off+len(attr) > len(v.raw) || !strings.EqualFold(v.raw[off:off+len(attr)], attr) ||
		off+len(attr) >= len(v.raw) || v.raw[off+len(attr)] != '=' || v.x.touchesTemplate(off, len(attr)) {
		return Fix{Message: msg}
	}
	return replace(msg, off, len(attr), to)
}

// each calls f with every parsed entry of the values of direction dir, or
// of both directions for DirectionUnknown.
func (c *checker) each(dir cachespec.Direction, f func(v *value, e cachespec.Entry)) {
	for _, v := range c.values {
		if v.dir != dir && dir != cachespec.DirectionUnknown {
			continue
		}
		for _, e := range v.entries {
			f(v, e)
		}
	}
}

// eachOf calls f with every parsed entry of backend E among the values of
// direction dir (both for DirectionUnknown).
func eachOf[E cachespec.Entry](c *checker, dir cachespec.Direction, f func(v *value, e E)) {
	c.each(dir, func(v *value, e cachespec.Entry) {
		if x, ok := e.(E); ok {
			f(v, x)
		}
	})
}

// run runs every value and build rule on the checker's build.
func (c *checker) run() {
	for _, r := range registry {
		if r.check != nil {
			r.check(pass{c, r})
		}
	}
}

func ptr[T any](v T) *T { return &v }

// secretKey reports whether cachespec treats the values of attribute key
// as secrets (a secret attribute, a near miss of one, or a key that names
// a credential), as its redaction of a value holding the key shows.
func secretKey(key string) bool {
	return strings.Contains(cachespec.Redact("type=gha,"+key+"=x"), cachespec.Redacted)
}
