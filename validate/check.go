package validate

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
)

// Build is what is known about one build: its raw cache values and its
// context. Unknown context is nil or empty, and never produces an
// error-severity diagnostic that needs it.
type Build struct {
	// CacheFrom and CacheTo are the raw values as written: one value per
	// flag, per list element, or per line of an action input (see
	// cachespec.SplitActionInput). A value that starts with "{" is the
	// JSON object form of a bake or compose list element. Values may hold
	// templates (GitHub expressions, ${VAR}, $VAR, $(VAR)); see Check.
	CacheFrom []string
	CacheTo   []string
	// CacheFromEntries and CacheToEntries are typed entries built in Go (a
	// generator's output), checked like raw values: an entry
	// cachespec.Validate refuses becomes the diagnostic of its refusal,
	// and every rule sees the others as it sees parsed values. They come
	// after the raw values of their direction: the diagnostics of entry i
	// have Index len(CacheFrom)+i (or len(CacheTo)+i), and their offsets
	// are in the entry's canonical form (cachespec.Format). For values a
	// user typed, give the raw strings instead (cachespec.Values.Raw), so
	// that diagnostics point into what was written.
	CacheFromEntries []cachespec.Entry
	CacheToEntries   []cachespec.Entry
	// Tags are the image names the build writes (-t, tags:).
	Tags []string
	// Push and Load say whether the image is pushed or loaded; nil when
	// unknown.
	Push *bool
	Load *bool
	// Platforms are the target platforms, as written.
	Platforms []string
	// CI describes the CI run, when there is one.
	CI CI
	// Builder describes the builder, when known.
	Builder Builder
	// Step says how the build is run in a GitHub workflow.
	Step Step
	// Origin says what kind of file or command the values were written in;
	// OriginUnknown when not known.
	Origin Origin
	// Name identifies the build among others checked with CheckAll (a job
	// and matrix leg, a bake target); it appears in cross-build messages.
	Name string
	// MovedDirs are directories that a later step moves elsewhere after
	// the build (the mv of `rm -rf /tmp/.buildx-cache && mv
	// /tmp/.buildx-cache-new /tmp/.buildx-cache` moves
	// /tmp/.buildx-cache-new): a local cache exported to one of them is a
	// new directory every run, which replaces the old cache, and does not
	// grow. Nil when unknown.
	MovedDirs []string
	// Persisted are the directories a step of the build's job saves and
	// restores between runs (actions/cache path:, upload-artifact and
	// download-artifact), with the cache key that saves them. Nil when
	// unknown or none; see CI.HostedRunner.
	Persisted []Persisted
	// Env looks up a variable of the environment the client runs in (for
	// example ACTIONS_RUNTIME_TOKEN). Nil means unknown. Check never reads
	// the process environment itself.
	Env cachespec.Env
	// Source, when not nil, says where the build and its values are
	// written; diagnostics then come back placed in the file
	// (Diagnostic.Range) and named after the build (Diagnostic.Subject).
	Source *Source
}

// Source is where a build is written: the file position of the build and
// of each of its raw values.
type Source struct {
	// Def is where the build is defined: a workflow step, a bake target, a
	// compose service, a command line. Diagnostics about the build as a
	// whole, or about a value with no span, are placed there.
	Def diag.Range
	// CacheFrom and CacheTo place the values of Build.CacheFrom and
	// Build.CacheTo, index by index. A value without a span (a shorter
	// slice) is placed at Def.
	CacheFrom, CacheTo []diag.Span
	// CacheFromSep and CacheToSep give, index by index, the text that
	// starts another value right after this one where it is written: a
	// line break and the indentation of an action input's literal block.
	// An empty or missing element means a value cannot be split there,
	// and a fix that splits two joined entries is then only a suggestion.
	CacheFromSep, CacheToSep []string
	// Group names the set of builds that run together and are checked
	// together for the cross-build rules: a workflow file, a bake group, a
	// compose project.
	Group string
}

