// Package bakefile reads bake files (HCL and JSON) the way docker buildx
// bake does, through Buildx's own bake loader, and turns their targets into
// source.Builds: variables, functions, inheritance, matrices and groups
// resolve exactly as bake resolves them, and the targets of a group are one
// set for validate.CheckAll.
//
// Bake parses cache values into entries and drops what it does not keep (a
// repeated key keeps its last value), so the values validate sees are the
// ones written in the file wherever a resolved entry can be traced to a
// string literal there (then each diagnostic has an exact position); a
// value assembled from variables is the entry as bake resolved it, placed at
// its target.
package bakefile

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/docker/buildx/bake"
	"github.com/docker/buildx/util/buildflags"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Options configure Read.
type Options struct {
	// Vars are values for bake variables, as `docker buildx bake` takes them
	// from the environment. Bake's loader itself also reads the process
	// environment for variables that Vars leaves out.
	Vars map[string]string
}

// Read reads the bake files at paths as one bake definition, the way
// `docker buildx bake -f a -f b` reads them. It returns one source.File per
// path; builds are attached to the file where their target is defined.
// A file that cannot be read or parsed gives a source.Problem, and the
// other files are still read.
func Read(paths []string, opts Options) []source.File {
	files := make([]source.File, len(paths))
	var bf []bake.File
	var raws []*rawFile
	for i, p := range paths {
		files[i].Path = p
		data, prob := source.ReadFile(p)
		if prob != nil {
			files[i].Problems = append(files[i].Problems, *prob)
			continue
		}
		bf = append(bf, bake.File{Name: p, Data: data})
		rf, probs := scan(p, data)
		files[i].Problems = append(files[i].Problems, probs...)
		if rf != nil {
			raws = append(raws, rf)
		}
	}
	if len(bf) == 0 {
		return files
	}
	builds, err := resolve(bf, raws, opts)
	if err != nil {
		p := loaderProblem(err, paths)
		i := max(slices.Index(paths, p.Pos.File), 0)
		if p.Pos.File != paths[i] {
			p.Pos = source.Pos{File: paths[i]}
		}
		files[i].Problems = append(files[i].Problems, p)
		// check what the files say literally, target by target
		builds = rawBuilds(raws)
	}
	for _, b := range builds {
		i := slices.Index(paths, b.Pos.File)
		if i < 0 {
			i = 0
		}
		files[i].Builds = append(files[i].Builds, b)
	}
	return files
}

// ReadFile reads one bake file.
func ReadFile(path string, opts Options) source.File {
	return Read([]string{path}, opts)[0]
}

// hclPos matches the "file:line,col-col: " prefix of HCL diagnostics.
var hclPos = regexp.MustCompile(`^(.+?):(\d+),(\d+)(?:-\d+)?: `)

func loaderProblem(err error, paths []string) source.Problem {
	msg := err.Error()
	p := source.Problem{Rule: source.RuleSyntaxError, Severity: validate.Error, Message: "bake refuses this file: " + msg}
	if m := hclPos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		p.Pos = source.Pos{File: m[1], Line: line, Col: col}
		p.Message = "bake refuses this file: " + msg[len(m[0]):]
	} else if len(paths) > 0 {
		p.Pos = source.Pos{File: paths[0]}
	}
	return p
}

