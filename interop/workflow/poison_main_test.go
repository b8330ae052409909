package workflow

import (
	"os"
	"testing"

	"github.com/buildxcache/buildxcache/interop/internal/yamlfast"
)

// TestMain runs the package's tests with the readers' YAML arenas
// poisoned after every read: a node kept past its file's reading would
// read garbage, and the tests would see it.
func TestMain(m *testing.M) {
	yamlfast.PoisonArenas = true
	os.Exit(m.Run())
}
