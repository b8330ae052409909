package yamlx

import "go.yaml.in/yaml/v3"

// isMerge reports whether a resolved key is the merge key "<<".
func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge"
}

// hasMerge reports whether a mapping has a merge key.
func hasMerge(n *yaml.Node) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := Resolve(n.Content[i]); k != nil && isMerge(k) {
			return true
		}
	}
	return false
}

// ownPairs is pairsOf for a mapping without merge keys: its scalar keys,
// in order.
func ownPairs(n *yaml.Node) []Pair {
	var out []Pair
	if len(n.Content) > 0 {
		out = make([]Pair, 0, len(n.Content)/2)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := Resolve(n.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		out = append(out, Pair{Key: k.Value, KeyN: k, Value: Resolve(n.Content[i+1])})
	}
	if len(out) == 0 {
		return nil // as pairsOf
	}
	return out
}

// getOwn looks key up among the keys written in mapping n, without
// allocating. Pairs puts a mapping's own keys before its merged ones, so
// the first own key found is Get's answer; ok is false when there is
// none and the mapping has merge keys, whose entries Get must then read.
func getOwn(n *yaml.Node, key string) (v *yaml.Node, ok bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, true
	}
	merge := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := Resolve(n.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		if isMerge(k) {
			merge = true
			continue
		}
		if k.Value == key {
			return Resolve(n.Content[i+1]), true
		}
	}
	return nil, !merge
}
