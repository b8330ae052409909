package shellcmd

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Call is a command of a script that runs another file of the repository:
// a script (./ci/build.sh, bash ci/build.sh arg, sh -e x.sh) or make
// targets (make image, make -C dir -f file.mk a b).
type Call struct {
	// Make says the call runs make; Path is then the -f file ("" for the
	// default Makefile of Dir), Dir the -C directory and Targets the goals.
	Make    bool
	Path    string
	Dir     string
	Targets []string
	// Line and Col place the command's first word (1-based), Off is its
	// byte offset in the script.
	Line, Col, Off int
}

// Rel returns the call's Path and Dir relative to the repository's root
// for a script run in dir (relative to the root): a script's path from
// dir, a make call's -C directory from dir and its -f file from that
// directory. ok is false when either leaves the repository or is
// absolute.
func (c Call) Rel(dir string) (p, d string, ok bool) {
	if c.Make {
		d = CleanRel(path.Join(dir, c.Dir))
		if c.Path != "" {
			p = CleanRel(path.Join(d, c.Path))
		}
	} else {
		p, d = CleanRel(path.Join(dir, c.Path)), CleanRel(dir)
	}
	return p, d, !Outside(p) && !Outside(d)
}

// CleanRel is path.Clean of a path relative to the repository's root, ""
// for the root itself.
func CleanRel(p string) string {
	if p = path.Clean(p); p == "." {
		return ""
	}
	return p
}

// Outside reports whether a cleaned relative path leaves the repository or
// is absolute.
func Outside(p string) bool {
	return p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/")
}

// MentionsCall reports whether a script's text may run another file of the
// repository (a script, make, a bake or compose build): the cheap filter
// before the shell parser for Calls and Command.Run.
func MentionsCall(s string) bool {
	return strings.Contains(s, "make") || strings.Contains(s, "/") || strings.Contains(s, ".sh") || MentionsRun(s)
}

// MentionsDirChange reports whether a script's text may change the working
// directory (cd, pushd, popd): the cheap filter before DirChanges.
func MentionsDirChange(s string) bool {
	return strings.Contains(s, "cd") || strings.Contains(s, "pushd") || strings.Contains(s, "popd")
}

// shellNames are the shells a script is run with.
var shellNames = map[string]bool{"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true}

// Calls returns the commands of the script f (text src) that run a script
// or make targets of the repository, with paths and targets as written;
// one holding an unresolved expansion is left out.
func Calls(f *syntax.File, src string, opts Options) []Call {
	x := expander{src: src, opts: opts}
	var out []Call
	syntax.Walk(f, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		if c, ok := classifyCall(x.args(call.Args)); ok {
			pos := call.Args[0].Pos()
			c.Line, c.Col, c.Off = int(pos.Line()), int(pos.Col()), int(pos.Offset())
			out = append(out, c)
		}
		return true
	})
	return out
}

func classifyCall(ws []Word) (Call, bool) {
	for len(ws) > 0 && wrappers[path.Base(ws[0].Text)] {
		ws = ws[1:]
		for len(ws) > 0 && (strings.HasPrefix(ws[0].Text, "-") || strings.Contains(ws[0].Text, "=") && !strings.HasPrefix(ws[0].Text, "-")) {
			ws = ws[1:]
		}
	}
	if len(ws) == 0 {
		return Call{}, false
	}
	for _, w := range ws {
		if templated(w.Text) {
			return Call{}, false
		}
	}
	name := ws[0].Text
	switch base := path.Base(name); {
	case base == "make" || base == "gmake":
		c := Call{Make: true}
		for i := 1; i < len(ws); i++ {
			w := ws[i].Text
			switch {
			case w == "-C" || w == "--directory" || w == "-f" || w == "--file" || w == "--makefile":
				if i+1 < len(ws) {
					i++
					if w == "-C" || w == "--directory" {
						c.Dir = path.Join(c.Dir, ws[i].Text)
					} else {
						c.Path = ws[i].Text
					}
				}
			case strings.HasPrefix(w, "--directory="):
				c.Dir = path.Join(c.Dir, strings.TrimPrefix(w, "--directory="))
			case strings.HasPrefix(w, "--file=") || strings.HasPrefix(w, "--makefile="):
				_, c.Path, _ = strings.Cut(w, "=")
			case strings.HasPrefix(w, "-C") && len(w) > 2:
				c.Dir = path.Join(c.Dir, w[2:])
			case strings.HasPrefix(w, "-f") && len(w) > 2:
				c.Path = w[2:]
			case w == "-j" || w == "-l" || w == "-o" || w == "-W" || w == "-I":
				i++
			case strings.HasPrefix(w, "-"), strings.Contains(w, "="):
				// flags, and variables set on the command line
			default:
				c.Targets = append(c.Targets, w)
			}
		}
		return c, true
	case shellNames[base]:
		for i := 1; i < len(ws); i++ {
			w := ws[i].Text
			switch {
			case w == "-c":
				return Call{}, false // a command string, not a file
			case w == "-o" || w == "+o":
				i++
			case strings.HasPrefix(w, "-") || strings.HasPrefix(w, "+"):
			default:
				return Call{Path: w}, true
			}
		}
	case base == "source" || base == ".":
		if len(ws) > 1 && looksLikeScript(ws[1].Text) {
			return Call{Path: ws[1].Text}, true
		}
	case strings.Contains(name, "/") && looksLikeScript(name) || strings.HasPrefix(name, "./"):
		return Call{Path: name}, true
	}
	return Call{}, false
}

// looksLikeScript reports whether a command names a file of the
// repository that may be a script: a relative path (./x, ci/x.sh) or a
// *.sh, *.bash file.
func looksLikeScript(p string) bool {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "~") {
		return false
	}
	return strings.HasPrefix(p, "./") || strings.HasSuffix(p, ".sh") || strings.HasSuffix(p, ".bash") || strings.Contains(p, "/")
}
