package workflow

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxAliasDepth bounds alias chains and merge-key nesting, so that a
// hostile document cannot make the reader loop or recurse without end.
const maxAliasDepth = 32

// resolve follows aliases and unwraps a document node.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && i < maxAliasDepth; i++ {
		switch n.Kind {
		case yaml.AliasNode:
			n = n.Alias
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			n = n.Content[0]
		default:
			return n
		}
	}
	return nil
}

// pair is one key of a mapping with its value, aliases resolved.
type pair struct {
	key   string
	keyN  *yaml.Node
	value *yaml.Node
}

// pairs returns the entries of a mapping in document order, with merge keys
// ("<<: *anchor" and "<<: [*a, *b]") expanded the way YAML 1.1 defines
// them: keys written in the mapping win over merged ones, and earlier
// merged mappings win over later ones. It returns nil for a non-mapping.
func pairs(n *yaml.Node) []pair {
	return pairsDepth(resolve(n), 0)
}

func pairsDepth(n *yaml.Node, depth int) []pair {
	if n == nil || n.Kind != yaml.MappingNode || depth > maxAliasDepth {
		return nil
	}
	var own, merged []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k == nil {
			continue
		}
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			src := resolve(v)
			if src == nil {
				continue
			}
			if src.Kind == yaml.SequenceNode {
				for _, s := range src.Content {
					merged = append(merged, pairsDepth(resolve(s), depth+1)...)
				}
			} else {
				merged = append(merged, pairsDepth(src, depth+1)...)
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			continue
		}
		own = append(own, pair{key: k.Value, keyN: k, value: resolve(v)})
	}
	if len(merged) == 0 {
		return own
	}
	seen := make(map[string]bool, len(own)+len(merged))
	out := make([]pair, 0, len(own)+len(merged))
	for _, p := range own {
		seen[p.key] = true
		out = append(out, p)
	}
	for _, p := range merged {
		if !seen[p.key] {
			seen[p.key] = true
			out = append(out, p)
		}
	}
	return out
}

// get returns the value of key in a mapping, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	for _, p := range pairs(n) {
		if p.key == key {
			return p.value
		}
	}
	return nil
}

// scalar returns a scalar node's value and whether n is a scalar.
func scalar(n *yaml.Node) (string, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// str returns the value of a scalar, or "".
func str(n *yaml.Node) string {
	s, _ := scalar(n)
	return s
}

// items returns the elements of a sequence, aliases resolved.
func items(n *yaml.Node) []*yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = resolve(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// boolValue reads a YAML or GitHub boolean input: "true" or "false" in any
// case. Anything else (an expression, an empty value) is unknown: nil.
func boolValue(n *yaml.Node) *bool {
	s, ok := scalar(n)
	if !ok {
		return nil
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		t := true
		return &t
	case "false":
		f := false
		return &f
	}
	return nil
}
