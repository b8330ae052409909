package validate

import (
	"slices"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

// Rule describes one check: its stable name, default severity and
// documentation. The registry of rules is data ([Rules]); the docs page
// docs/rules.md is generated from it.
type Rule struct {
	// Name is the stable CamelCase name diagnostics carry.
	Name string
	// Code is the catalogue code (CS001, ...).
	Code string
	// Severity is the default severity. Some rules report a lower severity
	// when the context that would make them certain is unknown.
	Severity Severity
	// Summary is one line.
	Summary string
	// Explanation is the long description: what goes wrong and why.
	Explanation string
	// Bad is a build the rule reports; Good is the corrected build, which
	// it does not.
	Bad, Good Build
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

	// check runs the rule, or is nil for rules reported by the parser.
	check func(c *checker)
}

// Rules returns every rule, ordered by code. The slice is a copy.
func Rules() []Rule { return slices.Clone(registry) }

// Lookup returns the rule named name.
func Lookup(name string) (Rule, bool) {
	for _, r := range registry {
		if r.Name == name {
			return r, true
		}
	}
	return Rule{}, false
}

// run runs every rule.
func (c *checker) run() {
	for _, r := range registry {
		if r.check != nil {
			r.check(c)
		}
	}
}

// severities maps rule names to default severities; filled from the
// registry at init, so that checks can report without referring to the
// registry that refers to them.
var severities = map[string]Severity{}

// optIn holds the names of the opt-in rules.
var optIn = map[string]bool{}

func init() {
	slices.SortStableFunc(registry, func(a, b Rule) int { return strings.Compare(a.Code, b.Code) })
	for _, r := range registry {
		if _, dup := severities[r.Name]; dup {
			panic("validate: duplicate rule " + r.Name)
		}
		severities[r.Name] = r.Severity
		if r.OptIn {
			optIn[r.Name] = true
		}
	}
}

// report adds a diagnostic for rule about value v, at the rule's severity.
func (c *checker) report(rule string, v *value, attr string, msg string, fix Fix) {
	c.reportSeverity(severities[rule], rule, v, attr, msg, fix)
}

// reportSeverity adds a diagnostic with an explicit severity.
func (c *checker) reportSeverity(sev Severity, rule string, v *value, attr string, msg string, fix Fix) {
	d := Diagnostic{Rule: rule, Severity: sev, Message: msg, Index: -1, Attr: attr, Fix: fix}
	if v != nil {
		d.Direction, d.Index = v.dir, v.index
		d.Offset, d.Len = v.attrSpan(attr)
	}
	c.diags = append(c.diags, d)
}

// attrSpan locates attr=... in the raw value: the offset of the field and
// its length, or 0, 0.
func (v *value) attrSpan(attr string) (int, int) {
	if attr == "" {
		return 0, 0
	}
	off, n := fieldSpan(v.x.text, attr)
	if n == 0 {
		return 0, 0
	}
	start, end := v.x.rawOffset(off), v.x.rawOffset(off+n-1)+1
	return start, end - start
}

// entriesOf yields the parsed entries of the values of one direction.
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

func ptr[T any](v T) *T { return &v }
