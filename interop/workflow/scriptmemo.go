package workflow

import (
	"mvdan.cc/sh/v3/syntax"

	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
)

// memoScripts makes a reader parse each distinct run: script of a step
// once: the legs of a matrix whose substitution leaves the script the
// same, and the reading of its builds and of its calls, share one parse.
// Tests turn it off to compare with the plain path.
var memoScripts = true

// parsedScript is a run: script (after a leg's substitution) with its
// GitHub expressions masked, parsed once, and what is read from it,
// computed on first use.
type parsedScript struct {
	masked string
	masks  []mask
	file   *syntax.File
	err    error

	cmds                []shellcmd.Command
	calls               []shellcmd.Call
	haveCmds, haveCalls bool
}

func parseScript(script string) *parsedScript {
	masked, masks := maskExpressions(script)
	f, err := shellcmd.Parse(masked)
	return &parsedScript{masked: masked, masks: masks, file: f, err: err}
}

// script returns the parsed script, from the step's memo when it was
// parsed before.
func (r *reader) script(s string) *parsedScript {
	if !memoScripts {
		return parseScript(s)
	}
	if p, ok := r.scripts[s]; ok {
		return p
	}
	p := parseScript(s)
	if r.scripts == nil {
		r.scripts = map[string]*parsedScript{}
	}
	r.scripts[s] = p
	return p
}

func (p *parsedScript) options() shellcmd.Options {
	masks := p.masks
	return shellcmd.Options{Unmask: func(s string) string { return unmask(s, masks) }}
}

// commands returns every docker build, docker buildx build, docker buildx
// bake and buildctl build command of the script, wherever it is
// (pipelines, conditionals, loops, functions), or the parser's error for
// a script it refuses. The slice is shared by the callers and must not be
// changed.
func (p *parsedScript) commands() ([]shellcmd.Command, error) {
	if p.err != nil {
		return nil, p.err
	}
	if !p.haveCmds {
		var out []shellcmd.Command
		for _, c := range shellcmd.Find(p.file, p.masked, p.options()) {
			switch c.Tool {
			case shellcmd.BuildxBuild, shellcmd.BuildxBake, shellcmd.BuildctlBuild:
				out = append(out, c)
			}
		}
		p.cmds, p.haveCmds = out, true
	}
	return p.cmds, nil
}

// callList returns the calls of the script (shellcmd.Calls), shared as
// commands' result is; nil when the script does not parse.
func (p *parsedScript) callList() []shellcmd.Call {
	if p.err != nil {
		return nil
	}
	if !p.haveCalls {
		p.calls, p.haveCalls = shellcmd.Calls(p.file, p.masked, p.options()), true
	}
	return p.calls
}
