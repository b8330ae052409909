package bakefile

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/bakefile/internal/loader"
	"github.com/buildxcache/buildxcache/interop/internal/envmap"
	"github.com/buildxcache/buildxcache/interop/internal/guard"
	"github.com/buildxcache/buildxcache/interop/internal/keys"
	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// read is Read without the guard.
func read(inputs []source.Input, opts source.Options) []source.File {
	files := make([]source.File, len(inputs))
	var units []*unit
	for i, in := range inputs {
		files[i].Path = in.Path
		if d := source.CheckText(in.Path, in.Content); d != nil {
			files[i].Diagnostics = append(files[i].Diagnostics, *d)
			continue
		}
		u := &unit{index: i, name: in.Path, data: in.Content}
		ds, ok := scan(u)
		files[i].Diagnostics = append(files[i].Diagnostics, ds...)
		if ok {
			units = append(units, u)
		}
	}
	at := func(u *unit) *source.File { return &files[u.index] }
	// the variables bake's loader may ask for, as it takes them: a map
	var texts [][]byte
	for _, u := range units {
		texts = append(texts, u.data)
	}
	vars := envmap.For(opts.Env, texts...)
	// the variables only the environment gives a value are templates, and
	// the file is not refused for their validations
	only := envOnly(units, vars)
	for n := range only {
		vars[n] = envTemplate(n)
	}
	for _, u := range units {
		u.load = withoutEnvValidations(u, only)
	}
	// load; each time bake refuses the definition, set aside the files it
	// names, check their values as written, and load the rest
	b := &blamer{vars: vars, alone: map[*unit]error{}}
	for len(units) > 0 {
		res, err := load(units, vars)
		if err == nil {
			for _, b := range res.builds {
				i := slices.IndexFunc(units, func(u *unit) bool { return u.name == b.Source.Def.File })
				if i < 0 {
					i = 0
				}
				at(units[i]).Builds = append(at(units[i]).Builds, b)
			}
			for _, d := range res.diags {
				i := slices.IndexFunc(units, func(u *unit) bool { return u.name == d.Range.File })
				if i < 0 {
					i = 0
				}
				at(units[i]).Diagnostics = append(at(units[i]).Diagnostics, d)
			}
			break
		}
		blamed, all := b.blameAll(err, units)
		if all {
			for _, u := range units {
				if u != blamed[0].u {
					at(u).Builds = append(at(u).Builds, rawBuilds(u)...)
				}
			}
			units = []*unit{blamed[0].u}
		}
		for _, x := range blamed {
			at(x.u).Diagnostics = append(at(x.u).Diagnostics, x.d)
			at(x.u).Builds = append(at(x.u).Builds, rawBuilds(x.u)...)
			units = slices.DeleteFunc(units, func(u *unit) bool { return u == x.u })
		}
	}
	return files
}

// loaded is the outcome of loading a definition.
type loaded struct {
	builds []validate.Build
	diags  diag.Diagnostics
}

// bakeFiles returns the files as bake takes them.
func bakeFiles(units []*unit) []loader.File {
	out := make([]loader.File, len(units))
	for i, u := range units {
		data := u.load
		if data == nil {
			data = u.data
		}
		out[i] = loader.File{Name: u.name, Data: data}
	}
	return out
}

// loads counts the calls of the loader, for the test that a directory of
// broken files is loaded a number of times linear in its files.
var loads atomic.Int64

// parseFiles loads the units with vars, turning a panic into an error.
func parseFiles(units []*unit, vars map[string]string) (cfg *loader.Config, renamed map[string][]string, err error) {
	loads.Add(1)
	if panicked, v := guard.Do(func() { cfg, renamed, err = loader.ParseFiles(bakeFiles(units), builtins(), vars) }); panicked {
		return nil, nil, fmt.Errorf("bake's loader failed: %v", v)
	}
	return cfg, renamed, err
}

// resolveTarget calls Config.ResolveTarget, turning a panic into an error.
func resolveTarget(cfg *loader.Config, name string) (t *loader.Target, err error) {
	if panicked, v := guard.Do(func() { t, err = cfg.ResolveTarget(name) }); panicked {
		return nil, fmt.Errorf("bake's loader failed: %v", v)
	}
	return t, err
}

