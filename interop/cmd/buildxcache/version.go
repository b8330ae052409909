package main

import (
	"runtime/debug"
	"strings"
)

// version describes this build of the command, from its build information.
func version() string {
	bi, _ := debug.ReadBuildInfo()
	return describe(bi)
}

// describe returns the main module's version ("v0.1.0" for go install
// ...@v0.1.0, "(devel)" when the go command gave none) followed, for a build
// from a checkout, by the VCS revision and whether the work tree had
// changes: "(devel) rev 0123456789ab, modified".
func describe(bi *debug.BuildInfo) string {
	if bi == nil {
		return "(devel)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return v
	}
	var b strings.Builder
	b.WriteString(v)
	b.WriteString(" rev ")
	b.WriteString(rev[:min(len(rev), 12)])
	if modified == "true" {
		b.WriteString(", modified")
	}
	return b.String()
}
