package cachespec

import "strings"

// BuildxArgs returns command-line arguments for docker buildx build (and
// docker build): one "--cache-from=<value>" or "--cache-to=<value>" per
// entry, each value in canonical form. It REVEALS SECRETS: pass the
// arguments to exec.Command as they are (they need no shell quoting), never
// to a log. It does not check the entries: call [ValidateAll] first for
// entries built in Go. It returns nil when dir is not DirectionImport or
// DirectionExport.
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
// never takes it for its deprecated bare-ref form), secrets included. It
// does not check the entries: call [ValidateAll] first for entries built in
// Go. It returns nil when dir is not DirectionImport or DirectionExport.
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
