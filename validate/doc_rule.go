package validate

import (
	"strconv"
	"strings"
)

// Markdown returns the rule's documentation as a Markdown section: name,
// code, severity, summary, explanation, the backing behaviour, and the bad
// and good examples as docker buildx build command lines.
func (r Rule) Markdown() string {
	var b strings.Builder
	b.WriteString("## " + r.Name + "\n\n")
	b.WriteString("`" + r.Code + "` · default severity **" + r.Severity.String() + "** · scope " + r.Scope.String() + "\n\n")
	b.WriteString(r.Summary + ".\n\n")
	b.WriteString(r.Explanation + "\n\n")
	if c := r.Context(); c != "" {
		b.WriteString("Context: " + c + "\n\n")
	}
	b.WriteString("Backed by: " + r.Backing + "\n\n")
	if r.HasMechanicalFix() {
		b.WriteString("Fix: mechanical; `buildxcache lint --fix` applies it (`--diff` shows it).\n\n")
	} else {
		b.WriteString("Fix: a suggestion that needs a choice; `--fix` does not apply it.\n\n")
	}
	if len(r.Evidence) > 0 {
		b.WriteString("Verified against a real BuildKit v0.34.2 daemon by the end-to-end tests in [interop/e2e](../interop/e2e/EVIDENCE.md): ")
		for i, e := range r.Evidence {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("`" + e + "`")
		}
		b.WriteString(".\n\n")
	}
	if r.Scope == ScopeFile {
		b.WriteString("Reported (`" + r.FileName + "`):\n\n```\n" + strings.ToValidUTF8(r.BadFile, "\uFFFD") + "```\n\n")
		b.WriteString("Not reported:\n\n```\n" + r.GoodFile + "```\n")
		return b.String()
	}
	b.WriteString("Reported:\n\n```sh\n" + commandLine(r.Bad) + "\n```\n\n")
	b.WriteString("Not reported:\n\n```sh\n" + commandLine(r.Good) + "\n```\n")
	if len(r.Others) > 0 {
		b.WriteString("\nwhen checked together with:\n\n```sh\n")
		for i, o := range r.Others {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(commandLine(o) + "\n")
		}
		b.WriteString("```\n")
	}
	return b.String()
}

// commandLine prints a build as the docker buildx build command that has
// the same cache values and context.
func commandLine(b Build) string {
	parts := []string{"docker buildx build"}
	for _, t := range b.Tags {
		parts = append(parts, "--tag "+shellQuote(t))
	}
	for _, v := range b.CacheFrom {
		parts = append(parts, "--cache-from "+shellQuote(v))
	}
	for _, v := range b.CacheTo {
		parts = append(parts, "--cache-to "+shellQuote(v))
	}
	if len(b.Platforms) > 0 {
		parts = append(parts, "--platform "+shellQuote(strings.Join(b.Platforms, ",")))
	}
	if b.Push != nil && *b.Push {
		parts = append(parts, "--push")
	}
	if b.Load != nil && *b.Load {
		parts = append(parts, "--load")
	}
	parts = append(parts, ".")
	line := strings.Join(parts, " ")
	if len(line) > 100 {
		line = strings.Join(parts, " \\\n  ")
	}
	if b.CI.Event != "" {
		line = "# on: " + b.CI.Event + "\n" + line
	}
	if b.Name != "" {
		line = "# build " + b.Name + "\n" + line
	}
	return line
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_=,./:@+", r))
	}) < 0 {
		return s
	}
	if len(s) > 200 {
		s = s[:40] + "..." + strconv.Itoa(len(s)) + " bytes"
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// RulesMarkdown returns the catalogue page: an index table and one section
// per rule, in registry order.
func RulesMarkdown() string {
	var b strings.Builder
	b.WriteString("# buildxcache rules\n\n")
	b.WriteString("Generated from the rule registry in package validate (`go test ./validate -run TestRulesDoc -update`); do not edit.\n\n")
	b.WriteString("| Code | Rule | Severity | Fix | Summary |\n|---|---|---|---|---|\n")
	for _, r := range registry {
		fix := "suggestion"
		if r.HasMechanicalFix() {
			fix = "mechanical"
		}
		b.WriteString("| " + r.Code + " | [" + r.Name + "](#" + strings.ToLower(r.Name) + ") | " + r.Severity.String() + " | " + fix + " | " + r.Summary + " |\n")
	}
	for _, r := range registry {
		b.WriteString("\n" + r.Markdown())
	}
	return b.String()
}
