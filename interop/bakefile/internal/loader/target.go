package loader

import (
	"errors"
	"fmt"
	"maps"
	"regexp"

	"github.com/docker/buildx/bake/hclparser"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Config is a loaded bake definition: its groups and targets, in the
// order bake keeps them. hclparser decodes the blocks into its two
// fields, which must be its only ones.
type Config struct {
	Groups  []*Group  `hcl:"group,block" cty:"group"`
	Targets []*Target `hcl:"target,block" cty:"target"`
}

// Group is a group block.
type Group struct {
	Name        string   `hcl:"name,label" cty:"name"`
	Description string   `hcl:"description,optional" cty:"description"`
	Targets     []string `hcl:"targets" cty:"targets"`
}

// Target is a target block, or the merge of the blocks and parents of one
// target. Every attribute bake accepts is declared, with bake's decoding,
// so that the same files are accepted and refused; the reader uses the
// exported fields named in its documentation (Tags, Platforms, Outputs,
// CacheFrom, CacheTo, Context, Dockerfile, Inherits).
type Target struct {
	Name             string             `hcl:"name,label" cty:"name"`
	Description      string             `hcl:"description,optional" cty:"description"`
	Inherits         []string           `hcl:"inherits,optional" cty:"inherits"`
	Annotations      []string           `hcl:"annotations,optional" cty:"annotations"`
	Attest           Attests            `hcl:"attest,optional" cty:"attest"`
	Context          *string            `hcl:"context,optional" cty:"context"`
	Contexts         map[string]string  `hcl:"contexts,optional" cty:"contexts"`
	Dockerfile       *string            `hcl:"dockerfile,optional" cty:"dockerfile"`
	DockerfileInline *string            `hcl:"dockerfile-inline,optional" cty:"dockerfile-inline"`
	Args             map[string]*string `hcl:"args,optional" cty:"args"`
	Labels           map[string]*string `hcl:"labels,optional" cty:"labels"`
	Tags             []string           `hcl:"tags,optional" cty:"tags"`
	CacheFrom        CacheOptions       `hcl:"cache-from,optional" cty:"cache-from"`
	CacheTo          CacheOptions       `hcl:"cache-to,optional" cty:"cache-to"`
	Target           *string            `hcl:"target,optional" cty:"target"`
	Secrets          Secrets            `hcl:"secret,optional" cty:"secret"`
	SSH              SSHKeys            `hcl:"ssh,optional" cty:"ssh"`
	Platforms        []string           `hcl:"platforms,optional" cty:"platforms"`
	Outputs          Exports            `hcl:"output,optional" cty:"output"`
	Pull             *bool              `hcl:"pull,optional" cty:"pull"`
	NoCache          *bool              `hcl:"no-cache,optional" cty:"no-cache"`
	NetworkMode      *string            `hcl:"network,optional" cty:"network"`
	NoCacheFilter    []string           `hcl:"no-cache-filter,optional" cty:"no-cache-filter"`
	ShmSize          *string            `hcl:"shm-size,optional" cty:"shm-size"`
	Ulimits          []string           `hcl:"ulimits,optional" cty:"ulimits"`
	Resources        *ResourcesConfig   `hcl:"resources,optional" cty:"resources"`
	Call             *string            `hcl:"call,optional" cty:"call"`
	Entitlements     []string           `hcl:"entitlements,optional" cty:"entitlements"`
	ExtraHosts       map[string]*string `hcl:"extra-hosts,optional" cty:"extra-hosts"`
	Policy           PolicyConfigs      `hcl:"policy,optional" cty:"policy"`
}

var (
	_ hclparser.WithEvalContexts = &Target{}
	_ hclparser.WithGetName      = &Target{}
	_ hclparser.WithEvalContexts = &Group{}
	_ hclparser.WithGetName      = &Group{}
)

var targetName = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// checkName refuses a target or group name as bake does.
func checkName(name string) error {
	if !targetName.MatchString(name) {
		return fmt.Errorf("only %q are allowed", `[a-zA-Z0-9_-]+`)
	}
	return nil
}

// GetEvalContexts gives a group its evaluation context; a group has no
// matrix.
func (g *Group) GetEvalContexts(ectx *hcl.EvalContext, block *hcl.Block, _ func(hcl.Expression) hcl.Diagnostics) ([]*hcl.EvalContext, error) {
	guardFunctions(ectx)
	content, _, diags := block.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "matrix"}}})
	if diags != nil {
		return nil, diags
	}
	if _, ok := content.Attributes["matrix"]; ok {
		return nil, errors.New("matrix is not supported for groups")
	}
	return []*hcl.EvalContext{ectx}, nil
}

