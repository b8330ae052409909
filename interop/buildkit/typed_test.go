package buildkit_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildkit"
)

// TestCreateCachesDropsInvalidEntries: an entry built in Go with a value
// Parse refuses never reaches BuildKit; CreateCaches drops it with
// cachespec.Validate's refusal, redacted, and keeps the others.
func TestCreateCachesDropsInvalidEntries(t *testing.T) {
	entries := []cachespec.Entry{
		&cachespec.Local{Dest: cachespec.Some("/tmp/c")},
		&cachespec.S3{Region: cachespec.Some("r"), Bucket: cachespec.Some("b"), SecretAccessKey: cachespec.NewSecret("SECRET123"), AccessKeyID: cachespec.NewSecret("AKID"), UploadParallelism: cachespec.Some(0)},
		&cachespec.GHA{Token: cachespec.NewSecret("t"), URL: cachespec.Some("https://cache.example"), ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.Mode("maxx"))}},
	}
	out, dropped := buildkit.CreateCaches(context.Background(), entries, buildkit.Environment{})
	if len(out) != 1 || out[0].Type != "local" {
		t.Errorf("kept %v, want the local entry only", out)
	}
	if len(dropped) != 2 || dropped[0].Index != 1 || dropped[1].Index != 2 {
		t.Fatalf("dropped %+v, want entries 1 and 2", dropped)
	}
	for i, key := range []string{"upload_parallelism", "mode"} {
		d := dropped[i]
		var pe *cachespec.ParseError
		if !errors.As(d.Err, &pe) || pe.Key != key || !strings.Contains(d.Reason, key) || strings.Contains(d.Reason, "SECRET123") {
			t.Errorf("dropped %d: %+v, want Validate's refusal of %s, redacted", d.Index, d, key)
		}
	}
}
