// Package buildkit converts cache entries to and from the types of
// BuildKit's Go client (github.com/moby/buildkit/client), so that a tool
// can parse and check cache flags with cachespec and hand them to
// client.SolveOpt.CacheExports / CacheImports.
package buildkit

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/moby/buildkit/client"
)

// The conversions have the same names here and in package interop/buildx:
// ToCacheOptionsEntry, ToCacheOptions, FromCacheOptionsEntry and
// FromCacheOptions.

// ToCacheOptionsEntry returns e as BuildKit's client type: the backend's
// name and exactly the attributes Buildx would send (Entry.Attrs), before
// any environment is applied. For client.SolveOpt, use [CreateCaches],
// which applies the environment as Buildx does: a gha entry converted
// here has no token or url unless it was written with them. It REVEALS
// SECRETS (the attributes are for BuildKit's client) and does not check e:
// for an entry built in Go, call cachespec.Validate first, or use
// CreateCaches, which drops an entry Validate refuses.
func ToCacheOptionsEntry(e cachespec.Entry) client.CacheOptionsEntry {
	return client.CacheOptionsEntry{Type: e.Type().String(), Attrs: e.Attrs()}
}

// ToCacheOptions converts a list of entries with [ToCacheOptionsEntry];
// for client.SolveOpt, use [CreateCaches].
func ToCacheOptions(entries []cachespec.Entry) []client.CacheOptionsEntry {
	out := make([]client.CacheOptionsEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, ToCacheOptionsEntry(e))
	}
	return out
}

// CacheOptionsEntry is ToCacheOptionsEntry.
//
// Deprecated: use ToCacheOptionsEntry, or CreateCaches for a SolveOpt.
func CacheOptionsEntry(e cachespec.Entry) client.CacheOptionsEntry { return ToCacheOptionsEntry(e) }

// CacheOptions is ToCacheOptions.
//
// Deprecated: use ToCacheOptions, or CreateCaches for a SolveOpt.
func CacheOptions(entries []cachespec.Entry) []client.CacheOptionsEntry {
	return ToCacheOptions(entries)
}

// FromCacheOptions converts a list with [FromCacheOptionsEntry]; an error
// names the entry's index.
func FromCacheOptions(opts []client.CacheOptionsEntry) ([]cachespec.Entry, error) {
	out := make([]cachespec.Entry, 0, len(opts))
	for i, o := range opts {
		e, err := FromCacheOptionsEntry(o)
		if err != nil {
			return nil, fmt.Errorf("buildkit: cache entry %d: %w", i, err)
		}
		out = append(out, e)
	}
	return out, nil
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
