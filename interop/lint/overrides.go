package lint

import (
	"path"
	"slices"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

// selectTargets returns, of the builds the bake reader gives for a
// definition (each target once per group it is in, Source.Group the
// group), the builds of names: a group's targets, or a target; no names
// is bake's "default". Each target is given once.
func selectTargets(all []validate.Build, names []string) []*validate.Build {
	if len(names) == 0 {
		names = []string{"default"}
	}
	var out []*validate.Build
	taken := map[string]bool{}
	take := func(b *validate.Build) {
		if !taken[b.Name] {
			taken[b.Name] = true
			out = append(out, b)
		}
	}
	for _, name := range names {
		group := false
		for i := range all {
			if all[i].Source != nil && all[i].Source.Group == name {
				group = true
				take(&all[i])
			}
		}
		if group {
			continue
		}
		for i := range all {
			if all[i].Name == name {
				take(&all[i])
				break
			}
		}
	}
	return out
}

// matches reports whether the target pattern of an override (a name, a
// group, or a glob as path.Match reads it) names target name.
func matches(pattern, name string, all []validate.Build) bool {
	if pattern == name {
		return true
	}
	if ok, err := path.Match(pattern, name); err == nil && ok {
		return true
	}
	for _, b := range all {
		if b.Name == name && b.Source != nil && b.Source.Group == pattern {
			return true
		}
	}
	return false
}

// applyOverrides returns b with the overrides of call c that name its
// target applied, as bake applies --set: TARGET.cache-from=VALUE and
// cache-to replace the file's list with the values given (KEY+= appends
// to it, KEY= clears it), output replaces the outputs (and so what is
// pushed or loaded), push and load set them, tags replace the tags; the
// values placed where the override is written. The call's own --push and
// --load (or the action's push and load inputs) apply to every target.
func applyOverrides(b validate.Build, c workflow.Call, all []validate.Build) validate.Build {
	src := *b.Source
	b.Source = &src
	type list struct {
		vals  []string
		spans []diag.Span
		set   bool // replaced, not appended to
		any   bool
	}
	var from, to, outs, tags list
	for _, s := range c.Sets {
		pattern, key, ok := strings.Cut(s.Key, ".")
		if !ok || !matches(pattern, b.Name, all) {
			continue
		}
		add := strings.HasSuffix(key, "+")
		key = strings.TrimSuffix(key, "+")
		var l *list
		switch key {
		case "cache-from":
			l = &from
		case "cache-to":
			l = &to
		case "output":
			l = &outs
		case "tags", "tag":
			l = &tags
		case "push", "load":
			v := strings.EqualFold(s.Value, "true") || s.Value == "1"
			if key == "push" {
				b.Push = &v
			} else {
				b.Load = &v
			}
			continue
		default:
			continue
		}
		l.any = true
		if !add {
			l.set = true
			if s.Value == "" {
				l.vals, l.spans = nil, nil
				continue
			}
		}
		l.vals, l.spans = append(l.vals, s.Value), append(l.spans, s.At)
	}
	apply := func(l list, vals *[]string, spans *[]diag.Span, seps *[]string) {
		if !l.any {
			return
		}
		if l.set {
			*vals, *spans, *seps = nil, nil, nil
		} else {
			*vals = slices.Clone(*vals)
			*spans = slices.Clone((*spans)[:min(len(*spans), len(*vals))])
			for len(*spans) < len(*vals) {
				*spans = append(*spans, diag.Span{})
			}
		}
		*vals = append(*vals, l.vals...)
		*spans = append(*spans, l.spans...)
	}
	apply(from, &b.CacheFrom, &src.CacheFrom, &src.CacheFromSep)
	apply(to, &b.CacheTo, &src.CacheTo, &src.CacheToSep)
	if tags.any {
		if tags.set {
			b.Tags = nil
		}
		b.Tags = append(slices.Clone(b.Tags), tags.vals...)
	}
	if outs.any {
		var cmd shellcmd.Command
		for _, o := range outs.vals {
			shellcmd.ApplyOutput(&cmd, o)
		}
		if outs.set {
			b.Push, b.Load = cmd.Push, cmd.Load
		} else {
			if cmd.Push != nil {
				b.Push = cmd.Push
			}
			if cmd.Load != nil {
				b.Load = cmd.Load
			}
		}
	}
	if c.Push != nil && *c.Push {
		b.Push = c.Push
	}
	if c.Load != nil && *c.Load {
		b.Load = c.Load
	}
	return b
}
