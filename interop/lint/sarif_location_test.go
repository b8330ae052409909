package lint

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/validate"
)

// sarifOut is the part of a SARIF log the location tests read back.
type sarifOut struct {
	Runs []struct {
		ColumnKind         string `json:"columnKind"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []struct {
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region sarifRegion `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			Fixes []struct {
				ArtifactChanges []struct {
					Replacements []struct {
						DeletedRegion sarifRegion `json:"deletedRegion"`
					} `json:"replacements"`
				} `json:"artifactChanges"`
			} `json:"fixes"`
		} `json:"results"`
	} `json:"runs"`
}

func readSARIF(t *testing.T, out []byte) sarifOut {
	t.Helper()
	var s sarifOut
	if err := json.Unmarshal(out, &s); err != nil || len(s.Runs) != 1 {
		t.Fatalf("SARIF: %v\n%s", err, out)
	}
	return s
}

// Item 7: every artifact location is a relative URI reference that reads
// back, with net/url, as the file's path under the base, whatever the
// name holds; the base is given as originalUriBaseIds.
func TestSARIFURIsAreRelativeReferences(t *testing.T) {
	base := t.TempDir()
	names := []string{
		"main.go#/x.yml", "q?x=1.yml", "100%.yml", "with space.yml", "日本/ワーク.yml", "..cache/w.yml",
		"C:x.yml", "C:/w.yml", ":x.yml", "a;b,c=d&e+f@g!.yml", "%2F.yml", ".github/workflows/ci.yml", "a'b\"c<d>e`f{g}h|i^j.yml",
	}
	var ds diag.Diagnostics
	for _, n := range names {
		ds = append(ds, validate.FileSyntaxError.At(diag.At(filepath.Join(base, filepath.FromSlash(n)), diag.Pos{Line: 1, Col: 1}), "m"))
	}
	s := readSARIF(t, write(t, "sarif", base, Result{Files: len(names), Diagnostics: ds}))
	run := s.Runs[0]
	root, ok := run.OriginalURIBaseIDs[sarifSrcRoot]
	if !ok {
		t.Fatalf("no %s in originalUriBaseIds: %+v", sarifSrcRoot, run.OriginalURIBaseIDs)
	}
	rootURI, err := url.Parse(root.URI)
	if err != nil || rootURI.Scheme != "file" || !strings.HasSuffix(rootURI.Path, "/") || rootURI.Path != filepath.ToSlash(base)+"/" {
		t.Fatalf("base URI %q: %+v %v", root.URI, rootURI, err)
	}
	for i, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation.ArtifactLocation
		u, err := url.Parse(loc.URI)
		if err != nil {
			t.Fatalf("%q: %v", loc.URI, err)
		}
		if u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.Fragment != "" || u.RawQuery != "" || u.ForceQuery || strings.HasPrefix(u.Path, "/") {
			t.Errorf("%q: uri %q is not a relative path reference: %#v", names[i], loc.URI, u)
		}
		if u.Path != names[i] {
			t.Errorf("%q: uri %q reads as the path %q", names[i], loc.URI, u.Path)
		}
		if loc.URIBaseID != sarifSrcRoot {
			t.Errorf("%q: uriBaseId %q", names[i], loc.URIBaseID)
		}
		if abs := rootURI.ResolveReference(u); abs.Path != filepath.ToSlash(filepath.Join(base, names[i])) {
			t.Errorf("%q: resolved against the base: %q", names[i], abs.Path)
		}
	}
}

