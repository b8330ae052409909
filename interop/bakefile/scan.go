package bakefile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/bakefile/internal/loader"
	"github.com/buildxcache/buildxcache/interop/internal/guard"
	"github.com/buildxcache/buildxcache/interop/internal/keys"
	"github.com/buildxcache/buildxcache/interop/internal/yamlfast"
	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// The two attributes, spelled as in a bake target.
const (
	attrFrom = "cache-from"
	attrTo   = "cache-to"
)

type format uint8

const (
	formatHCL format = iota
	formatJSON
	formatCompose
)

// unit is one input file and what its syntax says.
type unit struct {
	index  int
	name   string
	data   []byte
	format format
	// blocks are the target blocks (compose services with a build section)
	// in file order.
	blocks []*block
	// yaml is the document of a compose file.
	yaml *yaml.Node
	// hcl is the parsed HCL or JSON file.
	hcl *hcl.File
	// load is the content given to bake's loader: data, with the
	// validation blocks of env-only variables blanked (withoutEnvValidations).
	load []byte
}

// block is one target block of an HCL or JSON file, or one compose
// service.
type block struct {
	unit *unit
	// label is the block's label, or the compose service name.
	label string
	// name is the target name for a compose service (dots replaced, as bake
	// does); for HCL and JSON blocks the names come from bake's ParseMeta.
	name string
	// pos is where the block is defined: its label, the compose service's
	// key.
	pos   diag.Range
	attrs map[string]*attr
}

// attr is a cache-from or cache-to attribute of a block.
type attr struct {
	pos   diag.Range
	elems []*elem
}

// elem is one element of a cache list as written.
type elem struct {
	// literal says that the element has no variables, functions or
	// interpolation: bake reads text exactly.
	literal bool
	// text is the value: the string, or the JSON object form of an object.
	// For an element that is not literal it is the text as written when
	// that is one template string, else "".
	text string
	// keys are the meanings (entryKey) of the entries bake makes of a
	// literal; nil when bake refuses it.
	keys []string
	pos  diag.Span
}

// posOf is an HCL position as a file position.
func posOf(p hcl.Pos) diag.Pos {
	return diag.Pos{Line: p.Line, Col: p.Column, Offset: p.Byte}
}

// nodePos is where a YAML node is.
func nodePos(n *yaml.Node) diag.Pos {
	return diag.Pos{Line: n.Line, Col: n.Column}
}

// formatOf decides a file's format the way bake does: by extension, else
// by content.
func formatOf(name string, data []byte) format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yml", ".yaml":
		return formatCompose
	case ".json":
		return formatJSON
	case ".hcl":
		return formatHCL
	}
	var doc yaml.Node
	if yamlfast.Unmarshal(data, &doc) == nil && yamlx.Get(yamlx.Resolve(&doc), "services") != nil {
		return formatCompose
	}
	if tooDeep(data) != "" || tooLong(name, data) {
		return formatHCL // refused by scanHCL
	}
	if _, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos); !diags.HasErrors() {
		return formatHCL
	}
	if json.Valid(data) {
		return formatJSON
	}
	return formatHCL
}

// scan reads a unit's format and syntax: its blocks, cache values and
// misspelled cache attributes. A unit whose syntax is broken gives a
// diagnostic and ok=false: bake's loader is not given it. A panic of a
// parser is such a diagnostic, and the other units are still read.
func scan(u *unit) (ds diag.Diagnostics, ok bool) {
	panicked, v := guard.Do(func() {
		if u.format = formatOf(u.name, u.data); u.format == formatCompose {
			ds, ok = scanCompose(u)
		} else {
			ds, ok = scanHCL(u)
		}
	})
	if panicked {
		u.blocks = nil
		return diag.Diagnostics{source.SyntaxError(u.name, 0, 0, fmt.Sprintf("cannot read the bake file: %v", v))}, false
	}
	return ds, ok
}

// maxNesting bounds the nesting of brackets, unary operators and template
// directives in an HCL or JSON file. HCL's parsers recurse once per level
// without a limit and a few million levels overflow the stack, which no
// recover catches; real bake files nest a few levels.
const maxNesting = 1000

// tooDeep says how data nests deeper than maxNesting, or "".
func tooDeep(data []byte) string {
	depth, run, directives := 0, 0, 0
	for i, c := range data {
		switch c {
		case '(', '[', '{':
			depth++
			if depth > maxNesting {
				return "brackets nest"
			}
		case ')', ']', '}':
			depth = max(depth-1, 0)
		}
		switch c {
		case '-', '!':
			run++
			if run > maxNesting {
				return "unary operators repeat"
			}
		case ' ', '\t', '\r', '\n':
		default:
			run = 0
		}
		if c == '%' && i+1 < len(data) && data[i+1] == '{' {
			directives++
			if directives > maxNesting {
				return "template directives repeat"
			}
		}
	}
	return ""
}