// place returns the file range of bytes [off, off+n) of value index of
// direction dir, or of the build itself; exact reports whether the range
// is the bytes' own (the value's span is exact), not the value's start.
func (s *Source) place(dir cachespec.Direction, index, off, n int) (r diag.Range, exact bool) {
	var spans []diag.Span
	switch dir {
	case cachespec.DirectionImport:
		spans = s.CacheFrom
	case cachespec.DirectionExport:
		spans = s.CacheTo
	}
	if index >= 0 && index < len(spans) && spans[index].File != "" {
		sp := spans[index]
		return sp.Range(off, n), sp.Exact && !sp.Start.IsZero() && sp.Start.Col > 0
	}
	return s.Def, false
}

// placeAll fills in the range, subject and displayed fixes of the
// diagnostics about build b.
func placeAll(b Build, ds Diagnostics, memo redactMemo) {
	var secrets []string
	if len(ds) > 0 {
		secrets = buildSecrets(b)
	}
	for i := range ds {
		d := &ds[i]
		d.Subject = b.Name
		d.Message = memo.redact(d.Message, secrets)
		for j := range d.Fixes {
			d.Fixes[j].Message = memo.redact(d.Fixes[j].Message, secrets)
		}
		raw := b.raw(d.Direction, d.Index)
		if b.Source != nil {
			off, n := d.Offset, d.Len
			if off == 0 && n == 0 {
				n = len(raw) // about the whole value
			}
			d.Range, _ = b.Source.place(d.Direction, d.Index, off, n)
		}
		for j := range d.Fixes {
			f := &d.Fixes[j]
			if len(f.Edits) == 0 {
				continue
			}
			f.Edits = slices.Clone(f.Edits)
			if b.Source != nil && splits(*f) {
				// an edit that splits the value in two (NewText "\n", as
				// cachespec writes the split of two joined entries): written
				// as the reader says a next value is, or not at all
				sep := b.Source.sep(d.Direction, d.Index)
				if sep == "" {
					f.Edits = nil
					continue
				}
				for k := range f.Edits {
					if f.Edits[k].NewText == "\n" {
						f.Edits[k].NewText = sep
					}
				}
			}
			f.Fixed, _ = FixedValue(*f, raw)
			if strings.ContainsAny(f.Fixed, "\n\r") {
				f.Fixed = "" // several values: the message names them
			}
			if b.Source != nil {
				for k := range f.Edits {
					e := &f.Edits[k]
					if r, exact := b.Source.place(d.Direction, d.Index, e.Offset, e.Len); exact {
						e.Range = r // only where the bytes map exactly
					}
				}
			}
		}
	}
}

// splits reports whether a fix splits its value: an edit inserts "\n".
func splits(f Fix) bool {
	for _, e := range f.Edits {
		if e.NewText == "\n" {
			return true
		}
	}
	return false
}

// sep returns the separator of value index of direction dir, or "".
func (s *Source) sep(dir cachespec.Direction, index int) string {
	seps := s.CacheToSep
	if dir == cachespec.DirectionImport {
		seps = s.CacheFromSep
	}
	if index < 0 || index >= len(seps) {
		return ""
	}
	return seps[index]
}

// raw returns the raw value index of direction dir (a typed entry's
// canonical form after the raw values), or "".
func (b Build) raw(dir cachespec.Direction, index int) string {
	var vals []string
	var typed []cachespec.Entry
	switch dir {
	case cachespec.DirectionImport:
		vals, typed = b.CacheFrom, b.CacheFromEntries
	case cachespec.DirectionExport:
		vals, typed = b.CacheTo, b.CacheToEntries
	}
	switch {
	case index < 0:
		return ""
	case index < len(vals):
		return vals[index]
	case index-len(vals) < len(typed):
		return cachespec.Format(typed[index-len(vals)])
	}
	return ""
}

// Persisted is a directory that a CI step keeps from one run to the next.
type Persisted struct {
	// Path is the directory (or a parent of it), as written after the
	// workflow's expressions are evaluated.
	Path string
	// Key is the actions/cache key that saves it, "" for an artifact.
	Key string
}

