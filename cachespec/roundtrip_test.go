package cachespec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestPropertyParseFormat(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		e := genEntry().Draw(t, "entry")
		text := Format(e)
		got, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(Format(e)) = %v\nformat: %q", err, text)
		}
		if !Equal(got, e) {
			t.Fatalf("Parse(Format(e)) != e\nformat: %q\ngot:    %q", text, Format(got))
		}
		if again := Format(got); again != text {
			t.Fatalf("Format is not canonical: %q then %q", text, again)
		}
		b, err := e.AppendText(nil)
		if err != nil || string(b) != text {
			t.Fatalf("AppendText = %q, %v; want %q", b, err, text)
		}
		m, err := e.MarshalText()
		if err != nil || string(m) != text {
			t.Fatalf("MarshalText = %q, %v; want %q", m, err, text)
		}
		// UnmarshalText into the same backend.
		dst := newEntry(e.Type())
		if err := unmarshalInto(dst, m); err != nil || !Equal(dst, e) {
			t.Fatalf("UnmarshalText(%q) = %v, %v", m, dst, err)
		}
	})
}

func TestPropertyAttrs(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		e := genEntry().Draw(t, "entry")
		a := e.Attrs()
		if _, ok := a["type"]; ok {
			t.Fatalf("Attrs has a type key")
		}
		// Every attribute in the canonical form is in Attrs with its text.
		n := 0
		it := fieldIter{s: Format(e)}
		for {
			f, ok, err := it.next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			k, v, _ := strings.Cut(f.text, "=")
			if k == "type" {
				continue
			}
			n++
			if a[k] != v {
				t.Fatalf("Attrs[%q] = %q, want %q", k, a[k], v)
			}
		}
		if n != len(a) {
			t.Fatalf("Attrs has %d keys, the canonical form %d", len(a), n)
		}
		a["mutate"] = "x"
		if _, ok := e.Attrs()["mutate"]; ok {
			t.Fatalf("Attrs returned a shared map")
		}
	})
}

func TestPropertyJSON(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		e := genEntry().Draw(t, "entry")
		j, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(j, &m); err != nil {
			t.Fatalf("MarshalJSON wrote %s, not an object of strings: %v", j, err)
		}
		want := e.Attrs()
		want["type"] = e.Type().String()
		if fmt.Sprint(m) != fmt.Sprint(want) {
			t.Fatalf("JSON %s, want the attributes %v", j, want)
		}
		got, err := ParseJSON(j)
		if err != nil || !Equal(got, e) {
			t.Fatalf("ParseJSON(%s) = %v, %v", j, got, err)
		}
		dst := newEntry(e.Type())
		if err := json.Unmarshal(j, dst); err != nil || !Equal(dst, e) {
			t.Fatalf("json.Unmarshal(%s) = %v, %v", j, dst, err)
		}
	})
}

func TestPropertyNormalize(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		e := genEntry().Draw(t, "entry")
		before := Format(e)
		n := Normalize(e)
		if Format(e) != before {
			t.Fatalf("Normalize modified its argument")
		}
		if nn := Normalize(n); !Equal(nn, n) {
			t.Fatalf("Normalize is not idempotent:\n%q\n%q", Format(n), Format(nn))
		}
		if got, err := Parse(Format(n)); err != nil || !Equal(got, n) {
			t.Fatalf("a normalized entry does not round-trip: %q: %v", Format(n), err)
		}
		assertSameMeaning(t, e, n)
	})
}

// assertSameMeaning checks that every attribute of e has the same value in
// n (refs compared fully qualified), and n adds only defaults.
func assertSameMeaning(t *rapid.T, e, n Entry) {
	if e.Type() != n.Type() {
		t.Fatalf("type changed")
	}
	if e.Type() == TypeInline {
		// BuildKit ignores every attribute on inline
		if Format(n) != "type=inline" {
			t.Fatalf("inline normalized to %q", Format(n))
		}
		return
	}
	for i, k := range e.keys() {
		a, b := e.field(i), n.field(i)
		if !a.present() {
			continue
		}
		if !b.present() {
			t.Fatalf("%s dropped", k)
		}
		if fmt.Sprint(typedValue(a)) != fmt.Sprint(typedValue(b)) {
			t.Fatalf("%s changed meaning: %v -> %v", k, typedValue(a), typedValue(b))
		}
	}
	if *e.unknown() != *n.unknown() {
		t.Fatalf("unknown attributes changed")
	}
}

