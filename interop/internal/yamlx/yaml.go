// Package yamlx reads YAML documents as yaml.Node trees: aliases and merge
// keys resolved, scalar positions mapped to file lines and columns.
package yamlx

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxAliasDepth bounds alias chains and merge-key nesting, so that a
// hostile document cannot make the reader loop or recurse without end.
const maxAliasDepth = 32

// Resolve follows aliases and unwraps a document node. An empty document
// (no content, or comments only) resolves to nil.
func Resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && i < maxAliasDepth; i++ {
		switch n.Kind {
		case 0:
			return nil // what yaml.Unmarshal leaves for an empty input
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

// Pair is one key of a mapping with its value, aliases resolved.
type Pair struct {
	Key   string
	KeyN  *yaml.Node
	Value *yaml.Node
}

// Pairs returns the entries of a mapping in document order, with merge keys
// ("<<: *anchor" and "<<: [*a, *b]") expanded the way YAML 1.1 defines
// them: keys written in the mapping win over merged ones, and earlier
// merged mappings win over later ones. It returns nil for a non-mapping.
//
// Each mapping's merged entries are computed once per call, so merge keys
// that reach the same anchors along many paths (a "merge bomb") cost time
// in proportion to the document, not to the number of paths.
func Pairs(n *yaml.Node) []Pair {
	n = Resolve(n)
	if n != nil && n.Kind == yaml.MappingNode && !hasMerge(n) {
		return ownPairs(n) // no merge key: no memo to keep
	}
	return pairsDepth(n, 0, map[*yaml.Node][]Pair{})
}

func pairsDepth(n *yaml.Node, depth int, memo map[*yaml.Node][]Pair) []Pair {
	if n == nil || n.Kind != yaml.MappingNode || depth > maxAliasDepth {
		return nil
	}
	if p, ok := memo[n]; ok {
		return p
	}
	memo[n] = nil // a merge cycle reaches nothing new
	out := pairsOf(n, depth, memo)
	memo[n] = out
	return out
}

func pairsOf(n *yaml.Node, depth int, memo map[*yaml.Node][]Pair) []Pair {
	var own, merged []Pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := Resolve(n.Content[i]), n.Content[i+1]
		if k == nil {
			continue
		}
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			src := Resolve(v)
			if src == nil {
				continue
			}
			if src.Kind == yaml.SequenceNode {
				for _, s := range src.Content {
					merged = append(merged, pairsDepth(Resolve(s), depth+1, memo)...)
				}
			} else {
				merged = append(merged, pairsDepth(src, depth+1, memo)...)
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			continue
		}
		own = append(own, Pair{Key: k.Value, KeyN: k, Value: Resolve(v)})
	}
	if len(merged) == 0 {
		return own
	}
	seen := make(map[string]bool, len(own)+len(merged))
	out := make([]Pair, 0, len(own)+len(merged))
	for _, p := range own {
		seen[p.Key] = true
		out = append(out, p)
	}
	for _, p := range merged {
		if !seen[p.Key] {
			seen[p.Key] = true
			out = append(out, p)
		}
	}
	return out
}

// Get returns the value of key in a mapping, or nil.
func Get(n *yaml.Node, key string) *yaml.Node {
	if v, ok := getOwn(Resolve(n), key); ok {
		return v
	}
	for _, p := range Pairs(n) {
		if p.Key == key {
			return p.Value
		}
	}
	return nil
}

// Scalar returns a Scalar node's value and whether n is a Scalar.
func Scalar(n *yaml.Node) (string, bool) {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// Str returns the value of a Scalar, or "".
func Str(n *yaml.Node) string {
	s, _ := Scalar(n)
	return s
}

// Items returns the elements of a sequence, aliases resolved.
func Items(n *yaml.Node) []*yaml.Node {
	n = Resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = Resolve(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// Bool reads a YAML or GitHub boolean input: "true" or "false" in any
// case. Anything else (an expression, an empty value) is unknown: nil.
func Bool(n *yaml.Node) *bool {
	s, ok := Scalar(n)
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

// KeyAt returns the key node of key in the mapping reached from root by
// path. A path component may itself hold dots (a compose service name), so
// components are joined greedily: the longest key that exists wins.
func KeyAt(root *yaml.Node, path []string, key string) *yaml.Node {
	n := Resolve(root)
	for len(path) > 0 {
		found := false
		for j := len(path); j >= 1; j-- {
			if v := Get(n, strings.Join(path[:j], ".")); v != nil {
				n, path, found = v, path[j:], true
				break
			}
		}
		if !found {
			return nil
		}
	}
	for _, p := range Pairs(n) {
		if p.Key == key {
			return p.KeyN
		}
	}
	return nil
}
