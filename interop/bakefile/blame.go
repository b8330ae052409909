package bakefile

import (
	"errors"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/bakefile/internal/loader"
	"github.com/buildxcache/buildxcache/validate"
)

// blamed is a unit set aside, with the diagnostic that says why.
type blamed struct {
	u *unit
	d diag.Diagnostic
}

// blamer finds the units a refusal of the definition is about. It loads
// each unit alone at most once per read, and sets aside every unit the
// refusal names at once, so that a directory of many broken files is read
// in time linear in its files rather than reloaded once per file.
type blamer struct {
	vars map[string]string
	// alone holds the outcome of loading a unit alone.
	alone map[*unit]error
	// rounds counts the refusals met.
	rounds int
}

// maxNamedRounds is the number of refusals after which every unit that
// bake refuses alone is set aside at once, even when the refusal names a
// file: bake stops at the first error of a variable, so that a directory
// of such files would otherwise be reloaded once per file.
const maxNamedRounds = 4

// refusal is the message of a diagnostic for a refused file.
func refusal(err error) string {
	if why, ok := loader.TooExpensive(err); ok {
		return "bake file too expensive to evaluate: " + why + "; its values are checked as written"
	}
	return "bake refuses this file: " + err.Error()
}

// loadAlone loads u alone, once.
func (b *blamer) loadAlone(u *unit) error {
	if err, ok := b.alone[u]; ok {
		return err
	}
	_, _, err := parseFiles([]*unit{u}, b.vars)
	b.alone[u] = err
	return err
}

// blameAll returns the units err is about, each with its diagnostic: the
// units named by its HCL diagnostics, else every unit that bake refuses
// alone. When none is found, the first unit is returned and all is true:
// the definition as a whole is refused.
func (b *blamer) blameAll(err error, units []*unit) (out []blamed, all bool) {
	b.rounds++
	if b.rounds <= maxNamedRounds || len(units) == 1 {
		if out = named(err, units); len(out) > 0 {
			return out, false
		}
	}
	if len(units) > 1 {
		order := slices.Clone(units)
		slices.SortStableFunc(order, func(a, b *unit) int {
			return boolInt(a.format != formatCompose) - boolInt(b.format != formatCompose)
		})
		for _, u := range order {
			if err1 := b.loadAlone(u); err1 != nil {
				x, d, _ := blame(err1, []*unit{u}, b.vars)
				out = append(out, blamed{x, d})
			}
		}
		if len(out) > 0 {
			return out, false
		}
	}
	u, d, all := blame(err, units, b.vars)
	return []blamed{{u, d}}, all
}

// named returns the units that err's error diagnostics name, each with a
// diagnostic holding its own errors.
func named(err error, units []*unit) []blamed {
	var diags hcl.Diagnostics
	if !errors.As(err, &diags) {
		return nil
	}
	byUnit := map[*unit]hcl.Diagnostics{}
	var order []*unit
	for _, d := range diags {
		if d.Severity != hcl.DiagError || d.Subject == nil {
			continue
		}
		for _, u := range units {
			if fn := d.Subject.Filename; fn == u.name || fn == u.name+".hcl" || fn == u.name+".json" {
				if byUnit[u] == nil {
					order = append(order, u)
				}
				byUnit[u] = append(byUnit[u], d)
				break
			}
		}
	}
	out := make([]blamed, 0, len(order))
	for _, u := range order {
		ds := byUnit[u]
		msg := refusal(ds)
		if len(order) == 1 {
			msg = refusal(err)
		}
		out = append(out, blamed{u, validate.FileSyntaxError.At(diag.At(u.name, posOf(ds[0].Subject.Start)), msg)})
	}
	return out
}
