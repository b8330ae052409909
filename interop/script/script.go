// Package script reads shell scripts (*.sh, *.bash, or a #! line naming
// sh, bash, dash or zsh) and finds the image builds in them: every docker
// buildx build, docker build, docker buildx bake --set, buildctl build and
// docker compose build command with cache flags, wherever it stands in
// the script (functions, conditionals, loops, pipelines), split with the
// shell parser the workflow reader uses (interop/internal/shellcmd).
//
// The constant variables of the script (CACHE=ghcr.io/o/a:cache,
// readonly, export, declare and local assignments, : "${VAR:=default}",
// VAR=${VAR:-default}) are substituted in the values, which are then
// placed at the start of their word, inexactly; every other expansion
// ($VAR of the environment, $(command), $1) stays in the value as written,
// a template for validate. The builder is followed through the script
// (docker buildx create --use, docker buildx use, --builder,
// BUILDX_BUILDER), so Builder.Driver is known where the script shows it;
// elsewhere it is unknown, since a script may run on any machine.
//
// A script carries no CI context of its own: CI.Provider is "" and
// Step is validate.StepUnknown.
package script

import (
	"errors"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Reader is the script reader as a [source.Reader]: every input is a
// script read on its own. Scripts take nothing from the options.
var Reader = source.EachFile(func(in source.Input, _ source.Options) source.File {
	return parse(in.Path, in.Content)
})

// Read reads each input as one shell script.
func Read(inputs []source.Input, opts source.Options) []source.File {
	return Reader.Read(inputs, opts)
}

// MentionsBuild reports whether a script's text may hold a build with a
// cache value: the cheap filter before the shell parser. A script that
// does not is neither parsed nor reported.
func MentionsBuild(s string) bool {
	return strings.Contains(s, "cache-") || strings.Contains(s, "-cache")
}

func parse(path string, data []byte) (f source.File) {
	f.Path = path
	if d := source.CheckText(path, data); d != nil {
		f.Diagnostics = append(f.Diagnostics, *d)
		return f
	}
	src := string(data)
	if !MentionsBuild(src) && !shellcmd.MentionsRun(src) {
		return f
	}
	sf, err := shellcmd.Parse(src)
	lines := shellcmd.NewLines(path, src)
	if err != nil {
		f.Diagnostics = append(f.Diagnostics, Unparsable(path, err, lines.Pos, "script"))
		return f
	}
	consts := shellcmd.Constants(sf, src, shellcmd.Options{})
	opts := shellcmd.Options{Lookup: func(n string) (string, bool) { v, ok := consts[n]; return v, ok }}
	builders := shellcmd.NewBuilders(consts["BUILDX_BUILDER"])
	moves := shellcmd.Moves(sf, src, opts)
	span := func(w shellcmd.Word) diag.Span { return lines.Span(w.Off, w.Text, w.Exact) }
	cds := shellcmd.DirChanges(sf, src, opts)
	for _, c := range shellcmd.Find(sf, src, opts) {
		if !c.IsBuild() {
			builders.Apply(c)
			continue
		}
		if run, ok := c.Run(span, lines.At(c.Off)); ok {
			run.Builder = builders.Of(c)
			run.Name = c.Tool + " at line " + strconv.Itoa(c.Line)
			run.Moved = len(cds) > 0 && cds[0] < c.Off
			f.Runs = append(f.Runs, run)
		}
		if len(c.CacheFrom)+len(c.CacheTo) == 0 {
			continue
		}
		b := c.Build(span, lines.At(c.Off), path)
		b.Builder = builders.Of(c)
		b.Name = c.Tool + " at line " + strconv.Itoa(c.Line)
		b.MovedDirs = moves
		f.Builds = append(f.Builds, b)
	}
	return f
}

// Unparsable is the validate.UnparsableScript diagnostic of a script the
// shell parser refused with err: at the line the parser names (pos maps a
// byte offset of the script to the file), what names the script in the
// message ("script", "recipe of target image").
func Unparsable(path string, err error, pos func(int) diag.Pos, what string) diag.Diagnostic {
	at := pos(0)
	msg := err.Error()
	var pe syntax.ParseError
	if errors.As(err, &pe) {
		at = pos(int(pe.Pos.Offset()))
		msg = pe.Text
	} else if le := (syntax.LangError{}); errors.As(err, &le) {
		at = pos(int(le.Pos.Offset()))
		msg = strings.TrimPrefix(msg, le.Pos.String()+": ")
	}
	if !strings.HasPrefix(msg, "line ") && at.Line > 0 {
		msg = "line " + strconv.Itoa(at.Line) + ": " + msg
	}
	return validate.UnparsableScript.At(diag.At(path, at),
		"the shell cannot parse this "+what+" ("+msg+"), so its build commands are not checked")
}
