package shellcmd

import (
	"sort"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// Builders follows the builder that a script's build commands run on, from
// its builder commands in the order they run: docker buildx create (its
// --driver, docker-container when not given; --driver-opt image=, --use,
// --append, --name), docker buildx use NAME, and --builder on a command.
// Where the script does not show the builder it is unknown, not docker: a
// script may run anywhere.
type Builders struct {
	named map[string]validate.Builder
	// cur is the builder selected (use, create --use): a name, or anon
	// for one created without --name; unknown when a template selected it
	cur     string
	anon    *validate.Builder
	unknown bool
	// env is the BUILDX_BUILDER the script sets, which overrides the
	// selection
	env string
}

// NewBuilders returns a Builders for a script that sets BUILDX_BUILDER to
// env ("" when it does not).
func NewBuilders(env string) *Builders {
	return &Builders{named: map[string]validate.Builder{}, env: env}
}

// templated reports whether a value holds an expansion the script does not
// resolve.
func templated(s string) bool { return strings.ContainsAny(s, "$`") }

// Apply follows a BuildxCreate or BuildxUse command; others are ignored.
func (t *Builders) Apply(c Command) {
	switch c.Tool {
	case BuildxCreate:
		if c.Append && c.Name != nil {
			if b, ok := t.named[c.Name.Text]; ok {
				b.Nodes++
				t.named[c.Name.Text] = b
				if c.Use {
					t.cur, t.anon, t.unknown = c.Name.Text, nil, false
				}
				return
			}
		}
		b := validate.Builder{Driver: c.Driver, Nodes: 1}
		if b.Driver == "" {
			b.Driver = "docker-container"
		}
		image := false
		for _, o := range c.DriverOpts {
			if img, ok := strings.CutPrefix(strings.TrimSpace(o), "image="); ok {
				image = true
				b.BuildKitVersion = ImageVersion(img)
			}
		}
		b.DefaultImage = !image && (b.Driver == "docker-container" || b.Driver == "kubernetes")
		if templated(b.Driver) {
			b = validate.Builder{}
		}
		switch {
		case c.Name == nil:
			if c.Use {
				t.cur, t.anon, t.unknown = "", &b, false
			}
		case templated(c.Name.Text):
			if c.Use {
				t.cur, t.anon, t.unknown = "", nil, true
			}
		default:
			t.named[c.Name.Text] = b
			if c.Use {
				t.cur, t.anon, t.unknown = c.Name.Text, nil, false
			}
		}
	case BuildxUse:
		if c.Name == nil {
			return
		}
		t.cur, t.anon, t.unknown = c.Name.Text, nil, templated(c.Name.Text)
	}
}

// Of returns what is known of the builder of build command c. buildctl
// talks to a daemon of its own: nothing is known.
func (t *Builders) Of(c Command) validate.Builder {
	if c.Tool == BuildctlBuild {
		return validate.Builder{}
	}
	name := t.env
	if c.Builder != nil {
		name = c.Builder.Text
	}
	if name == "" {
		switch {
		case t.unknown:
			return validate.Builder{}
		case t.anon != nil:
			return *t.anon
		}
		name = t.cur
	}
	if name == "" || templated(name) {
		return validate.Builder{}
	}
	if b, ok := t.named[name]; ok {
		return b
	}
	if name == "default" {
		// the builder of the Docker engine of the current context
		return validate.Builder{Driver: "docker"}
	}
	return validate.Builder{}
}

// Lines places byte offsets of a file's text.
type Lines struct {
	path, src string
	starts    []int
}

// NewLines returns the Lines of the file at path, whose text is src.
func NewLines(path, src string) Lines {
	l := Lines{path: path, src: src, starts: []int{0}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// Pos returns the position of byte off (clamped to the text).
func (l Lines) Pos(off int) diag.Pos {
	off = max(0, min(off, len(l.src)))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	return diag.Pos{Line: i + 1, Col: off - l.starts[i] + 1, Offset: off}
}

// At returns the range of byte off.
func (l Lines) At(off int) diag.Range { return diag.At(l.path, l.Pos(off)) }

// Span places a value that starts at byte off of the file: exact when
// exact is true and the value is written there verbatim, on one line.
func (l Lines) Span(off int, text string, exact bool) diag.Span {
	p := l.Pos(off)
	exact = exact && off >= 0 && off+len(text) <= len(l.src) && l.src[off:off+len(text)] == text && !strings.Contains(text, "\n")
	return diag.Span{File: l.path, Start: p, Exact: exact}
}

// Build returns the validate.Build of build command c: its values, placed
// by span, its push, load, tags and platforms, defined at def, checked in
// group with the builds of the same file; Origin is
// validate.OriginCommandLine. The caller sets the builder, the name and the
// context.
func (c Command) Build(span func(Word) diag.Span, def diag.Range, group string) validate.Build {
	b := validate.Build{Source: &validate.Source{Def: def, Group: group}, Origin: validate.OriginCommandLine}
	conv := func(ws []Word) ([]string, []diag.Span) {
		vals := make([]string, len(ws))
		pos := make([]diag.Span, len(ws))
		for i, w := range ws {
			vals[i], pos[i] = w.Text, span(w)
		}
		return vals, pos
	}
	b.CacheFrom, b.Source.CacheFrom = conv(c.CacheFrom)
	b.CacheTo, b.Source.CacheTo = conv(c.CacheTo)
	for _, w := range c.Tags {
		b.Tags = append(b.Tags, w.Text)
	}
	for _, p := range c.Platforms {
		b.Platforms = append(b.Platforms, strings.Split(p.Text, ",")...)
	}
	b.Push, b.Load = c.Push, c.Load
	return b
}

// MapText replaces the text of every word of c by f of it (a caller's
// unmasking of placeholders it put in the script), keeping the offsets.
func (c *Command) MapText(f func(string) string) {
	for _, ws := range []*[]Word{&c.CacheFrom, &c.CacheTo, &c.Tags, &c.Platforms, &c.Files, &c.Targets} {
		for i := range *ws {
			(*ws)[i].Text = f((*ws)[i].Text)
			(*ws)[i].offs = nil
		}
	}
	for i := range c.Sets {
		c.Sets[i].Value.Text = f(c.Sets[i].Value.Text)
		c.Sets[i].Value.offs = nil
	}
	for _, w := range []*Word{c.Builder, c.Name} {
		if w != nil {
			w.Text = f(w.Text)
		}
	}
	c.Driver = f(c.Driver)
	for i := range c.DriverOpts {
		c.DriverOpts[i] = f(c.DriverOpts[i])
	}
}
