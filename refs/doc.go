// Package refs reads image references as BuildKit reads a registry cache
// ref: with the grammar and normalisation of
// github.com/distribution/reference (ParseNormalizedNamed), and BuildKit's
// TagNameOnly for the fully qualified form.
//
//	as written                          Qualified
//	app                                 docker.io/library/app:latest
//	user/app:cache                      docker.io/user/app:cache
//	ghcr.io/acme/app                    ghcr.io/acme/app:latest
//	localhost:5000/a@sha256:<hex>       localhost:5000/a@sha256:<hex>
//
// Repository names are lower-case; a first component that holds a "." or a
// ":", or is "localhost", or has upper-case letters, is a registry host.
// A 64-character hexadecimal string is an image ID and is refused.
package refs