// looksJSON says whether a bake file is JSON for the operator bound: by
// extension, else by its first character (an HCL file starts with a
// block, an attribute or a comment).
func looksJSON(name string, data []byte) bool {
	if strings.EqualFold(filepath.Ext(name), ".json") {
		return true
	}
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// tooLong says whether an expression of the file chains more operators
// than loader.MaxOperators.
func tooLong(name string, data []byte) bool {
	return loader.OperatorChain(data, looksJSON(name, data)) > loader.MaxOperators
}

func scanHCL(u *unit) (diag.Diagnostics, bool) {
	if why := tooDeep(u.data); why != "" {
		return diag.Diagnostics{source.SyntaxError(u.name, 0, 0,
			fmt.Sprintf("bake cannot parse this file: %s more than %d levels deep; not read", why, maxNesting))}, false
	}
	if tooLong(u.name, u.data) {
		return diag.Diagnostics{source.SyntaxError(u.name, 0, 0,
			fmt.Sprintf("bake cannot parse this file: an expression chains more than %d operators; not read", loader.MaxOperators))}, false
	}
	f, _, err := loader.ParseHCLFile(u.data, u.name)
	if err != nil || f == nil {
		rng, msg := diag.Range{File: u.name}, "bake cannot parse this file"
		if err != nil {
			msg += ": " + err.Error()
			if d := firstError(err); d != nil && d.Subject != nil {
				rng = diag.At(u.name, posOf(d.Subject.Start))
			}
		}
		return diag.Diagnostics{validate.FileSyntaxError.At(rng, msg)}, false
	}
	u.hcl = f
	if _, ok := f.Body.(*hclsyntax.Body); !ok {
		u.format = formatJSON
	}
	content, _, _ := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "target", LabelNames: []string{"name"}},
	}})
	if content == nil {
		return nil, true
	}
	var ds diag.Diagnostics
	for _, blk := range content.Blocks {
		if len(blk.Labels) != 1 {
			continue
		}
		b := &block{unit: u, label: blk.Labels[0], pos: diag.At(u.name, posOf(blk.DefRange.Start)), attrs: map[string]*attr{}}
		if u.format == formatJSON && len(blk.LabelRanges) > 0 {
			b.pos = diag.At(u.name, posOf(blk.LabelRanges[0].Start)) // the target's key
		}
		for _, a := range attributes(blk.Body) {
			switch a.Name {
			case attrFrom, attrTo:
				at := &attr{pos: diag.At(u.name, posOf(a.NameRange.Start))}
				for _, e := range listElements(a.Expr) {
					at.elems = append(at.elems, hclElem(u, e))
				}
				b.attrs[a.Name] = at
				continue
			}
			if want, ok := keys.Bake.Misspelled(a.Name); ok {
				ds = append(ds, validate.IgnoredCacheKey.At(diag.At(u.name, posOf(a.NameRange.Start)),
					fmt.Sprintf("bake has no attribute %q and ignores it without a message: target %q %s; the attribute is %s",
						a.Name, b.label, effect(want), want), keys.RenameAt(u.name, posOf(a.NameRange.Start), a.Name, want, u.format == formatHCL)))
			}
		}
		u.blocks = append(u.blocks, b)
	}
	return ds, true
}

func effect(attr string) string {
	if attr == attrTo {
		return "exports to none of these caches"
	}
	return "imports none of these caches"
}

func firstError(err error) *hcl.Diagnostic {
	var diags hcl.Diagnostics
	if !asDiags(err, &diags) {
		return nil
	}
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			return d
		}
	}
	return nil
}

// attributes returns a block body's attributes in file order: directly for
// HCL (whose bodies also hold nested blocks), through JustAttributes for
// JSON.
func attributes(body hcl.Body) []*hcl.Attribute {
	var out []*hcl.Attribute
	if sb, ok := body.(*hclsyntax.Body); ok {
		for _, a := range sb.Attributes {
			out = append(out, a.AsHCLAttribute())
		}
	} else {
		attrs, _ := body.JustAttributes()
		out = slices.Collect(maps.Values(attrs))
	}
	slices.SortFunc(out, func(a, b *hcl.Attribute) int { return a.Range.Start.Byte - b.Range.Start.Byte })
	return out
}

