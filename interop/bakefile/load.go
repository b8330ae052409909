package bakefile

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/docker/buildx/bake"
	"github.com/hashicorp/hcl/v2"
	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// parse reads inputs; unreadable[i] is the problem that refuses input i,
// or nil.
func parse(inputs []Input, unreadable []*source.Problem, opts Options) []source.File {
	files := make([]source.File, len(inputs))
	var units []*unit
	for i, in := range inputs {
		files[i].Path = in.Name
		if p := unreadable[i]; p != nil {
			files[i].Problems = append(files[i].Problems, *p)
			continue
		}
		u := &unit{index: i, name: in.Name, data: in.Data}
		probs, ok := scan(u)
		files[i].Problems = append(files[i].Problems, probs...)
		if ok {
			units = append(units, u)
		}
	}
	at := func(u *unit) *source.File { return &files[u.index] }
	// load; each time bake refuses the definition, set aside the file it
	// names, check that file's values as written, and load the rest
	for len(units) > 0 {
		res, err := load(units, opts)
		if err == nil {
			for _, b := range res.builds {
				i := slices.IndexFunc(units, func(u *unit) bool { return u.name == b.Pos.File })
				if i < 0 {
					i = 0
				}
				at(units[i]).Builds = append(at(units[i]).Builds, b)
			}
			for _, p := range res.problems {
				i := slices.IndexFunc(units, func(u *unit) bool { return u.name == p.Pos.File })
				if i < 0 {
					i = 0
				}
				at(units[i]).Problems = append(at(units[i]).Problems, p)
			}
			break
		}
		blamed, p, all := blame(err, units, opts)
		if all {
			for _, u := range units {
				if u != blamed {
					at(u).Builds = append(at(u).Builds, rawBuilds(u)...)
				}
			}
			units = []*unit{blamed}
		}
		at(blamed).Problems = append(at(blamed).Problems, p)
		at(blamed).Builds = append(at(blamed).Builds, rawBuilds(blamed)...)
		units = slices.DeleteFunc(units, func(u *unit) bool { return u == blamed })
	}
	return files
}

// loaded is the outcome of loading a definition.
type loaded struct {
	builds   []source.Build
	problems []source.Problem
}

// bakeFiles returns the files as bake takes them.
func bakeFiles(units []*unit) []bake.File {
	out := make([]bake.File, len(units))
	for i, u := range units {
		out[i] = bake.File{Name: u.name, Data: u.data}
	}
	return out
}

// parseFiles calls bake.ParseFiles, turning a panic into an error.
func parseFiles(units []*unit, opts Options) (cfg *bake.Config, meta map[string][]string, err error) {
	defer func() {
		if r := recover(); r != nil {
			cfg, meta, err = nil, nil, fmt.Errorf("bake's loader failed: %v", r)
		}
	}()
	c, m, err := bake.ParseFiles(bakeFiles(units), nil, opts.Vars)
	if err != nil {
		return nil, nil, err
	}
	if m != nil {
		meta = m.Renamed["target"]
	}
	return c, meta, nil
}

// resolveTarget calls Config.ResolveTarget, turning a panic into an error.
func resolveTarget(cfg *bake.Config, name string) (t *bake.Target, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("bake's loader failed: %v", r)
		}
	}()
	return cfg.ResolveTarget(name, nil, &bake.EntitlementConf{})
}

