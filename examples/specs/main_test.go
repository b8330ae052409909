package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	bad := run(&out, samples)
	got := out.String()
	if bad != 6 {
		t.Errorf("refused %d values, want 6:\n%s", bad, got)
	}
	for _, want := range []string{
		"gha      type=gha,mode=max\n",
		"normalized: type=registry,ref=docker.io/user/app:cache,",
		`refused  [KeywordAsCacheRef] cachespec: value 0 "inline"`,
		"[WhitespaceAroundCacheKey]",
		`give them as two values (one per flag or per line): "type=local,mode=max,src=/path/to/cache/amd64" and "type=local,mode=max,src=/path/to/cache/arm64"`,
		"[InvalidCacheRef]",
		`did you mean "max"? write mode=max`,
		`did you mean "registry"?`,
		"type=gha,scope=build,token=[redacted]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "eyJhbGciOiJSUzI1NiJ9") {
		t.Errorf("output shows a token")
	}
}
