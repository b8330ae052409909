// Package shellcmd finds the image build commands in a shell script, split
// with a real shell parser (mvdan.cc/sh): docker buildx build, docker
// build, docker buildx bake, buildctl build and docker compose build, with
// the flags that matter for the cache (--cache-from, --cache-to, their
// buildctl and bake --set spellings, tags, platforms, push, load, the
// builder), and the commands that pick a builder (docker buildx create,
// docker buildx use). Every value keeps its byte offset in the script and
// whether it is written there verbatim.
//
// It is shared by the readers that meet shell: the workflow reader (run:
// steps), the script reader and the Makefile reader (recipes). A caller
// that rewrites the text before parsing (GitHub expressions, make
// references replaced by shell-neutral placeholders) restores it with
// Options.Unmask; a caller that knows the constant variables of a script
// (Constants) resolves them with Options.Lookup.
package shellcmd

import (
	"path"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// The tools of a Command.
const (
	BuildxBuild   = "buildx build"   // docker buildx build, docker build, docker builder build, docker image build
	BuildxBake    = "buildx bake"    // docker buildx bake, docker bake
	BuildctlBuild = "buildctl build" // buildctl build, buildctl-daemonless.sh build
	ComposeBuild  = "compose build"  // docker compose build, docker-compose build
	BuildxCreate  = "buildx create"  // docker buildx create
	BuildxUse     = "buildx use"     // docker buildx use
)

// Word is a shell word's value as the command receives it, where it can be
// known: quotes removed, escapes applied, resolved variables substituted,
// other expansions kept as written (templates for validate).
type Word struct {
	Text string
	// Off is the byte offset in the script where the value's text starts;
	// Exact says the value is written verbatim from there.
	Off   int
	Exact bool
	// pinned: the value's first bytes come from a substitution, so Off
	// stays at the word's start when a flag name is cut off its front
	pinned bool
	// offs are the source offsets of the bytes of Text, when known
	offs offsets
}

// cut returns w without its first n bytes: the rest of a --flag=value
// word, placed where its first byte is written (where the substitution
// it comes from is, for a word that starts with one).
func (w Word) cut(n int) Word {
	w.Text = w.Text[n:]
	switch {
	case n < w.offs.len():
		w.Off, w.offs = w.offs.cut(n)
	case !w.pinned:
		w.Off += n
		w.offs = nil
	}
	return w
}

// Command is a build command, or a command that picks a builder, found in a
// script.
type Command struct {
	// Tool is one of BuildxBuild, BuildxBake, BuildctlBuild, ComposeBuild,
	// BuildxCreate, BuildxUse.
	Tool string
	// Line and Col place the command's first word (1-based); Off is its
	// byte offset.
	Line, Col, Off int
	// CacheFrom and CacheTo are the cache values: --cache-from/--cache-to,
	// buildctl's --import-cache/--export-cache, bake's --set
	// TARGET.cache-from=...
	CacheFrom, CacheTo []Word
	// Tags and Platforms are as written (-t, --platform, bake --set).
	Tags, Platforms []Word
	// Push and Load are --push, --load and what --output implies; nil
	// when the command does not say.
	Push, Load *bool
	// Builder is the --builder flag of buildx (global or of the
	// subcommand) and compose build; nil when not given.
	Builder *Word
	// Files are the -f/--file flags of bake and compose; Targets the bake
	// targets and compose services named.
	Files, Targets []Word
	// Sets are the --set overrides of a bake command, every key.
	Sets []Set
	// Name is the builder a BuildxCreate names (--name) or a BuildxUse
	// selects; nil when not given.
	Name *Word
	// Driver, DriverOpts, Use and Append are the flags of a BuildxCreate.
	Driver     string
	DriverOpts []string
	Use        bool
	Append     bool
}

// IsBuild reports whether the command builds (as opposed to picking a
// builder).
func (c Command) IsBuild() bool {
	switch c.Tool {
	case BuildxBuild, BuildxBake, BuildctlBuild, ComposeBuild:
		return true
	}
	return false
}

// Options say how words are computed.
type Options struct {
	// Unmask restores, in a word's value, the text a caller replaced in the
	// script before parsing it; nil leaves values as they are.
	Unmask func(string) string
	// Lookup returns the constant value of a shell variable ($NAME,
	// ${NAME}, ${NAME:-default} and the like), or false to keep the
	// expansion as written; nil resolves none.
	Lookup func(name string) (string, bool)
}

// Parse parses a script as bash, whose syntax covers the POSIX shell's. A
// script nested deeper than MaxNesting is refused with a
// syntax.ParseError naming the limit, before the parser sees it.
func Parse(src string) (*syntax.File, error) {
	if err := nestingError(src); err != nil {
		return nil, err
	}
	p := parsers.Get().(*syntax.Parser)
	defer parsers.Put(p)
	return p.Parse(strings.NewReader(src), "")
}

// parsers are bash parsers to reuse (a parser is large, and one parses
// one script at a time): a lint run parses a script per run: step.
var parsers = sync.Pool{New: func() any { return syntax.NewParser(syntax.Variant(syntax.LangBash)) }}

// Commands parses src and returns its build and builder commands (Find).
// A script the parser refuses returns its error.
func Commands(src string, opts Options) ([]Command, error) {
	f, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return Find(f, src, opts), nil
}

// Find returns the build and builder commands of the parsed script f,
// whose text is src, in the order they are written, wherever they are
// (pipelines, conditionals, loops, functions, command substitutions).
func Find(f *syntax.File, src string, opts Options) []Command {
	x := expander{src: src, opts: opts}
	var cmds []Command
	syntax.Walk(f, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		if c, ok := classify(x.args(call.Args)); ok {
			c.Line, c.Col = int(call.Args[0].Pos().Line()), int(call.Args[0].Pos().Col())
			c.Off = int(call.Args[0].Pos().Offset())
			cmds = append(cmds, c)
		}
		return true
	})
	return cmds
}

