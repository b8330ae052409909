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
		{[]string{"--cache-to", "inline"}, 2, "", `write "type=inline"`},
		{[]string{"--cache-to", "type=registry,ref=ghcr.io/acme/app:1", "-t", "ghcr.io/acme/app:1", "--push"}, 1, "", "[CacheRefIsImageTag]"},
		{[]string{"--cache-from", "type=inline"}, 1, "", "[InlineNotAnImporter]"},
	}
	for _, tt := range tests {
		var out, errs strings.Builder
		code := run(tt.args, &out, &errs)
		if code != tt.code || out.String() != tt.out || !strings.Contains(errs.String(), tt.diags) {
			t.Errorf("run(%q) = %d\nstdout %q\nstderr %q", tt.args, code, out.String(), errs.String())
		}
	}
}
