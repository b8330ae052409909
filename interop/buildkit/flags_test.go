package buildkit_test

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
)

// TestPropertyFlagErrorsNoLeak: bound with cachespec.Values, refused
// values holding secrets never appear in what pflag (through cobra) or
// std flag print or return, nor in Values' own error.
func TestPropertyFlagErrorsNoLeak(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		secret := "LEAK" + rapid.StringMatching(`[A-Za-z0-9]{8,12}`).Draw(rt, "secret")
		key := rapid.SampledFrom([]string{"token", "ghtoken", "access_key_id", "secret_access_key", "session_token", "tokne", "sesion_tokn", "pwd", "sas", "connection_string"}).Draw(rt, "key")
		typ := rapid.SampledFrom([]string{"gha", "s3", "azblob"}).Draw(rt, "type")
		extra := rapid.SampledFrom([]string{",mode=maxx", ", mode=max", ",scope=a,scope=b", `,"x`, ",type=inline", ",max"}).Draw(rt, "extra")
		raw := "type=" + typ + "," + key + "=" + secret + extra

		// pflag, through cobra, as a CLI binds it.
		var to cachespec.Values
		var printed bytes.Buffer
		cmd := &cobra.Command{Use: "build", RunE: func(*cobra.Command, []string) error { return to.Err() }}
		cmd.SetOut(&printed)
		cmd.SetErr(&printed)
		cmd.Flags().Var(&to, "cache-to", "")
		cmd.SetArgs([]string{"--cache-to", raw, "--cache-to=" + raw})
		err := cmd.Execute()
		var pe *cachespec.ParseError
		if !errors.As(err, &pe) {
			rt.Fatalf("cobra: %v, want the refusal", err)
		}
		// std flag.
		var std cachespec.Values
		fs := flag.NewFlagSet("build", flag.ContinueOnError)
		fs.SetOutput(&printed)
		fs.Var(&std, "cache-to", "")
		ferr := fs.Parse([]string{"--cache-to", raw})
		for _, out := range []string{printed.String(), err.Error(), std.Err().Error(), to.String(), std.String(), errString(ferr)} {
			if strings.Contains(out, secret) {
				rt.Fatalf("the secret of %q appears in %q", raw, out)
			}
		}
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

var _ = io.Discard
