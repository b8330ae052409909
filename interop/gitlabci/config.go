package gitlabci

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
)

// kind is the kind of a node of the configuration.
type kind uint8

const (
	kScalar kind = iota
	kMap
	kSeq
	kRef // a !reference [job, key, ...] tag
)

// node is a value of the configuration after YAML anchors, aliases and
// merge keys are resolved, keeping the file and YAML node of every value
// for positions. Nodes are shared (an alias, a job extended twice) and
// never changed once built: merges make new nodes.
type node struct {
	kind kind
	// keys, knodes and vals are a mapping's keys, their YAML nodes and
	// their values, in order; vals are a sequence's items
	keys   []string
	knodes []*yaml.Node
	vals   []*node
	// str is a scalar's value; ref a !reference's path
	str string
	ref []string
	// null: a scalar written null, ~ or nothing
	null bool
	y    *yaml.Node
	f    *file
}

// get returns the value of key k of a mapping, or nil.
func (n *node) get(k string) *node {
	if n == nil || n.kind != kMap {
		return nil
	}
	for i, key := range n.keys {
		if key == k {
			return n.vals[i]
		}
	}
	return nil
}

// keyNode returns the YAML node of key k of a mapping, or nil.
func (n *node) keyNode(k string) *yaml.Node {
	if n == nil || n.kind != kMap {
		return nil
	}
	for i, key := range n.keys {
		if key == k {
			return n.knodes[i]
		}
	}
	return nil
}

// scalarValue returns a scalar's value.
func (n *node) scalarValue() (string, bool) {
	if n == nil || n.kind != kScalar || n.null {
		return "", false
	}
	return n.str, true
}

// maxDepth bounds the nesting of the configuration converted, and of
// !reference tags followed (GitLab allows 10 levels).
const maxDepth = 64

// converter turns a file's YAML nodes into nodes, each YAML node once (an
// alias is the node it names, so alias bombs stay linear).
type converter struct {
	f    *file
	memo map[*yaml.Node]*node
}

func (c *converter) conv(y *yaml.Node, depth int) *node {
	y = yamlx.Resolve(y)
	if y == nil {
		return &node{kind: kScalar, null: true, f: c.f}
	}
	if n, ok := c.memo[y]; ok {
		if n == nil {
			return &node{kind: kScalar, null: true, f: c.f} // a cycle
		}
		return n
	}
	if depth > maxDepth {
		return &node{kind: kScalar, null: true, f: c.f, y: y}
	}
	c.memo[y] = nil
	n := &node{y: y, f: c.f}
	switch y.Kind {
	case yaml.MappingNode:
		n.kind = kMap
		for _, p := range yamlx.Pairs(y) {
			n.keys = append(n.keys, p.Key)
			n.knodes = append(n.knodes, p.KeyN)
			n.vals = append(n.vals, c.conv(p.Value, depth+1))
		}
	case yaml.SequenceNode:
		if y.Tag == "!reference" {
			n.kind = kRef
			for _, it := range yamlx.Items(y) {
				s, _ := yamlx.Scalar(it)
				n.ref = append(n.ref, s)
			}
			break
		}
		n.kind = kSeq
		for _, it := range y.Content {
			n.vals = append(n.vals, c.conv(it, depth+1))
		}
	default:
		n.kind = kScalar
		n.str = y.Value
		n.null = y.Tag == "!!null"
	}
	c.memo[y] = n
	return n
}

// merge returns b deep-merged onto a, as GitLab merges included files
// and extends: mappings are merged key by key, recursively; anything else
// in b replaces what a has.
func (r *reader) merge(a, b *node) *node {
	if !r.spend(1) {
		return b
	}
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	if a.kind != kMap || b.kind != kMap {
		return b
	}
	out := &node{kind: kMap, y: b.y, f: b.f}
	for i, k := range a.keys {
		v := a.vals[i]
		kn := a.knodes[i]
		if bv := b.get(k); bv != nil {
			v, kn = r.merge(v, bv), b.keyNode(k)
		}
		out.keys, out.knodes, out.vals = append(out.keys, k), append(out.knodes, kn), append(out.vals, v)
	}
	for i, k := range b.keys {
		if a.get(k) == nil {
			out.keys, out.knodes, out.vals = append(out.keys, k), append(out.knodes, b.knodes[i]), append(out.vals, b.vals[i])
		}
	}
	return out
}

// without returns mapping n without key k.
func without(n *node, k string) *node {
	if n == nil || n.kind != kMap || n.get(k) == nil {
		return n
	}
	out := &node{kind: kMap, y: n.y, f: n.f}
	for i, key := range n.keys {
		if key != k {
			out.keys, out.knodes, out.vals = append(out.keys, key), append(out.knodes, n.knodes[i]), append(out.vals, n.vals[i])
		}
	}
	return out
}

// with returns mapping n with key k set to v (added when missing).
func with(n *node, k string, kn *yaml.Node, v *node) *node {
	out := &node{kind: kMap, y: n.y, f: n.f}
	set := false
	for i, key := range n.keys {
		val, knode := n.vals[i], n.knodes[i]
		if key == k {
			val, set = v, true
		}
		out.keys, out.knodes, out.vals = append(out.keys, key), append(out.knodes, knode), append(out.vals, val)
	}
	if !set {
		out.keys, out.knodes, out.vals = append(out.keys, k), append(out.knodes, kn), append(out.vals, v)
	}
	return out
}

// strings returns the scalars of a scalar or a sequence of scalars.
func (n *node) strs() []string {
	if n == nil {
		return nil
	}
	if s, ok := n.scalarValue(); ok {
		return []string{s}
	}
	var out []string
	if n.kind == kSeq {
		for _, v := range n.vals {
			if s, ok := v.scalarValue(); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// reserved are the top-level keys of a GitLab CI file that are not jobs.
var reserved = map[string]bool{
	"default": true, "include": true, "stages": true, "variables": true, "workflow": true,
	"image": true, "services": true, "cache": true, "before_script": true, "after_script": true,
	"types": true, "spec": true,
}

// isJob reports whether top-level key k with value v is a job: not a
// reserved key, not hidden (.name), and a mapping.
func isJob(k string, v *node) bool {
	return !reserved[k] && !strings.HasPrefix(k, ".") && v != nil && v.kind == kMap
}
