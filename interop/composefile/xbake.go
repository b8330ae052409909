package composefile

import (
	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/validate"
)

// Bake reads a service's build.x-bake extension when it builds a compose
// file (docker buildx bake -f compose.yaml): its cache-from and cache-to,
// a string or a list of strings, are added to the service's cache_from
// and cache_to (buildx bake/compose.go, xbake.mergeToTarget). Compose
// ignores the extension, so only bake applies these values; the reader
// checks them with the service's own, placed where they are written.

// xbakeKeys are the x-bake keys of cache values, and the key of the
// values they add to.
var xbakeKeys = map[string]string{"cache-from": "x-bake.cache-from", "cache-to": "x-bake.cache-to"}

// scanXBake reads the cache values of a build's x-bake mapping.
func scanXBake(path string, lines []string, xb *yaml.Node, values map[string][]rawValue) {
	for _, p := range yamlx.Pairs(xb) {
		key, ok := xbakeKeys[p.Key]
		if !ok {
			continue
		}
		nodes := yamlx.Items(p.Value)
		if s := yamlx.Resolve(p.Value); s != nil && s.Kind == yaml.ScalarNode {
			nodes = []*yaml.Node{s}
		}
		for _, n := range nodes {
			if text, ok := yamlx.Scalar(n); ok && text != "" {
				values[key] = append(values[key], rawValue{text: text, pos: scalarPos(path, lines, n)})
			}
		}
	}
}

// xbake returns the x-bake cache values of a service for key
// ("cache-from", "cache-to") as show interpolates them, with their
// places.
func (rf *rawFile) xbake(service, key string, show func(string) (string, bool)) ([]string, []diag.Span) {
	rs := rf.services[service]
	if rs == nil {
		return nil, nil
	}
	var vals []string
	var pos []diag.Span
	for _, v := range rs.values[xbakeKeys[key]] {
		text := v.text
		p := v.pos
		if show != nil {
			if s, err := substitute(v.text, show); err == nil {
				if s != v.text {
					p.Exact = false
				}
				text = s
			}
		}
		vals, pos = append(vals, text), append(pos, p)
	}
	return vals, pos
}

// addXBake appends a service's x-bake cache values to its build, after
// the service's own, as bake merges them.
func addXBake(b *validate.Build, rf *rawFile, service string, show func(string) (string, bool)) {
	from, fromPos := rf.xbake(service, "cache-from", show)
	to, toPos := rf.xbake(service, "cache-to", show)
	b.CacheFrom, b.Source.CacheFrom = append(b.CacheFrom, from...), append(padSpans(b.Source.CacheFrom, len(b.CacheFrom)), fromPos...)
	b.CacheTo, b.Source.CacheTo = append(b.CacheTo, to...), append(padSpans(b.Source.CacheTo, len(b.CacheTo)), toPos...)
}

// padSpans makes spans as long as the n values it places (a missing span
// is placed at the build).
func padSpans(spans []diag.Span, n int) []diag.Span {
	for len(spans) < n {
		spans = append(spans, diag.Span{})
	}
	return spans
}