// CI is the CI context of a build.
type CI struct {
	// Provider is "github-actions", or "" when unknown or not CI.
	Provider string
	// Event is the GitHub event name ("push", "pull_request",
	// "pull_request_target", ...), or "" when unknown.
	Event string
	// Fork says whether the run is for a pull request from a fork; nil when
	// unknown.
	Fork *bool
	// RuntimeExposed says whether an earlier step exports the Actions
	// runtime (ACTIONS_RUNTIME_TOKEN and the cache URLs) to later run:
	// steps, as crazy-max/ghaction-github-runtime does; nil when unknown.
	RuntimeExposed *bool
	// Triggers are all the events the workflow runs on (on:), when known;
	// Event is the one this check is for.
	Triggers []string
	// Releases says that the workflow runs for releases or tag pushes (on:
	// release, on: push: tags:), where github.ref_name is the tag.
	Releases bool
	// HostedRunner says whether the job runs on a GitHub-hosted runner,
	// whose disk is new on every run (runs-on ubuntu-*, windows-*, macos-*
	// without self-hosted); nil when unknown.
	HostedRunner *bool
	// Env holds variables the workflow sets for the step (the env: of the
	// workflow, the job and the step, evaluated), those whose value is
	// known; a variable it does not hold is unknown, not unset. The
	// workflow reader keeps only the variables of the cache clients
	// (ACTIONS_*, BUILDX_*, BUILDKIT_*) that name no credential.
	Env map[string]string
}

// Builder describes the BuildKit builder the build runs on.
type Builder struct {
	// Driver is the Buildx driver: "docker", "docker-container",
	// "kubernetes", "remote", or "" when unknown.
	Driver string
	// BuildKitVersion is the daemon's version, such as "v0.19.2", or "".
	BuildKitVersion string
	// ContainerdStore says whether a docker driver's engine uses the
	// containerd image store; nil when unknown.
	ContainerdStore *bool
	// Nodes is the number of nodes of the builder (docker buildx create
	// --append, setup-buildx-action's append input), or 0 when unknown.
	Nodes int
	// DefaultImage says that the builder runs the BuildKit image Buildx
	// installs when none is named (moby/buildkit:buildx-stable-1, the
	// latest stable release), as docker/setup-buildx-action creates a
	// docker-container builder without an image= driver option. Rules read
	// it as a current BuildKit when BuildKitVersion is "".
	DefaultImage bool
}

// Origin is the kind of source the cache values were read from.
type Origin uint8

// Origins.
const (
	OriginUnknown     Origin = iota
	OriginCommandLine        // docker buildx build / buildctl flags
	OriginAction             // a docker/build-push-action or bake-action input
	OriginBake               // a bake file (HCL, JSON)
	OriginCompose            // a compose file
)

// Step is how a build is run in a GitHub Actions workflow.
type Step uint8

// Steps.
const (
	StepUnknown Step = iota
	StepAction       // a uses: step (docker/build-push-action, docker/bake-action)
	StepRun          // a run: step (docker buildx build in a shell)
)

// Options change what Check reports. Rules are named by name or code, in
// any case ("UnknownCacheAttribute", "cs004"); see [Lookup].
type Options struct {
	// Disable lists rules not to report.
	Disable []string
	// Enable lists opt-in rules (Rule.OptIn) to report; they are off
	// otherwise.
	Enable []string
	// Severity overrides the severity of rules.
	Severity map[string]Severity
}

// Validate reports the first rule name in o that names no rule, with the
// field it is in.
func (o Options) Validate() error {
	check := func(field, name string) error {
		if lookup(name) == nil {
			msg := field + ": no rule is named " + strconv.Quote(name)
			if near := SuggestRule(name); near != "" {
				msg += "; did you mean " + near + "?"
			}
			return errors.New(msg + " (buildxcache rules lists them)")
		}
		return nil
	}
	for _, n := range o.Disable {
		if err := check("Disable", n); err != nil {
			return err
		}
	}
	for _, n := range o.Enable {
		if err := check("Enable", n); err != nil {
			return err
		}
	}
	for _, n := range slices.Sorted(maps.Keys(o.Severity)) {
		if err := check("Severity", n); err != nil {
			return err
		}
	}
	return nil
}

