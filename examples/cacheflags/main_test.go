package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	tests := []struct {
		args       []string
		code       int
		out, diags string
	}{
		{[]string{"--cache-from", "type=gha,scope=app", "--cache-to", "type=gha,scope=app,mode=max,ignore-error=true", "-t", "ghcr.io/acme/app:1", "--push"}, 0,
			"import gha type=gha,scope=app\nexport gha type=gha,scope=app,mode=max,ignore-error=true\n", ""},
		{[]string{"--cache-to", "inline"}, 1, "", `write "type=inline"`},
		{[]string{"--cache-to", "type=s3,region=r,bucket=b,secret_access_key=SECRET123,mode=maxx", "--cache-to", "type=gha, mode=max"}, 1, "", "[InvalidCacheMode]"},
		{[]string{"--cache-to", "type=gha,tokne=SECRET123,", "--cache-from", "type=gha,scope=\x00"}, 1, "", "[InvalidCacheText]"},
		{[]string{"--cache-to", "type=registry,ref=ghcr.io/acme/app:1", "-t", "ghcr.io/acme/app:1", "--push"}, 1, "", "[CacheRefIsImageTag]"},
		{[]string{"--cache-from", "type=inline"}, 1, "", "[InlineNotAnImporter]"},
	}
	for _, tt := range tests {
		var out, errs strings.Builder
		code := run(tt.args, &out, &errs)
		if code != tt.code || out.String() != tt.out || !strings.Contains(errs.String(), tt.diags) || strings.Contains(errs.String(), "SECRET123") {
			t.Errorf("run(%q) = %d\nstdout %q\nstderr %q", tt.args, code, out.String(), errs.String())
		}
	}
}
