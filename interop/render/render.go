// Package render prints cache entries in the forms other tools read: the
// canonical value, docker buildx build and buildctl build command-line
// arguments, a docker/build-push-action input block, a bake file (HCL or
// JSON) and a compose file. Each form is tested by parsing it back with
// the real consumer (Buildx's flag parser and bake loader, compose-go,
// docker/actions-toolkit).
//
// Values are written so that the consumer reads them literally: the file
// forms escape what bake and compose would interpolate ($ in compose, ${
// and %{ in bake HCL and JSON). Secrets are written as they are: these are
// machine forms.
package render

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"go.yaml.in/yaml/v3"
	"mvdan.cc/sh/v3/syntax"

	"github.com/buildxcache/buildxcache/cachespec"
)

// Form names an output form.
type Form string

// The forms.
const (
	Canonical Form = "canonical" // one canonical value per line
	Buildx    Form = "buildx"    // docker buildx build arguments, shell-quoted
	Buildctl  Form = "buildctl"  // buildctl build arguments, shell-quoted
	Action    Form = "action"    // a build-push-action input (YAML key with a literal block)
	BakeJSON  Form = "bake-json" // a bake JSON file with one target
	BakeHCL   Form = "bake-hcl"  // a bake HCL file with one target
	Compose   Form = "compose"   // a compose file with one service
)

// Forms lists every form, in the order the CLI documents them.
var Forms = []Form{Canonical, Buildx, Buildctl, Action, BakeJSON, BakeHCL, Compose}

// ParseForm reads a form name.
func ParseForm(s string) (Form, error) {
	for _, f := range Forms {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Forms))
	for i, f := range Forms {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown form %q: use one of %s", s, strings.Join(names, ", "))
}

// Target is the bake target and compose service name Render uses, and
// RenderSpec when the Spec names none.
const Target = "app"

// Spec is what RenderSpec writes: the name of the bake target or compose
// service (ignored by the other forms) and its cache lists. A nil list is
// left out; an empty one is written as an empty list.
type Spec struct {
	// Name is the bake target or compose service; "" means [Target]. It
	// must be letters, digits, "_" and "-", which bake and compose both
	// accept as a name.
	Name string
	// From and To are the cache-from and cache-to entries.
	From, To []cachespec.Entry
}

// Render prints entries in form f, for the direction dir
// (cachespec.DirectionImport for cache-from, cachespec.DirectionExport for
// cache-to), with the target or service named [Target]. The result ends
// with a newline. An entry cachespec.Validate refuses is an error.
func Render(f Form, dir cachespec.Direction, entries []cachespec.Entry) (string, error) {
	if entries == nil {
		entries = []cachespec.Entry{}
	}
	switch dir {
	case cachespec.DirectionImport:
		return RenderSpec(f, Spec{From: entries})
	case cachespec.DirectionExport:
		return RenderSpec(f, Spec{To: entries})
	}
	return "", fmt.Errorf("render: direction must be import or export")
}

