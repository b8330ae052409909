package cachespec

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
)

// List is a list of entries: the values of a repeated --cache-from or
// --cache-to flag, or a bake or compose cache list. It logs redacted
// ([List.LogValue]), marshals to JSON in bake's shape, secrets included
// ([List.MarshalJSON]), and reads bake's string-or-object JSON lists.
//
// To bind a flag, use [Values], not List: a *List is a flag.Value (Set
// appends, as a repeated flag does), but its Set must fail on a refused
// value, and std flag and pflag then print the raw argument in their own
// message ("invalid value %q for flag", "invalid argument %q for %q
// flag"), secrets included, whatever the error says. Values never fails
// in Set and reports every refusal after parsing, redacted. [List.Set]
// and [List.Type] are deprecated for that reason.
type List []Entry

// Set implements flag.Value: it parses value with [ParseList] semantics (a
// CSV of bare refs gives several entries; an empty value gives none) and
// appends the entries, or returns the refusal, redacted, and appends
// nothing. To add a value in code, use [ParseList] and append.
//
// Deprecated: as a flag binding, List leaks. Its error is redacted, but
// std flag and pflag print the raw value itself beside it, secrets
// included. Bind [Values], whose Set never fails: after parsing,
// [Values.Err] reports every refusal redacted and [Values.Entries] gives
// the List.
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
//
// Deprecated: it serves only the flag binding [List.Set]; bind [Values].
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

// LogValue implements slog.LogValuer: the list is logged as an array of
// the entries' redacted forms, by slog's text and JSON handlers alike.
// Without it slog's JSON handler would fall through to MarshalJSON, which
// writes secrets. A plain []Entry has no such method: log it as a List
// (slog.Any("to", cachespec.List(entries))).
func (l List) LogValue() slog.Value {
	out := make([]string, len(l))
	for i, e := range l {
		if e != nil {
			out[i] = e.String()
		}
	}
	return slog.AnyValue(out)
}

// Strings returns the canonical form of each entry, one per flag value.
//
// It REVEALS SECRETS: it is a machine form, for a command line or a file
// BuildKit reads. For a person, print l.String() or each entry's String.
func (l List) Strings() []string {
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = Format(e)
	}
	return out
}

// MarshalJSON writes the list as a JSON array of entry objects, the shape
// of a bake JSON file's cache-from / cache-to.
//
// It REVEALS SECRETS: it is the machine form, for a file BuildKit or bake
// reads, and encoding/json calls it for a List, a []Entry or a struct
// holding entries. To marshal entries for a log, a report or an API
// response, marshal l.Redacted() (see [RedactEntry]); to log them with
// slog, log the List itself ([List.LogValue]).
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
// given at most once. Set refuses a value that holds several entries, and
// a second value.
//
// Deprecated: Flag's Set must fail on a refused value, and std flag and
// pflag then print the raw argument in their own message, secrets
// included, whatever the error says. Bind [Values] with Single set: it
// takes one value as Flag does, never fails in Set, and reports the
// refusal after parsing, redacted ([Values.Err]); [Values.Entry] is the
// entry.
type Flag struct {
	Entry Entry
	given bool
}

// ErrRepeatedFlag is the error of a second value for a flag that takes one
// ([Flag], [Values] with Single set).
var ErrRepeatedFlag = errors.New("cachespec: the flag takes one value and is given more than once")

// Set implements flag.Value with [Parse]. A second call fails, with the
// parse error of its value or else [ErrRepeatedFlag], and keeps the first
// entry.
func (f *Flag) Set(value string) error {
	e, err := Parse(value)
	if err != nil {
		return err
	}
	if f.given {
		return ErrRepeatedFlag
	}
	f.Entry, f.given = e, true
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

// Values binds a repeated --cache-from or --cache-to flag (or, with Single,
// a flag given once) so that no flag package ever prints a value: Set keeps
// each value as given and never fails, so std flag and pflag have no error
// to quote the raw value beside; after parsing, [Values.Err] reports every
// refused value at once, redacted. [Values.Raw] gives the values as typed,
// for package validate, which then reports every mistake at its position in
// what the user wrote:
//
//	var to cachespec.Values
//	flag.Var(&to, "cache-to", "cache export (repeatable)")
//	flag.Parse()
//	if err := to.Err(); err != nil {
//		log.Fatal(err) // redacted
//	}
//	ds := validate.Check(validate.Build{CacheTo: to.Raw()})
//	entries := to.Entries()
//
// Values is a flag.Value with pflag's Type method, for cobra as for std
// flag. The zero Values is empty and ready to use.
type Values struct {
	// Single makes the flag take one value, as [Flag] does: the value is
	// read with [Parse] (a CSV of several refs is refused with
	// [ErrMultipleEntries]), a second value is refused with
	// [ErrRepeatedFlag], and an empty value gives no entry. Refusals are
	// reported by Err; [Values.Entry] is the entry.
	Single bool

	raw     []string
	entries List
	errs    []error
}

// Set implements flag.Value. It keeps value, parses it with [ParseList]
// semantics and appends its entries; a refusal is kept for Err, with the
// value's position among the values given as the error's Index. It always
// returns nil, so that the flag package has no message that quotes value.
func (v *Values) Set(value string) error {
	i := len(v.raw)
	v.raw = append(v.raw, value)
	if v.Single && i > 0 {
		v.errs = append(v.errs, ErrRepeatedFlag)
		return nil
	}
	if value == "" {
		return nil
	}
	if v.Single {
		e, err := Parse(value)
		if err != nil {
			v.errs = append(v.errs, withIndex(err, i))
			return nil
		}
		v.entries = append(v.entries, e)
		return nil
	}
	out, err := appendValue(v.entries, value)
	if err != nil {
		v.errs = append(v.errs, withIndex(err, i))
		return nil
	}
	v.entries = out
	return nil
}

// Err returns every refusal of the values given, joined (errors.Join), or
// nil: each a *[ParseError] whose Index is the value's position among the
// values given, or [ErrRepeatedFlag]. Call it after parsing the flags. Its
// message holds no secret.
func (v *Values) Err() error { return errors.Join(v.errs...) }

// Entries returns the entries of the values accepted, in order.
func (v *Values) Entries() List { return slices.Clone(v.entries) }

// Entry returns the first entry of the values accepted, or nil: the entry
// of a Single flag.
func (v *Values) Entry() Entry {
	if len(v.entries) == 0 {
		return nil
	}
	return v.entries[0]
}

// Raw returns the values as given, in order, refused ones included: the
// CacheFrom or CacheTo of a validate.Build. It REVEALS SECRETS: it is for
// package validate (whose diagnostics are redacted) and for BuildKit,
// never for printing.
func (v *Values) Raw() []string { return slices.Clone(v.raw) }

// String returns the values given, each redacted ([Redact]) and quoted,
// separated by spaces, as flag.PrintDefaults shows a default value.
func (v *Values) String() string {
	if v == nil || len(v.raw) == 0 {
		return ""
	}
	parts := make([]string, len(v.raw))
	for i, r := range v.raw {
		parts[i] = strconv.Quote(Redact(r))
	}
	return strings.Join(parts, " ")
}

// Type returns the value type name pflag shows in usage text.
func (v *Values) Type() string { return "cache" }