// GetName is a group's label; a group has no name attribute.
func (g *Group) GetName(_ *hcl.EvalContext, block *hcl.Block, _ func(hcl.Expression) hcl.Diagnostics) (string, error) {
	content, _, diags := block.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "matrix"}}})
	if diags != nil {
		return "", diags
	}
	if _, ok := content.Attributes["name"]; ok {
		return "", errors.New("name is not supported for groups")
	}
	if _, ok := content.Attributes["matrix"]; ok {
		return "", errors.New("matrix is not supported for groups")
	}
	return block.Labels[0], nil
}

// GetEvalContexts gives a target one evaluation context per leg of its
// matrix: every combination of the matrix's values, each a variable named
// by its key. A matrix of more than maxLegs legs is refused as too
// expensive before a context is made.
func (t *Target) GetEvalContexts(ectx *hcl.EvalContext, block *hcl.Block, loadDeps func(hcl.Expression) hcl.Diagnostics) ([]*hcl.EvalContext, error) {
	guardFunctions(ectx)
	content, _, diags := block.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "matrix"}}})
	if diags != nil {
		return nil, diags
	}
	attr, ok := content.Attributes["matrix"]
	if !ok {
		return []*hcl.EvalContext{ectx}, nil
	}
	if diags := loadDeps(attr.Expr); diags.HasErrors() {
		return nil, diags
	}
	value, diags := attr.Expr.Value(ectx)
	if diags != nil {
		return nil, diags
	}
	if !value.Type().IsMapType() && !value.Type().IsObjectType() {
		return nil, errors.New("matrix must be a map")
	}
	matrix := value.AsValueMap()
	legs := 1
	for _, v := range matrix {
		if !v.CanIterateElements() {
			return nil, errors.New("matrix values must be a list")
		}
		if legs = legs * v.LengthInt(); legs > maxLegs {
			return nil, tooExpensive("the matrix of target %q has more than %d combinations", block.Labels[0], maxLegs)
		}
	}
	out := []*hcl.EvalContext{ectx}
	for k, v := range matrix {
		var next []*hcl.EvalContext
		for _, elem := range v.AsValueSlice() {
			for _, e := range out {
				child := ectx.NewChild()
				child.Variables = map[string]cty.Value{}
				if e != ectx {
					maps.Copy(child.Variables, e.Variables)
				}
				child.Variables[k] = elem
				next = append(next, child)
			}
		}
		out = next
	}
	return out, nil
}

// GetName is a target's name: its label, or its name attribute (which
// needs a matrix) evaluated in the leg's context.
func (t *Target) GetName(ectx *hcl.EvalContext, block *hcl.Block, loadDeps func(hcl.Expression) hcl.Diagnostics) (string, error) {
	content, _, diags := block.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "matrix"}}})
	if diags != nil {
		return "", diags
	}
	attr, ok := content.Attributes["name"]
	if !ok {
		return block.Labels[0], nil
	}
	if _, ok := content.Attributes["matrix"]; !ok {
		return "", errors.New("name requires matrix")
	}
	if diags := loadDeps(attr.Expr); diags.HasErrors() {
		return "", diags
	}
	value, diags := attr.Expr.Value(ectx)
	if diags != nil {
		return "", diags
	}
	value, err := convert.Convert(value, cty.String)
	if err != nil {
		return "", err
	}
	return value.AsString(), nil
}

