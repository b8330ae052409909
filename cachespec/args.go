package cachespec

import (
	"errors"
	"strings"
)

// BuildxArgs returns command-line arguments for docker buildx build (and
// docker build): one "--cache-from=<value>" or "--cache-to=<value>" per
// entry, each value in canonical form. It REVEALS SECRETS: pass the
// arguments to exec.Command as they are (they need no shell quoting), never
// to a log.
//
// BuildxArgs does not check the entries (its signature has no error): an
// entry [Validate] refuses (Some(Mode("maxx")), a path with a newline) is
// written anyway, and Buildx or Parse then refuses the argument. For
// entries built in Go, use [BuildxArgsChecked]. It returns nil when dir is
// not DirectionImport or DirectionExport.
func BuildxArgs(dir Direction, entries []Entry) []string {
	var flag string
	switch dir {
	case DirectionImport:
		flag = "--cache-from="
	case DirectionExport:
		flag = "--cache-to="
	default:
		return nil
	}
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, flag+Format(e))
	}
	return out
}

// BuildctlArgs returns command-line arguments for buildctl build: the pair
// "--import-cache", "<value>" or "--export-cache", "<value>" per entry, each
// value in canonical form (which always starts with "type=", so buildctl
// never takes it for its deprecated bare-ref form). It REVEALS SECRETS, as
// [BuildxArgs] does.
//
// BuildctlArgs does not check the entries (its signature has no error): an
// entry [Validate] refuses is written anyway, and buildctl or Parse then
// refuses the argument. For entries built in Go, use
// [BuildctlArgsChecked]. It returns nil when dir is not DirectionImport or
// DirectionExport.
func BuildctlArgs(dir Direction, entries []Entry) []string {
	var flag string
	switch dir {
	case DirectionImport:
		flag = "--import-cache"
	case DirectionExport:
		flag = "--export-cache"
	default:
		return nil
	}
	out := make([]string, 0, 2*len(entries))
	for _, e := range entries {
		out = append(out, flag, Format(e))
	}
	return out
}

// BuildxArgsChecked is [BuildxArgs] for entries built in Go: it refuses
// an entry [Validate] refuses, with the error of [ValidateAll] (a
// *[ParseError] whose Index is the entry's position, secrets redacted),
// and a dir that is not DirectionImport or DirectionExport. Every value it
// returns, after its "--cache-from=" or "--cache-to=", reads back with
// [Parse] to an entry equal to the one given. It REVEALS SECRETS, as
// BuildxArgs does.
func BuildxArgsChecked(dir Direction, entries []Entry) ([]string, error) {
	if err := checkArgs(dir, entries); err != nil {
		return nil, err
	}
	return BuildxArgs(dir, entries), nil
}

// BuildctlArgsChecked is [BuildctlArgs] for entries built in Go: it
// refuses what [BuildxArgsChecked] refuses, and every value it returns
// reads back with [ParseBuildctl] (and [Parse]) to the entry given. It
// REVEALS SECRETS, as BuildctlArgs does.
func BuildctlArgsChecked(dir Direction, entries []Entry) ([]string, error) {
	if err := checkArgs(dir, entries); err != nil {
		return nil, err
	}
	return BuildctlArgs(dir, entries), nil
}

// checkArgs is the check of BuildxArgsChecked and BuildctlArgsChecked.
func checkArgs(dir Direction, entries []Entry) error {
	if dir != DirectionImport && dir != DirectionExport {
		return errors.New("cachespec: the direction of cache arguments must be DirectionImport or DirectionExport")
	}
	return ValidateAll(entries)
}

// ParseBuildctl reads a buildctl --import-cache / --export-cache value. A
// value that does not contain "type=" is buildctl's deprecated bare-ref form:
// the whole value, commas included, is one registry ref. Any other value is
// read as [Parse] reads it. Unlike buildx, buildctl does not skip empty
// values, so "" is refused.
func ParseBuildctl(s string) (Entry, error) {
	if err := checkText(s); err != nil {
		return nil, err
	}
	if !strings.Contains(s, "type=") {
		return parseShorthand(s, field{text: s})
	}
	return Parse(s)
}
