package validate

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
)

// TestCheckTypedEntries: typed entries are checked like raw values, after
// them, with Validate's refusals as diagnostics.
func TestCheckTypedEntries(t *testing.T) {
	t.Parallel()
	ds := Check(Build{
		CacheFrom:        []string{"type=gha,scope=a"},
		CacheFromEntries: []cachespec.Entry{&cachespec.GHA{Scope: cachespec.Some("b"), ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.ModeMax)}}},
		CacheToEntries: []cachespec.Entry{
			&cachespec.GHA{Scope: cachespec.Some("a"), ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.Mode("maxx"))}},
			&cachespec.S3{Region: cachespec.Some("r"), Bucket: cachespec.Some("b"), UploadParallelism: cachespec.Some(0)},
		},
	})
	want := map[string]string{
		"WrongDirectionAttribute cache-from 1": "mode",
		"InvalidCacheMode cache-to 0":          "mode",
		"InvalidTypedValue cache-to 1":         "upload_parallelism",
	}
	for _, d := range ds {
		k := fmt.Sprintf("%s %s %d", d.Rule, d.Direction, d.Index)
		if attr, ok := want[k]; ok && attr == d.Attr {
			delete(want, k)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing %v in %v", want, ds)
	}
}

// TestValuesThenCheck: flags bound with cachespec.Values give validate the
// values as typed, so one Check reports every mistake at its position in
// what the user wrote, secrets redacted.
func TestValuesThenCheck(t *testing.T) {
	t.Parallel()
	var from, to cachespec.Values
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(&from, "cache-from", "")
	fs.Var(&to, "cache-to", "")
	raw0 := "type=gha,tokne=SECRET123, mode=max"
	raw1 := "type=gha,scope=a,mode=maxx"
	if err := fs.Parse([]string{"--cache-from=type=gha,scope=a", "--cache-to=" + raw0, "--cache-to=" + raw1}); err != nil {
		t.Fatal(err)
	}
	ds := Check(Build{CacheFrom: from.Raw(), CacheTo: to.Raw()})
	found := map[string]int{}
	for _, d := range ds {
		if strings.Contains(d.String(), "SECRET123") || strings.Contains(d.Fix().Fixed, "SECRET123") {
			t.Errorf("diagnostic leaks: %v", d)
		}
		found[d.Rule] = d.Offset
	}
	if off, ok := found["WhitespaceAroundCacheKey"]; !ok || off != strings.Index(raw0, " mode") {
		t.Errorf("WhitespaceAroundCacheKey at %d, want %d (%v)", off, strings.Index(raw0, " mode"), ds)
	}
	if off, ok := found["InvalidCacheMode"]; !ok || off != strings.Index(raw1, "maxx") {
		t.Errorf("InvalidCacheMode at %d, want %d (%v)", off, strings.Index(raw1, "maxx"), ds)
	}
}

// TestMisspeltSecretKeyDiagnostics: validate suggests the secret attribute
// for a near miss and never quotes its value.
func TestMisspeltSecretKeyDiagnostics(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"tokne", "tokn", "toekn", "ghtokne", "sesion_tokn", "pass", "pwd", "sas", "connection_string"} {
		raw := "type=gha," + k + "=SECRET123"
		for _, b := range []Build{{CacheTo: []string{raw}}, {CacheTo: []string{raw + ",mode=maxx"}}, {CacheTo: []string{raw + ", mode=max"}}, {CacheToEntries: []cachespec.Entry{cachespec.MustParse(raw)}}} {
			ds := Check(b)
			for _, d := range ds {
				if strings.Contains(fmt.Sprintf("%v %+v", d, d), "SECRET123") {
					t.Errorf("%s: diagnostic leaks: %+v", k, d)
				}
			}
			if err := ds.Err(); err != nil && strings.Contains(err.Error(), "SECRET123") {
				t.Errorf("%s: Err leaks", k)
			}
		}
	}
}

// TestJSONValueOffsets: a refusal of a JSON object value is placed at the
// key's value in what was written, leading white space included.
func TestJSONValueOffsets(t *testing.T) {
	t.Parallel()
	raw := `  {"type":"s3","secret_access_key":"SECRET123","mode":"maxx"}`
	ds := Check(Build{CacheTo: []string{raw}})
	if len(ds) == 0 || ds[0].Rule != "InvalidCacheMode" || ds[0].Offset != strings.Index(raw, `"maxx"`) {
		t.Fatalf("diagnostics %v, want InvalidCacheMode at %d", ds, strings.Index(raw, `"maxx"`))
	}
	if strings.Contains(fmt.Sprintf("%+v", ds), "SECRET123") {
		t.Errorf("leak: %+v", ds)
	}
}
