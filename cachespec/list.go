package cachespec

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// List is a list of entries: the values of a repeated --cache-from or
// --cache-to flag, or a bake or compose cache list. A *List is a flag.Value
// (each Set appends, as a repeated flag does) and has the Type method pflag
// asks for, so tools can bind it directly:
//
//	var from cachespec.List
//	flag.Var(&from, "cache-from", "cache import (repeatable)")
type List []Entry

// Set implements flag.Value: it parses value with [ParseList] semantics (a
// CSV of bare refs gives several entries; an empty value gives none) and
// appends the entries.
func (l *List) Set(value string) error {
	if value == "" {
		return nil
	}
	out, err := appendValue(*l, value)
	if err != nil {
		return err
	}
	*l = out
	return nil
}

// Type returns the value type name pflag shows in usage text.
func (l *List) Type() string { return "cache" }

// String returns the entries' redacted forms, each quoted, separated by
// spaces, as flag.PrintDefaults shows a default value.
func (l *List) String() string {
	if l == nil || len(*l) == 0 {
		return ""
	}
	parts := make([]string, len(*l))
	for i, e := range *l {
		parts[i] = strconv.Quote(e.String())
	}
	return strings.Join(parts, " ")
}

// Strings returns the canonical form of each entry, secrets included, one per
// flag value.
func (l List) Strings() []string {
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = Format(e)
	}
	return out
}

// MarshalJSON writes the list as a JSON array of entry objects, the shape
// of a bake JSON file's cache-from / cache-to.
func (l List) MarshalJSON() ([]byte, error) {
	b := []byte{'['}
	for i, e := range l {
		if i > 0 {
			b = append(b, ',')
		}
		j, err := e.MarshalJSON()
		if err != nil {
			return nil, err
		}
		b = append(b, j...)
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads a JSON array whose elements are strings, read as flag
// values ([ParseList] semantics: empty strings skipped, ref lists split), or
// objects, read with [ParseJSON]; this is bake's string-or-object list. A
// null reads as an empty list.
func (l *List) UnmarshalJSON(data []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return newError(ErrSyntax, "", "", 0, 0, "not a JSON array of strings and objects", `write a list such as ["type=gha", {"type":"local","src":"dir"}]`)
	}
	var out List
	for i, r := range raw {
		r = bytes.TrimSpace(r)
		var err error
		switch {
		case len(r) > 0 && r[0] == '"':
			var s string
			if err = json.Unmarshal(r, &s); err == nil && s != "" {
				out, err = appendValue(out, s)
			}
		case len(r) > 0 && r[0] == '{':
			var e Entry
			if e, err = ParseJSON(r); err == nil {
				out = append(out, e)
			}
		case string(r) == "null":
		default:
			err = newError(ErrSyntax, "", "", 0, 0, "list element "+strconv.Itoa(i)+" is neither a string nor an object", "write a string or an object")
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				err = newError(ErrSyntax, "", "", 0, 0, "malformed JSON string", "check the quoting")
			}
			return withIndex(err, i)
		}
	}
	*l = out
	return nil
}

// Flag holds one entry and is a flag.Value (with pflag's Type) for a flag
// given at most once. Set refuses a value that holds several entries.
type Flag struct {
	Entry Entry
}

// Set implements flag.Value with [Parse].
func (f *Flag) Set(value string) error {
	e, err := Parse(value)
	if err != nil {
		return err
	}
	f.Entry = e
	return nil
}

// String returns the redacted form of the entry, or "".
func (f *Flag) String() string {
	if f == nil || f.Entry == nil {
		return ""
	}
	return f.Entry.String()
}

// Type returns the value type name pflag shows in usage text.
func (f *Flag) Type() string { return "cache" }