// Merge lays t2 over t, as bake merges two blocks of one target and a
// target over its parents: a set value replaces, the lists bake
// accumulates (cache-from, annotations, attest, secrets, ssh, policy,
// no-cache-filter, ulimits, entitlements, inherits) are appended, maps are
// merged key by key.
func (t *Target) Merge(t2 *Target) {
	if t2.Context != nil {
		t.Context = t2.Context
	}
	if t2.Dockerfile != nil {
		t.Dockerfile = t2.Dockerfile
	}
	if t2.DockerfileInline != nil {
		t.DockerfileInline = t2.DockerfileInline
	}
	t.Args = mergeSet(t.Args, t2.Args)
	for k, v := range t2.Contexts {
		if t.Contexts == nil {
			t.Contexts = map[string]string{}
		}
		t.Contexts[k] = v
	}
	t.Labels = mergeSet(t.Labels, t2.Labels)
	if t2.Tags != nil {
		t.Tags = t2.Tags
	}
	if t2.Target != nil {
		t.Target = t2.Target
	}
	if t2.Call != nil {
		t.Call = t2.Call
	}
	if t2.Annotations != nil {
		t.Annotations = append(t.Annotations, t2.Annotations...)
	}
	if t2.Attest != nil {
		t.Attest = append(t.Attest, t2.Attest...)
	}
	if t2.Policy != nil {
		t.Policy = append(t.Policy, t2.Policy...)
	}
	if t2.Secrets != nil {
		t.Secrets = append(t.Secrets, t2.Secrets...)
	}
	if t2.SSH != nil {
		t.SSH = append(t.SSH, t2.SSH...)
	}
	if t2.Platforms != nil {
		t.Platforms = t2.Platforms
	}
	if t2.CacheFrom != nil {
		t.CacheFrom = t.CacheFrom.merge(t2.CacheFrom)
	}
	if t2.CacheTo != nil {
		t.CacheTo = t2.CacheTo
	}
	if t2.Outputs != nil {
		t.Outputs = t2.Outputs
	}
	if t2.Pull != nil {
		t.Pull = t2.Pull
	}
	if t2.NoCache != nil {
		t.NoCache = t2.NoCache
	}
	if t2.NetworkMode != nil {
		t.NetworkMode = t2.NetworkMode
	}
	if t2.NoCacheFilter != nil {
		t.NoCacheFilter = append(t.NoCacheFilter, t2.NoCacheFilter...)
	}
	if t2.ShmSize != nil {
		t.ShmSize = t2.ShmSize
	}
	if t2.Ulimits != nil {
		t.Ulimits = append(t.Ulimits, t2.Ulimits...)
	}
	if t2.Resources != nil {
		t.Resources = t2.Resources
	}
	if t2.Description != "" {
		t.Description = t2.Description
	}
	if t2.Entitlements != nil {
		t.Entitlements = append(t.Entitlements, t2.Entitlements...)
	}
	t.ExtraHosts = mergeSet(t.ExtraHosts, t2.ExtraHosts)
	t.Inherits = append(t.Inherits, t2.Inherits...)
}

// mergeSet copies the set values of b into a.
func mergeSet(a, b map[string]*string) map[string]*string {
	for k, v := range b {
		if v == nil {
			continue
		}
		if a == nil {
			a = map[string]*string{}
		}
		a[k] = v
	}
	return a
}

// normalize drops the repeated and empty tags and platforms and the
// repeated cache entries and outputs, as bake does to a resolved target.
func (t *Target) normalize() {
	t.Tags = uniqueStrings(t.Tags)
	t.Platforms = uniqueStrings(t.Platforms)
	t.CacheFrom = t.CacheFrom.normalize()
	t.CacheTo = t.CacheTo.normalize()
	t.Outputs = t.Outputs.normalize()
	t.Annotations = uniqueStrings(t.Annotations)
	t.NoCacheFilter = uniqueStrings(t.NoCacheFilter)
	t.Ulimits = uniqueStrings(t.Ulimits)
	for k, v := range t.Contexts {
		if v == "" {
			delete(t.Contexts, k)
		}
	}
	if len(t.Contexts) == 0 {
		t.Contexts = nil
	}
}

