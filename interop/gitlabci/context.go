package gitlabci

import (
	"regexp"
	"strings"
)

// refKind is what a pipeline runs for.
type refKind uint8

const (
	refDefault refKind = iota // the default branch
	refOther                  // another branch
	refTag                    // a tag
	refMR                     // a merge request's source branch
)

// situation is one kind of pipeline a job may run in: the pipeline source
// ($CI_PIPELINE_SOURCE), the ref, and for merge requests whether the
// source project is a fork (whose pipeline runs in the fork project).
type situation struct {
	source string
	event  string // the validate.CI Event
	ref    refKind
	fork   bool
}

// situations are the pipelines a job is judged in, in the order the event
// of its builds is picked: merge request pipelines first (where a registry
// export can fail), then branch, tag and other pipelines.
var situations = []situation{
	{"merge_request_event", "merge_request_event", refMR, true},
	{"merge_request_event", "merge_request_event", refMR, false},
	{"push", "push", refOther, false},
	{"push", "push", refDefault, false},
	{"push", "tag", refTag, false},
	{"schedule", "schedule", refDefault, false},
	{"web", "web", refDefault, false},
	{"api", "api", refDefault, false},
	{"trigger", "trigger", refDefault, false},
	{"pipeline", "pipeline", refDefault, false},
	{"parent_pipeline", "parent_pipeline", refDefault, false},
}

// tri is a truth value that may be unknown.
type tri int8

const (
	tFalse tri = iota - 1
	tUnknown
	tTrue
)

func triOf(b bool) tri {
	if b {
		return tTrue
	}
	return tFalse
}

func (a tri) and(b tri) tri {
	switch {
	case a == tFalse || b == tFalse:
		return tFalse
	case a == tTrue && b == tTrue:
		return tTrue
	}
	return tUnknown
}

func (a tri) or(b tri) tri {
	switch {
	case a == tTrue || b == tTrue:
		return tTrue
	case a == tFalse && b == tFalse:
		return tFalse
	}
	return tUnknown
}

func (a tri) not() tri { return -a }

// operand is what a rules: expression knows of a variable or literal in a
// situation: whether it is defined, and its value when known. Values of
// the refs and projects, which the file cannot know, are tokens: @default
// (the default branch), @other (another branch), @tag, @parent (the
// project of the repository) and @fork (a fork of it).
type operand struct {
	defined tri
	val     string
	known   bool
	regex   *regexp.Regexp
	bad     bool // a regex that does not compile
}

// defaultNames are the branch names taken for the default branch when a
// rule compares a branch with a literal.
var defaultNames = []string{"main", "master"}

