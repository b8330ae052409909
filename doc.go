// Package buildxcache models Docker Buildx / BuildKit cache specifications —
// the values people write for --cache-from / --cache-to, bake cache-from /
// cache-to, compose cache_from / cache_to, buildctl --import-cache /
// --export-cache and docker/build-push-action's cache-from / cache-to — and
// rejects the ones BuildKit would accept while doing something else than
// meant.
//
// The packages, from the bottom up:
//
//   - [github.com/buildxcache/buildxcache/refs]: image references as BuildKit
//     reads a registry cache ref, with distribution/reference's exact grammar
//     and normalisation, without its cost.
//   - [github.com/buildxcache/buildxcache/diag]: the one diagnostic type of
//     every layer: rule, severity, message, the value concerned, the range in
//     a file, fixes made of text edits.
//   - [github.com/buildxcache/buildxcache/cachespec]: typed entries for every
//     backend (registry, local, inline, gha, s3, azblob); parsers that agree
//     with Buildx, a canonical printer, normalisation, JSON, flag binding and
//     command-line and build-push-action printers. Secrets never appear in
//     String, %v, logs or errors.
//   - [github.com/buildxcache/buildxcache/validate]: the rules, as values in
//     one registry, and Check / CheckAll, which turn raw values and what is
//     known of the build into diagnostics, placed in the file when the build
//     says where it is written.
//
// The nested module github.com/buildxcache/buildxcache/interop converts
// entries to and from BuildKit's and Buildx's own types and holds the
// differential tests against them, the readers of workflows, bake and
// compose files, the linter and the buildxcache command; it is where the heavy dependencies live,
// so that importing this module pulls in only distribution/reference.
//
// A complete example: read the values of repeated --cache-from and
// --cache-to flags, check them with what is known of the build, refuse the
// mistakes, and hand the entries on. (Bind the flags with cachespec.Values,
// whose Raw gives these slices, so that no flag error prints a value.)
//
//	fromRaw := []string{"type=gha,scope=app", "ghcr.io/acme/app:cache"}
//	toRaw := []string{"type=gha,scope=app,mode=max"}
//	ds := validate.Check(validate.Build{CacheFrom: fromRaw, CacheTo: toRaw})
//	for _, d := range ds {
//		fmt.Println(d) // redacted, with the rule name
//	}
//	if ds.HasErrors() {
//		os.Exit(1)
//	}
//	from, _ := cachespec.ParseList(fromRaw) // Check has parsed them already
//	to, _ := cachespec.ParseList(toRaw)
//	args := append(cachespec.BuildxArgs(cachespec.DirectionImport, from),
//		cachespec.BuildxArgs(cachespec.DirectionExport, to)...)
//	fmt.Println(args)
//	// [--cache-from=type=gha,scope=app --cache-from=type=registry,ref=ghcr.io/acme/app:cache --cache-to=type=gha,scope=app,mode=max]
package buildxcache
