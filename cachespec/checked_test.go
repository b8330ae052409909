package cachespec

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// checkedPrinter is one printer that returns an error, with the reader
// that reads its output back.
type checkedPrinter struct {
	name  string
	print func(e Entry) (string, error)
	read  func(s string) ([]Entry, error)
	// form says the form refuses more than Validate does (an action
	// input line cannot start or end with white space).
	form bool
}

// checkedPrinters lists every printer of this package that checks the
// entry, each with the reader of its form.
var checkedPrinters = []checkedPrinter{
	{"FormatChecked", FormatChecked, one(Parse), false},
	{"MarshalText", func(e Entry) (string, error) { b, err := e.MarshalText(); return string(b), err }, one(Parse), false},
	{"AppendText", func(e Entry) (string, error) {
		b, err := e.AppendText([]byte("x"))
		return strings.TrimPrefix(string(b), "x"), err
	}, one(Parse), false},
	{"MarshalJSON", func(e Entry) (string, error) { b, err := e.MarshalJSON(); return string(b), err }, func(s string) ([]Entry, error) {
		e, err := ParseJSON([]byte(s))
		return []Entry{e}, err
	}, false},
	{"List.MarshalJSON", func(e Entry) (string, error) { b, err := json.Marshal(List{e}); return string(b), err }, func(s string) ([]Entry, error) {
		var l List
		err := json.Unmarshal([]byte(s), &l)
		return l, err
	}, false},
	{"FormatActionInput", func(e Entry) (string, error) { return FormatActionInput([]Entry{e}) }, ParseActionInput, true},
	{"BuildxArgsChecked import", args(BuildxArgsChecked, DirectionImport), func(s string) ([]Entry, error) {
		return ParseList([]string{strings.TrimPrefix(s, "--cache-from=")})
	}, false},
	{"BuildxArgsChecked export", args(BuildxArgsChecked, DirectionExport), func(s string) ([]Entry, error) {
		return ParseList([]string{strings.TrimPrefix(s, "--cache-to=")})
	}, false},
	{"BuildctlArgsChecked export", args(BuildctlArgsChecked, DirectionExport), func(s string) ([]Entry, error) {
		v, ok := strings.CutPrefix(s, "--export-cache\x00")
		if !ok {
			return nil, errors.New("no --export-cache")
		}
		e, err := ParseBuildctl(v)
		return []Entry{e}, err
	}, false},
}

func one(parse func(string) (Entry, error)) func(string) ([]Entry, error) {
	return func(s string) ([]Entry, error) {
		e, err := parse(s)
		return []Entry{e}, err
	}
}

// args joins the arguments with NUL, which no value holds.
func args(f func(Direction, []Entry) ([]string, error), dir Direction) func(Entry) (string, error) {
	return func(e Entry) (string, error) {
		a, err := f(dir, []Entry{e})
		return strings.Join(a, "\x00"), err
	}
}

// TestCheckedPrintersRefuseIssueExamples: each entry built in Go with a
// value Parse refuses is refused by every checking printer, with a
// *ParseError naming the attribute, while the unchecked printers (whose
// signatures have no error) write it anyway, as documented, and Parse
// refuses what they wrote.
func TestCheckedPrintersRefuseIssueExamples(t *testing.T) {
	t.Parallel()
	bad := map[string]Entry{
		"mode":               &GHA{ExportOptions: ExportOptions{Mode: Some(Mode("maxx"))}},
		"compression":        &Registry{Ref: MustParse("ghcr.io/o/app:cache").(*Registry).Ref, ExportOptions: ExportOptions{Compression: Some(Compression("lz4"))}},
		"compression-level":  &Local{Dest: Some("d"), ExportOptions: ExportOptions{CompressionLevel: Some(99)}},
		"upload_parallelism": &S3{Region: Some("eu-west-1"), Bucket: Some("b"), UploadParallelism: Some(0)},
		"dest":               &Local{Dest: Some("/tmp/a\nb")},
	}
	for key, e := range bad {
		if key != "dest" {
			// a secret before the attribute: offsets count in the exact form
			switch e := e.(type) {
			case *GHA:
				e.Token = NewSecret("ghs_SECRETSECRETSECRET")
			case *S3:
				e.AccessKeyID = NewSecret("AKIA-SECRET-SECRET-SECRET")
			}
		}
		for _, p := range checkedPrinters {
			out, err := p.print(e)
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Key != key {
				t.Errorf("%s: %s = %q, %v; want a *ParseError for %s", key, p.name, out, err, key)
			}
		}
		for _, f := range []func(Direction, []Entry) ([]string, error){BuildxArgsChecked, BuildctlArgsChecked} {
			_, err := f(DirectionExport, []Entry{&Inline{}, e})
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Index != 1 {
				t.Errorf("%s: checked args of a list = %v, want the error of entry 1", key, err)
			}
		}
		// The unchecked forms write it, and Parse refuses their output
		// where Validate does.
		_, perr := Parse(Format(e))
		var want, got *ParseError
		if !errors.As(perr, &want) || !errors.As(Validate(e), &got) || got.Offset != want.Offset || got.Len != want.Len || want.Key != "" && got.Key != want.Key {
			t.Errorf("%s: Parse(Format) = %v; Validate = %v; want the same key and span", key, perr, Validate(e))
		}
		if a := BuildxArgs(DirectionExport, []Entry{e}); len(a) != 1 || a[0] != "--cache-to="+Format(e) {
			t.Errorf("%s: BuildxArgs = %q", key, a)
		}
		if a := BuildctlArgs(DirectionImport, []Entry{e}); len(a) != 2 || a[1] != Format(e) {
			t.Errorf("%s: BuildctlArgs = %q", key, a)
		}
	}
	for _, f := range []func(Direction, []Entry) ([]string, error){BuildxArgsChecked, BuildctlArgsChecked} {
		if a, err := f(DirectionUnknown, []Entry{&Inline{}}); err == nil || a != nil {
			t.Errorf("checked args without a direction = %q, %v", a, err)
		}
		if a, err := f(DirectionImport, nil); err != nil || len(a) != 0 {
			t.Errorf("checked args of no entry = %q, %v", a, err)
		}
	}
	if _, err := FormatChecked(nil); err == nil {
		t.Errorf("FormatChecked(nil) = nil error")
	}
}