// Moves returns the directories the script f moves elsewhere with mv (its
// sources, not its destination), as written.
func Moves(f *syntax.File, src string, opts Options) []string {
	x := expander{src: src, opts: opts}
	var out []string
	syntax.Walk(f, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		ws := x.args(call.Args)
		for len(ws) > 0 && wrappers[path.Base(ws[0].Text)] {
			ws = ws[1:]
		}
		if len(ws) < 3 || path.Base(ws[0].Text) != "mv" {
			return true
		}
		var args []string
		for _, w := range ws[1:] {
			if !strings.HasPrefix(w.Text, "-") {
				args = append(args, w.Text)
			}
		}
		if len(args) >= 2 {
			out = append(out, args[:len(args)-1]...)
		}
		return true
	})
	return out
}

// ImageVersion returns the version tag of a BuildKit image name
// (moby/buildkit:v0.19.2 -> v0.19.2, a -rootless suffix dropped), or ""
// when the image is not BuildKit's or its tag is not a version.
func ImageVersion(img string) string {
	if i := strings.LastIndexByte(img, ':'); i >= 0 && strings.Contains(img[:i], "buildkit") {
		v := img[i+1:]
		if strings.HasPrefix(v, "v") && len(v) > 1 && v[1] >= '0' && v[1] <= '9' {
			return strings.TrimSuffix(v, "-rootless")
		}
	}
	return ""
}

// wrappers are commands that run the command given as their arguments.
var wrappers = map[string]bool{"sudo": true, "time": true, "env": true, "exec": true, "nice": true, "command": true}

// dockerValueFlags are docker's global flags that take a value.
var dockerValueFlags = map[string]bool{"--config": true, "-c": true, "--context": true, "-H": true, "--host": true, "-l": true, "--log-level": true, "--tlscacert": true, "--tlscert": true, "--tlskey": true}

// buildxValueFlags are buildx's global flags that take a value.
var buildxValueFlags = map[string]bool{"--builder": true}