// variable returns the operand of $name in situation s; user holds the
// constant variables the file sets.
func variable(name string, s situation, user func(string) (string, bool)) operand {
	def := func(b bool, v string) operand {
		if !b {
			return operand{defined: tFalse}
		}
		return operand{defined: tTrue, val: v, known: true}
	}
	unknown := operand{defined: tUnknown}
	branch := map[refKind]string{refDefault: "@default", refOther: "@other", refMR: "@other", refTag: "@tag"}[s.ref]
	project := "@parent"
	if s.fork {
		project = "@fork"
	}
	mr := s.ref == refMR
	switch name {
	case "CI_PIPELINE_SOURCE":
		return def(true, s.source)
	case "CI_COMMIT_BRANCH":
		return def(s.ref == refDefault || s.ref == refOther, branch)
	case "CI_COMMIT_REF_NAME", "CI_COMMIT_REF_SLUG":
		return def(true, branch)
	case "CI_DEFAULT_BRANCH":
		return def(true, "@default")
	case "CI_COMMIT_TAG":
		return def(s.ref == refTag, "@tag")
	case "CI_MERGE_REQUEST_SOURCE_PROJECT_ID", "CI_MERGE_REQUEST_SOURCE_PROJECT_PATH", "CI_MERGE_REQUEST_SOURCE_PROJECT_URL":
		return def(mr, project)
	case "CI_MERGE_REQUEST_PROJECT_ID", "CI_MERGE_REQUEST_PROJECT_PATH", "CI_MERGE_REQUEST_PROJECT_URL":
		return def(mr, "@parent")
	case "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME":
		return def(mr, "@other")
	case "CI_MERGE_REQUEST_ID", "CI_MERGE_REQUEST_IID", "CI_MERGE_REQUEST_REF_PATH", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_MERGE_REQUEST_TITLE":
		return def(mr, "@set") // set, to a value the file cannot know
	case "CI_PROJECT_ID", "CI_PROJECT_PATH", "CI_PROJECT_NAMESPACE", "CI_PROJECT_ROOT_NAMESPACE", "CI_PROJECT_URL", "CI_PROJECT_PATH_SLUG":
		return def(true, project)
	case "CI_COMMIT_REF_PROTECTED":
		if s.fork {
			return def(true, "false")
		}
		return unknown
	case "CI_OPEN_MERGE_REQUESTS":
		if s.ref == refTag {
			return def(false, "")
		}
		return unknown
	}
	if strings.HasPrefix(name, "CI_MERGE_REQUEST_") {
		if !mr {
			return def(false, "")
		}
		return unknown
	}
	if strings.HasPrefix(name, "CI_EXTERNAL_PULL_REQUEST_") {
		return def(false, "")
	}
	if strings.HasPrefix(name, "CI_") || strings.HasPrefix(name, "GITLAB_") {
		return unknown
	}
	if user != nil {
		if v, ok := user(name); ok && !strings.ContainsAny(v, "$") {
			return def(true, v)
		}
	}
	return unknown
}

// truth is a lone operand's value in a condition: defined and not empty.
func (o operand) truth() tri {
	switch {
	case o.defined == tFalse:
		return tFalse
	case o.defined == tTrue && o.known:
		return triOf(o.val != "")
	}
	return tUnknown
}

// equal compares two operands (==).
func equal(a, b operand) tri {
	if a.regex != nil || b.regex != nil || a.bad || b.bad {
		return tUnknown
	}
	if a.defined == tFalse || b.defined == tFalse {
		// null == null, $UNSET == null
		if a.defined == tFalse && b.defined == tFalse {
			return tTrue
		}
		if a.defined == tUnknown || b.defined == tUnknown {
			return tUnknown
		}
		return tFalse
	}
	if !a.known || !b.known {
		return tUnknown
	}
	at, bt := strings.HasPrefix(a.val, "@"), strings.HasPrefix(b.val, "@")
	switch {
	case at && bt:
		if a.val == "@other" && b.val == "@other" || a.val == "@tag" && b.val == "@tag" {
			return tUnknown
		}
		return triOf(a.val == b.val)
	case at:
		return tokenIs(a.val, b.val)
	case bt:
		return tokenIs(b.val, a.val)
	}
	return triOf(a.val == b.val)
}

// tokenIs compares a token with a literal.
func tokenIs(tok, lit string) tri {
	switch tok {
	case "@default":
		for _, n := range defaultNames {
			if lit == n {
				return tTrue
			}
		}
		return tUnknown
	case "@other":
		for _, n := range defaultNames {
			if lit == n {
				return tFalse
			}
		}
	case "@parent":
		return tTrue // a literal project path names the project itself
	case "@fork":
		return tFalse
	}
	return tUnknown
}

// matches applies a regex operand (=~).
func matches(a, re operand) tri {
	if re.bad || re.regex == nil || a.defined == tUnknown {
		return tUnknown
	}
	if a.defined == tFalse {
		return tFalse
	}
	if !a.known {
		return tUnknown
	}
	if a.val == "@default" {
		n := 0
		for _, name := range defaultNames {
			if re.regex.MatchString(name) {
				n++
			}
		}
		switch n {
		case 0:
			return tFalse
		case len(defaultNames):
			return tTrue
		}
		return tUnknown
	}
	if strings.HasPrefix(a.val, "@") {
		return tUnknown
	}
	return triOf(re.regex.MatchString(a.val))
}