// typedValue returns what BuildKit reads from a field.
func typedValue(f attrField) any {
	switch f := f.(type) {
	case *refField:
		return f.ref().Qualified()
	case *Optional[bool]:
		return f.value()
	case *forceField:
		return f.opt().value()
	case *Optional[int]:
		return f.value()
	case *positiveField:
		return f.opt().value()
	case *Secret:
		return f.v
	case *Optional[time.Duration]:
		return f.value()
	}
	return f.spelling()
}

func TestPropertyList(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		l := List(rapid.SliceOfN(genEntry(), 0, 5).Draw(t, "list"))
		got, err := ParseList(l.Strings())
		if err != nil || len(got) != len(l) {
			t.Fatalf("ParseList(Strings()) = %v, %v", got, err)
		}
		for i := range l {
			if !Equal(got[i], l[i]) {
				t.Fatalf("entry %d differs", i)
			}
		}
		var viaFlag List
		for _, a := range BuildxArgs(DirectionExport, l) {
			if err := viaFlag.Set(strings.TrimPrefix(a, "--cache-to=")); err != nil {
				t.Fatal(err)
			}
		}
		if len(viaFlag) != len(l) {
			t.Fatalf("flag round trip lost entries")
		}
		j, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		var back List
		if err := json.Unmarshal(j, &back); err != nil || len(back) != len(l) {
			t.Fatalf("List JSON round trip: %v", err)
		}
		for i := range l {
			if !Equal(back[i], l[i]) {
				t.Fatalf("JSON entry %d differs", i)
			}
		}
		n := NormalizeList(l)
		if !equalLists(NormalizeList(n), n) {
			t.Fatalf("NormalizeList is not idempotent")
		}
	})
}

func equalLists(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// TestPropertySecrets checks that no secret value reaches any human-facing
// form: String, every fmt verb, slog, and errors.
func TestPropertySecrets(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		e := genEntry().Draw(t, "entry")
		secrets := secretValues(e)
		if len(secrets) == 0 {
			t.Skip("no secret")
		}
		var logged bytes.Buffer
		logEntry(&logged, e)
		outputs := []string{
			e.String(), fmt.Sprint(e), fmt.Sprintf("%v %+v %#v %s %q %x", e, e, e, e, e, e),
			fmt.Sprintf("%+v %#v", derefEntry(e), derefEntry(e)),
			logged.String(), (&List{e}).String(),
		}
		// An error about the entry's text: add a duplicate key.
		_, err := Parse(Format(e) + ",type=inline")
		outputs = append(outputs, err.Error())
		for _, s := range secrets {
			for _, out := range outputs {
				if strings.Contains(out, s) {
					t.Fatalf("secret %q appears in %q", s, out)
				}
			}
		}
		values := map[string]bool{}
		for _, v := range e.Attrs() {
			values[v] = true
		}
		for _, s := range secrets {
			if !values[s] {
				t.Fatalf("Attrs lost the secret %q", s)
			}
		}
	})
}

// derefEntry returns the struct e points to, so that fmt and slog print it
// field by field rather than through the entry's methods.
func derefEntry(e Entry) any {
	switch e := e.(type) {
	case *Registry:
		return *e
	case *Local:
		return *e
	case *Inline:
		return *e
	case *GHA:
		return *e
	case *S3:
		return *e
	case *AzBlob:
		return *e
	}
	return nil
}

// logEntry logs e, and the struct it points to, through slog's text and
// JSON handlers.
func logEntry(w *bytes.Buffer, e Entry) {
	for _, h := range []slog.Handler{slog.NewTextHandler(w, nil), slog.NewJSONHandler(w, nil)} {
		slog.New(h).Info("cache", "entry", e, "value", derefEntry(e))
	}
}

// TestPropertyDirectPrinter holds Format's direct printers to the generic
// loop over every attribute.
func TestPropertyDirectPrinter(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		e := genEntry().Draw(t, "entry")
		if d, p := string(appendDirect(nil, e)), string(appendPlain(nil, e)); d != p {
			t.Fatalf("direct %q, generic %q", d, p)
		}
	})
}
