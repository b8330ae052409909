package diag

import "testing"

// TestNames: the slog-style names and the deprecated ones are the same
// values.
func TestNames(t *testing.T) {
	if SeverityError != Error || SeverityWarning != Warning || SeverityInfo != Info ||
		DirectionImport != Import || DirectionExport != Export {
		t.Fatal("the deprecated names differ from the new ones")
	}
	if SeverityError.String() != "error" || DirectionImport.String() != "cache-from" || DirectionExport.String() != "cache-to" {
		t.Error("String")
	}
}
