module github.com/buildxcache/buildxcache

go 1.24

require (
	github.com/distribution/reference v0.6.0
	pgregory.net/rapid v1.3.0
)

require github.com/opencontainers/go-digest v1.0.0
