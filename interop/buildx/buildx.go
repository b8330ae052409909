// Package buildx converts cache entries to and from the types of Buildx's
// flag package (github.com/docker/buildx/util/buildflags), for tools built
// on Buildx's own code, such as bake file generators.
package buildx

import (
	"errors"
	"fmt"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/docker/buildx/util/buildflags"
	"github.com/zclconf/go-cty/cty"
)

// The conversions have the same names here and in package
// interop/buildkit: ToCacheOptionsEntry, ToCacheOptions,
// FromCacheOptionsEntry and FromCacheOptions.

// ToCacheOptionsEntry returns e as Buildx's entry: the same Type and Attrs
// Buildx's own parser gives for Format(e). It REVEALS SECRETS (Attrs) and
// does not check e: for an entry built in Go, call cachespec.Validate (or
// cachespec.ValidateAll) first.
func ToCacheOptionsEntry(e cachespec.Entry) *buildflags.CacheOptionsEntry {
	return &buildflags.CacheOptionsEntry{Type: e.Type().String(), Attrs: e.Attrs()}
}

// ToCacheOptions converts a list of entries.
func ToCacheOptions(entries []cachespec.Entry) buildflags.CacheOptions {
	out := make(buildflags.CacheOptions, 0, len(entries))
	for _, e := range entries {
		out = append(out, ToCacheOptionsEntry(e))
	}
	return out
}

// ToBuildflags is ToCacheOptionsEntry.
//
// Deprecated: use ToCacheOptionsEntry, the name package interop/buildkit
// uses too.
func ToBuildflags(e cachespec.Entry) *buildflags.CacheOptionsEntry { return ToCacheOptionsEntry(e) }

// FromBuildflags is FromCacheOptionsEntry.
//
// Deprecated: use FromCacheOptionsEntry, the name package
// interop/buildkit uses too.
func FromBuildflags(o *buildflags.CacheOptionsEntry) (cachespec.Entry, error) {
	return FromCacheOptionsEntry(o)
}

// FromCacheOptionsEntry reads a Buildx entry into a typed entry, refusing
// what cachespec refuses (unknown types, invalid values, upper-case keys).
func FromCacheOptionsEntry(o *buildflags.CacheOptionsEntry) (cachespec.Entry, error) {
	if o == nil {
		return nil, errors.New("buildx: nil cache entry")
	}
	b, err := o.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return cachespec.ParseJSON(b)
}

// FromCacheOptions converts a list; an error names the entry's index.
func FromCacheOptions(opts buildflags.CacheOptions) ([]cachespec.Entry, error) {
	out := make([]cachespec.Entry, 0, len(opts))
	for i, o := range opts {
		e, err := FromCacheOptionsEntry(o)
		if err != nil {
			return nil, fmt.Errorf("buildx: cache entry %d: %w", i, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// ToCtyValue returns entries as the cty value bake holds for a cache-from
// or cache-to attribute (a list of objects), for tools that evaluate or
// write bake definitions with Buildx's HCL machinery. Like
// ToCacheOptions, it REVEALS SECRETS and does not check the entries: call
// cachespec.ValidateAll first for entries built in Go.
func ToCtyValue(entries []cachespec.Entry) cty.Value {
	return ToCacheOptions(entries).ToCtyValue()
}

// FromCtyValue reads a bake cache attribute's cty value (a list of strings
// in CSV form or of objects, as bake accepts) into typed entries.
func FromCtyValue(v cty.Value) ([]cachespec.Entry, error) {
	var opts buildflags.CacheOptions
	if err := opts.FromCtyValue(v, nil); err != nil {
		return nil, fmt.Errorf("buildx: %w", err)
	}
	return FromCacheOptions(opts)
}