// buildctlValueFlags are buildctl's global flags that take a value.
var buildctlValueFlags = map[string]bool{"--addr": true, "--tlsservername": true, "--tlscacert": true, "--tlscert": true, "--tlskey": true, "--tlsdir": true, "--timeout": true, "--log-format": true}

// composeValueFlags are docker compose's global flags that take a value.
var composeValueFlags = map[string]bool{"-f": true, "--file": true, "-p": true, "--project-name": true, "--project-directory": true, "--env-file": true, "--profile": true, "--ansi": true, "--progress": true, "--parallel": true}

func classify(ws []Word) (Command, bool) {
	// skip wrappers and their options
	for len(ws) > 0 && wrappers[path.Base(ws[0].Text)] {
		ws = ws[1:]
		for len(ws) > 0 && (strings.HasPrefix(ws[0].Text, "-") || strings.Contains(ws[0].Text, "=") && !strings.HasPrefix(ws[0].Text, "-")) {
			ws = ws[1:]
		}
	}
	if len(ws) == 0 {
		return Command{}, false
	}
	switch base := path.Base(ws[0].Text); base {
	case "docker":
		rest := skipFlags(ws[1:], dockerValueFlags)
		if len(rest) == 0 {
			return Command{}, false
		}
		switch rest[0].Text {
		case "build", "builder":
			if rest[0].Text == "builder" {
				if len(rest) < 2 || rest[1].Text != "build" {
					return Command{}, false
				}
				rest = rest[1:]
			}
			return buildFlags(rest[1:]), true
		case "image":
			if len(rest) > 1 && rest[1].Text == "build" {
				return buildFlags(rest[2:]), true
			}
		case "buildx":
			return buildxCommand(rest[1:])
		case "bake":
			return bakeFlags(rest[1:]), true
		case "compose":
			return composeCommand(rest[1:])
		}
	case "docker-buildx", "buildx":
		return buildxCommand(ws[1:])
	case "docker-compose":
		return composeCommand(ws[1:])
	case "buildctl", "buildctl-daemonless.sh":
		rest := skipFlags(ws[1:], buildctlValueFlags)
		if len(rest) > 0 && rest[0].Text == "build" {
			return buildctlFlags(rest[1:]), true
		}
	}
	return Command{}, false
}

// buildxCommand reads the words after "buildx": global flags (--builder),
// then the subcommand.
func buildxCommand(ws []Word) (Command, bool) {
	var builder *Word
	for len(ws) > 0 && strings.HasPrefix(ws[0].Text, "-") {
		if v, n, ok := flagValue(ws, 0, "--builder", ""); ok {
			builder = &v
			ws = ws[n:]
			continue
		}
		f := ws[0].Text
		ws = ws[1:]
		if buildxValueFlags[f] && len(ws) > 0 {
			ws = ws[1:]
		}
	}
	if len(ws) == 0 {
		return Command{}, false
	}
	var c Command
	switch ws[0].Text {
	case "build", "b":
		c = buildFlags(ws[1:])
	case "bake":
		c = bakeFlags(ws[1:])
	case "create":
		c = createFlags(ws[1:])
	case "use":
		c = Command{Tool: BuildxUse}
		for _, w := range ws[1:] {
			if !strings.HasPrefix(w.Text, "-") {
				w := w
				c.Name = &w
				break
			}
		}
	default:
		return Command{}, false
	}
	if c.Builder == nil {
		c.Builder = builder
	}
	return c, true
}

// skipFlags drops leading global flags (and the values of those in
// valueFlags) before the subcommand.
func skipFlags(ws []Word, valueFlags map[string]bool) []Word {
	for len(ws) > 0 && strings.HasPrefix(ws[0].Text, "-") {
		f := ws[0].Text
		ws = ws[1:]
		if valueFlags[f] && len(ws) > 0 {
			ws = ws[1:]
		}
	}
	return ws
}

