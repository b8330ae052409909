package workflow

import (
	"path"
	"strings"

	"github.com/buildxcache/buildxcache/validate"
	"mvdan.cc/sh/v3/syntax"
)

// maskExpressions replaces each GitHub expression (validate.Expressions)
// in a script by a shell-neutral word of the same length (so byte offsets
// are kept) and returns the replacements to undo in extracted words. The
// runner substitutes expressions into a run: script before the shell sees
// it; an unclosed "${{" is left to the shell.
func maskExpressions(script string) (string, []mask) {
	var locs [][2]int
	for _, e := range validate.Expressions(script) {
		if e.Closed {
			locs = append(locs, [2]int{e.Start, e.End})
		}
	}
	if len(locs) == 0 {
		return script, nil
	}
	var b strings.Builder
	masks := make([]mask, 0, len(locs))
	last := 0
	for i, l := range locs {
		orig := script[l[0]:l[1]]
		ph := placeholder(i, len(orig))
		b.WriteString(script[last:l[0]])
		b.WriteString(ph)
		masks = append(masks, mask{ph: ph, orig: orig})
		last = l[1]
	}
	b.WriteString(script[last:])
	return b.String(), masks
}

type mask struct{ ph, orig string }

// placeholder builds "GHXnnnGGG..." of length n (n >= 6, the shortest
// expression "${{x}}"), unique per index.
func placeholder(i, n int) string {
	id := "GHX" + itoa(i) + "Q"
	if len(id) > n {
		id = id[:n]
	}
	return id + strings.Repeat("Q", n-len(id))
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}

func unmask(s string, masks []mask) string {
	if len(masks) == 0 || !strings.Contains(s, "GHX") {
		return s
	}
	for j := len(masks) - 1; j >= 0; j-- {
		s = strings.ReplaceAll(s, masks[j].ph, masks[j].orig)
	}
	return s
}

// word is a shell word's value as Buildx would receive it, where it can be
// known: quotes removed, parameter expansions kept as written (templates for
// validate), GitHub expressions restored.
type word struct {
	text string
	// off is the byte offset in the script where the value's text starts;
	// exact says the value is written verbatim from there.
	off   int
	exact bool
}

