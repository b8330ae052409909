package compat

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/interop/render"
	"github.com/buildxcache/buildxcache/validate"
)

// leakKeys are unknown keys the readers treat as secrets: near misses of a
// secret attribute and keys that name a credential.
var leakKeys = []string{"tokne", "tokn", "toekn", "ghtokne", "sesion_tokn", "secret_acess_key", "pass", "pwd", "sas", "connection_string", "x-password", "api-key"}

// parts returns the export options and unknown attributes of e.
func parts(e cachespec.Entry) (*cachespec.ExportOptions, *cachespec.Attributes) {
	switch e := e.(type) {
	case *cachespec.Registry:
		return &e.ExportOptions, &e.Extra
	case *cachespec.Local:
		return &e.ExportOptions, &e.Extra
	case *cachespec.Inline:
		return &e.ExportOptions, &e.Extra
	case *cachespec.GHA:
		return &e.ExportOptions, &e.Extra
	case *cachespec.S3:
		return &e.ExportOptions, &e.Extra
	case *cachespec.AzBlob:
		return &e.ExportOptions, &e.Extra
	}
	panic(fmt.Sprintf("unknown entry %T", e))
}

// genLeakEntry draws a valid entry of any backend holding marker secrets
// in every secret attribute of its backend and in an unknown attribute
// whose key the readers treat as a secret; it returns the markers.
func genLeakEntry(t *rapid.T) (cachespec.Entry, []string) {
	e := testgen.Entry([]string{"app", "a b", "x,y", `q"t`, "é"}).Draw(t, "entry")
	var markers []string
	mark := func(label string) cachespec.Secret {
		m := "LEAK" + label + rapid.StringMatching(`[A-Za-z0-9]{6,10}`).Draw(t, label)
		markers = append(markers, m)
		return cachespec.NewSecret(m)
	}
	switch e := e.(type) {
	case *cachespec.GHA:
		e.Token, e.GHToken = mark("token"), mark("ghtoken")
	case *cachespec.S3:
		e.AccessKeyID, e.SecretAccessKey, e.SessionToken = mark("akid"), mark("sak"), mark("st")
	case *cachespec.AzBlob:
		e.SecretAccessKey = mark("azkey")
	}
	_, extra := parts(e)
	key := rapid.SampledFrom(leakKeys).Draw(t, "key")
	*extra = cachespec.AttributesOf(cachespec.Attr{Key: key, Value: mark("extra").Reveal()})
	return e, markers
}