// Disabled reports whether o keeps diagnostics of rule from being
// reported: the rule is disabled, or opt-in and not enabled.
func (o Options) Disabled(rule string) bool {
	r := lookup(rule)
	if r == nil {
		return slices.Contains(o.Disable, rule)
	}
	return o.names(o.Disable, r) || r.OptIn && !o.names(o.Enable, r)
}

// SeverityOf returns the severity o gives diagnostics of rule, def when it
// does not override it.
func (o Options) SeverityOf(rule string, def Severity) Severity {
	r := lookup(rule)
	for k, s := range o.Severity {
		if s != SeverityInvalid && (k == rule || r != nil && lookup(k) == r) {
			return s
		}
	}
	return def
}

// names reports whether list names rule r, by name or code in any case.
func (o Options) names(list []string, r *Rule) bool {
	for _, n := range list {
		if lookup(n) == r {
			return true
		}
	}
	return false
}

// Check reports every problem in b's cache configuration, sorted and
// without duplicates. A value that cannot be parsed becomes a diagnostic
// named after the parse error's rule, and checking goes on with the other
// values.
func Check(b Build) Diagnostics { return Options{}.Check(b) }

// Check is like the package-level Check, with the options applied.
func (o Options) Check(b Build) Diagnostics {
	c := newChecker(b)
	c.run()
	placeAll(b, c.diags, nil)
	return o.apply(c.diags)
}