// flagValue matches --name=value or --name value (also -n value for the
// given short name); it returns the value word and how many words it used.
func flagValue(ws []Word, i int, long, short string) (Word, int, bool) {
	w := ws[i]
	for _, name := range []string{long, short} {
		if name == "" {
			continue
		}
		if w.Text == name {
			if i+1 < len(ws) {
				return ws[i+1], 2, true
			}
			return Word{}, 1, false
		}
		if strings.HasPrefix(w.Text, name+"=") {
			return w.cut(len(name) + 1), 1, true
		}
		if len(name) == 2 && name[0] == '-' && name[1] != '-' && strings.HasPrefix(w.Text, name) && len(w.Text) > 2 {
			return w.cut(2), 1, true // -tvalue
		}
	}
	return Word{}, 0, false
}

// boolFlag matches --name and --name=true|false.
func boolFlag(w Word, name string) (*bool, bool) {
	switch {
	case w.Text == name:
		t := true
		return &t, true
	case strings.HasPrefix(w.Text, name+"="):
		switch strings.ToLower(w.Text[len(name)+1:]) {
		case "true", "1":
			t := true
			return &t, true
		case "false", "0":
			f := false
			return &f, true
		}
		return nil, true
	}
	return nil, false
}

func buildFlags(ws []Word) Command {
	c := Command{Tool: BuildxBuild}
	lists := []struct {
		long, short string
		to          *[]Word
	}{
		{"--cache-from", "", &c.CacheFrom},
		{"--cache-to", "", &c.CacheTo},
		{"--tag", "-t", &c.Tags},
		{"--platform", "", &c.Platforms},
	}
next:
	for i := 0; i < len(ws); {
		if ws[i].Text == "--" {
			break
		}
		for _, l := range lists {
			if v, n, ok := flagValue(ws, i, l.long, l.short); ok {
				*l.to = append(*l.to, v)
				i += n
				continue next
			}
		}
		if v, n, ok := flagValue(ws, i, "--output", "-o"); ok {
			ApplyOutput(&c, v.Text)
			i += n
			continue
		}
		if n := sharedFlag(&c, ws, i); n > 0 {
			i += n
			continue
		}
		i++
	}
	return c
}

// sharedFlag reads at ws[i] a flag build and bake commands share:
// --builder, --push or --load. It returns how many words it took, 0 when
// ws[i] is none of them.
func sharedFlag(c *Command, ws []Word, i int) int {
	if v, n, ok := flagValue(ws, i, "--builder", ""); ok {
		c.Builder = &v
		return n
	}
	if b, ok := boolFlag(ws[i], "--push"); ok {
		c.Push = b
		return 1
	}
	if b, ok := boolFlag(ws[i], "--load"); ok {
		c.Load = b
		return 1
	}
	return 0
}

// ApplyOutput sets c's Push and Load from an --output value (also an
// outputs: entry of docker/build-push-action).
func ApplyOutput(c *Command, v string) {
	t := true
	switch {
	case v == "-" || strings.HasPrefix(v, "type=docker"):
		c.Load = &t
	case strings.HasPrefix(v, "type=registry"):
		c.Push = &t
	case strings.HasPrefix(v, "type=image") && (strings.Contains(v, "push=true")):
		c.Push = &t
	}
}

// bakeFlags reads the --set overrides of a bake command that concern cache
// and tags, its files and targets, --builder, --push and --load.
func bakeFlags(ws []Word) Command {
	c := Command{Tool: BuildxBake}
	for i := 0; i < len(ws); {
		if v, n, ok := flagValue(ws, i, "--set", ""); ok {
			i += n
			key, _, found := strings.Cut(v.Text, "=")
			if !found {
				continue
			}
			v = v.cut(len(key) + 1)
			c.Sets = append(c.Sets, Set{Key: key, Value: v})
			switch {
			case strings.HasSuffix(key, ".cache-from"):
				c.CacheFrom = append(c.CacheFrom, v)
			case strings.HasSuffix(key, ".cache-to"):
				c.CacheTo = append(c.CacheTo, v)
			case strings.HasSuffix(key, ".tags"):
				c.Tags = append(c.Tags, v)
			case strings.HasSuffix(key, ".platform"):
				c.Platforms = append(c.Platforms, v)
			}
			continue
		}
		if v, n, ok := flagValue(ws, i, "--file", "-f"); ok {
			c.Files = append(c.Files, v)
			i += n
			continue
		}
		if n := sharedFlag(&c, ws, i); n > 0 {
			i += n
			continue
		}
		if !strings.HasPrefix(ws[i].Text, "-") {
			c.Targets = append(c.Targets, ws[i])
		}
		i++
	}
	return c
}