// load loads the units with bake's loader and returns the builds of every
// target. A target bake cannot resolve (it inherits from a target that
// does not exist) gives a problem and its literal values.
func load(units []*unit, opts Options) (*loaded, error) {
	cfg, renamed, err := parseFiles(units, opts)
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
			pos := r.targetPos(name)
			msg := "bake cannot resolve target " + strconv.Quote(name)
			if err != nil {
				msg += ": " + err.Error()
			}
			out.problems = append(out.problems, syntaxProblem(pos, msg))
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

// blame finds the unit a loader error is about and the problem to report
// there. The error names its file when it is an HCL diagnostic; otherwise
// each compose file, then each other file, is loaded alone, and the first
// that fails is blamed. When none fails alone, the first unit is blamed and
// all is true: the definition as a whole is refused.
func blame(err error, units []*unit, opts Options) (u *unit, p source.Problem, all bool) {
	if d := firstError(err); d != nil && d.Subject != nil {
		for _, u := range units {
			if fn := d.Subject.Filename; fn == u.name || fn == u.name+".hcl" || fn == u.name+".json" {
				return u, syntaxProblem(posOf(u.name, d.Subject.Start), "bake refuses this file: "+err.Error()), false
			}
		}
	}
	if len(units) > 1 {
		order := slices.Clone(units)
		slices.SortStableFunc(order, func(a, b *unit) int {
			return boolInt(a.format != formatCompose) - boolInt(b.format != formatCompose)
		})
		for _, u := range order {
			if _, _, err1 := parseFiles([]*unit{u}, opts); err1 != nil {
				return blame(err1, []*unit{u}, opts)
			}
		}
	}
	u = units[0]
	p = syntaxProblem(source.Pos{File: u.name}, "bake refuses this file: "+err.Error())
	if u.format == formatCompose {
		p.Pos = composeErrorPos(u, err.Error())
		if fix := composeFix(err.Error()); fix != "" {
			p.Fix = fix
		}
	}
	return u, p, len(units) > 1
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// composeKeys matches compose-go's schema messages: "services.a.build
// additional properties 'cache-from' not allowed", "services.a.build.
// cache_from must be a array".
var (
	composeAdditional = regexp.MustCompile(`([\w.\-]+) additional propert(?:y|ies) '([^']+)'`)
	composePath       = regexp.MustCompile(`(services\.[\w.\-]+)`)
	yamlLineRe        = regexp.MustCompile(`line (\d+)`)
)

func yamlLine(msg string) int {
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// composeErrorPos locates the key a compose schema message is about.
func composeErrorPos(u *unit, msg string) source.Pos {
	p := source.Pos{File: u.name, Line: yamlLine(msg)}
	if u.yaml == nil {
		return p
	}
	if m := composeAdditional.FindStringSubmatch(msg); m != nil {
		if n := yamlPath(u, strings.Split(m[1], "."), m[2]); n != nil {
			return source.Pos{File: u.name, Line: n.Line, Col: n.Column}
		}
	}
	if m := composePath.FindStringSubmatch(msg); m != nil {
		parts := strings.Split(m[1], ".")
		if n := yamlPath(u, parts[:len(parts)-1], parts[len(parts)-1]); n != nil {
			return source.Pos{File: u.name, Line: n.Line, Col: n.Column}
		}
	}
	return p
}

// yamlPath finds the key node of key under the mapping at path.
func yamlPath(u *unit, path []string, key string) *yaml.Node {
	return yamlx.KeyAt(u.yaml, path, key)
}

// composeFix suggests the right key for a misspelled compose cache key.
func composeFix(msg string) string {
	m := composeAdditional.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	for _, k := range strings.Split(m[2], "', '") {
		if want, ok := misspelledAs(k, "cache_from", "cache_to"); ok {
			return "rename " + k + " to " + want
		}
	}
	return ""
}

// rawBuilds are the builds of a unit's blocks with their values as
// written, for a file bake refuses.
func rawBuilds(u *unit) []source.Build {
	var out []source.Build
	for _, b := range u.blocks {
		if rb, ok := rawBuild(b, "file "+u.name); ok {
			out = append(out, rb)
		}
	}
	return out
}

func rawBuild(b *block, group string) (source.Build, bool) {
	out := source.Build{Pos: b.pos, Group: group}
	out.Name, out.Origin = b.targetName(), validate.OriginBake
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
				out.CacheFrom, out.CacheFromPos = append(out.CacheFrom, e.text), append(out.CacheFromPos, e.pos)
			} else {
				out.CacheTo, out.CacheToPos = append(out.CacheTo, e.text), append(out.CacheToPos, e.pos)
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
