package bakefile

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/bakefile/internal/loader"
	"github.com/buildxcache/buildxcache/validate"
)

// resolver traces the entries of resolved targets to the elements written
// in the files.
type resolver struct {
	units []*unit
	// blocks maps a target name to its blocks in the order bake merges
	// them: compose files first, then HCL and JSON files, each in order.
	blocks map[string][]*block
	// inherits maps a target name to the targets it inherits from.
	inherits map[string][]string
}

// newResolver indexes the blocks of units by target name; renamed is
// bake's map from a target block's label to the names it defines (more
// than one for a matrix, another one for a name attribute).
func newResolver(cfg *loader.Config, renamed map[string][]string, units []*unit) *resolver {
	r := &resolver{units: units, blocks: map[string][]*block{}, inherits: map[string][]string{}}
	order := slices.Clone(units)
	slices.SortStableFunc(order, func(a, b *unit) int {
		return boolInt(a.format != formatCompose) - boolInt(b.format != formatCompose)
	})
	for _, u := range order {
		for _, b := range u.blocks {
			names := []string{b.name}
			if u.format != formatCompose {
				names = renamed[b.label]
				if len(names) == 0 {
					names = []string{b.label}
				}
			}
			for _, n := range names {
				if !slices.Contains(r.blocks[n], b) {
					r.blocks[n] = append(r.blocks[n], b)
				}
			}
		}
	}
	for _, t := range cfg.Targets {
		if t != nil {
			r.inherits[t.Name] = append(r.inherits[t.Name], t.Inherits...)
		}
	}
	return r
}

func (r *resolver) blocksOf(name string) []*block { return r.blocks[name] }

// targetPos is where target name is first defined.
func (r *resolver) targetPos(name string) diag.Range {
	if bs := r.blocks[name]; len(bs) > 0 {
		return bs[0].pos
	}
	if len(r.units) > 0 {
		return diag.Range{File: r.units[0].name}
	}
	return diag.Range{}
}

// build turns resolved target t into a build of group.
func (r *resolver) build(name, group string, t *loader.Target) validate.Build {
	src := &validate.Source{Def: r.targetPos(name), Group: group}
	b := validate.Build{Name: name, Origin: validate.OriginBake, Source: src}
	b.Tags = slices.Clone(t.Tags)
	b.Platforms = slices.Clone(t.Platforms)
	b.Push, b.Load = outputs(t.Outputs)
	b.CacheFrom, src.CacheFrom = r.values(name, attrFrom, t.CacheFrom)
	b.CacheTo, src.CacheTo = r.values(name, attrTo, t.CacheTo)
	return b
}

// outputs says whether the outputs push the image or load it. A false is
// never certain, since `docker buildx bake --push` or `--load` add to the
// file's outputs: only a true is given.
func outputs(outs loader.Exports) (push, load *bool) {
	yes := true
	for _, o := range outs {
		if o == nil {
			continue
		}
		switch o.Type {
		case "registry":
			push = &yes
		case "image":
			if o.Attrs["push"] == "true" {
				push = &yes
			}
		case "docker":
			load = &yes
		}
	}
	return push, load
}

// contribution is the elements a target's attribute is made of, in the
// order bake merges them, and whether any block defines the attribute.
type contribution struct {
	elems   []*elem
	defined bool
}

// contrib returns the elements target name's attribute is made of: for
// cache-from, its parents' (in inherits order) then its own blocks', as
// bake appends them; for cache-to, those of the last definition, as bake
// replaces them.
func (r *resolver) contrib(name, attrName string, memo map[string]*contribution) contribution {
	if c, ok := memo[name]; ok {
		if c == nil { // an inheritance cycle: bake skips it too
			return contribution{}
		}
		return *c
	}
	memo[name] = nil
	var acc contribution
	add := func(elems []*elem) {
		if attrName == attrFrom {
			acc.elems = append(slices.Clip(acc.elems), elems...)
		} else {
			acc.elems = elems
		}
		acc.defined = true
	}
	for _, p := range r.inherits[name] {
		if c := r.contrib(p, attrName, memo); c.defined {
			add(c.elems)
		}
	}
	for _, b := range r.blocks[name] {
		if a := b.attrs[attrName]; a != nil {
			add(a.elems)
		}
	}
	memo[name] = &acc
	return acc
}