// A file outside the base is an absolute file: URI, without uriBaseId; a
// relative path with no base stays relative.
func TestSARIFURIOutsideBase(t *testing.T) {
	base := t.TempDir()
	other := filepath.Join(filepath.Dir(base), "other dir", "w#1.yml")
	ds := diag.Diagnostics{
		validate.FileSyntaxError.At(diag.At(other, diag.Pos{Line: 1, Col: 1}), "m"),
	}
	s := readSARIF(t, write(t, "sarif", base, Result{Diagnostics: ds}))
	loc := s.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	u, err := url.Parse(loc.URI)
	if err != nil || u.Scheme != "file" || u.Path != filepath.ToSlash(other) || u.Fragment != "" || loc.URIBaseID != "" {
		t.Errorf("uri %q (%+v, %v), base id %q", loc.URI, u, err, loc.URIBaseID)
	}
	ds = diag.Diagnostics{validate.FileSyntaxError.At(diag.At("..cache/w.yml", diag.Pos{Line: 1, Col: 1}), "m")}
	s = readSARIF(t, write(t, "sarif", "", Result{Diagnostics: ds}))
	loc = s.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if loc.URI != "..cache/w.yml" || loc.URIBaseID != sarifSrcRoot || s.Runs[0].OriginalURIBaseIDs != nil {
		t.Errorf("no base: %+v, %+v", loc, s.Runs[0].OriginalURIBaseIDs)
	}
	// relURI, which the other formats use, keeps a directory named
	// "..cache" under the base
	if got := relURI(base, filepath.Join(base, "..cache", "w.yml")); got != "..cache/w.yml" {
		t.Errorf("relURI: %q", got)
	}
}

// columnKind is utf16CodeUnits and the columns of a finding on a line with
// non-ASCII text (two-byte, three-byte and four-byte UTF-8, a surrogate
// pair in UTF-16) are counted in UTF-16 code units, its fix's region too.
func TestSARIFColumnsUTF16(t *testing.T) {
	const line = "          cache-from: \"type=gha,scope=é日😀x,mode=maxx\" # ünï"
	wf := "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n" + line + "\n"
	dir := writeRepo(t, map[string]string{".github/workflows/w.yml": wf})
	r := Paths([]string{dir}, Options{})
	var d diag.Diagnostic
	for _, x := range r.Diagnostics {
		if x.Rule == "InvalidAttributeValue" || strings.Contains(x.Message, "maxx") {
			d = x
		}
	}
	if d.Rule == "" {
		t.Fatalf("no finding on mode=maxx: %v", r.Diagnostics)
	}
	byteCol := strings.Index(line, "maxx") + 1
	if d.Range.Start.Col != byteCol {
		t.Fatalf("the finding is at byte column %d, want %d (%v)", d.Range.Start.Col, byteCol, d)
	}
	want := len(utf16.Encode([]rune(line[:byteCol-1]))) + 1
	s := readSARIF(t, write(t, "sarif", dir, r))
	if s.Runs[0].ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind %q", s.Runs[0].ColumnKind)
	}
	var got *sarifRegion
	for i, res := range s.Runs[0].Results {
		if reg := res.Locations[0].PhysicalLocation.Region; reg.StartLine == 8 && r.Diagnostics[i].Rule == d.Rule {
			got = &reg
			for _, f := range res.Fixes {
				for _, rep := range f.ArtifactChanges[0].Replacements {
					if rep.DeletedRegion.StartColumn != want {
						t.Errorf("fix region starts at %d, want %d", rep.DeletedRegion.StartColumn, want)
					}
				}
			}
		}
	}
	if got == nil || got.StartColumn != want || got.EndColumn != want+4 {
		t.Errorf("region %+v, want start %d end %d (byte column %d)", got, want, want+4, byteCol)
	}
	if want == byteCol {
		t.Fatal("the test line is ASCII up to the finding")
	}
}

func TestUTF16Col(t *testing.T) {
	l := lineTexts{"f": {1: "aé😀b\n"}}
	for _, tt := range []struct{ col, want int }{{0, 0}, {1, 1}, {2, 2}, {4, 3}, {8, 5}, {9, 6}, {10, 7}, {12, 9}} {
		if got := l.utf16Col("f", 1, tt.col); got != tt.want {
			t.Errorf("utf16Col(%d) = %d, want %d", tt.col, got, tt.want)
		}
	}
	if got := l.utf16Col("f", 2, 7); got != 7 {
		t.Errorf("an ASCII line: %d", got)
	}
}