// uniqueStrings keeps the first of each non-empty string, in place.
func uniqueStrings(s []string) []string {
	seen := make(map[string]bool, len(s))
	n := 0
	for _, v := range s {
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		s[n] = v
		n++
	}
	return s[:n]
}

// unique keeps the first of each string.
func unique(s []string) []string {
	if len(s) == 0 {
		return s
	}
	var out []string
	seen := map[string]bool{}
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// ResolveGroup returns the targets a group (or a target's name) stands
// for, groups expanded recursively and repeats dropped, and the groups
// met on the way.
func (c *Config) ResolveGroup(name string) (targets, groups []string) {
	type visit struct{ targets, groups []string }
	visited := map[string]*visit{}
	var walk func(string) ([]string, []string)
	walk = func(name string) ([]string, []string) {
		if v, ok := visited[name]; ok {
			return v.targets, v.groups
		}
		var g *Group
		for _, x := range c.Groups {
			if x.Name == name {
				g = x
				break
			}
		}
		if g == nil {
			return []string{name}, nil
		}
		visited[name] = &visit{}
		ts := make([]string, 0, len(g.Targets))
		gs := []string{name}
		for _, t := range g.Targets {
			tt, tg := walk(t)
			if len(tt) > 0 {
				ts = append(ts, tt...)
			} else {
				ts = append(ts, t)
			}
			gs = append(gs, tg...)
		}
		visited[name] = &visit{targets: ts, groups: gs}
		return ts, gs
	}
	targets, groups = walk(name)
	return unique(targets), unique(groups)
}

// ResolveTarget returns target name merged over its parents (inherits,
// depth first, in order) with bake's defaults: context ".", dockerfile
// "Dockerfile". A parent that does not exist is an error; a cycle is
// skipped. A chain of parents deeper than maxInherits is refused as too
// expensive.
func (c *Config) ResolveTarget(name string) (*Target, error) {
	t, err := c.resolve(name, map[string]*Target{}, 0)
	if err != nil {
		return nil, err
	}
	t.Inherits = nil
	if t.Context == nil {
		s := "."
		t.Context = &s
	}
	if t.Dockerfile == nil || *t.Dockerfile == "" {
		s := "Dockerfile"
		t.Dockerfile = &s
	}
	return t, nil
}

func (c *Config) resolve(name string, visited map[string]*Target, depth int) (*Target, error) {
	if t, ok := visited[name]; ok {
		return t, nil
	}
	if depth > maxInherits {
		return nil, tooExpensive("target %q inherits through more than %d levels", name, maxInherits)
	}
	visited[name] = nil
	var own *Target
	for _, t := range c.Targets {
		if t.Name == name {
			own = t
			break
		}
	}
	if own == nil {
		return nil, fmt.Errorf("failed to find target %s", name)
	}
	parents := &Target{}
	for _, p := range own.Inherits {
		pt, err := c.resolve(p, visited, depth+1)
		if err != nil {
			return nil, err
		}
		if pt != nil {
			parents.Merge(pt)
		}
	}
	out := &Target{}
	out.Merge(parents)
	out.Merge(own)
	out.normalize()
	visited[name] = out
	return out, nil
}

// dedupe merges the targets of the same name into the first and drops the
// repeated targets of each group, as bake does after loading.
func (c *Config) dedupe() {
	groups := make([]*Group, 0, len(c.Groups))
	for _, g := range c.Groups {
		g1 := *g
		g1.Targets = unique(g1.Targets)
		groups = append(groups, &g1)
	}
	targets := make([]*Target, 0, len(c.Targets))
	byName := map[string]*Target{}
	for _, t := range c.Targets {
		if first, ok := byName[t.Name]; ok {
			first.Merge(t)
			continue
		}
		byName[t.Name] = t
		targets = append(targets, t)
	}
	c.Groups, c.Targets = groups, targets
}