// nameOK is the name a bake target and a compose service may both have.
var nameOK = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// RenderSpec prints a spec in form f: both directions in one output (a
// bake target or compose service with cache-from and cache-to, both
// build-push-action inputs, all the command-line arguments), the file
// forms under s.Name. The canonical form has no direction, so it takes
// one list only. An entry cachespec.Validate refuses is an error, as is a
// name bake or compose would not read. The result ends with a newline.
func RenderSpec(f Form, s Spec) (string, error) {
	name := s.Name
	if name == "" {
		name = Target
	}
	if !nameOK.MatchString(name) {
		return "", fmt.Errorf("render: target name %q: use letters, digits, \"_\" and \"-\"", name)
	}
	type list struct {
		dir         cachespec.Direction
		dash, under string
		entries     []cachespec.Entry
		values      []string
	}
	var lists []list
	for _, l := range []list{
		{dir: cachespec.DirectionImport, dash: "cache-from", under: "cache_from", entries: s.From},
		{dir: cachespec.DirectionExport, dash: "cache-to", under: "cache_to", entries: s.To},
	} {
		if l.entries == nil {
			continue
		}
		if err := cachespec.ValidateAll(l.entries); err != nil {
			return "", fmt.Errorf("render: %s: %w", l.dash, err)
		}
		for _, e := range l.entries {
			v, err := cachespec.FormatChecked(e)
			if err != nil {
				return "", fmt.Errorf("render: %s: %w", l.dash, err)
			}
			l.values = append(l.values, v)
		}
		lists = append(lists, l)
	}
	switch f {
	case Canonical:
		if len(lists) > 1 {
			return "", fmt.Errorf("render: the canonical form has no direction: render cache-from and cache-to separately")
		}
		if len(lists) == 0 || len(lists[0].values) == 0 {
			return "", nil
		}
		return strings.Join(lists[0].values, "\n") + "\n", nil
	case Buildx, Buildctl:
		var quoted []string
		for _, l := range lists {
			printArgs := cachespec.BuildxArgsChecked
			if f == Buildctl {
				printArgs = cachespec.BuildctlArgsChecked
			}
			args, err := printArgs(l.dir, l.entries)
			if err != nil {
				return "", fmt.Errorf("render: %s: %w", l.dash, err)
			}
			for _, a := range args {
				q, err := shellQuote(a)
				if err != nil {
					return "", fmt.Errorf("render: an argument cannot be quoted for a shell: %w", err)
				}
				quoted = append(quoted, q)
			}
		}
		return strings.Join(quoted, " ") + "\n", nil
	case Action:
		n := &yaml.Node{Kind: yaml.MappingNode}
		for _, l := range lists {
			block, err := cachespec.FormatActionInputItems(l.values)
			if err != nil {
				return "", err
			}
			v := &yaml.Node{Kind: yaml.ScalarNode, Value: block, Style: yaml.LiteralStyle}
			if strings.TrimSpace(block) == "" {
				v.Style = 0
			}
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: l.dash}, v)
		}
		return marshalYAML(n)
	case BakeJSON:
		target := map[string]any{}
		for _, l := range lists {
			esc := make([]string, len(l.values))
			for i, v := range l.values {
				esc[i] = EscapeHCL(v) // bake reads JSON strings as HCL templates
			}
			target[l.dash] = esc
		}
		doc := map[string]any{"target": map[string]any{name: target}}
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return "", err
		}
		return string(b) + "\n", nil
	case BakeHCL:
		file := hclwrite.NewEmptyFile()
		block := file.Body().AppendNewBlock("target", []string{name})
		for _, l := range lists {
			vals := make([]cty.Value, len(l.values))
			for i, v := range l.values {
				vals[i] = cty.StringVal(v)
			}
			if len(vals) == 0 {
				block.Body().SetAttributeValue(l.dash, cty.ListValEmpty(cty.String))
			} else {
				block.Body().SetAttributeValue(l.dash, cty.TupleVal(vals))
			}
		}
		return string(hclwrite.Format(file.Bytes())), nil
	case Compose:
		m := func(kv ...*yaml.Node) *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Content: kv} }
		sc := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }
		build := m(sc("context"), sc("."))
		for _, l := range lists {
			seq := &yaml.Node{Kind: yaml.SequenceNode}
			for _, v := range l.values {
				seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: EscapeCompose(v), Style: yaml.DoubleQuotedStyle})
			}
			build.Content = append(build.Content, sc(l.under), seq)
		}
		doc := m(sc("services"), m(sc(name), m(sc("build"), build)))
		return marshalYAML(doc)
	}
	return "", fmt.Errorf("render: unknown form %q", f)
}

// EscapeCompose escapes a value for a compose file, which interpolates
// $VAR and ${VAR}: every "$" becomes "$$", which compose reads as a literal
// "$". Generators that write their own compose files use it on each value.
func EscapeCompose(s string) string { return strings.ReplaceAll(s, "$", "$$") }

// EscapeHCL escapes a value for a bake file's strings, which bake reads as
// HCL templates (in HCL and in JSON files alike): "${" becomes "$${" and
// "%{" becomes "%%{". hclwrite escapes HCL strings itself; bake JSON
// files, and generators that write their own, need it.
func EscapeHCL(s string) string { return hclTemplateEscape.Replace(s) }

// hclTemplateEscape escapes the template sequences of an HCL string.
var hclTemplateEscape = strings.NewReplacer("${", "$${", "%{", "%%{")

func marshalYAML(n *yaml.Node) (string, error) {
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return "", err
	}
	if err := enc.Close(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// shellQuote leaves a word of safe characters as it is and quotes the rest
// for bash.
func shellQuote(s string) (string, error) {
	safe := s != ""
	for i := 0; i < len(s) && safe; i++ {
		c := s[i]
		safe = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_@%+=:,./-", c) >= 0
	}
	if safe {
		return s, nil
	}
	return syntax.Quote(s, syntax.LangBash)
}
