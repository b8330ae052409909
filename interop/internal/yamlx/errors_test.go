package yamlx

import (
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestErrorPos: the messages compose-go v2.16.1 (directly, and through
// Buildx v0.38.2's bake loader) and go.yaml.in/yaml/v3 give for the files
// the readers report, and where each is placed.
func TestErrorPos(t *testing.T) {
	tests := []struct {
		name, doc, msg string
		line, col      int
		path           string
		keys           []string
	}{
		{"unknown build key (compose)", "services:\n  a:\n    build:\n      context: .\n      cache-from: [type=gha]\n",
			"validating compose.yaml: services.a.build additional properties 'cache-from' not allowed", 5, 7, "services.a.build", []string{"cache-from"}},
		{"unknown build key (bake)", "services:\n  a:\n    build:\n      context: .\n      cache-from: [type=gha]\n",
			"services.a.build additional properties 'cache-from' not allowed", 5, 7, "services.a.build", []string{"cache-from"}},
		{"two unknown keys", "services:\n  a:\n    build:\n      context: .\n      cache-from: [x]\n      cache-to: [x]\n",
			"validating compose.yaml: services.a.build additional properties 'cache-from', 'cache-to' not allowed", 5, 7, "services.a.build", []string{"cache-from", "cache-to"}},
		{"two unknown keys, bake's order", "services:\n  a:\n    build:\n      context: .\n      cache-from: [x]\n      cache-to: [x]\n",
			"services.a.build additional properties 'cache-to', 'cache-from' not allowed", 6, 7, "services.a.build", []string{"cache-to", "cache-from"}},
		{"a service name with a dot", "services:\n  a.b:\n    build:\n      cache-from: [x]\n",
			"validating compose.yaml: services.a.b.build additional properties 'cache-from' not allowed", 4, 7, "services.a.b.build", []string{"cache-from"}},
		{"a string for a list", "services:\n  a:\n    build:\n      context: .\n      cache_from: type=gha\n",
			"validating compose.yaml: services.a.build.cache_from must be a array", 5, 7, "", nil},
		{"a scalar for a mapping", "services:\n  a:\n    build:\n      args: 3\n",
			"services.a.build.args must be a mapping", 4, 7, "", nil},
		{"a key under the service", "services:\n  a:\n    build: .\n    cache_to: [type=gha]\n",
			"validating compose.yaml: services.a.cache_to false schema", 4, 5, "", nil},
		{"a key the document does not have", "services:\n  b: {}\n",
			"services.a.build additional properties 'cache-from' not allowed", 0, 0, "services.a.build", []string{"cache-from"}},
		{"yaml: a line", "services:\n  a: [\n",
			"yaml: line 2: did not find expected node content", 2, 0, "", nil},
		{"compose's yaml: a line", "services:\n  a: [\n",
			"failed to parse compose.yaml: yaml: while parsing a flow node at line 2: did not find expected node content", 2, 0, "", nil},
		{"compose's yaml: a line and a column", "services:\n  a:\n    build: *nope\n",
			"failed to parse compose.yaml: yaml: line 3, column 13: unknown anchor 'nope' referenced", 3, 13, "", nil},
		{"a merge of a scalar", "services:\n  a:\n    build:\n      <<: x\n",
			"failed to parse compose.yaml: yaml: construct errors:\n  line 1: yaml: map merge requires map or sequence of maps as the value", 1, 0, "", nil},
		{"no place", "- a\n", "top-level object must be a mapping", 0, 0, "", nil},
		{"empty", "", "empty compose file", 0, 0, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// a document YAML refuses is located by the message alone
			doc := &yaml.Node{}
			if yaml.Unmarshal([]byte(tt.doc), doc) != nil {
				doc = nil
			}
			if line, col := ErrorPos(doc, tt.msg); line != tt.line || col != tt.col {
				t.Errorf("ErrorPos = %d:%d, want %d:%d", line, col, tt.line, tt.col)
			}
			if path, keys := UnknownKeys(tt.msg); path != tt.path || !slices.Equal(keys, tt.keys) {
				t.Errorf("UnknownKeys = %q %q, want %q %q", path, keys, tt.path, tt.keys)
			}
		})
	}
	if line, col := ErrorPos(nil, "yaml: line 4: x"); line != 4 || col != 0 {
		t.Errorf("ErrorPos without a document = %d:%d", line, col)
	}
	if n := ErrorKey(nil, "services.a.build.cache_from must be a array"); n != nil {
		t.Errorf("ErrorKey without a document = %+v", n)
	}
}
