package lint

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// A suppression is one "buildxcache: ignore[...]" comment of a file.
type suppression struct {
	file      string
	line      int  // the comment's line
	from, to  int  // the lines it covers
	wholeFile bool // ignore-file
	ownLine   bool // the comment is alone on its line
	rules     []string
	used      bool
}

// suppressionRe matches the directive in a comment: "#" or "//", then
// "buildxcache:", "ignore" or "ignore-file", the rules in brackets, and the
// reason.
var suppressionRe = regexp.MustCompile(`(?:#|//)\s*buildxcache:\s*(ignore(?:-file)?)\s*(?:\[([^\]]*)\])?[ \t]*(.*)$`)

// scanSuppressions finds the suppression comments of a file, and the
// diagnostics of those that are malformed.
func scanSuppressions(file string, content []byte) ([]*suppression, diag.Diagnostics) {
	if !bytes.Contains(content, []byte("buildxcache:")) {
		return nil, nil
	}
	lines := strings.Split(string(content), "\n")
	var out []*suppression
	var ds diag.Diagnostics
	for i, l := range lines {
		m := suppressionRe.FindStringSubmatchIndex(l)
		if m == nil {
			continue
		}
		line := i + 1
		at := diag.At(file, diag.Pos{Line: line, Col: m[0] + 1})
		kind, rules, reason := l[m[2]:m[3]], "", strings.TrimSpace(l[m[6]:m[7]])
		if m[4] >= 0 {
			rules = l[m[4]:m[5]]
		}
		s := &suppression{file: file, line: line, wholeFile: kind == "ignore-file", ownLine: strings.TrimSpace(l[:m[0]]) == ""}
		bad := false
		for _, name := range strings.Split(rules, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			r, ok := validate.Lookup(name)
			if !ok {
				msg := "the suppression names no rule " + strconv.Quote(name)
				if near := validate.SuggestRule(name); near != "" {
					msg += " (did you mean " + near + "?)"
				}
				ds = append(ds, validate.InvalidSuppression.At(at, msg+"; it suppresses nothing",
					diag.Fix{Message: "name a rule listed by buildxcache rules"}))
				bad = true
				continue
			}
			s.rules = append(s.rules, r.Name)
		}
		switch {
		case m[4] < 0 || len(s.rules) == 0 && !bad:
			ds = append(ds, validate.InvalidSuppression.At(at, "the suppression names no rule; it suppresses nothing",
				diag.Fix{Message: "write buildxcache: " + kind + "[RuleName] and the reason"}))
			continue
		case reason == "":
			ds = append(ds, validate.InvalidSuppression.At(at, "the suppression gives no reason; it suppresses nothing",
				diag.Fix{Message: "say after the brackets why the finding does not apply"}))
			continue
		case len(s.rules) == 0:
			continue
		}
		s.from, s.to = line, line
		if s.ownLine && !s.wholeFile {
			s.from, s.to = coveredLines(lines, i+1)
		}
		out = append(out, s)
	}
	return out, ds
}

// coveredLines returns the lines an own-line suppression above line index
// next covers: the first line below that is neither blank nor a comment,
// and every following line indented more than it (the block it opens).
func coveredLines(lines []string, next int) (from, to int) {
	for next < len(lines) {
		t := strings.TrimSpace(lines[next])
		if t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "//") {
			break
		}
		next++
	}
	if next >= len(lines) {
		return 0, -1
	}
	indent := indentOf(lines[next])
	end := next
	for j := next + 1; j < len(lines); j++ {
		if strings.TrimSpace(lines[j]) == "" {
			continue
		}
		if indentOf(lines[j]) <= indent {
			// a closing bracket at the block's own indentation ends it
			if c := strings.TrimSpace(lines[j]); c == "}" || c == "]" || c == ")" {
				end = j
			}
			break
		}
		end = j
	}
	return next + 1, end + 1
}

func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " \t")) }

// applySuppressions drops the diagnostics that suppressions cover and
// reports the suppressions that cover none (UnusedSuppression), except
// those of rules the options disable.
func applySuppressions(ds diag.Diagnostics, sups map[string][]*suppression, opts Options) diag.Diagnostics {
	return applySuppressionsOf(ds, sups, opts, false)
}

// applySuppressionsOf is applySuppressions; repo says ds are the
// repository pass's findings (repository.go), which alone report the
// suppressions that name a repository rule unused.
func applySuppressionsOf(ds diag.Diagnostics, sups map[string][]*suppression, opts Options, repo bool) diag.Diagnostics {
	if len(sups) == 0 {
		return ds
	}
	out := ds[:0:0]
	for _, d := range ds {
		if !suppressed(d, sups[d.Range.File]) {
			out = append(out, d)
		}
	}
	for _, ss := range sups {
		for _, s := range ss {
			if s.used || !repo && namesRepositoryRule(s.rules) {
				continue // a repository rule's finding comes from the repository pass
			}
			active := false
			for _, r := range s.rules {
				if !opts.Validate.Disabled(r) {
					active = true
				}
			}
			if !active {
				continue
			}
			at := diag.At(s.file, diag.Pos{Line: s.line, Col: 1})
			fix := diag.Fix{Message: "remove the comment"}
			if s.ownLine {
				fix.Edits = []diag.TextEdit{{Range: diag.Range{File: s.file, Start: diag.Pos{Line: s.line, Col: 1}, End: diag.Pos{Line: s.line + 1, Col: 1}}}}
			}
			out = append(out, validate.UnusedSuppression.At(at,
				"the suppression of "+strings.Join(s.rules, ", ")+" hides no finding", fix))
		}
	}
	return out
}

// suppressed reports whether a suppression covers d, marking it used.
func suppressed(d diag.Diagnostic, ss []*suppression) bool {
	hit := false
	for _, s := range ss {
		if !s.wholeFile && (d.Range.Start.Line < s.from || d.Range.Start.Line > s.to) {
			continue
		}
		for _, r := range s.rules {
			if r == d.Rule {
				s.used, hit = true, true
			}
		}
	}
	return hit
}