// apply drops disabled rules, overrides severities, and sorts, in ds's
// own array: its callers give up ds.
func (o Options) apply(ds Diagnostics) Diagnostics {
	out := ds[:0]
	for _, d := range ds {
		if o.Disabled(d.Rule) {
			continue
		}
		d.Severity = o.SeverityOf(d.Rule, d.Severity)
		out = append(out, d)
	}
	out.Sort()
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// value is one raw value, parsed.
type value struct {
	dir     cachespec.Direction
	index   int
	raw     string
	x       expansion
	entries []cachespec.Entry // nil when the value is unknown or refused
	unknown bool              // the value is wholly a template
	json    bool              // the value is the JSON object form
	// spans are the fields of x.text by key (cachespec.FieldSpans), made
	// on the second attrSpan (the first reads the one field it asks for),
	// so that reporting about every attribute of a value reads it twice at
	// most
	spans   map[string][2]int
	spanned bool // attrSpan has been called
	// attrs are the entries' Attrs, index by index, made on the first
	// attrsOf: several rules read them; no rule changes them
	attrs []map[string]string
	// places are the entries' placesOf, index by index, made on the first
	// call (the value's build does not change); no caller changes them
	places []places
}

// places is what placesOf returns for an entry, once made.
type places struct {
	keys     []string
	ok, made bool
}

// attrsOf returns e.Attrs() for e, an entry of v, made once.
func (v *value) attrsOf(e cachespec.Entry) map[string]string {
	i := v.entryIndex(e)
	if i < 0 {
		return e.Attrs()
	}
	if v.attrs == nil {
		v.attrs = make([]map[string]string, len(v.entries))
	}
	if v.attrs[i] == nil {
		v.attrs[i] = e.Attrs()
	}
	return v.attrs[i]
}

// entryIndex returns the index of e among v's entries, or -1: the key of
// the memos of v (attrsOf, placesOf).
func (v *value) entryIndex(e cachespec.Entry) int {
	for i, x := range v.entries {
		if x == e {
			return i
		}
	}
	return -1
}

// knownKeys is cachespec.KnownKeys without its copy: the keys of each
// type, made once; no caller changes them.
func knownKeys(t cachespec.Type) []string {
	if int(t) < len(knownKeysOf) {
		return knownKeysOf[t]
	}
	return cachespec.KnownKeys(t)
}

var knownKeysOf = func() (out [16][]string) {
	for _, t := range cachespec.Types() {
		if int(t) < len(out) {
			out[t] = cachespec.KnownKeys(t)
		}
	}
	return out
}()

// checker holds the state of one Check.
type checker struct {
	b      Build
	values []*value
	diags  Diagnostics
}

func newChecker(b Build) *checker {
	c := &checker{b: b}
	for i, raw := range b.CacheFrom {
		c.values = append(c.values, c.parse(cachespec.DirectionImport, i, raw))
	}
	for i, raw := range b.CacheTo {
		c.values = append(c.values, c.parse(cachespec.DirectionExport, i, raw))
	}
	for i, e := range b.CacheFromEntries {
		c.values = append(c.values, c.typed(cachespec.DirectionImport, len(b.CacheFrom)+i, e))
	}
	for i, e := range b.CacheToEntries {
		c.values = append(c.values, c.typed(cachespec.DirectionExport, len(b.CacheTo)+i, e))
	}
	return c
}

// typed takes a typed entry as a value: refused by cachespec.Validate, it
// is reported as Parse's refusal of it would be.
func (c *checker) typed(dir cachespec.Direction, i int, e cachespec.Entry) *value {
	v := &value{dir: dir, index: i}
	if err := cachespec.Validate(e); err != nil {
		var pe *cachespec.ParseError
		if errors.As(err, &pe) {
			d := pe.Diagnostic()
			d.Direction, d.Index = dir, i
			c.diags = append(c.diags, d)
		}
		return v
	}
	v.raw = cachespec.Format(e)
	v.x = expand(v.raw)
	if v.x.whole() {
		v.unknown = true
		return v
	}
	v.entries = []cachespec.Entry{e}
	return v
}

// parse reads one raw value, reporting a refusal unless it is caused by a
// template.
func (c *checker) parse(dir cachespec.Direction, i int, raw string) *value {
	v := &value{dir: dir, index: i, raw: raw, x: expand(raw)}
	if raw == "" {
		return v
	}
	if v.x.whole() {
		v.unknown = true
		return v
	}
	var entries []cachespec.Entry
	var err error
	if t := strings.TrimSpace(v.x.text); strings.HasPrefix(t, "{") {
		// The JSON object form of bake and compose lists, its templates
		// replaced as in the CSV form.
		v.json = true
		var e cachespec.Entry
		if e, err = cachespec.ParseJSON([]byte(t)); err == nil {
			entries = []cachespec.Entry{e}
		}
		var pe *cachespec.ParseError
		if errors.As(err, &pe) {
			// offsets in the value, not in the trimmed object (rawOffset
			// maps them to raw below)
			lead := len(v.x.text) - len(strings.TrimLeftFunc(v.x.text, unicode.IsSpace))
			pe.Offset += lead
			if pe.Edit != nil {
				edit := *pe.Edit
				edit.Offset += lead
				pe.Edit = &edit
			}
		}
	} else {
		entries, err = cachespec.ParseList([]string{v.x.text})
	}
	if err == nil {
		v.entries = entries
		return v
	}
	var pe *cachespec.ParseError
	if !errors.As(err, &pe) {
		return v
	}
	if v.x.touchesTemplate(pe.Offset, pe.Len) && pe.Kind != cachespec.ErrDuplicateKey {
		v.unknown = true
		return v
	}
	d := pe.Diagnostic()
	d.Direction, d.Index = dir, i
	d.Offset = v.x.rawOffset(pe.Offset)
	for j := range d.Fixes {
		f := &d.Fixes[j]
		for k, e := range f.Edits {
			if v.x.touchesTemplate(e.Offset, e.Len) || e.Len == 0 && v.x.touchesTemplate(e.Offset, 1) {
				f.Edits = nil // what the edit replaces is not what is written
				break
			}
			f.Edits[k].Offset = v.x.rawOffset(e.Offset)
		}
	}
	c.diags = append(c.diags, d)
	return v
}
