package cachespec

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// genSecretEntry draws an entry that holds marker secrets: in its Secret
// fields where the backend has them, and in an unknown attribute whose key
// is a near miss of a secret attribute or names a credential.
func genSecretEntry() *rapid.Generator[Entry] {
	return rapid.Custom(func(t *rapid.T) Entry {
		e := genEntry().Draw(t, "entry")
		for i := range e.keys() {
			if f := e.field(i); f.isSecret() && rapid.Bool().Draw(t, "set-secret") {
				_ = f.parse("LEAKSECRET" + rapid.StringMatching(`[A-Za-z0-9]{4,8}`).Draw(t, "secret"))
			}
		}
		if rapid.Bool().Draw(t, "misspelt") {
			k := rapid.SampledFrom(misspeltSecretKeys).Draw(t, "key")
			if _, dup := e.unknown().Get(k); !dup && indexKey(e.keys(), k) < 0 {
				e.unknown().appendRaw(k, "LEAKUNKNOWN"+rapid.StringMatching(`[a-z0-9]{4,8}`).Draw(t, "v"))
			}
		}
		return e
	})
}

// markers returns the marker secrets e holds.
func markers(e Entry) []string {
	out := secretValues(e)
	for k, v := range e.unknown().All() {
		if strings.HasPrefix(v, "LEAK") {
			out = append(out, v)
			_ = k
		}
	}
	return out
}

// TestPropertyNoLeak runs generated entries holding secrets through every
// human-facing form of this package: String and every fmt verb, slog's text
// and JSON handlers (an entry, a List, a struct holding a redacted List),
// encoding/json of redacted containers, every parse and validation error,
// their diagnostics, Redact, and flag errors through std flag with Values.
func TestPropertyNoLeak(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		e := genSecretEntry().Draw(t, "entry")
		secrets := markers(e)
		if len(secrets) == 0 {
			t.Skip("no secret")
		}
		l := List{e, MustParse("type=inline")}
		var text, js bytes.Buffer
		for _, h := range []slog.Handler{slog.NewTextHandler(&text, nil), slog.NewJSONHandler(&js, nil)} {
			slog.New(h).Info("cache", "entry", e, "list", l, "struct", struct{ To List }{l.Redacted()}, "value", derefEntry(e))
		}
		redactedJSON, err := json.Marshal(struct {
			To   List
			From []Entry
			One  Entry
		}{l.Redacted(), l.Redacted(), RedactEntry(e)})
		if err != nil {
			t.Fatalf("json.Marshal of redacted containers: %v", err)
		}
		outputs := append(humanForms(e), text.String(), js.String(), string(redactedJSON),
			l.String(), fmt.Sprint(l), fmt.Sprintf("%v %+v", l, l), Redact(Format(e)), RedactEntry(e).String(), Format(RedactEntry(e)))

		// Errors about the entry's text, from every reader.
		j, _ := e.MarshalJSON()
		var errs []error
		for _, bad := range []string{Format(e) + ",type=inline", Format(e) + `,x"`, Format(e) + ",,", `"` + Format(e)} {
			_, err := Parse(bad)
			errs = append(errs, err)
			_, err = ParseList([]string{"type=gha", bad})
			errs = append(errs, err)
			_, err = ParseActionInput("type=gha\n" + bad)
			errs = append(errs, err)
		}
		for _, bad := range [][]byte{append(j[:len(j)-1:len(j)-1], `,"mode":"maxx"}`...), append(j[:len(j)-1:len(j)-1], `,"type":"gha"}`...), j[:len(j)-1]} {
			_, err := ParseJSON(bad)
			errs = append(errs, err)
			var back List
			errs = append(errs, json.Unmarshal(append(append([]byte(`[`), bad...), ']'), &back))
		}
		// A typed value Parse refuses, set in Go.
		bad := Clone(e)
		exportOptions(bad).Mode = Some(Mode("maxx"))
		errs = append(errs, Validate(bad))
		_, err = bad.MarshalText()
		errs = append(errs, err)
		_, err = FormatActionInput([]Entry{bad})
		errs = append(errs, err)
		// Flags: std flag with Values prints nothing; Err is redacted.
		var to Values
		fs := flag.NewFlagSet("build", flag.ContinueOnError)
		var out bytes.Buffer
		fs.SetOutput(&out)
		fs.Var(&to, "cache-to", "")
		errs = append(errs, fs.Parse([]string{"--cache-to", Format(e) + ",type=inline", "--cache-to=" + Format(e) + `,x"`}), to.Err())
		outputs = append(outputs, out.String(), to.String())
		for _, err := range errs {
			if err == nil {
				continue
			}
			outputs = append(outputs, err.Error(), fmt.Sprintf("%v %+v %#v", err, err, err))
			var pe *ParseError
			if errors.As(err, &pe) {
				d := pe.Diagnostic()
				outputs = append(outputs, d.String(), fmt.Sprintf("%+v", d), pe.Input)
			}
		}
		if to.Err() == nil {
			t.Fatalf("Values accepted a broken value")
		}
		for _, s := range secrets {
			for _, o := range outputs {
				if strings.Contains(o, s) {
					t.Fatalf("secret %q appears in %q", s, o)
				}
			}
		}
	})
}

