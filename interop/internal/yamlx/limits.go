package yamlx

// MaxAliasDepth is the longest chain of aliases, and the deepest nesting
// of merge keys, the readers follow: 32. Each merge is resolved once per
// node (memoised), so the work of a document's merges is linear in its
// size, however its aliases repeat one another.
const MaxAliasDepth = maxAliasDepth
