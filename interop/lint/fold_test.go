package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// TestFoldRepeatsOnALine: a rule about several builds reported more than
// once on one line with messages that differ only in their counts (a bake
// target in two groups, values at two columns) is reported once, with the
// largest count; different findings on a line stay.
func TestFoldRepeatsOnALine(t *testing.T) {
	at := func(col int, rule, msg string) diag.Diagnostic {
		return diag.Diagnostic{Rule: rule, Severity: validate.SeverityInfo, Message: msg, Range: diag.At("f", diag.Pos{Line: 3, Col: col})}
	}
	quota := "GHAModeMaxQuota"
	tests := []struct {
		name string
		in   diag.Diagnostics
		want []string // "col message"
	}{
		{"two columns, two counts", diag.Diagnostics{at(16, quota, "2 builds export"), at(45, quota, "3 builds export")}, []string{"45 3 builds export"}},
		{"one column, two counts", diag.Diagnostics{at(16, quota, "3 builds export"), at(16, quota, "2 builds export")}, []string{"16 3 builds export"}},
		{"different messages stay", diag.Diagnostics{at(16, "SharedRegistryCacheRef", "registry cache a is also written"), at(45, "SharedRegistryCacheRef", "registry cache b is also written")},
			[]string{"16 registry cache a is also written", "45 registry cache b is also written"}},
		{"build rules are not folded", diag.Diagnostics{at(16, "LocalCacheInTmp", "2 x"), at(45, "LocalCacheInTmp", "3 x")}, []string{"16 2 x", "45 3 x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range sortDiagnostics(tt.in) {
				got = append(got, strings.TrimSpace(strings.Join([]string{itoa(d.Range.Start.Col), d.Message}, " ")))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// TestGHAModeMaxQuotaOncePerLine: in a bake file whose targets are in two
// groups of different sizes, with two mode=max values on one line, the
// line has one GHAModeMaxQuota, counting the larger group.
func TestGHAModeMaxQuotaOncePerLine(t *testing.T) {
	dir := t.TempDir()
	data := "group \"default\" {\n  targets = [\"a\", \"b\", \"c\"]\n}\ngroup \"pair\" {\n  targets = [\"a\", \"b\"]\n}\ntarget \"a\" {\n  cache-to = [\"type=gha,scope=a1,mode=max\", \"type=gha,scope=a2,mode=max\"]\n}\ntarget \"b\" {\n  cache-to = [\"type=gha,scope=b,mode=max\"]\n}\ntarget \"c\" {\n  cache-to = [\"type=gha,scope=c,mode=max\"]\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "docker-bake.hcl"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	lines := map[int][]string{}
	for _, d := range Paths([]string{dir}, Options{}).Diagnostics {
		if d.Rule == "GHAModeMaxQuota" {
			lines[d.Range.Start.Line] = append(lines[d.Range.Start.Line], d.Message)
		}
	}
	if len(lines[8]) != 1 || !strings.HasPrefix(lines[8][0], "3 builds") {
		t.Errorf("line 8: %q", lines[8])
	}
	for l, ms := range lines {
		if len(ms) != 1 {
			t.Errorf("line %d: %q", l, ms)
		}
	}
}