// corrupt sets one field of e, or adds an unknown attribute, to a value
// drawn from anything the field's Go type can hold, valid or not.
func corrupt(t *rapid.T, e Entry) {
	keys := e.keys()
	i := rapid.IntRange(0, len(keys)).Draw(t, "field")
	if i == len(keys) {
		k := rapid.SampledFrom([]string{"x-new", "TAG", "", " pad", "a=b", "type", keys[0], "ok\nno"}).Draw(t, "extra-key")
		if _, dup := e.unknown().Get(k); !dup {
			e.unknown().appendRaw(k, rapid.SampledFrom([]string{"v", "a\nb", "\x00", "é"}).Draw(t, "extra-value"))
		}
		return
	}
	text := rapid.SampledFrom([]string{"ok", "/tmp/a\nb", "a\x00b", "\u2028", "", "\xff"})
	switch f := e.field(i).(type) {
	case *Optional[string]:
		*f = Some(text.Draw(t, "string"))
	case *urlField:
		*(*Optional[string])(f) = Some(rapid.SampledFrom([]string{"https://acct.blob.core.windows.net", "://x", "http://h/\n"}).Draw(t, "url"))
	case *digestField:
		*(*Optional[string])(f) = Some(rapid.SampledFrom([]string{"sha256:" + strings.Repeat("a", 64), "sha256:abc", "md5:x"}).Draw(t, "digest"))
	case *Optional[int]:
		*f = Some(rapid.IntRange(-30, 30).Draw(t, "int"))
	case *positiveField:
		*(*Optional[int])(f) = Some(rapid.IntRange(-2, 3).Draw(t, "positive"))
	case *Optional[Mode]:
		*f = Some(Mode(rapid.SampledFrom([]string{"min", "max", "maxx", "", "MAX"}).Draw(t, "mode")))
	case *Optional[Compression]:
		*f = Some(Compression(rapid.SampledFrom([]string{"gzip", "zstd", "estargz", "uncompressed", "lz4", ""}).Draw(t, "compression")))
	case *Optional[RetryMode]:
		*f = Some(RetryMode(rapid.SampledFrom([]string{"standard", "adaptive", "fast"}).Draw(t, "retry")))
	case *Optional[time.Duration]:
		*f = Some(time.Duration(rapid.Int64Range(-2e9, 2e9).Draw(t, "duration")))
	case *Secret:
		*f = NewSecret(text.Draw(t, "secret"))
	default:
		// bools, refs and force keep the valid value genEntry drew.
	}
}

// TestPropertyCheckedPrintersReadBack: whatever a checking printer
// accepts, its reader reads back to an equal entry; and a printer refuses
// every entry Validate refuses, and accepts every other one unless its
// form cannot hold it.
func TestPropertyCheckedPrintersReadBack(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		e := genEntry().Draw(t, "entry")
		n := rapid.IntRange(0, 2).Draw(t, "corruptions")
		for range n {
			corrupt(t, e)
		}
		verr := Validate(e)
		for _, p := range checkedPrinters {
			out, err := p.print(e)
			if verr != nil && err == nil || verr == nil && err != nil && !p.form {
				t.Fatalf("%s: error %v, Validate %v, for %q", p.name, err, verr, Redact(Format(e)))
			}
			if err != nil {
				continue
			}
			back, rerr := p.read(out)
			if rerr != nil || len(back) != 1 || !Equal(back[0], e) {
				t.Fatalf("%s wrote %q, read back as %v, %v", p.name, Redact(out), back, rerr)
			}
		}
	})
}

// TestValuesSingleTakesOneEntry: Values with Single reads its value as
// Flag did, with Parse: a CSV of several refs is refused (after parsing,
// never in Set), an empty value gives no entry, and Entry is the entry.
func TestValuesSingleTakesOneEntry(t *testing.T) {
	t.Parallel()
	v := Values{Single: true}
	if err := v.Set("ghcr.io/o/a,ghcr.io/o/b"); err != nil {
		t.Fatalf("Set = %v, want nil", err)
	}
	var pe *ParseError
	if err := v.Err(); !errors.Is(err, ErrMultipleEntries) || !errors.As(err, &pe) || pe.Index != 0 || v.Entry() != nil {
		t.Errorf("Single with two refs: Err %v, Entry %v", err, v.Entry())
	}
	v = Values{Single: true}
	if v.Set("") != nil || v.Err() != nil || v.Entry() != nil || len(v.Raw()) != 1 {
		t.Errorf("Single with an empty value: Err %v, Entry %v", v.Err(), v.Entry())
	}
	v = Values{Single: true}
	_ = v.Set("type=gha,scope=a")
	if v.Err() != nil || v.Entry() == nil || v.Entry().String() != "type=gha,scope=a" {
		t.Errorf("Single: Err %v, Entry %v", v.Err(), v.Entry())
	}
	var many Values
	_ = many.Set("ghcr.io/o/a,ghcr.io/o/b")
	if many.Err() != nil || len(many.Entries()) != 2 || many.Entry().String() != "type=registry,ref=ghcr.io/o/a" {
		t.Errorf("repeated: Err %v, entries %v", many.Err(), many.Entries())
	}
}
