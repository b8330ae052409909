package cachespec

import (
	"encoding/json"
	"errors"
	"flag"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestErrorsEveryEntryPoint runs every refused row of parseTests through
// each reader and asserts the same kind and key.
func TestErrorsEveryEntryPoint(t *testing.T) {
	t.Parallel()
	for _, tt := range parseTests {
		if tt.want != "" || tt.kind == ErrMultipleEntries || tt.kind == ErrEmpty {
			continue
		}
		readers := map[string]func(string) error{
			"ParseList": func(s string) error { _, err := ParseList([]string{"type=inline", s}); return err },
			"UnmarshalText": func(s string) error {
				var r Registry
				return r.UnmarshalText([]byte(s))
			},
			"List.Set": func(s string) error { var l List; return l.Set(s) },
			"Flag.Set": func(s string) error { var f Flag; return f.Set(s) },
		}
		if utf8.ValidString(tt.in) { // JSON strings hold only UTF-8
			readers["List.UnmarshalJSON"] = func(s string) error {
				q, _ := json.Marshal(s)
				var l List
				return json.Unmarshal([]byte(`["type=inline",`+string(q)+`]`), &l)
			}
		}
		for name, read := range readers {
			err := read(tt.in)
			if !errors.Is(err, tt.kind) {
				t.Errorf("%s(%q) = %v, want %v", name, tt.in, err, tt.kind)
				continue
			}
			var pe *ParseError
			if !errors.As(err, &pe) || (tt.key != "" && pe.Key != tt.key) {
				t.Errorf("%s(%q): key %q, want %q", name, tt.in, pe.Key, tt.key)
			}
			if name == "ParseList" || name == "List.UnmarshalJSON" {
				if pe.Index != 1 || !strings.Contains(err.Error(), "value 1 ") {
					t.Errorf("%s(%q): index %d in %q, want 1", name, tt.in, pe.Index, err)
				}
			}
		}
	}
}

func TestParseList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []string // flag values
		want []string // Format of each entry
		err  *Kind    // the failure, if any
		idx  int      // the failing value's index
	}{
		{in: nil, want: nil},
		{in: []string{""}, want: nil},
		{in: []string{"", "type=gha", ""}, want: []string{"type=gha"}},
		{in: []string{"user/app:a,user/app:b"}, want: []string{"type=registry,ref=user/app:a", "type=registry,ref=user/app:b"}},
		{in: []string{"type=gha", "a,b,c"}, want: []string{"type=gha", "type=registry,ref=a", "type=registry,ref=b", "type=registry,ref=c"}},
		{in: []string{"user/app:a, user/app:b"}, err: ErrInvalidRef, idx: 0},
		{in: []string{"type=gha", "a,,b"}, err: ErrSyntax, idx: 1},
		{in: []string{"type=gha", ","}, err: ErrSyntax, idx: 1},
		{in: []string{"type=gha", "a,inline"}, err: ErrAmbiguousShorthand, idx: 1},
		{in: []string{"type=gha", `"a,b"`}, err: ErrInvalidRef, idx: 1},
		{in: []string{"type=gha", " "}, err: ErrInvalidRef, idx: 1},
	}
	for _, tt := range tests {
		got, err := ParseList(tt.in)
		if tt.err != nil {
			var pe *ParseError
			if !errors.Is(err, tt.err) || !errors.As(err, &pe) || pe.Index != tt.idx {
				t.Errorf("ParseList(%q) = %v, want %v at index %d", tt.in, err, tt.err, tt.idx)
			}
			if got != nil {
				t.Errorf("ParseList(%q) returned entries with an error", tt.in)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseList(%q): %v", tt.in, err)
			continue
		}
		if s := List(got).Strings(); strings.Join(s, "|") != strings.Join(tt.want, "|") {
			t.Errorf("ParseList(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

func TestFlags(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	var from List
	var to Flag
	fs.Var(&from, "cache-from", "cache import")
	fs.Var(&to, "cache-to", "cache export")
	err := fs.Parse([]string{"--cache-from", "type=gha,scope=a", "--cache-from", "x/a,x/b", "--cache-from=", "--cache-to", "type=gha,scope=a,mode=max,token=SECRETVALUE"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(from.Strings(), " "); got != "type=gha,scope=a type=registry,ref=x/a type=registry,ref=x/b" {
		t.Errorf("cache-from = %q", got)
	}
	if got := to.String(); got != "type=gha,scope=a,token=[redacted],mode=max" {
		t.Errorf("cache-to = %q", got)
	}
	if from.Type() != "cache" || to.Type() != "cache" {
		t.Errorf("pflag types %q %q", from.Type(), to.Type())
	}
	if got := from.String(); got != `"type=gha,scope=a" "type=registry,ref=x/a" "type=registry,ref=x/b"` {
		t.Errorf("List.String() = %q", got)
	}
	if err := to.Set("a,b"); !errors.Is(err, ErrMultipleEntries) {
		t.Errorf("Flag.Set(a,b) = %v", err)
	}
	var empty *List
	if empty.String() != "" || (&Flag{}).String() != "" {
		t.Errorf("empty flags print text")
	}
	fs.SetOutput(new(strings.Builder))
	if err := fs.Parse([]string{"--cache-from", "type=gha,mode=maxx"}); err == nil || !strings.Contains(err.Error(), "mode") {
		t.Errorf("flag error = %v", err)
	}
}

func TestArgs(t *testing.T) {
	t.Parallel()
	l := []Entry{MustParse("type=gha,scope=a b"), MustParse("type=local,\"dest=x,y\"")}
	if got := BuildxArgs(DirectionExport, l); strings.Join(got, "|") != `--cache-to=type=gha,scope=a b|--cache-to=type=local,"dest=x,y"` {
		t.Errorf("BuildxArgs = %q", got)
	}
	if got := BuildxArgs(DirectionImport, l[:1]); strings.Join(got, "|") != `--cache-from=type=gha,scope=a b` {
		t.Errorf("BuildxArgs = %q", got)
	}
	if got := BuildctlArgs(DirectionImport, l); strings.Join(got, "|") != `--import-cache|type=gha,scope=a b|--import-cache|type=local,"dest=x,y"` {
		t.Errorf("BuildctlArgs = %q", got)
	}
	if got := BuildctlArgs(DirectionExport, l[:1]); strings.Join(got, "|") != `--export-cache|type=gha,scope=a b` {
		t.Errorf("BuildctlArgs = %q", got)
	}
	if BuildxArgs(DirectionUnknown, l) != nil || BuildctlArgs(DirectionUnknown, l) != nil {
		t.Errorf("args for an unknown direction")
	}
}

func TestParseBuildctl(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		err      *Kind
	}{
		{in: "user/app:cache", want: "type=registry,ref=user/app:cache"},
		{in: "type=local,src=x", want: "type=local,src=x"},
		{in: "a,b", err: ErrInvalidRef},                        // no splitting: one ref "a,b"
		{in: "TYPE=registry,ref=x", err: ErrInvalidRef},        // "type=" is case-sensitive here
		{in: "mode=max,ref=user/app", err: ErrInvalidRef},      // no "type=": the legacy form
		{in: "inline", err: ErrAmbiguousShorthand},             // a keyword
		{in: "", err: ErrEmpty},                                // buildctl does not skip empty values
		{in: "type=gha,scope=a,scope=b", err: ErrDuplicateKey}, // CSV form, as Parse
	}
	for _, tt := range tests {
		e, err := ParseBuildctl(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseBuildctl(%q) = %v, want %v", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || Format(e) != tt.want {
			t.Errorf("ParseBuildctl(%q) = %v, %v; want %q", tt.in, e, err, tt.want)
		}
	}
}