// TestPropertyNoLeak follows entries holding marker secrets through every
// path by which the library's output reaches a person, and asserts what
// the documentation says of the machine forms:
//
//   - String, every fmt verb, Display, Redact, and the redacted entry
//     (RedactEntry) through every printer, the checked ones and render's
//     forms included, show no secret;
//   - slog's text handler shows none for an entry, a List, a []Entry or a
//     struct holding entries; slog's JSON handler shows none for an entry
//     or a List, and shows them for a []Entry and a struct (documented:
//     encoding/json calls MarshalJSON);
//   - encoding/json of a List, []Entry, map or struct of entries writes
//     the secrets (the machine form, documented), and of their redacted
//     copies none;
//   - every error (Parse, ParseList, ParseJSON, ParseActionInput,
//     List.UnmarshalJSON, Validate, the checked printers, render) and its
//     diagnostic, and every diagnostic of validate.Check for raw values and
//     typed entries, show none;
//   - std flag and pflag, bound with cachespec.Values (repeated and
//     Single) and given refused values, print and return nothing that
//     shows one, and Values' Err and String show none.
//
// The CLI's text, JSON and SARIF output are held to the same in
// cmd/buildxcache (TestPropertyCLINoLeak).
func TestPropertyNoLeak(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		e, markers := genLeakEntry(t)
		var shown []string // what a person may see
		show := func(s ...string) { shown = append(shown, s...) }
		var revealed []string // machine forms, documented as writing secrets
		reveal := func(s ...string) { revealed = append(revealed, s...) }

		// Human forms.
		r := cachespec.RedactEntry(e)
		show(e.String(), fmt.Sprint(e), fmt.Sprintf("%v %+v %#v %s %q", e, e, e, e, e), cachespec.Display(e),
			cachespec.Redact(cachespec.Format(e)), fmt.Sprintf("%+v", struct{ A []cachespec.Entry }{[]cachespec.Entry{e}}),
			fmt.Sprint(cachespec.List{e}), cachespec.KeyOf(e).String())
		// Every printer, on the redacted entry and on the entry itself.
		for _, x := range []struct {
			entry cachespec.Entry
			out   func(...string)
		}{{r, show}, {e, reveal}} {
			list := []cachespec.Entry{x.entry}
			text, _ := x.entry.MarshalText()
			js, _ := x.entry.MarshalJSON()
			checked, err := cachespec.FormatChecked(x.entry)
			if err != nil {
				t.Fatalf("FormatChecked refused a valid entry: %v", err)
			}
			input, _ := cachespec.FormatActionInput(list)
			x.out(cachespec.Format(x.entry), checked, string(text), string(js), input,
				strings.Join(cachespec.BuildxArgs(cachespec.DirectionExport, list), " "),
				strings.Join(cachespec.BuildctlArgs(cachespec.DirectionImport, list), " "),
				strings.Join(cachespec.List(list).Strings(), " "))
			for _, f := range []func(cachespec.Direction, []cachespec.Entry) ([]string, error){cachespec.BuildxArgsChecked, cachespec.BuildctlArgsChecked} {
				a, err := f(cachespec.DirectionExport, list)
				if err != nil {
					t.Fatalf("checked args refused a valid entry: %v", err)
				}
				x.out(strings.Join(a, " "))
			}
			for _, form := range render.Forms {
				spec := render.Spec{From: list, To: list}
				if form == render.Canonical {
					spec.From = nil
				}
				out, err := render.RenderSpec(form, spec)
				if err != nil && form != render.Action { // an action input line cannot hold surrounding white space
					t.Fatalf("render %s: %v", form, err)
				}
				x.out(out)
			}
		}

		// slog.
		l := cachespec.List{e, cachespec.MustParse("type=inline")}
		var text, js, jsRevealed bytes.Buffer
		for _, h := range []slog.Handler{slog.NewTextHandler(&text, nil), slog.NewJSONHandler(&js, nil)} {
			slog.New(h).Info("cache", "entry", e, slog.Any("list", l), "group", slog.GroupValue(slog.Any("to", l)))
		}
		slog.New(slog.NewTextHandler(&text, nil)).Info("cache", slog.Any("entries", []cachespec.Entry(l)), "struct", struct {
			To  []cachespec.Entry
			One cachespec.Entry
		}{l, e})
		slog.New(slog.NewJSONHandler(&jsRevealed, nil)).Info("cache", slog.Any("entries", []cachespec.Entry(l)), "struct", struct{ One cachespec.Entry }{e})
		show(text.String(), js.String())
		reveal(jsRevealed.String())

		// encoding/json of containers.
		type holder struct {
			To  cachespec.List
			All []cachespec.Entry
			By  map[string]cachespec.Entry
			One cachespec.Entry
		}
		plain, err := json.Marshal(holder{l, l, map[string]cachespec.Entry{"a": e}, e})
		if err != nil {
			t.Fatalf("json.Marshal: %v", err)
		}
		red, err := json.Marshal(holder{l.Redacted(), l.Redacted(), map[string]cachespec.Entry{"a": r}, r})
		if err != nil {
			t.Fatalf("json.Marshal of redacted copies: %v", err)
		}
		reveal(string(plain))
		show(string(red))

		// Errors, from every reader, of the entry's text made wrong.
		var errs []error
		f := cachespec.Format(e)
		for _, bad := range []string{f + ",type=inline", f + `,x"`, f + ",,", `"` + f, f + ", mode=max", f + ",mode=maxx", f + ",\x00"} {
			_, err := cachespec.Parse(bad)
			errs = append(errs, err)
			_, err = cachespec.ParseList([]string{"type=inline", bad})
			errs = append(errs, err)
			_, err = cachespec.ParseActionInput("type=inline\n" + bad)
			errs = append(errs, err)
			_, err = cachespec.ParseBuildctl(bad)
			errs = append(errs, err)
		}
		j, _ := e.MarshalJSON()
		obj := j[: len(j)-1 : len(j)-1]
		for _, bad := range [][]byte{append(obj, `,"mode":"maxx"}`...), append(obj, `,"type":"gha"}`...), obj, append(obj, `,"x":1}`...)} {
			_, err := cachespec.ParseJSON(bad)
			errs = append(errs, err)
			var back cachespec.List
			errs = append(errs, json.Unmarshal(append(append([]byte(`[`), bad...), ']'), &back))
		}
		// The entry with a typed value Parse refuses, set in Go, through
		// every checking printer.
		bad := cachespec.Clone(e)
		o, _ := parts(bad)
		o.Mode = cachespec.Some(cachespec.Mode("maxx"))
		errs = append(errs, bad.Validate())
		_, err = bad.MarshalText()
		errs = append(errs, err)
		_, err = bad.MarshalJSON()
		errs = append(errs, err)
		_, err = cachespec.FormatChecked(bad)
		errs = append(errs, err)
		_, err = cachespec.BuildxArgsChecked(cachespec.DirectionExport, []cachespec.Entry{e, bad})
		errs = append(errs, err)
		_, err = cachespec.BuildctlArgsChecked(cachespec.DirectionImport, []cachespec.Entry{bad})
		errs = append(errs, err)
		_, err = cachespec.FormatActionInput([]cachespec.Entry{bad})
		errs = append(errs, err)
		_, err = json.Marshal(cachespec.List{bad})
		errs = append(errs, err)
		for _, form := range render.Forms {
			_, err := render.RenderSpec(form, render.Spec{To: []cachespec.Entry{e, bad}})
			errs = append(errs, err)
		}
		for i, err := range errs {
			if err == nil && i < 4*7 {
				t.Fatalf("reader %d accepted a broken value", i)
			}
			if err == nil {
				continue
			}
			show(err.Error(), fmt.Sprintf("%v %+v %#v", err, err, err))
			var pe *cachespec.ParseError
			if errors.As(err, &pe) {
				d := pe.Diagnostic()
				show(d.String(), fmt.Sprintf("%+v", d), pe.Input, pe.Fix)
			}
		}

		// Diagnostics, for raw values and typed entries.
		raws := []string{f, f + ",mode=maxx", f + ", mode=max", f + ",type=gha", f + `,"`}
		ds := validate.Check(validate.Build{CacheFrom: raws, CacheTo: raws, CacheToEntries: []cachespec.Entry{e, bad}, CacheFromEntries: []cachespec.Entry{e}, Tags: []string{"ghcr.io/o/app:1"}})
		if len(ds) == 0 {
			t.Fatalf("no diagnostic for broken values")
		}
		for _, d := range ds {
			show(d.String(), fmt.Sprintf("%+v", d))
			for _, fx := range d.Fixes {
				show(fx.Message, fx.Fixed)
				for _, ed := range fx.Edits {
					show(ed.NewText)
				}
			}
		}
		if err := ds.Err(); err != nil {
			show(err.Error())
		}

		// Flags: std flag and pflag with Values, repeated and Single.
		args := []string{"--cache-to", f + ",mode=maxx", "--cache-to=" + f + `,x"`, "--cache-to", "a,b", "--cache-to", f}
		var printed bytes.Buffer
		var values []*cachespec.Values
		for _, single := range []bool{false, true} {
			std := &cachespec.Values{Single: single}
			fs := flag.NewFlagSet("build", flag.ContinueOnError)
			fs.SetOutput(&printed)
			fs.Var(std, "cache-to", "cache export")
			if err := fs.Parse(args); err != nil {
				show(err.Error())
			}
			fs.PrintDefaults()
			pf := &cachespec.Values{Single: single}
			ps := pflag.NewFlagSet("build", pflag.ContinueOnError)
			ps.SetOutput(&printed)
			ps.Var(pf, "cache-to", "cache export")
			if err := ps.Parse(args); err != nil {
				show(err.Error())
			}
			ps.PrintDefaults()
			values = append(values, std, pf)
		}
		for _, v := range values {
			if v.Err() == nil {
				t.Fatalf("Values accepted the broken values")
			}
			show(v.Err().Error(), fmt.Sprintf("%+v", v.Err()), v.String())
		}
		show(printed.String())

		for _, m := range markers {
			for _, s := range shown {
				if strings.Contains(s, m) {
					t.Fatalf("secret %q is shown in:\n%s", m, s)
				}
			}
			// The machine forms write it, as documented: the test sees
			// a leak where there is one.
			for i, s := range revealed {
				if s != "" && !strings.Contains(s, m) {
					t.Fatalf("machine form %d lost secret %q:\n%s", i, m, s)
				}
			}
		}
	})
}