// buildctlFlags reads buildctl build's --import-cache, --export-cache and
// --output.
func buildctlFlags(ws []Word) Command {
	c := Command{Tool: BuildctlBuild}
	for i := 0; i < len(ws); {
		if v, n, ok := flagValue(ws, i, "--import-cache", ""); ok {
			c.CacheFrom = append(c.CacheFrom, v)
			i += n
			continue
		}
		if v, n, ok := flagValue(ws, i, "--export-cache", ""); ok {
			c.CacheTo = append(c.CacheTo, v)
			i += n
			continue
		}
		if v, n, ok := flagValue(ws, i, "--output", "-o"); ok {
			ApplyOutput(&c, v.Text)
			if strings.Contains(v.Text, "type=image") || strings.Contains(v.Text, "type=registry") {
				for _, f := range strings.Split(v.Text, ",") {
					if name, ok := strings.CutPrefix(f, "name="); ok {
						c.Tags = append(c.Tags, Word{Text: name})
					}
				}
			}
			i += n
			continue
		}
		i++
	}
	return c
}

// composeCommand reads docker compose's global flags (the -f files) and a
// build subcommand's flags and services.
func composeCommand(ws []Word) (Command, bool) {
	c := Command{Tool: ComposeBuild}
	for len(ws) > 0 && strings.HasPrefix(ws[0].Text, "-") {
		if v, n, ok := flagValue(ws, 0, "--file", "-f"); ok {
			c.Files = append(c.Files, v)
			ws = ws[n:]
			continue
		}
		f := ws[0].Text
		ws = ws[1:]
		if composeValueFlags[f] && len(ws) > 0 {
			ws = ws[1:]
		}
	}
	if len(ws) == 0 || ws[0].Text != "build" {
		return Command{}, false
	}
	for i := 1; i < len(ws); {
		if v, n, ok := flagValue(ws, i, "--builder", ""); ok {
			c.Builder = &v
			i += n
			continue
		}
		if b, ok := boolFlag(ws[i], "--push"); ok {
			c.Push = b
		} else if composeBuildValueFlags[ws[i].Text] {
			i++
		} else if !strings.HasPrefix(ws[i].Text, "-") {
			c.Targets = append(c.Targets, ws[i])
		}
		i++
	}
	return c, true
}

// composeBuildValueFlags are the flags of docker compose build that take
// the next word as their value.
var composeBuildValueFlags = map[string]bool{"--build-arg": true, "--ssh": true, "-m": true, "--memory": true, "--provenance": true, "--sbom": true}

// createFlags reads docker buildx create's --name, --driver,
// --driver-opt, --use and --append.
func createFlags(ws []Word) Command {
	c := Command{Tool: BuildxCreate}
	valued := map[string]bool{"--platform": true, "--buildkitd-flags": true, "--buildkitd-config": true, "--config": true, "--node": true, "--timeout": true}
	for i := 0; i < len(ws); {
		if v, n, ok := flagValue(ws, i, "--name", ""); ok {
			c.Name = &v
			i += n
			continue
		}
		if v, n, ok := flagValue(ws, i, "--driver", ""); ok {
			c.Driver = v.Text
			i += n
			continue
		}
		if v, n, ok := flagValue(ws, i, "--driver-opt", ""); ok {
			c.DriverOpts = append(c.DriverOpts, strings.Split(v.Text, ",")...)
			i += n
			continue
		}
		switch w := ws[i].Text; {
		case w == "--use":
			c.Use = true
		case w == "--append":
			c.Append = true
		case valued[w]:
			i++
		}
		i++
	}
	return c
}
