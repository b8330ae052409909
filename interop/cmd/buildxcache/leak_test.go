package main

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestPropertyCLINoLeak: values holding secrets (in secret attributes, in
// near misses of them, in keys that name a credential), with whatever
// else is wrong with them, never show the secret in lint's text, JSON or
// SARIF output, on the command line or in a workflow file, nor in fmt's
// error for a refused value.
func TestPropertyCLINoLeak(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		secret := "LEAK" + rapid.StringMatching(`[A-Za-z0-9]{8,12}`).Draw(rt, "secret")
		key := rapid.SampledFrom([]string{"token", "ghtoken", "access_key_id", "secret_access_key", "session_token",
			"tokne", "toekn", "ghtokne", "sesion_tokn", "pass", "pwd", "sas", "connection_string", "x-password"}).Draw(rt, "key")
		typ := rapid.SampledFrom([]string{"gha", "s3", "azblob", "registry,ref=ghcr.io/o/app:cache", "local,dest=/tmp/c", "local,src=/tmp/c"}).Draw(rt, "type")
		extra := rapid.SampledFrom([]string{"", ",mode=maxx", ", mode=max", ",scope=a,scope=b", `,"x`, ",ignore-error=yes", ",max"}).Draw(rt, "extra")
		raw := "type=" + typ + "," + key + "=" + secret + extra
		dir := writeTree(t, map[string]string{".github/workflows/ci.yml": `on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/o/app:1
          cache-to: "` + strings.ReplaceAll(raw, `"`, `\"`) + `"
`})
		var outputs []string
		for _, format := range []string{"text", "json", "sarif"} {
			_, out, errOut := runCLI(t, "", "lint", "--format", format, "--severity", "info", "--cache-to", raw, "--cache-from", raw, "--tag", "ghcr.io/o/app:1", "--push")
			outputs = append(outputs, out, errOut)
			_, out, errOut = runCLI(t, "", "lint", "--format", format, "--severity", "info", "--base", dir, dir)
			outputs = append(outputs, out, errOut)
		}
		_, out, errOut := runCLI(t, "", "fmt", raw+",type=inline")
		outputs = append(outputs, out, errOut)
		for _, o := range outputs {
			if strings.Contains(o, secret) {
				rt.Fatalf("the secret of %q appears in:\n%s", raw, o)
			}
		}
	})
}
