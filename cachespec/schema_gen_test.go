package cachespec

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"reflect"
	"strings"
	"testing"
	"text/template"

	"github.com/buildxcache/buildxcache/refs"
)

// The generator of methods.go and of the attribute section of doc.go, from
// the attribute tables (schema.go). TestGenerated fails when a committed
// file differs from what it generates; go generate (or go test -run
// '^TestGenerated$' -update-generated) rewrites them.

var updateGenerated = flag.Bool("update-generated", false, "rewrite methods.go and the attribute section of doc.go from the attribute tables")

func TestGenerated(t *testing.T) {
	methods, err := genMethods()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	newDoc, err := spliceDoc(string(doc), genDocSection())
	if err != nil {
		t.Fatal(err)
	}
	if src, err := format.Source([]byte(newDoc)); err != nil || string(src) != newDoc {
		t.Fatalf("the generated doc.go is not gofmt-clean (%v)", err)
	}
	for _, f := range []struct {
		name string
		want []byte
	}{{"methods.go", methods}, {"doc.go", []byte(newDoc)}} {
		got, err := os.ReadFile(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(got, f.want) {
			continue
		}
		if *updateGenerated {
			if err := os.WriteFile(f.name, f.want, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("rewrote %s", f.name)
			continue
		}
		t.Errorf("%s is not what the attribute tables generate; run go generate ./cachespec", f.name)
	}
}

// genBackend is what the templates know about one backend.
type genBackend struct {
	Name  string // Go type name
	Const string // Type constant
	Lit   string // the type's name
	Table string // name of the table of its own attributes
	Print []string
	Field []string // what field(i) returns, by i
	Keys  []string // keys(), by i
}

// genField returns, for the field f of the struct *base (a pointer to a
// zero value), found by address, the direct printer's statement and the
// expression field(i) returns; recv is the receiver's name.
func genField(base any, f attrField, key, recv string) (print, expr string, err error) {
	ptr := reflect.ValueOf(f).Pointer()
	path, typ, ok := findField(reflect.ValueOf(base).Elem(), ptr)
	if !ok {
		return "", "", fmt.Errorf("%s: the table's field is not a field of %T", key, base)
	}
	arg := "&" + recv + "." + path
	expr = arg
	if ft := reflect.TypeOf(f).Elem(); ft != typ {
		expr = "(*" + ft.Name() + ")(" + arg + ")"
	}
	switch {
	case typ == reflect.TypeFor[Secret]():
		print = fmt.Sprintf("b = appendSecret(b, %q, %s)", key, arg)
	case typ == reflect.TypeFor[refs.Ref]():
		print = fmt.Sprintf("b = appendRef(b, %q, %s)", key, arg)
	case strings.HasPrefix(typ.Name(), "Optional["):
		print = fmt.Sprintf("b = appendOpt(b, %q, %s)", key, arg)
	default:
		return "", "", fmt.Errorf("%s: no printer for a field of type %v", key, typ)
	}
	return print, expr, nil
}

// findField finds the field of v (descending into embedded ExportOptions)
// at address ptr.
func findField(v reflect.Value, ptr uintptr) (string, reflect.Type, bool) {
	for i := 0; i < v.NumField(); i++ {
		sf, fv := v.Type().Field(i), v.Field(i)
		if sf.Anonymous && sf.Type == reflect.TypeFor[ExportOptions]() {
			if p, t, ok := findField(fv, ptr); ok {
				return p, t, true
			}
			continue
		}
		if fv.Addr().Pointer() == ptr && sf.Type.Size() > 0 {
			return sf.Name, sf.Type, true
		}
	}
	return "", nil, false
}

// ownField returns the field of the i-th own attribute of e, from the
// table rather than from e.field (which is generated).
func ownField(e Entry, i int) attrField {
	switch e := e.(type) {
	case *Registry:
		return registryAttrs[i].field(e)
	case *Local:
		return localAttrs[i].field(e)
	case *Inline:
		return inlineAttrs[i].field(e)
	case *GHA:
		return ghaAttrs[i].field(e)
	case *S3:
		return s3Attrs[i].field(e)
	case *AzBlob:
		return azblobAttrs[i].field(e)
	}
	return nil
}

// ownLen is the number of a backend's own attributes.
func ownLen(t Type) int { return len(schemaOf(t).keys) - len(exportAttrs) }

func genBackends() ([]genBackend, error) {
	var out []genBackend
	for _, t := range Types() {
		e := newEntry(t)
		name := reflect.TypeOf(e).Elem().Name()
		b := genBackend{Name: name, Const: "Type" + name, Lit: t.String(), Table: t.String() + "Attrs"}
		keys := schemaOf(t).keys
		b.Keys = keys
		for i := 0; i < ownLen(t); i++ {
			l, f, err := genField(e, ownField(e, i), keys[i], "e")
			if err != nil {
				return nil, fmt.Errorf("%s: %w", t, err)
			}
			b.Print = append(b.Print, l)
			b.Field = append(b.Field, f)
		}
		out = append(out, b)
	}
	return out, nil
}

func genMethods() ([]byte, error) {
	backends, err := genBackends()
	if err != nil {
		return nil, err
	}
	var export, exportFields []string
	o := &ExportOptions{}
	for _, a := range exportAttrs {
		l, f, err := genField(o, a.field(o), a.key, "o")
		if err != nil {
			return nil, err
		}
		export = append(export, l)
		exportFields = append(exportFields, f)
	}
	var buf bytes.Buffer
	if err := methodsTmpl.Execute(&buf, struct {
		Backends     []genBackend
		Export       []string
		ExportFields []string
	}{backends, export, exportFields}); err != nil {
		return nil, err
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("generated methods.go does not parse: %w\n%s", err, buf.Bytes())
	}
	return src, nil
}

var methodsTmpl = template.Must(template.New("methods").Parse(`// Code generated from the attribute tables (schema.go) by TestGenerated; DO NOT EDIT.

package cachespec

// The methods every backend shares, each a one-line call to the
// implementation written once in format.go, parse.go and json.go; keys and
// field, the tables' keys and fields as switches; and the direct printer of
// Format.

import (
	"fmt"
	"log/slog"
)
{{range .Backends}}{{$n := .Name}}
// Type returns {{.Const}}.
func (*{{$n}}) Type() Type { return {{.Const}} }

func (*{{$n}}) keys() []string { return schemas[{{.Const}}].keys }

// index returns the i for which keys()[i] is key, or -1, as a switch.
func (*{{$n}}) index(key string) int {
	switch key {
{{- range $i, $k := .Keys}}
	case {{printf "%q" $k}}:
		return {{$i}}
{{- end}}
	}
	return -1
}

func (e *{{$n}}) unknown() *Attributes { return &e.Extra }

// field is {{.Table}}[i].field(e), then exportAttrs' on e.ExportOptions,
// as a switch.
func (e *{{$n}}) field(i int) attrField {
{{- if .Field}}
	switch i {
{{- range $i, $f := .Field}}
	case {{$i}}:
		return {{$f}}
{{- end}}
	}
{{- end}}
	return e.ExportOptions.field(i - len({{.Table}}))
}

// AppendText implements encoding.TextAppender: it appends the canonical form
// of [Format]. It REVEALS SECRETS: it is a machine form; for people, use
// String. It fails, leaving b unchanged, when
// [Validate] refuses the entry: a typed value Parse refuses, a control
// character or invalid UTF-8, or an unknown attribute whose key is empty,
// upper-case, holds "=" or white space around it, or is a known attribute.
func (e *{{$n}}) AppendText(b []byte) ([]byte, error) { return appendText(b, e) }

// MarshalText implements encoding.TextMarshaler with [{{$n}}.AppendText].
// It REVEALS SECRETS: it is the machine form (a lone [Secret]'s
// MarshalText redacts; an entry's does not), and encoding/json calls it for
// an entry used as a map key.
func (e *{{$n}}) MarshalText() ([]byte, error) { return marshalText(e) }

// UnmarshalText implements encoding.TextUnmarshaler with [Parse]. The value
// must be an entry of this backend.
func (e *{{$n}}) UnmarshalText(b []byte) error { return unmarshalInto(e, b) }

// Validate reports whether the entry holds only what [Parse] accepts; see
// [Validate].
func (e *{{$n}}) Validate() error { return Validate(e) }

// Attrs returns the attributes Buildx sends to BuildKit; see [Entry]. It
// REVEALS SECRETS: it is for BuildKit's client.
func (e *{{$n}}) Attrs() map[string]string { return attrs(e) }

// String returns the canonical form with secrets redacted.
func (e *{{$n}}) String() string { return redacted(e) }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (e *{{$n}}) Format(f fmt.State, verb rune) { formatVerb(e, f, verb) }

// LogValue implements slog.LogValuer with the redacted form.
func (e *{{$n}}) LogValue() slog.Value { return logValue(e) }

// MarshalJSON returns the entry in Buildx's JSON shape. It REVEALS
// SECRETS: it is the machine form, and encoding/json (and slog's JSON
// handler) call it for any []Entry, map or struct holding the entry. For
// a log or a report, marshal [RedactEntry](e), or log the entry itself
// (LogValue redacts). It refuses an entry [Validate] refuses.
func (e *{{$n}}) MarshalJSON() ([]byte, error) { return marshalJSON(e) }

// UnmarshalJSON reads an entry in Buildx's JSON shape; see [ParseJSON]. The
// object must be of this backend's type.
func (e *{{$n}}) UnmarshalJSON(b []byte) error { return unmarshalJSONInto(e, b) }
{{end}}
// field is exportAttrs[i].field(o), as a switch.
func (o *ExportOptions) field(i int) attrField {
	switch i {
{{- range $i, $f := .ExportFields}}
	case {{$i}}:
		return {{$f}}
{{- end}}
	}
	return nil
}

func (o *ExportOptions) appendTo(b []byte) []byte {
{{range .Export}}	{{.}}
{{end}}	return b
}

// appendDirect writes the canonical form of e.
func appendDirect(b []byte, e Entry) []byte {
	switch e := e.(type) {
{{- range .Backends}}
	case *{{.Name}}:
		b = append(b, "type={{.Lit}}"...)
{{range .Print}}		{{.}}
{{end}}		b = e.ExportOptions.appendTo(b)
		return appendExtra(b, &e.Extra)
{{- end}}
	}
	return b
}
`))

// The attribute section of the package documentation runs from its heading
// to the next heading.
const docHeading = "// # Attributes\n"

func spliceDoc(doc, section string) (string, error) {
	i := strings.Index(doc, docHeading)
	if i < 0 {
		return "", fmt.Errorf("doc.go has no %q heading", strings.TrimSpace(docHeading))
	}
	j := strings.Index(doc[i+len(docHeading):], "\n// # ")
	if j < 0 {
		return "", fmt.Errorf("doc.go has no heading after %q", strings.TrimSpace(docHeading))
	}
	j += i + len(docHeading) + 1
	return doc[:i] + section + doc[j:], nil
}

func dirText(d Direction) string {
	switch d {
	case DirectionImport:
		return "I"
	case DirectionExport:
		return "E"
	}
	return "E/I"
}

// genDocSection writes the attribute section of doc.go.
func genDocSection() string {
	var b strings.Builder
	b.WriteString(docHeading)
	b.WriteString(`//
// The attributes each backend reads, as [Schema] lists them: the backend's own,
// then the shared export attributes ([ExportOptions]), in canonical order.
// Dir is where BuildKit reads an attribute: E on export (cache-to) only, I on
// import (cache-from) only, E/I both. Default is what [Normalize] fills in;
// "secret" marks a [Secret].
//
`)
	header := func() {
		fmt.Fprintf(&b, "//\t%-24s %-10s %-11s %s\n", "key", "dir", "default", "description")
	}
	row := func(sp AttrSpec) {
		def := "-"
		if sp.HasDefault {
			def = sp.Default
			if def == "" {
				def = `""`
			}
		}
		dir := dirText(sp.Direction)
		if sp.Secret {
			dir += " secret"
		}
		fmt.Fprintf(&b, "//\t%-24s %-10s %-11s %s\n", sp.Key, dir, def, sp.Doc)
	}
	for _, t := range Types() {
		n := ownLen(t)
		if n == 0 {
			continue
		}
		fmt.Fprintf(&b, "// type=%s:\n//\n", t)
		header()
		for _, sp := range Schema(t)[:n] {
			row(sp)
		}
		b.WriteString("//\n")
	}
	b.WriteString("// The shared export attributes, on every backend (BuildKit ignores some of\n")
	b.WriteString("// them on some backends, which package validate reports); Normalize fills\n")
	b.WriteString("// their defaults in only on the backends named:\n//\n")
	header()
	for i, a := range exportAttrs {
		sp := schemaOf(TypeRegistry).specs[ownLen(TypeRegistry)+i]
		sp.HasDefault, sp.Default = a.defFor != 0, a.def
		if a.defFor != 0 && a.defFor != allTypes {
			var on []string
			for _, t := range Types() {
				if a.defFor.has(t) {
					on = append(on, t.String())
				}
			}
			sp.Doc += " (default on " + strings.Join(on, ", ") + ")"
		}
		row(sp)
	}
	b.WriteString("//\n")
	return b.String()
}