// wordValue computes a word's value. Literal parts lose their escapes,
// quoted parts their quotes; expansions keep their source text.
func wordValue(src string, w *syntax.Word, masks []mask) word {
	var b strings.Builder
	exact := true
	start := int(w.Pos().Offset())
	for i, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			v := p.Value
			if strings.Contains(v, `\`) {
				v = unescape(v)
				exact = false
			}
			b.WriteString(v)
		case *syntax.SglQuoted:
			if p.Dollar {
				exact = false
			}
			if i == 0 && len(w.Parts) == 1 {
				start++ // the value starts after the quote
			} else {
				exact = false
			}
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			if i == 0 && len(w.Parts) == 1 {
				start++
			} else {
				exact = false
			}
			for _, q := range p.Parts {
				if l, ok := q.(*syntax.Lit); ok {
					v := l.Value
					if strings.Contains(v, `\`) {
						v = unescapeDouble(v)
						exact = false
					}
					b.WriteString(v)
					continue
				}
				b.WriteString(sourceOf(src, q))
			}
		default:
			b.WriteString(sourceOf(src, p))
		}
	}
	return word{text: unmask(b.String(), masks), off: start, exact: exact}
}

func sourceOf(src string, n syntax.Node) string {
	s, e := int(n.Pos().Offset()), int(n.End().Offset())
	if s < 0 || e > len(src) || s > e {
		return ""
	}
	return src[s:e]
}

// unescape removes the backslashes of an unquoted literal ("\x" -> "x";
// a backslash-newline pair is a line continuation and disappears).
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapeDouble removes the backslashes that escape $ ` " \ or a newline
// inside double quotes; others stay.
func unescapeDouble(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0 {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// command is a build command found in a script.
type command struct {
	tool      string // "buildx build", "buildx bake", "buildctl build"
	line, col int    // of the command's first word in the script (1-based)
	cacheFrom []word
	cacheTo   []word
	tags      []word
	platforms []word
	push      *bool
	load      *bool
}

// findCommands parses a run: script with a POSIX/bash parser and returns
// every docker build, docker buildx build, docker buildx bake and buildctl
// build command in it, wherever it is (pipelines, conditionals, loops,
// functions). A script the parser refuses returns its error.
func findCommands(script string) ([]command, error) {
	masked, masks := maskExpressions(script)
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(masked), "")
	if err != nil {
		return nil, err
	}
	var cmds []command
	syntax.Walk(f, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		words := make([]word, len(call.Args))
		for i, a := range call.Args {
			words[i] = wordValue(masked, a, masks)
		}
		if c, ok := classify(words); ok {
			c.line, c.col = int(call.Args[0].Pos().Line()), int(call.Args[0].Pos().Col())
			cmds = append(cmds, c)
		}
		return true
	})
	return cmds, nil
}

// wrappers are commands that run the command given as their arguments.
var wrappers = map[string]bool{"sudo": true, "time": true, "env": true, "exec": true, "nice": true, "command": true}

// dockerValueFlags are docker's global flags that take a value.
var dockerValueFlags = map[string]bool{"--config": true, "-c": true, "--context": true, "-H": true, "--host": true, "-l": true, "--log-level": true, "--tlscacert": true, "--tlscert": true, "--tlskey": true}

// buildxValueFlags are buildx's global flags that take a value.
var buildxValueFlags = map[string]bool{"--builder": true}

// buildctlValueFlags are buildctl's global flags that take a value.
var buildctlValueFlags = map[string]bool{"--addr": true, "--tlsservername": true, "--tlscacert": true, "--tlscert": true, "--tlskey": true, "--tlsdir": true, "--timeout": true, "--log-format": true}

func classify(ws []word) (command, bool) {
	// skip wrappers and their options
	for len(ws) > 0 && wrappers[path.Base(ws[0].text)] {
		ws = ws[1:]
		for len(ws) > 0 && (strings.HasPrefix(ws[0].text, "-") || strings.Contains(ws[0].text, "=") && !strings.HasPrefix(ws[0].text, "-")) {
			ws = ws[1:]
		}
	}
	if len(ws) == 0 {
		return command{}, false
	}
	switch base := path.Base(ws[0].text); base {
	case "docker":
		rest := skipFlags(ws[1:], dockerValueFlags)
		if len(rest) == 0 {
			return command{}, false
		}
		switch rest[0].text {
		case "build", "builder":
			if rest[0].text == "builder" {
				if len(rest) < 2 || rest[1].text != "build" {
					return command{}, false
				}
				rest = rest[1:]
			}
			return buildFlags("buildx build", rest[1:]), true
		case "image":
			if len(rest) > 1 && rest[1].text == "build" {
				return buildFlags("buildx build", rest[2:]), true
			}
		case "buildx":
			return buildxCommand(skipFlags(rest[1:], buildxValueFlags))
		case "bake":
			return bakeFlags(rest[1:]), true
		}
	case "docker-buildx", "buildx":
		return buildxCommand(skipFlags(ws[1:], buildxValueFlags))
	case "buildctl", "buildctl-daemonless.sh":
		rest := skipFlags(ws[1:], buildctlValueFlags)
		if len(rest) > 0 && rest[0].text == "build" {
			return buildctlFlags(rest[1:]), true
		}
	}
	return command{}, false
}

func buildxCommand(rest []word) (command, bool) {
	if len(rest) == 0 {
		return command{}, false
	}
	switch rest[0].text {
	case "build", "b":
		return buildFlags("buildx build", rest[1:]), true
	case "bake":
		return bakeFlags(rest[1:]), true
	}
	return command{}, false
}

// skipFlags drops leading global flags (and the values of those in
// valueFlags) before the subcommand.
func skipFlags(ws []word, valueFlags map[string]bool) []word {
	for len(ws) > 0 && strings.HasPrefix(ws[0].text, "-") {
		f := ws[0].text
		ws = ws[1:]
		if valueFlags[f] && len(ws) > 0 {
			ws = ws[1:]
		}
	}
	return ws
}

// flagValue matches --name=value or --name value (also -n value for the
// given short name); it returns the value word and how many words it used.
func flagValue(ws []word, i int, long, short string) (word, int, bool) {
	w := ws[i]
	for _, name := range []string{long, short} {
		if name == "" {
			continue
		}
		if w.text == name {
			if i+1 < len(ws) {
				return ws[i+1], 2, true
			}
			return word{}, 1, false
		}
		if strings.HasPrefix(w.text, name+"=") {
			v := w
			v.text = w.text[len(name)+1:]
			v.off += len(name) + 1
			return v, 1, true
		}
		if len(name) == 2 && name[0] == '-' && name[1] != '-' && strings.HasPrefix(w.text, name) && len(w.text) > 2 {
			v := w // -tvalue
			v.text = w.text[2:]
			v.off += 2
			return v, 1, true
		}
	}
	return word{}, 0, false
}

// boolFlag matches --name and --name=true|false.
func boolFlag(w word, name string) (*bool, bool) {
	switch {
	case w.text == name:
		t := true
		return &t, true
	case strings.HasPrefix(w.text, name+"="):
		switch strings.ToLower(w.text[len(name)+1:]) {
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

func buildFlags(tool string, ws []word) command {
	c := command{tool: tool}
	lists := []struct {
		long, short string
		to          *[]word
	}{
		{"--cache-from", "", &c.cacheFrom},
		{"--cache-to", "", &c.cacheTo},
		{"--tag", "-t", &c.tags},
		{"--platform", "", &c.platforms},
	}
next:
	for i := 0; i < len(ws); {
		if ws[i].text == "--" {
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
			applyOutput(&c, v.text)
			i += n
			continue
		}
		if b, ok := boolFlag(ws[i], "--push"); ok {
			c.push = b
		} else if b, ok := boolFlag(ws[i], "--load"); ok {
			c.load = b
		}
		i++
	}
	return c
}

// applyOutput reads push and load from an --output value.
func applyOutput(c *command, v string) {
	t := true
	switch {
	case v == "-" || strings.HasPrefix(v, "type=docker"):
		c.load = &t
	case strings.HasPrefix(v, "type=registry"):
		c.push = &t
	case strings.HasPrefix(v, "type=image") && (strings.Contains(v, "push=true")):
		c.push = &t
	}
}

// bakeFlags reads the --set overrides of a bake command that concern cache
// and tags, and --push / --load.
func bakeFlags(ws []word) command {
	c := command{tool: "buildx bake"}
	for i := 0; i < len(ws); {
		if v, n, ok := flagValue(ws, i, "--set", ""); ok {
			i += n
			key, val, found := strings.Cut(v.text, "=")
			if !found {
				continue
			}
			v.text = val
			v.off += len(key) + 1
			switch {
			case strings.HasSuffix(key, ".cache-from"):
				c.cacheFrom = append(c.cacheFrom, v)
			case strings.HasSuffix(key, ".cache-to"):
				c.cacheTo = append(c.cacheTo, v)
			case strings.HasSuffix(key, ".tags"):
				c.tags = append(c.tags, v)
			case strings.HasSuffix(key, ".platform"):
				c.platforms = append(c.platforms, v)
			}
			continue
		}
		if b, ok := boolFlag(ws[i], "--push"); ok {
			c.push = b
		} else if b, ok := boolFlag(ws[i], "--load"); ok {
			c.load = b
		}
		i++
	}
	return c
}

// buildctlFlags reads buildctl build's --import-cache, --export-cache and
// --output.
func buildctlFlags(ws []word) command {
	c := command{tool: "buildctl build"}
	for i := 0; i < len(ws); {
		if v, n, ok := flagValue(ws, i, "--import-cache", ""); ok {
			c.cacheFrom = append(c.cacheFrom, v)
			i += n
			continue
		}
		if v, n, ok := flagValue(ws, i, "--export-cache", ""); ok {
			c.cacheTo = append(c.cacheTo, v)
			i += n
			continue
		}
		if v, n, ok := flagValue(ws, i, "--output", "-o"); ok {
			applyOutput(&c, v.text)
			if strings.Contains(v.text, "type=image") || strings.Contains(v.text, "type=registry") {
				for _, f := range strings.Split(v.text, ",") {
					if name, ok := strings.CutPrefix(f, "name="); ok {
						c.tags = append(c.tags, word{text: name})
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

// findMoves returns the directories a run: script moves elsewhere with mv
// (its sources, not its destination), as written; nil when the shell
// parser refuses the script.
func findMoves(script string) []string {
	masked, masks := maskExpressions(script)
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(masked), "")
	if err != nil {
		return nil
	}
	var out []string
	syntax.Walk(f, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		ws := make([]word, len(call.Args))
		for i, a := range call.Args {
			ws[i] = wordValue(masked, a, masks)
		}
		for len(ws) > 0 && wrappers[path.Base(ws[0].text)] {
			ws = ws[1:]
		}
		if len(ws) < 3 || path.Base(ws[0].text) != "mv" {
			return true
		}
		var args []string
		for _, w := range ws[1:] {
			if !strings.HasPrefix(w.text, "-") {
				args = append(args, w.text)
			}
		}
		if len(args) >= 2 {
			out = append(out, args[:len(args)-1]...)
		}
		return true
	})
	return out
}
