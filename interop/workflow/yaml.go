package workflow

import "github.com/buildxcache/buildxcache/interop/internal/yamlx"

// Short names for the YAML helpers this package uses everywhere.
var (
	resolve      = yamlx.Resolve
	pairs        = yamlx.Pairs
	get          = yamlx.Get
	scalar       = yamlx.Scalar
	str          = yamlx.Str
	items        = yamlx.Items
	boolValue    = yamlx.Bool
	newScalarMap = yamlx.NewScalarMap
)

type pair = yamlx.Pair
