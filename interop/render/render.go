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

// Target is the bake target and compose service name the file forms use.
const Target = "app"

// Render prints entries in form f, for the direction dir (cachespec.DirectionImport
// for cache-from, cachespec.DirectionExport for cache-to). The result ends with a
// newline.
func Render(f Form, dir cachespec.Direction, entries []cachespec.Entry) (string, error) {
	if dir != cachespec.DirectionImport && dir != cachespec.DirectionExport {
		return "", fmt.Errorf("render: direction must be import or export")
	}
	values := make([]string, len(entries))
	for i, e := range entries {
		values[i] = cachespec.Format(e)
	}
	dash, under := "cache-to", "cache_to"
	if dir == cachespec.DirectionImport {
		dash, under = "cache-from", "cache_from"
	}
	switch f {
	case Canonical:
		if len(values) == 0 {
			return "", nil
		}
		return strings.Join(values, "\n") + "\n", nil
	case Buildx, Buildctl:
		args := cachespec.BuildxArgs(dir, entries)
		if f == Buildctl {
			args = cachespec.BuildctlArgs(dir, entries)
		}
		quoted := make([]string, len(args))
		for i, a := range args {
			q, err := shellQuote(a)
			if err != nil {
				return "", fmt.Errorf("render: an argument cannot be quoted for a shell: %w", err)
			}
			quoted[i] = q
		}
		return strings.Join(quoted, " ") + "\n", nil
	case Action:
		block, err := cachespec.FormatActionInput(entries)
		if err != nil {
			return "", err
		}
		n := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Value: dash},
			{Kind: yaml.ScalarNode, Value: block, Style: yaml.LiteralStyle},
		}}
		if strings.TrimSpace(block) == "" {
			n.Content[1].Style = 0
		}
		return marshalYAML(n)
	case BakeJSON:
		// bake reads JSON strings as HCL templates: escape ${ and %{
		esc := make([]string, len(values))
		for i, v := range values {
			esc[i] = hclTemplateEscape.Replace(v)
		}
		doc := map[string]any{"target": map[string]any{Target: map[string]any{dash: esc}}}
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return "", err
		}
		return string(b) + "\n", nil
	case BakeHCL:
		file := hclwrite.NewEmptyFile()
		block := file.Body().AppendNewBlock("target", []string{Target})
		list := make([]cty.Value, len(values))
		for i, v := range values {
			list[i] = cty.StringVal(v)
		}
		if len(list) == 0 {
			block.Body().SetAttributeValue(dash, cty.ListValEmpty(cty.String))
		} else {
			block.Body().SetAttributeValue(dash, cty.TupleVal(list))
		}
		return string(hclwrite.Format(file.Bytes())), nil
	case Compose:
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, v := range values {
			// compose interpolates $VAR and ${VAR}: $$ is a literal $
			v = strings.ReplaceAll(v, "$", "$$")
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: v, Style: yaml.DoubleQuotedStyle})
		}
		m := func(kv ...*yaml.Node) *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Content: kv} }
		s := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }
		doc := m(s("services"), m(s(Target), m(s("build"), m(s("context"), s("."), s(under), seq))))
		return marshalYAML(doc)
	}
	return "", fmt.Errorf("render: unknown form %q", f)
}

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
