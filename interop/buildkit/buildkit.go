// Package buildkit converts cache entries to and from the types of
// BuildKit's Go client (github.com/moby/buildkit/client), so that a tool
// can parse and check cache flags with cachespec and hand them to
// client.SolveOpt.CacheExports / CacheImports.
package buildkit

import (
	"encoding/json"
	"slices"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/moby/buildkit/client"
)

// CacheOptionsEntry returns e as BuildKit's client type: the backend's name
// and exactly the attributes Buildx would send (Entry.Attrs), before any
// environment is applied.
func CacheOptionsEntry(e cachespec.Entry) client.CacheOptionsEntry {
	return client.CacheOptionsEntry{Type: e.Type().String(), Attrs: e.Attrs()}
}

// CacheOptions converts a list of entries.
func CacheOptions(entries []cachespec.Entry) []client.CacheOptionsEntry {
	out := make([]client.CacheOptionsEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, CacheOptionsEntry(e))
	}
	return out
}

// FromCacheOptionsEntry reads a BuildKit client entry into a typed entry,
// with the rules of cachespec.ParseJSON: the type must be known, keys
// lower-case, values valid for their attribute.
func FromCacheOptionsEntry(o client.CacheOptionsEntry) (cachespec.Entry, error) {
	return cachespec.ParseJSON(objectJSON(o.Type, o.Attrs))
}

// objectJSON writes {"type": t, attrs...} with the attributes in sorted
// order, so that conversions are deterministic.
func objectJSON(t string, attrs map[string]string) []byte {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		if k != "type" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	b := []byte(`{"type":`)
	q, _ := json.Marshal(t)
	b = append(b, q...)
	for _, k := range keys {
		kq, _ := json.Marshal(k)
		vq, _ := json.Marshal(attrs[k])
		b = append(b, ',')
		b = append(b, kq...)
		b = append(b, ':')
		b = append(b, vq...)
	}
	return append(b, '}')
}
