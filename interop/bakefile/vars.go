package bakefile

import (
	"slices"
	"strings"

	"github.com/containerd/platforms"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// builtins are the variables `docker buildx bake` defines itself
// (commands/bake.go of Buildx v0.38.2): the context of the command, which
// is "cwd://" when no remote definition is given, and the platform of the
// machine bake runs on. Bake gives them to its loader as built-ins, which
// no environment variable overrides.
func builtins() map[string]string {
	return map[string]string{
		"BAKE_CMD_CONTEXT":    "cwd://",
		"BAKE_LOCAL_PLATFORM": platforms.Format(platforms.DefaultSpec()),
	}
}

// envTemplate is the value given to a variable that only the environment
// supplies: the template ${NAME}, which validate treats as unknown.
func envTemplate(name string) string { return "${" + name + "}" }

// variableDecl is what the files say about one bake variable.
type variableDecl struct {
	// valued: some file gives the variable a non-empty default.
	valued bool
	// typed: the variable has a type other than a string, a list or set of
	// strings, or any, which a template cannot stand for.
	typed bool
}

// envOnly returns the variables declared in the units that only the
// environment can give a value: no file gives them a non-empty default,
// their type is a string (or none), and vars (what Env knows) does not
// hold them. Bake gives such a variable "" (or null), and CI sets it; the
// reader gives it the template ${NAME}, so that no finding depends on a
// value that only the environment knows.
func envOnly(units []*unit, vars map[string]string) map[string]bool {
	decls := map[string]*variableDecl{}
	var order []string
	for _, u := range units {
		for _, v := range variableBlocks(u) {
			d := decls[v.name]
			if d == nil {
				d = &variableDecl{}
				decls[v.name] = d
				order = append(order, v.name)
			}
			d.valued = d.valued || v.valued
			d.typed = d.typed || v.typed
		}
	}
	out := map[string]bool{}
	for _, n := range order {
		d := decls[n]
		if _, known := vars[n]; known || d.valued || d.typed {
			continue
		}
		if _, known := vars[n+"_JSON"]; known {
			continue
		}
		if _, builtin := builtins()[n]; builtin {
			continue
		}
		out[n] = true
	}
	return out
}

// variable is one variable block of a file.
type variable struct {
	name          string
	valued, typed bool
	// validations are the byte ranges of its validation blocks (HCL
	// native syntax only), with the variables their conditions name.
	validations []validation
}

type validation struct {
	start, end int
	names      []string
}

// variableBlocks reads the variable blocks of an HCL or JSON unit.
func variableBlocks(u *unit) []variable {
	if u.format == formatCompose {
		return nil
	}
	f := u.hcl
	if f == nil {
		return nil
	}
	content, _, _ := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "variable", LabelNames: []string{"name"}},
	}})
	if content == nil {
		return nil
	}
	var out []variable
	for _, blk := range content.Blocks {
		if len(blk.Labels) != 1 {
			continue
		}
		v := variable{name: blk.Labels[0]}
		vc, _, _ := blk.Body.PartialContent(&hcl.BodySchema{
			Attributes: []hcl.AttributeSchema{{Name: "default"}, {Name: "type"}},
			Blocks:     []hcl.BlockHeaderSchema{{Type: "validation"}},
		})
		if vc == nil {
			continue
		}
		if a := vc.Attributes["default"]; a != nil {
			val, diags := a.Expr.Value(&hcl.EvalContext{})
			// a default that is not a known empty string or null is a value
			// (one made of other variables or functions too)
			v.valued = diags.HasErrors() || !val.IsWhollyKnown() ||
				!val.IsNull() && !(val.Type() == cty.String && val.AsString() == "")
		}
		if a := vc.Attributes["type"]; a != nil {
			// bake reads a string, or a list or set of strings as CSV, from
			// the environment: the template stands for these
			r := a.Expr.Range()
			t := ""
			if r.Start.Byte >= 0 && r.End.Byte <= len(u.data) && r.Start.Byte <= r.End.Byte {
				t = strings.Join(strings.Fields(string(u.data[r.Start.Byte:r.End.Byte])), "")
			}
			switch t {
			case "string", "any", "list(string)", "set(string)":
			default:
				v.typed = true
			}
		}
		for _, vb := range vc.Blocks {
			sb, ok := vb.Body.(*hclsyntax.Body)
			if !ok {
				continue
			}
			val := validation{start: sb.SrcRange.Start.Byte, end: sb.SrcRange.End.Byte}
			if c := sb.Attributes["condition"]; c != nil {
				for _, t := range c.Expr.Variables() {
					val.names = append(val.names, t.RootName())
				}
			}
			if r := vb.DefRange; r.Start.Byte < val.start {
				val.start = r.Start.Byte
			}
			v.validations = append(v.validations, val)
		}
		out = append(out, v)
	}
	return out
}

// withoutEnvValidations returns data with the validation blocks that test
// an env-only variable blanked out (every byte but line ends made a
// space, so that positions stay), or data itself when there are none: a
// file is not refused for a value only the environment supplies.
func withoutEnvValidations(u *unit, only map[string]bool) []byte {
	if len(only) == 0 || u.format == formatCompose {
		return u.data
	}
	var out []byte
	for _, v := range variableBlocks(u) {
		for _, val := range v.validations {
			if !only[v.name] && !slices.ContainsFunc(val.names, func(n string) bool { return only[n] }) {
				continue
			}
			if val.start < 0 || val.end > len(u.data) || val.start >= val.end {
				continue
			}
			if out == nil {
				out = slices.Clone(u.data)
			}
			for i := val.start; i < val.end; i++ {
				if out[i] != '\n' && out[i] != '\r' {
					out[i] = ' '
				}
			}
		}
	}
	if out == nil {
		return u.data
	}
	return out
}
