package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	code := run([]string{"-to", "type=gha, mode=max", "inline", "type=gha,scope=app,mode=max"}, nil, &out)
	got := out.String()
	for _, want := range []string{
		"cache-to[0] byte 9: error: key \" mode\" has white space around it, so BuildKit ignores it [WhitespaceAroundCacheKey]",
		"cache-to[1]: error: \"inline\" is read as the image docker.io/library/inline:latest [KeywordAsCacheRef]",
		"    fix: write \"type=inline\"",
		"3 values, 2 diagnostics",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	out.Reset()
	if code := run([]string{"-from"}, strings.NewReader("type=gha,scope=app\n"), &out); code != 0 || !strings.Contains(out.String(), "1 values, 0 diagnostics") {
		t.Errorf("stdin: %d %q", code, out.String())
	}
}