func TestValuesNeverFailInSet(t *testing.T) {
	t.Parallel()
	const secret = "SECRET123"
	var from, to Values
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	var out bytes.Buffer
	fs.SetOutput(&out)
	fs.Var(&from, "cache-from", "")
	fs.Var(&to, "cache-to", "")
	args := []string{
		"--cache-from", "type=gha,scope=a", "--cache-from", "a/b,c/d", "--cache-from=",
		"--cache-to", "type=s3,bucket=b,secret_access_key=" + secret + ",mode=maxx",
		"--cache-to", "type=gha,tokne=" + secret + ", mode=max",
		"--cache-to", "type=inline",
	}
	if err := fs.Parse(args); err != nil || out.Len() != 0 {
		t.Fatalf("flag.Parse = %v, printed %q", err, out.String())
	}
	if from.Err() != nil || len(from.Entries()) != 3 || len(from.Raw()) != 3 {
		t.Errorf("cache-from: %v, %d entries, %d values", from.Err(), len(from.Entries()), len(from.Raw()))
	}
	err := to.Err()
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Index != 0 || !errors.Is(err, ErrInvalidValue) || !errors.Is(err, ErrKeyWhitespace) {
		t.Errorf("cache-to Err = %v, want both refusals with their positions", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(to.String(), secret) {
		t.Errorf("Err or String leaks: %v / %s", err, to.String())
	}
	if got := to.Entries(); len(got) != 1 || got[0].Type() != TypeInline {
		t.Errorf("cache-to entries = %v", got)
	}
	if raw := to.Raw(); len(raw) != 3 || !strings.Contains(raw[0], secret) {
		t.Errorf("Raw lost the values as given: %d", len(raw))
	}
	// Single: a second value is refused, after parsing, without printing it.
	one := Values{Single: true}
	fs = flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(&one, "cache-to", "")
	if err := fs.Parse([]string{"--cache-to=type=gha", "--cache-to=type=gha,token=" + secret}); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(one.Err(), ErrRepeatedFlag) || len(one.Entries()) != 1 {
		t.Errorf("Single: %v, %d entries", one.Err(), len(one.Entries()))
	}
	if (&Values{}).Type() != "cache" || (*Values)(nil).String() != "" {
		t.Errorf("Type or nil String")
	}
}

func TestFlagSetOnce(t *testing.T) {
	t.Parallel()
	var f Flag
	if err := f.Set("type=gha,scope=a"); err != nil {
		t.Fatal(err)
	}
	if err := f.Set("type=gha,scope=b"); !errors.Is(err, ErrRepeatedFlag) {
		t.Errorf("second Set = %v, want ErrRepeatedFlag", err)
	}
	if got := f.Entry.String(); got != "type=gha,scope=a" {
		t.Errorf("Flag kept %q, want the first value", got)
	}
}