// load loads the units with bake's loader and returns the builds of every
// target. A target bake cannot resolve (it inherits from a target that
// does not exist) gives a diagnostic and its literal values.
func load(units []*unit, vars map[string]string) (*loaded, error) {
	cfg, renamed, err := parseFiles(units, vars)
	if err != nil {
		return nil, err
	}
	r := newResolver(cfg, renamed, units)
	out := &loaded{}
	member := map[string][]string{}
	seen := map[string]bool{}
	for _, g := range cfg.Groups {
		if g == nil || seen[g.Name] {
			continue
		}
		seen[g.Name] = true
		ts, _ := cfg.ResolveGroup(g.Name)
		for _, t := range ts {
			member[t] = append(member[t], g.Name)
		}
	}
	var names []string
	for _, t := range cfg.Targets {
		if t != nil {
			names = append(names, t.Name)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	base := bases(names, member, r.inherits)
	for _, name := range names {
		groups := member[name]
		if len(groups) == 0 {
			if base[name] {
				continue
			}
			groups = []string{"target " + name}
		}
		t, err := resolveTarget(cfg, name)
		if err != nil || t == nil {
			msg := "bake cannot resolve target " + strconv.Quote(name)
			if why, ok := loader.TooExpensive(err); ok {
				msg = "bake file too expensive to evaluate: " + why + "; its values are checked as written"
			} else if err != nil {
				msg += ": " + err.Error()
			}
			out.diags = append(out.diags, validate.FileSyntaxError.At(r.targetPos(name), msg))
			for _, b := range r.blocksOf(name) {
				if rb, ok := rawBuild(b, "file "+b.unit.name); ok {
					out.builds = append(out.builds, rb)
				}
			}
			continue
		}
		for _, g := range groups {
			out.builds = append(out.builds, r.build(name, g, t))
		}
	}
	return out, nil
}

// bases returns the targets that only serve as bases: in no group, and
// inherited, directly or not, by a target that is built (one in a group or
// inherited by none). Targets that only inherit each other in a cycle are
// not bases.
func bases(names []string, member map[string][]string, inherits map[string][]string) map[string]bool {
	inherited := map[string]bool{}
	for _, n := range names {
		for _, p := range inherits[n] {
			inherited[p] = true
		}
	}
	root := map[string]bool{}
	var queue []string
	for _, n := range names {
		if !inherited[n] || len(member[n]) > 0 {
			root[n] = true
			queue = append(queue, n)
		}
	}
	reached := map[string]bool{}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, p := range inherits[n] {
			if !reached[p] {
				reached[p] = true
				queue = append(queue, p)
			}
		}
	}
	out := map[string]bool{}
	for _, n := range names {
		if reached[n] && !root[n] {
			out[n] = true
		}
	}
	return out
}

// asDiags finds the HCL diagnostics in a loader error.
func asDiags(err error, d *hcl.Diagnostics) bool { return errors.As(err, d) }

// blame finds the unit a loader error is about and the diagnostic to
// report there. The error names its file when it is an HCL diagnostic;
// otherwise each compose file, then each other file, is loaded alone, and
// the first that fails is blamed. When none fails alone, the first unit is
// blamed and all is true: the definition as a whole is refused.
func blame(err error, units []*unit, vars map[string]string) (u *unit, d diag.Diagnostic, all bool) {
	if hd := firstError(err); hd != nil && hd.Subject != nil {
		for _, u := range units {
			if fn := hd.Subject.Filename; fn == u.name || fn == u.name+".hcl" || fn == u.name+".json" {
				return u, validate.FileSyntaxError.At(diag.At(u.name, posOf(hd.Subject.Start)), refusal(err)), false
			}
		}
	}
	if len(units) > 1 {
		order := slices.Clone(units)
		slices.SortStableFunc(order, func(a, b *unit) int {
			return boolInt(a.format != formatCompose) - boolInt(b.format != formatCompose)
		})
		for _, u := range order {
			if _, _, err1 := parseFiles([]*unit{u}, vars); err1 != nil {
				return blame(err1, []*unit{u}, vars)
			}
		}
	}
	u = units[0]
	msg := refusal(err)
	if u.format != formatCompose {
		return u, source.SyntaxError(u.name, 0, 0, msg), len(units) > 1
	}
	line, col := yamlx.ErrorPos(u.yaml, err.Error())
	return u, source.SyntaxError(u.name, line, col, msg, composeFixes(err.Error())...), len(units) > 1
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// composeFixes suggests the right key for a misspelled cache key that a
// compose schema message refuses.
func composeFixes(msg string) []diag.Fix {
	_, unknown := yamlx.UnknownKeys(msg)
	for _, k := range unknown {
		if want, ok := keys.Compose.Misspelled(k); ok {
			return []diag.Fix{{Message: "rename " + k + " to " + want}}
		}
	}
	return nil
}

// rawBuilds are the builds of a unit's blocks with their values as
// written, for a file bake refuses.
func rawBuilds(u *unit) []validate.Build {
	var out []validate.Build
	for _, b := range u.blocks {
		if rb, ok := rawBuild(b, "file "+u.name); ok {
			out = append(out, rb)
		}
	}
	return out
}

func rawBuild(b *block, group string) (validate.Build, bool) {
	src := &validate.Source{Def: b.pos, Group: group}
	out := validate.Build{Name: b.targetName(), Origin: validate.OriginBake, Source: src}
	for _, name := range []string{attrFrom, attrTo} {
		a := b.attrs[name]
		if a == nil {
			continue
		}
		for _, e := range a.elems {
			if e.text == "" {
				continue
			}
			if name == attrFrom {
				out.CacheFrom, src.CacheFrom = append(out.CacheFrom, e.text), append(src.CacheFrom, e.pos)
			} else {
				out.CacheTo, src.CacheTo = append(out.CacheTo, e.text), append(src.CacheTo, e.pos)
			}
		}
	}
	return out, len(out.CacheFrom)+len(out.CacheTo) > 0
}

func (b *block) targetName() string {
	if b.name != "" {
		return b.name
	}
	return b.label
}
