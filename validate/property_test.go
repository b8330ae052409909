package validate

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
)

// genValidValue draws a well-formed, complete cache value for one
// direction: every required attribute present, every value valid, no
// keyword or template, names free of credentials.
func genValidValue(dir cachespec.Direction) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		name := rapid.StringMatching(`[a-z][a-z0-9]{0,12}`).Draw(t, "name")
		var f []string
		types := []string{"registry", "local", "gha", "s3", "azblob"}
		switch rapid.SampledFrom(types).Draw(t, "type") {
		case "registry":
			f = []string{"type=registry", "ref=ghcr.io/org/" + name + ":buildcache"}
			if dir == cachespec.DirectionExport {
				f = append(f, "image-manifest=true", "oci-mediatypes=true")
			}
		case "local":
			if dir == cachespec.DirectionExport {
				f = []string{"type=local", "dest=/tmp/cache/" + name}
			} else {
				f = []string{"type=local", "src=/tmp/cache/" + name}
			}
		case "gha":
			f = []string{"type=gha", "scope=" + name}
		case "s3":
			f = []string{"type=s3", "region=eu-west-1", "bucket=cache", "name=" + name}
		case "azblob":
			f = []string{"type=azblob", "account_url=https://acct.blob.core.windows.net", "name=" + name}
		}
		if dir == cachespec.DirectionExport {
			f = append(f, "mode="+rapid.SampledFrom([]string{"min", "max"}).Draw(t, "mode"), "ignore-error=true")
			if rapid.Bool().Draw(t, "compression") {
				f = append(f, "compression="+rapid.SampledFrom([]string{"gzip", "zstd", "estargz"}).Draw(t, "alg"))
			}
		}
		return strings.Join(f, ",")
	})
}

// formatted parses a generated value and prints it with cachespec.Format.
func formatted(t *rapid.T, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		e, err := cachespec.Parse(v)
		if err != nil {
			t.Fatalf("generated value %q: %v", v, err)
		}
		out[i] = cachespec.Format(e)
	}
	return out
}

// TestValidValuesHaveNoErrors: a well-formed build of valid, distinct
// entries printed by cachespec.Format, with no context, gets no
// error-severity diagnostic. An error with no context would be a false
// positive on every such build.
func TestValidValuesHaveNoErrors(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from := formatted(t, rapid.SliceOfNDistinct(genValidValue(cachespec.DirectionImport), 0, 3, rapid.ID).Draw(t, "from"))
		to := formatted(t, rapid.SliceOfNDistinct(genValidValue(cachespec.DirectionExport), 0, 3, rapid.ID).Draw(t, "to"))
		b := Build{CacheFrom: from, CacheTo: to, Tags: []string{"ghcr.io/org/image:latest"}}
		for _, d := range Check(b) {
			if d.Severity == SeverityError {
				t.Fatalf("valid build %q / %q: %s", from, to, d)
			}
		}
	})
}

// TestCheckReportsEveryValue: diagnostics never point outside the values
// they are about, whatever the input.
func TestDiagnosticsPointInsideValues(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pool := []string{"type=gha, mode=max", "inline", "type=local,src=/a,type=local,src=/b", "type=gha,mode=maxx,scope=x",
			"type=registry,ref=Org/App:c", "type=s3,bucket=b", "type=inline,mode=max", "ghcr.io/a/b:c,ghcr.io/a/d:e", "type=gha,scope=${{ github.ref_name }}"}
		from := rapid.SliceOfN(rapid.SampledFrom(pool), 0, 4).Draw(t, "from")
		to := rapid.SliceOfN(rapid.SampledFrom(pool), 0, 4).Draw(t, "to")
		b := Build{CacheFrom: from, CacheTo: to, Tags: []string{"ghcr.io/a/b:c"}, Push: ptr(true)}
		for _, d := range Check(b) {
			var vals []string
			switch d.Direction {
			case cachespec.DirectionImport:
				vals = from
			case cachespec.DirectionExport:
				vals = to
			default:
				continue
			}
			if d.Index < 0 || d.Index >= len(vals) {
				t.Fatalf("%s: index %d outside %d values", d, d.Index, len(vals))
			}
			if d.Offset < 0 || d.Offset+d.Len > len(vals[d.Index]) {
				t.Fatalf("%s: span %d+%d outside %q", d, d.Offset, d.Len, vals[d.Index])
			}
			if len(d.Fix().Edits) > 0 {
				if _, ok := d.Fix().Apply(vals[d.Index]); !ok {
					t.Fatalf("%s: replacement fix does not apply to %q", d, vals[d.Index])
				}
			}
		}
	})
}