// resolve loads the definition with Buildx's bake loader and returns the
// builds of its targets.
func resolve(files []bake.File, raws []*rawFile, opts Options) (out []source.Build, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bake loader failed: %v", r)
		}
	}()
	cfg, _, err := bake.ParseFiles(files, nil, opts.Vars)
	if err != nil {
		return nil, err
	}
	var names []string
	inherited := map[string]bool{}
	for _, t := range cfg.Targets {
		names = append(names, t.Name)
		for _, in := range t.Inherits {
			inherited[in] = true
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	targets, _, err := bake.ReadTargets(context.Background(), files, names, nil, nil, opts.Vars, &bake.EntitlementConf{})
	if err != nil {
		return nil, err
	}
	// groups: each group's targets are one set; a target in no group is a
	// set of its own, unless it only serves as a base for inherits
	member := map[string][]string{}
	for _, g := range cfg.Groups {
		ts, _ := cfg.ResolveGroup(g.Name)
		for _, t := range ts {
			member[t] = append(member[t], g.Name)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	for _, name := range names {
		t := targets[name]
		if t == nil {
			continue
		}
		groups := member[name]
		if len(groups) == 0 {
			if inherited[name] {
				continue
			}
			groups = []string{"target " + name}
		}
		for _, g := range groups {
			out = append(out, buildOf(name, g, t, raws))
		}
	}
	return out, nil
}

// buildOf turns a resolved target into a build, tracing its cache entries
// to the literals written in the files.
func buildOf(name, group string, t *bake.Target, raws []*rawFile) source.Build {
	b := source.Build{Group: group}
	b.Name, b.Origin = name, validate.OriginBake
	b.Pos = targetPos(name, raws)
	b.Tags = slices.Clone(t.Tags)
	b.Platforms = slices.Clone(t.Platforms)
	for _, o := range t.Outputs {
		if o == nil {
			continue
		}
		yes := true
		switch o.Type {
		case "registry":
			b.Push = &yes
		case "image":
			if o.Attrs["push"] == "true" {
				b.Push = &yes
			}
		case "docker":
			b.Load = &yes
		}
	}
	b.CacheFrom, b.CacheFromPos = trace(name, "cache-from", t.CacheFrom, b.Pos, raws)
	b.CacheTo, b.CacheToPos = trace(name, "cache-to", t.CacheTo, b.Pos, raws)
	return b
}

// trace finds, for each resolved entry, the literal it came from: one with
// the same meaning to Buildx, preferably in the target's own block.
func trace(target, attr string, entries buildflags.CacheOptions, at source.Pos, raws []*rawFile) ([]string, []source.Value) {
	var vals []string
	var pos []source.Value
	used := map[*rawValue]bool{}
	for _, e := range entries {
		if e == nil {
			continue
		}
		key := meaning(e.Type, e.Attrs)
		var best *rawValue
		for _, rf := range raws {
			for _, rv := range rf.values {
				if rv.attr != attr || rv.key != key || used[rv] {
					continue
				}
				if best == nil || rv.target == target && best.target != target {
					best = rv
				}
			}
		}
		if best != nil {
			used[best] = true
			vals = append(vals, best.text)
			pos = append(pos, best.pos)
			continue
		}
		vals = append(vals, e.String())
		pos = append(pos, source.Value{Pos: at})
	}
	return vals, pos
}

// meaning is what Buildx makes of a value: its type and attributes.
func meaning(typ string, attrs map[string]string) string {
	keys := slices.Sorted(maps.Keys(attrs))
	var b strings.Builder
	b.WriteString(typ)
	for _, k := range keys {
		b.WriteString("\x00")
		b.WriteString(k)
		b.WriteString("=")
		b.WriteString(attrs[k])
	}
	return b.String()
}

// rawFile is what a file says literally.
type rawFile struct {
	path    string
	targets map[string]source.Pos // block positions
	values  []*rawValue
}

// rawValue is one element of a cache-from or cache-to list, as written.
type rawValue struct {
	target, attr string
	text         string // the value: the string, or a JSON object for an object element
	key          string // its meaning to Buildx, "" when Buildx refuses it
	pos          source.Value
}

func targetPos(name string, raws []*rawFile) source.Pos {
	for _, rf := range raws {
		if p, ok := rf.targets[name]; ok {
			return p
		}
	}
	if len(raws) > 0 {
		return source.Pos{File: raws[0].path}
	}
	return source.Pos{}
}

// rawBuilds are the builds of the literal values of each target block,
// for a definition the bake loader refuses.
func rawBuilds(raws []*rawFile) []source.Build {
	var out []source.Build
	for _, rf := range raws {
		names := slices.Sorted(maps.Keys(rf.targets))
		for _, name := range names {
			b := source.Build{Group: "file " + rf.path, Pos: rf.targets[name]}
			b.Name, b.Origin = name, validate.OriginBake
			for _, rv := range rf.values {
				if rv.target != name {
					continue
				}
				if rv.attr == "cache-from" {
					b.CacheFrom, b.CacheFromPos = append(b.CacheFrom, rv.text), append(b.CacheFromPos, rv.pos)
				} else {
					b.CacheTo, b.CacheToPos = append(b.CacheTo, rv.text), append(b.CacheToPos, rv.pos)
				}
			}
			if len(b.CacheFrom)+len(b.CacheTo) > 0 {
				out = append(out, b)
			}
		}
	}
	return out
}

// scan reads the syntax of a bake file for the positions and literal text
// of cache values and for misspelled cache attributes.
func scan(path string, data []byte) (rf *rawFile, probs []source.Problem) {
	defer func() {
		if r := recover(); r != nil {
			rf, probs = nil, []source.Problem{{Pos: source.Pos{File: path}, Rule: source.RuleSyntaxError, Severity: validate.Error, Message: fmt.Sprintf("cannot read the bake file: %v", r)}}
		}
	}()
	p := hclparse.NewParser()
	var f *hcl.File
	var diags hcl.Diagnostics
	isJSON := strings.EqualFold(filepath.Ext(path), ".json")
	if isJSON {
		f, diags = p.ParseJSON(data, path)
	} else {
		f, diags = p.ParseHCL(data, path)
	}
	if diags.HasErrors() || f == nil {
		return nil, nil // the loader reports the error with its own message
	}
	rf = &rawFile{path: path, targets: map[string]source.Pos{}}
	content, _, _ := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "target", LabelNames: []string{"name"}}}})
	if content == nil {
		return rf, nil
	}
	for _, blk := range content.Blocks {
		name := blk.Labels[0]
		rf.targets[name] = posOf(blk.DefRange.Filename, blk.DefRange.Start)
		for _, a := range attributes(blk.Body) {
			canon := strings.ReplaceAll(strings.ReplaceAll(strings.ToLower(a.Name), "_", "-"), " ", "")
			switch {
			case a.Name == "cache-from" || a.Name == "cache-to":
				for _, el := range elements(a.Expr) {
					rf.values = append(rf.values, rawOf(name, a.Name, el, data))
				}
			case canon == "cache-from" || canon == "cache-to" || canon == "cachefrom" || canon == "cacheto":
				want := "cache-from"
				if strings.HasSuffix(canon, "to") {
					want = "cache-to"
				}
				probs = append(probs, source.Problem{
					Pos: posOf(a.NameRange.Filename, a.NameRange.Start), Rule: source.RuleIgnoredCacheKey, Severity: validate.Warning,
					Message: fmt.Sprintf("bake has no attribute %q and ignores it without a message, so target %q gets none of these caches", a.Name, name),
					Fix:     "rename it to " + want,
				})
			}
		}
	}
	return rf, probs
}

