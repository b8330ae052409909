// Package compat holds the differential tests and side-by-side benchmarks
// that hold buildxcache to the real parsers: Buildx's util/buildflags
// (ParseCacheEntry, String, JSON, cty) and buildctl's cmd/buildctl/build
// (ParseExportCache, ParseImportCache). See DIVERGENCES.md in the interop
// module for every place buildxcache deliberately refuses what they accept.
package compat
