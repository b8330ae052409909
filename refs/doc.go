// Package refs reads image references as BuildKit reads a registry cache
// ref: exactly what github.com/distribution/reference's ParseNormalizedNamed
// accepts, normalised the same way, plus BuildKit's TagNameOnly for the
// fully qualified form. It is a hand-written scanner: Parse does not
// allocate, and is about 25 times faster than ParseNormalizedNamed (see
// docs/PERFORMANCE.md). A differential test and a fuzz target hold it to
// distribution/reference's answers.
//
// # Grammar
//
// The grammar is distribution/reference's:
//
//	reference        := name [ ":" tag ] [ "@" digest ]
//	name             := [ domain "/" ] path
//	domain           := host [ ":" port ]
//	host             := label *( "." label ) | "[" ipv6 "]"   ; label: [a-zA-Z0-9-], no '-' at either end
//	path             := component *( "/" component )            ; at most 255 bytes
//	component        := alnum *( separator alnum )
//	alnum            := [a-z0-9]+
//	separator        := "." | "_" | "__" | "-"+
//	tag              := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
//	digest           := algorithm ":" hex                       ; sha256, sha384, sha512
//
// The first component is the domain when it is "localhost", or contains a
// "." or a ":", or has upper-case letters; otherwise the domain is
// docker.io. A one-component name on docker.io gets "library/". The
// repository path must be lower-case; a 64-character hexadecimal string is
// an image ID and is refused.
//
// # Normalisation
//
//	as written                          Qualified
//	app                                 docker.io/library/app:latest
//	app:v1                              docker.io/library/app:v1
//	user/app:cache                      docker.io/user/app:cache
//	index.docker.io/user/app            docker.io/user/app:latest
//	ghcr.io/acme/app                    ghcr.io/acme/app:latest
//	localhost:5000/a@sha256:<hex>       localhost:5000/a@sha256:<hex>   (no tag is added to a digest)
//
// [Ref.String] returns the reference as written; [Ref.Qualified], [Ref.Name],
// [Ref.Domain], [Ref.Path], [Ref.Tag], [Ref.Digest] and [Ref.Familiar] give
// its parts; [Ref.Named] converts it to reference.Named.
//
// # Errors
//
// Parse returns a *[Error] with the byte offset of the problem and one of
// the Err* sentinels, which are distribution/reference's own where it has
// one, so errors.Is works with either package's names.
//
// The zero Ref is no reference: IsZero reports it, and it marshals as empty
// text.
package refs