// attributes returns a block body's attributes: directly for HCL (whose
// bodies also hold nested blocks), through JustAttributes for JSON.
func attributes(body hcl.Body) []*hcl.Attribute {
	if sb, ok := body.(*hclsyntax.Body); ok {
		out := make([]*hcl.Attribute, 0, len(sb.Attributes))
		for _, a := range sb.Attributes {
			out = append(out, a.AsHCLAttribute())
		}
		slices.SortFunc(out, func(a, b *hcl.Attribute) int { return a.Range.Start.Byte - b.Range.Start.Byte })
		return out
	}
	attrs, _ := body.JustAttributes()
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *hcl.Attribute) int { return a.Range.Start.Byte - b.Range.Start.Byte })
	return out
}

// elements returns the elements of a list expression, or the expression
// itself when it is not a list.
func elements(e hcl.Expression) []hcl.Expression {
	if list, diags := hcl.ExprList(e); !diags.HasErrors() {
		return list
	}
	return []hcl.Expression{e}
}

func posOf(file string, p hcl.Pos) source.Pos {
	return source.Pos{File: file, Line: p.Line, Col: p.Column}
}

// rawOf reads one list element: a string literal keeps its text and exact
// position; an object literal becomes the JSON object form; anything that
// needs variables or functions is left to the loader's resolution (its text
// is not kept).
func rawOf(target, attr string, e hcl.Expression, data []byte) *rawValue {
	rv := &rawValue{target: target, attr: attr}
	r := e.Range()
	rv.pos = source.Value{Pos: posOf(r.Filename, r.Start)}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
		return rv
	}
	switch {
	case v.Type() == cty.String:
		rv.text = v.AsString()
		// exact when the source is a quoted string holding exactly the text
		if r.Start.Byte >= 0 && r.End.Byte <= len(data) && r.End.Byte-r.Start.Byte == len(rv.text)+2 &&
			string(data[r.Start.Byte+1:r.End.Byte-1]) == rv.text {
			rv.pos.Col++
			rv.pos.Exact = true
		}
		if opts, err := buildflags.ParseCacheEntry([]string{rv.text}); err == nil && len(opts) == 1 {
			rv.key = meaning(opts[0].Type, opts[0].Attrs)
		}
	case v.Type().IsObjectType() || v.Type().IsMapType():
		j, err := ctyjson.Marshal(v, v.Type())
		if err != nil {
			return rv
		}
		rv.text = string(j)
		attrs := map[string]string{}
		typ := ""
		for k, av := range v.AsValueMap() {
			if av.Type() != cty.String || av.IsNull() {
				continue
			}
			if k == "type" {
				typ = av.AsString()
				continue
			}
			attrs[k] = av.AsString()
		}
		rv.key = meaning(typ, attrs)
	}
	return rv
}
