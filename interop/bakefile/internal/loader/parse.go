// Package loader loads bake definitions (HCL, JSON and compose files) into
// targets and groups the way `docker buildx bake` loads them, on Buildx's
// HCL evaluator (bake/hclparser) and compose-go, without the rest of
// Buildx: [ParseFiles] reads the files into a [Config] (variables,
// functions, matrices, names, blocks of one target merged across files),
// [Config.ResolveGroup] and [Config.ResolveTarget] resolve groups and
// inheritance. Values, merges and refusals are bake's (Buildx v0.38.2),
// which a differential test against Buildx's own loader pins.
//
// The loader also bounds the work a definition can ask for (see
// [TooExpensive]): matrix combinations, targets, inheritance depth, and
// the calls to bcrypt and setproduct.
package loader

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/docker/buildx/bake/hclparser"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// File is one file of a definition.
type File struct {
	Name string
	Data []byte
}

// envLookupAllowed says whether variables that vars does not hold are
// looked up in the process environment, as bake does unless
// BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP is true.
var envLookupAllowed = sync.OnceValue(func() bool {
	if v, ok := os.LookupEnv("BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP"); ok {
		if off, err := strconv.ParseBool(v); err == nil && off {
			return false
		}
	}
	return true
})

// ParseHCLFile parses an HCL or JSON file as bake does: by extension, else
// as HCL and then as JSON; ok says whether it is either. A file of neither
// kind gives the HCL parser's error.
func ParseHCLFile(data []byte, name string) (f *hcl.File, ok bool, err error) {
	if strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".hcl") {
		var diags hcl.Diagnostics
		if strings.HasSuffix(name, ".json") {
			f, diags = hclparse.NewParser().ParseJSON(data, name)
		} else {
			f, diags = hclparse.NewParser().ParseHCL(data, name)
		}
		if diags.HasErrors() {
			return f, true, diags
		}
		return f, true, nil
	}
	f, diags := hclparse.NewParser().ParseHCL(data, name+".hcl")
	if !diags.HasErrors() {
		return f, true, nil
	}
	if jf, jdiags := hclparse.NewParser().ParseJSON(data, name+".json"); !jdiags.HasErrors() {
		return jf, true, nil
	}
	return nil, false, diags
}

// ParseFiles loads files as one definition, as `docker buildx bake -f a -f
// b` does: compose files first, then the HCL and JSON files merged in
// order. defaults are the built-in variables (which files cannot
// override); vars are the variables of the environment, a variable that
// vars does not hold being looked up in the process environment (see
// envLookupAllowed). renamed maps each target block's label to the names
// it defines (several for a matrix, another for a name attribute).
func ParseFiles(files []File, defaults, vars map[string]string) (cfg *Config, renamed map[string][]string, err error) {
	var c Config
	var composeFiles []File
	var hclFiles []*hcl.File
	for _, f := range files {
		compose, composeErr := isCompose(f, vars)
		if compose {
			if composeErr != nil {
				return nil, nil, composeErr
			}
			composeFiles = append(composeFiles, f)
			continue
		}
		hf, ok, err := ParseHCLFile(f.Data, f.Name)
		switch {
		case ok && err != nil:
			return nil, nil, err
		case ok:
			hclFiles = append(hclFiles, hf)
		case composeErr != nil:
			return nil, nil, fmt.Errorf("failed to parse %s: parsing yaml: %v, parsing hcl: %w", f.Name, composeErr, err)
		default:
			return nil, nil, err
		}
	}
	if len(composeFiles) > 0 {
		cc, err := composeConfig(composeFiles, vars)
		if err != nil {
			return nil, nil, fmt.Errorf("failed to parse compose file: %w", err)
		}
		c = mergeConfigs(c, *cc)
		c.dedupe()
	}
	if len(hclFiles) > 0 {
		if err := checkCost(hclFiles); err != nil {
			return nil, nil, err
		}
		lookup := func(key string) (string, bool) {
			if v, ok := vars[key]; ok {
				return v, true
			}
			if envLookupAllowed() {
				return os.LookupEnv(key)
			}
			return "", false
		}
		names := 0
		meta, diags := hclparser.Parse(hclparser.MergeFiles(hclFiles), hclparser.Opt{
			LookupVar: lookup,
			Vars:      defaults,
			ValidateLabel: func(name string) error {
				// called twice for each name of each leg of every block
				if names++; names > 2*maxTargets {
					return tooExpensive("the definition has more than %d targets and groups", maxTargets)
				}
				return checkName(name)
			},
		}, &c)
		if diags.HasErrors() {
			return nil, nil, diags
		}
		for _, byLabel := range meta.Renamed {
			for old, names := range byLabel {
				names = unique(names)
				if len(names) == 1 && names[0] == old {
					continue
				}
				c.Groups = append(c.Groups, &Group{Name: old, Targets: names})
			}
		}
		c.dedupe()
		renamed = meta.Renamed["target"]
	}
	return &c, renamed, nil
}

// mergeConfigs adds the groups and targets of c2 to c1 as bake merges the
// compose definition into the empty one: a group or target already there
// takes the new one's targets or values.
func mergeConfigs(c1, c2 Config) Config {
	if c1.Groups == nil {
		c1.Groups = []*Group{}
	}
	for _, g2 := range c2.Groups {
		var g1 *Group
		for _, g := range c1.Groups {
			if g.Name == g2.Name {
				g1 = g
				break
			}
		}
		if g1 == nil {
			c1.Groups = append(c1.Groups, g2)
			continue
		}
		for _, t := range g2.Targets {
			if !containsString(g1.Targets, t) {
				g1.Targets = append(g1.Targets, t)
			}
		}
		c1.Groups = append(c1.Groups, g1)
	}
	if c1.Targets == nil {
		c1.Targets = []*Target{}
	}
	for _, t2 := range c2.Targets {
		var t1 *Target
		for _, t := range c1.Targets {
			if t.Name == t2.Name {
				t1 = t
				break
			}
		}
		if t1 != nil {
			t1.Merge(t2)
			t2 = t1
		}
		c1.Targets = append(c1.Targets, t2)
	}
	return c1
}

func containsString(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