// expr evaluates GitLab's rules:if (and only:variables) expressions:
// $VAR, ${VAR}, "string", 'string', /regex/flags, null, ==, !=, =~, !~,
// &&, || and parentheses. A syntax it does not know is unknown.
type expr struct {
	s    string
	i    int
	sit  situation
	user func(string) (string, bool)
	bad  bool
}

func evalExpr(s string, sit situation, user func(string) (string, bool)) tri {
	e := &expr{s: s, sit: sit, user: user}
	v := e.or()
	e.space()
	if e.bad || e.i < len(e.s) {
		return tUnknown
	}
	return v
}

func (e *expr) space() {
	for e.i < len(e.s) && (e.s[e.i] == ' ' || e.s[e.i] == '\t' || e.s[e.i] == '\n' || e.s[e.i] == '\r') {
		e.i++
	}
}

func (e *expr) eat(tok string) bool {
	e.space()
	if strings.HasPrefix(e.s[e.i:], tok) {
		e.i += len(tok)
		return true
	}
	return false
}

func (e *expr) or() tri {
	v := e.and()
	for !e.bad && e.eat("||") {
		v = v.or(e.and())
	}
	return v
}

func (e *expr) and() tri {
	v := e.unary()
	for !e.bad && e.eat("&&") {
		v = v.and(e.unary())
	}
	return v
}

func (e *expr) unary() tri {
	if e.eat("(") {
		v := e.or()
		if !e.eat(")") {
			e.bad = true
		}
		return v
	}
	a := e.operand()
	switch {
	case e.eat("=="):
		return equal(a, e.operand())
	case e.eat("!="):
		return equal(a, e.operand()).not()
	case e.eat("=~"):
		return matches(a, e.operand())
	case e.eat("!~"):
		return matches(a, e.operand()).not()
	}
	if a.regex != nil || a.bad {
		return tUnknown
	}
	return a.truth()
}

