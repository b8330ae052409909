package cachespec

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"strings"
	"testing"
)

// TestMachineFormsSayTheyRevealSecrets: every function and method that
// writes secret values says so in its documentation, in the words
// "REVEALS SECRETS", so that the machine forms are unmistakable on
// pkg.go.dev; the unchecked printers say what they do with an entry
// Validate refuses and name their checked variant.
func TestMachineFormsSayTheyRevealSecrets(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	p := doc.New(pkgs["cachespec"], "github.com/buildxcache/buildxcache/cachespec", 0)
	docs := map[string]string{}
	for _, f := range p.Funcs {
		docs[f.Name] = f.Doc
	}
	for _, typ := range p.Types {
		for _, f := range typ.Funcs {
			docs[f.Name] = f.Doc
		}
		for _, m := range typ.Methods {
			docs[typ.Name+"."+m.Name] = m.Doc
		}
		if typ.Name == "Entry" {
			for _, spec := range typ.Decl.Specs {
				for _, m := range spec.(*ast.TypeSpec).Type.(*ast.InterfaceType).Methods.List {
					docs["Entry."+m.Names[0].Name] = m.Doc.Text()
				}
			}
		}
	}
	reveal := []string{"Format", "FormatChecked", "BuildxArgs", "BuildxArgsChecked", "BuildctlArgs", "BuildctlArgsChecked",
		"FormatActionInput", "List.Strings", "List.MarshalJSON", "Values.Raw",
		"Entry.Attrs", "Entry.AppendText", "Entry.MarshalText", "Entry.MarshalJSON"}
	for _, typ := range []string{"Registry", "Local", "Inline", "GHA", "S3", "AzBlob"} {
		for _, m := range []string{"Attrs", "AppendText", "MarshalText", "MarshalJSON"} {
			reveal = append(reveal, typ+"."+m)
		}
	}
	for _, name := range reveal {
		d, ok := docs[name]
		if !ok {
			t.Errorf("%s: not found", name)
			continue
		}
		if !strings.Contains(strings.Join(strings.Fields(d), " "), "REVEALS SECRETS") {
			t.Errorf("%s writes secrets; its doc must say REVEALS SECRETS:\n%s", name, d)
		}
	}
	for name, checked := range map[string]string{"Format": "FormatChecked", "BuildxArgs": "BuildxArgsChecked", "BuildctlArgs": "BuildctlArgsChecked"} {
		if d := docs[name]; !strings.Contains(d, "[Validate] refuses") && !strings.Contains(d, "Validate refuses") || !strings.Contains(d, "["+checked+"]") {
			t.Errorf("%s must say what it does with an entry Validate refuses and name %s:\n%s", name, checked, d)
		}
	}
	for _, name := range []string{"List.Set", "List.Type", "Flag"} {
		d := docs[name]
		if name == "Flag" {
			for _, typ := range p.Types {
				if typ.Name == "Flag" {
					d = typ.Doc
				}
			}
		}
		if !strings.Contains(d, "Deprecated: ") || !strings.Contains(d, "[Values]") {
			t.Errorf("%s must be deprecated as a flag binding in favour of Values:\n%s", name, d)
		}
	}
}