// attrPos is where target name's attribute is written: its last own
// definition, else the target.
func (r *resolver) attrPos(name, attrName string) diag.Range {
	bs := r.blocks[name]
	for i := len(bs) - 1; i >= 0; i-- {
		if a := bs[i].attrs[attrName]; a != nil {
			return a.pos
		}
	}
	return r.targetPos(name)
}

// values returns the raw values and positions of a resolved attribute.
func (r *resolver) values(name, attrName string, entries loader.CacheOptions) ([]string, []diag.Span) {
	cands := r.contrib(name, attrName, map[string]*contribution{}).elems
	// literals first: an entry is the first unused literal entry meaning
	// the same
	from := make([]*elem, len(entries))
	used := map[*elem][]bool{}
	for j, e := range entries {
		if e == nil {
			continue
		}
		k := entryKey(e)
		for _, c := range cands {
			if !c.literal {
				continue
			}
			u := used[c]
			if u == nil {
				u = make([]bool, len(c.keys))
				used[c] = u
			}
			found := false
			for ki, ck := range c.keys {
				if !u[ki] && ck == k {
					u[ki], from[j], found = true, c, true
					break
				}
			}
			if found {
				break
			}
		}
	}
	var vals []string
	var pos []diag.Span
	emitted := map[*elem]bool{}
	taken := map[*elem]bool{}
	last := -1
	var lastTaken *elem
	for j, e := range entries {
		if e == nil {
			continue
		}
		if c := from[j]; c != nil {
			last = slices.Index(cands, c)
			if !emitted[c] {
				emitted[c] = true
				vals, pos = append(vals, c.text), append(pos, c.pos)
			}
			continue
		}
		// assembled by bake: placed at the next element that is not a
		// literal, after the last one placed
		var pick *elem
		for i := last + 1; i < len(cands); i++ {
			if !cands[i].literal && !taken[cands[i]] {
				pick, last = cands[i], i
				break
			}
		}
		if pick == nil {
			pick = lastTaken
		}
		if pick == nil {
			if i := slices.IndexFunc(cands, func(c *elem) bool { return !c.literal }); i >= 0 {
				pick = cands[i]
			}
		}
		at := r.attrPos(name, attrName)
		p := diag.Span{File: at.File, Start: at.Start}
		if pick != nil {
			taken[pick], lastTaken = true, pick
			p = diag.Span{File: pick.pos.File, Start: pick.pos.Start}
		}
		vals, pos = append(vals, entryText(e)), append(pos, p)
	}
	return vals, pos
}

// entryText prints an entry bake resolved: read into a cachespec entry
// (its attributes and type as a JSON object, cachespec.ParseJSON) and
// printed canonically, else, for an entry
// cachespec refuses, as a flat CSV value, or as a JSON object when a key
// would not survive the CSV form (upper case, which Buildx's CSV reader
// folds, or a "=" or quote). The text is what validate checks, so an entry
// cachespec refuses is kept as close to what bake holds as text allows.
func entryText(e *loader.CacheEntry) string {
	if ce, err := toCachespec(e); err == nil {
		return cachespec.Format(ce)
	}
	keys := slices.Sorted(maps.Keys(e.Attrs))
	for _, k := range keys {
		if k != strings.ToLower(k) || strings.ContainsAny(k, `=,"`) || k == "type" {
			m := maps.Clone(e.Attrs)
			m["type"] = e.Type
			j, err := json.Marshal(m)
			if err == nil {
				return string(j)
			}
			break
		}
	}
	fields := make([]string, 0, len(keys)+1)
	fields = append(fields, "type="+e.Type)
	for _, k := range keys {
		fields = append(fields, k+"="+e.Attrs[k])
	}
	for i, f := range fields {
		if strings.ContainsAny(f, `,"`) {
			fields[i] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		}
	}
	return strings.Join(fields, ",")
}

// toCachespec reads an entry as cachespec reads bake's JSON form of it: its
// attributes and its type in one object.
func toCachespec(e *loader.CacheEntry) (cachespec.Entry, error) {
	m := maps.Clone(e.Attrs)
	if m == nil {
		m = map[string]string{}
	}
	m["type"] = e.Type
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return cachespec.ParseJSON(b)
}