// listElements returns the elements of a list expression, or the
// expression itself when it is not a list (a variable, a function call).
func listElements(e hcl.Expression) []hcl.Expression {
	if list, diags := hcl.ExprList(e); !diags.HasErrors() {
		return list
	}
	return []hcl.Expression{e}
}

// hclElem reads one list element of an HCL or JSON file.
func hclElem(u *unit, e hcl.Expression) *elem {
	r := e.Range()
	el := &elem{pos: diag.Span{File: u.name, Start: posOf(r.Start)}}
	src := ""
	if r.Start.Byte >= 0 && r.End.Byte <= len(u.data) && r.Start.Byte <= r.End.Byte {
		src = string(u.data[r.Start.Byte:r.End.Byte])
	}
	// an empty context, not nil: with nil, HCL's JSON reader takes every
	// string literally instead of as a template
	quoted := len(src) >= 2 && src[0] == '"' && src[len(src)-1] == '"' && !strings.Contains(src, "\n")
	if quoted { // the value starts after the quote
		el.pos.Start.Col++
		el.pos.Start.Offset++
	}
	v, diags := e.Value(&hcl.EvalContext{})
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
		// a template: keep its text for a file bake refuses
		switch {
		case quoted:
			el.text = src[1 : len(src)-1]
		case u.format == formatJSON && strings.HasPrefix(src, "{") && json.Valid([]byte(src)):
			el.text = src
		default:
			el.text = objectTemplate(u, e)
		}
		return el
	}
	switch {
	case v.Type() == cty.String:
		el.literal = true
		el.text = v.AsString()
		el.pos.Exact = quoted && src[1:len(src)-1] == el.text
		if entries, err := loader.ParseCacheEntry([]string{el.text}); err == nil {
			el.keys = keysOf(entries)
		}
	case v.Type().IsObjectType() || v.Type().IsMapType():
		el.literal = true
		if entry, err := loader.CacheEntryFromValue(v); err == nil {
			el.keys = []string{entryKey(entry)}
		}
		// the object as written when it is JSON meaning the same
		if u.format == formatJSON && jsonSame(src, v) {
			el.text = src
			el.pos.Exact = !strings.Contains(src, "\n")
		} else if j, err := ctyjson.Marshal(v, v.Type()); err == nil {
			el.text = string(j)
		}
	default:
		// a number or a bool: bake refuses it, and the loader says so
		if j, err := ctyjson.Marshal(v, v.Type()); err == nil {
			el.text = string(j)
		}
	}
	return el
}

// jsonSame says whether src is a JSON object equal to v.
func jsonSame(src string, v cty.Value) bool {
	var a, b any
	if json.Unmarshal([]byte(src), &a) != nil {
		return false
	}
	j, err := ctyjson.Marshal(v, v.Type())
	if err != nil || json.Unmarshal(j, &b) != nil {
		return false
	}
	return reflect.DeepEqual(a, b)
}

func keysOf(entries loader.CacheOptions) []string {
	keys := make([]string, 0, len(entries))
	for _, e := range entries {
		if e != nil {
			keys = append(keys, entryKey(e))
		}
	}
	return keys
}

// entryKey is what an entry means to Buildx: its type and attributes.
func entryKey(e *loader.CacheEntry) string {
	var b strings.Builder
	b.WriteString(e.Type)
	for _, k := range slices.Sorted(maps.Keys(e.Attrs)) {
		b.WriteString("\x00")
		b.WriteString(k)
		b.WriteString("=")
		b.WriteString(e.Attrs[k])
	}
	return b.String()
}

