package validate

import (
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
)

// TestNames: the slog-style names and the deprecated ones are the same
// values across packages.
func TestNames(t *testing.T) {
	sev := []Severity{SeverityError, Error, diag.SeverityError, SeverityWarning, Warning, SeverityInfo, Info}
	if sev[0] != sev[1] || sev[0] != sev[2] || sev[3] != sev[4] || sev[5] != sev[6] {
		t.Fatal("severity names differ")
	}
	dir := []cachespec.Direction{cachespec.DirectionImport, cachespec.Import, diag.DirectionImport, cachespec.DirectionExport, cachespec.Export}
	if dir[0] != dir[1] || dir[0] != dir[2] || dir[3] != dir[4] {
		t.Fatal("direction names differ")
	}
}