func (e *expr) operand() operand {
	e.space()
	if e.i >= len(e.s) {
		e.bad = true
		return operand{defined: tUnknown}
	}
	switch c := e.s[e.i]; {
	case c == '$':
		e.i++
		brace := e.i < len(e.s) && e.s[e.i] == '{'
		if brace {
			e.i++
		}
		start := e.i
		for e.i < len(e.s) && (isNameByte(e.s[e.i])) {
			e.i++
		}
		name := e.s[start:e.i]
		if brace {
			if e.i >= len(e.s) || e.s[e.i] != '}' {
				e.bad = true
			}
			e.i++
		}
		if name == "" {
			e.bad = true
		}
		return variable(name, e.sit, e.user)
	case c == '"' || c == '\'':
		end := strings.IndexByte(e.s[e.i+1:], c)
		if end < 0 {
			e.bad = true
			return operand{defined: tUnknown}
		}
		v := e.s[e.i+1 : e.i+1+end]
		e.i += end + 2
		return operand{defined: tTrue, val: v, known: true}
	case c == '/':
		j := e.i + 1
		for j < len(e.s) && e.s[j] != '/' {
			if e.s[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(e.s) {
			e.bad = true
			return operand{defined: tUnknown}
		}
		pat := e.s[e.i+1 : j]
		j++
		flags := ""
		for j < len(e.s) && (e.s[j] == 'i' || e.s[j] == 'm' || e.s[j] == 's') {
			flags += string(e.s[j])
			j++
		}
		e.i = j
		if flags != "" {
			pat = "(?" + flags + ")" + pat
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return operand{bad: true, defined: tUnknown}
		}
		return operand{regex: re, defined: tTrue}
	case strings.HasPrefix(e.s[e.i:], "null"):
		e.i += 4
		return operand{defined: tFalse}
	}
	e.bad = true
	return operand{defined: tUnknown}
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// rulesMayRun reports whether a rules: list lets the job (or, for
// workflow: rules, the pipeline) run in situation s: the first rule whose
// condition holds decides, when: never excluding; a rule whose condition
// is unknown (an unknown variable, changes:, exists:) may match or not.
func (r *reader) rulesMayRun(rules []*node, s situation, user func(string) (string, bool)) bool {
	may := false
	for _, rule := range rules {
		if rule.kind != kMap {
			continue
		}
		c := tTrue
		if cond, ok := r.deref(rule.get("if"), 0).scalarValue(); ok {
			c = evalExpr(cond, s, user)
		}
		if rule.get("changes") != nil || rule.get("exists") != nil {
			c = c.and(tUnknown)
		}
		if c == tFalse {
			continue
		}
		when, _ := r.deref(rule.get("when"), 0).scalarValue()
		if when == "never" {
			if c == tTrue {
				return may
			}
			continue
		}
		may = true
		if c == tTrue {
			return true
		}
	}
	return may
}

// refMatches reports whether an only:/except: refs entry matches s.
func refMatches(ref string, s situation) tri {
	branchPipeline := s.ref == refDefault || s.ref == refOther
	switch ref {
	case "branches":
		return triOf(branchPipeline)
	case "tags":
		return triOf(s.ref == refTag)
	case "merge_requests":
		return triOf(s.source == "merge_request_event")
	case "schedules":
		return triOf(s.source == "schedule")
	case "web", "api", "chat":
		return triOf(s.source == ref)
	case "pipelines":
		return triOf(s.source == "pipeline" || s.source == "parent_pipeline")
	case "triggers":
		return triOf(s.source == "trigger")
	case "pushes":
		return triOf(s.source == "push")
	case "external_pull_requests":
		return tFalse
	}
	if s.ref == refMR {
		return tFalse // merge request pipelines need merge_requests
	}
	if strings.HasPrefix(ref, "/") && len(ref) > 1 {
		op := (&expr{s: ref}).operand()
		name := map[refKind]string{refDefault: "@default", refOther: "@other", refTag: "@tag"}[s.ref]
		return matches(operand{defined: tTrue, val: name, known: true}, op)
	}
	if s.ref == refTag {
		return tUnknown
	}
	return tokenIs(map[refKind]string{refDefault: "@default", refOther: "@other"}[s.ref], ref)
}

// onlyExcept evaluates an only: or except: value (a list of refs, or a
// mapping of refs:, variables:, changes:, kubernetes:) in s; missing
// reports whether the value was given.
func (r *reader) onlyExcept(n *node, s situation, user func(string) (string, bool)) (v tri, given bool) {
	n = r.deref(n, 0)
	if n == nil || n.null {
		return tFalse, false
	}
	if n.kind != kMap {
		v = tFalse
		for _, ref := range n.strs() {
			v = v.or(refMatches(ref, s))
		}
		return v, true
	}
	v = tTrue
	if refs := n.get("refs"); refs != nil {
		m := tFalse
		for _, ref := range r.deref(refs, 0).strs() {
			m = m.or(refMatches(ref, s))
		}
		v = v.and(m)
	}
	if vars := n.get("variables"); vars != nil {
		m := tFalse
		for _, x := range r.deref(vars, 0).strs() {
			m = m.or(evalExpr(x, s, user))
		}
		v = v.and(m)
	}
	if n.get("changes") != nil || n.get("kubernetes") != nil {
		v = v.and(tUnknown)
	}
	return v, true
}

// jobMayRun reports whether job j may run in s, by its rules:, else its
// only: and except:. Without only:, GitLab gives a job only: [branches,
// tags], unless the file has workflow: rules (workflow says true), which
// drop that default: the job then runs in every pipeline the workflow
// lets run, merge request pipelines included (GitLab's
// Config::Entry::Processable#compose!).
func (r *reader) jobMayRun(j *node, s situation, user func(string) (string, bool), workflow bool) bool {
	if rules := j.get("rules"); rules != nil {
		return r.rulesMayRun(r.flatten(rules, 0), s, user)
	}
	only, given := r.onlyExcept(j.get("only"), s, user)
	switch {
	case given:
	case workflow:
		only = tTrue
	default:
		only = refMatches("branches", s).or(refMatches("tags", s))
	}
	except, _ := r.onlyExcept(j.get("except"), s, user)
	return only.and(except.not()) != tFalse
}