// scanCompose reads a compose file given to bake: each service's
// build.cache_from and build.cache_to, and bake's x-bake extension
// (cache-from, cache-to), whose misspelled keys bake ignores.
func scanCompose(u *unit) (diag.Diagnostics, bool) {
	var doc yaml.Node
	if err := yamlfast.Unmarshal(u.data, &doc); err != nil {
		line, col := yamlx.ErrorLine(err.Error())
		return diag.Diagnostics{source.SyntaxError(u.name, line, col, "not valid YAML: "+strings.TrimPrefix(err.Error(), "yaml: "))}, false
	}
	u.yaml = &doc
	lines := strings.Split(string(bytes.ReplaceAll(u.data, []byte("\r\n"), []byte("\n"))), "\n")
	var ds diag.Diagnostics
	for _, s := range yamlx.Pairs(yamlx.Get(yamlx.Resolve(&doc), "services")) {
		build := yamlx.Get(s.Value, "build")
		if build == nil {
			continue
		}
		b := &block{unit: u, label: s.Key, name: strings.ReplaceAll(s.Key, ".", "_"),
			pos: diag.At(u.name, nodePos(s.KeyN)), attrs: map[string]*attr{}}
		for _, p := range yamlx.Pairs(build) {
			switch p.Key {
			case "cache_from", "cache_to":
				name := attrFrom
				if p.Key == "cache_to" {
					name = attrTo
				}
				b.attr(name, p.KeyN).elems = append(b.attr(name, p.KeyN).elems, composeElems(u, lines, yamlx.Items(p.Value))...)
			case "x-bake":
				for _, x := range yamlx.Pairs(p.Value) {
					switch x.Key {
					case attrFrom, attrTo:
						at := b.attr(x.Key, x.KeyN)
						if items := yamlx.Items(x.Value); items != nil {
							at.elems = append(at.elems, composeElems(u, lines, items)...)
						} else if x.Value != nil && x.Value.Kind == yaml.ScalarNode {
							at.elems = append(at.elems, fieldElems(u, lines, x.Value)...)
						}
					default:
						if want, ok := keys.Bake.Misspelled(x.Key); ok {
							ds = append(ds, validate.IgnoredCacheKey.At(diag.At(u.name, nodePos(x.KeyN)),
								fmt.Sprintf("bake has no x-bake key %q and ignores it without a message: target %q %s; the key is %s",
									x.Key, b.name, effect(want), want), keys.RenameAt(u.name, nodePos(x.KeyN), x.Key, want, x.KeyN.Style == 0)))
						}
					}
				}
			}
		}
		u.blocks = append(u.blocks, b)
	}
	return ds, true
}

func (b *block) attr(name string, key *yaml.Node) *attr {
	if a, ok := b.attrs[name]; ok {
		return a
	}
	a := &attr{pos: diag.At(b.unit.name, nodePos(key))}
	b.attrs[name] = a
	return a
}

func composeElems(u *unit, lines []string, items []*yaml.Node) []*elem {
	var out []*elem
	for _, n := range items {
		text, ok := yamlx.Scalar(n)
		if !ok {
			continue
		}
		out = append(out, composeElem(text, scalarMap(u.name, lines, n).At(0)))
	}
	return out
}

// fieldElems reads x-bake's one-string form, which bake splits at white
// space.
func fieldElems(u *unit, lines []string, n *yaml.Node) []*elem {
	m := scalarMap(u.name, lines, n)
	var out []*elem
	off := 0
	for _, f := range strings.Fields(n.Value) {
		i := strings.Index(n.Value[off:], f)
		off += max(i, 0)
		out = append(out, composeElem(f, m.At(off)))
		off += len(f)
	}
	return out
}

// scalarMap maps a scalar's bytes to positions (yamlx places anchored
// and tagged scalars at their value).
func scalarMap(file string, lines []string, n *yaml.Node) yamlx.ScalarMap {
	return yamlx.NewScalarMap(file, lines, n)
}

// composeElem is a compose value: literal unless compose interpolates it.
func composeElem(text string, pos diag.Span) *elem {
	el := &elem{text: text, pos: pos}
	if strings.Contains(text, "$") {
		pos.Exact = false
		el.pos = pos
		return el
	}
	el.literal = true
	if entries, err := loader.ParseCacheEntry([]string{text}); err == nil {
		el.keys = keysOf(entries)
	}
	return el
}

// objectTemplate gives an HCL object whose values are one-line strings
// (templates included) as its JSON object form with the templates as
// written, or "" when the object is not such an object.
func objectTemplate(u *unit, e hcl.Expression) string {
	obj, ok := e.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return ""
	}
	m := map[string]string{}
	for _, it := range obj.Items {
		k := hcl.ExprAsKeyword(it.KeyExpr)
		if k == "" {
			kv, diags := it.KeyExpr.Value(nil)
			if diags.HasErrors() || !kv.IsKnown() || kv.Type() != cty.String {
				return ""
			}
			k = kv.AsString()
		}
		r := it.ValueExpr.Range()
		if r.Start.Byte < 0 || r.End.Byte > len(u.data) || r.End.Byte-r.Start.Byte < 2 {
			return ""
		}
		src := string(u.data[r.Start.Byte:r.End.Byte])
		if src[0] != '"' || src[len(src)-1] != '"' || strings.ContainsAny(src, "\n\\") {
			return ""
		}
		m[k] = src[1 : len(src)-1]
	}
	j, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return string(j)
}
