package compat

import (
	"context"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/docker/buildx/build"
	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildkit"
	"github.com/buildxcache/buildxcache/interop/buildx"
)

// envVars are the variables Buildx's CreateCaches (and the AWS SDK's
// environment provider) read.
var envVars = []string{"ACTIONS_RUNTIME_TOKEN", "ACTIONS_CACHE_URL", "ACTIONS_RESULTS_URL", "ACTIONS_CACHE_SERVICE_V2",
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY", "AWS_SECRET_KEY"}

// setEnv makes the process environment exactly env for the variables
// above, and keeps the AWS SDK away from files and the network.
func setEnv(env map[string]string) (restore func()) {
	saved := map[string]*string{}
	all := append(slices.Clone(envVars), "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_PROFILE")
	for _, k := range all {
		if v, ok := os.LookupEnv(k); ok {
			saved[k] = &v
		} else {
			saved[k] = nil
		}
		os.Unsetenv(k)
	}
	os.Setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
	os.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for k, v := range env {
		os.Setenv(k, v)
	}
	return func() {
		for k, v := range saved {
			if v == nil {
				os.Unsetenv(k)
			} else {
				os.Setenv(k, *v)
			}
		}
	}
}

// TestCreateCachesAgreesWithBuildx runs generated gha and s3 entries under
// generated environments through Buildx's own build.CreateCaches and
// through buildkit.CreateCaches with the same environment injected: the
// options sent and the entries dropped must be the same.
func TestCreateCachesAgreesWithBuildx(t *testing.T) {
	opt := func(rt *rapid.T, label, v string) string {
		if rapid.Bool().Draw(rt, label) {
			return v
		}
		return ""
	}
	rapid.Check(t, func(rt *rapid.T) {
		var values []string
		for i := range rapid.IntRange(1, 3).Draw(rt, "n") {
			_ = i
			if rapid.Bool().Draw(rt, "gha") {
				fields := []string{"type=gha", "scope=s"}
				for _, f := range []string{"token=t1", "url=https://u1/", "url_v2=https://u2/", "version=1", "version=2"} {
					if rapid.IntRange(0, 3).Draw(rt, f) == 0 {
						fields = append(fields, f)
					}
				}
				values = append(values, dedupKeys(fields))
			} else {
				fields := []string{"type=s3", "region=r", "bucket=b"}
				for _, f := range []string{"access_key_id=AK1", "secret_access_key=SK1", "session_token=ST1"} {
					if rapid.Bool().Draw(rt, f) {
						fields = append(fields, f)
					}
				}
				values = append(values, strings.Join(fields, ","))
			}
		}
		env := map[string]string{}
		for _, kv := range [][2]string{
			{"ACTIONS_RUNTIME_TOKEN", opt(rt, "rt", "envtoken")},
			{"ACTIONS_CACHE_URL", opt(rt, "cu", "https://cache/")},
			{"ACTIONS_RESULTS_URL", opt(rt, "ru", "https://results/")},
			{"ACTIONS_CACHE_SERVICE_V2", rapid.SampledFrom([]string{"", "true", "1", "false", "yes"}).Draw(rt, "v2")},
			{"AWS_ACCESS_KEY_ID", opt(rt, "ak", "ENVAK")},
			{"AWS_SECRET_ACCESS_KEY", opt(rt, "sk", "ENVSK")},
			{"AWS_SESSION_TOKEN", opt(rt, "st", "ENVST")},
		} {
			if kv[1] != "" || rapid.IntRange(0, 4).Draw(rt, "empty-"+kv[0]) == 0 {
				env[kv[0]] = kv[1]
			}
		}
		entries, err := cachespec.ParseList(values)
		if err != nil {
			rt.Fatalf("%q: %v", values, err)
		}
		restore := setEnv(env)
		theirs := build.CreateCaches(buildx.ToCacheOptions(entries))
		restore()
		lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
		ours, dropped := buildkit.CreateCaches(context.Background(), entries, buildkit.Environment{
			Lookup: lookup, AWSCredentials: buildkit.AWSEnvCredentials(lookup),
		})
		if len(ours) != len(theirs) || len(ours)+len(dropped) != len(entries) {
			rt.Fatalf("values %q env %v: Buildx sends %d entries, buildxcache %d (dropped %d)", values, env, len(theirs), len(ours), len(dropped))
		}
		for i := range ours {
			if ours[i].Type != theirs[i].Type || !maps.Equal(ours[i].Attrs, theirs[i].Attrs) {
				rt.Fatalf("values %q env %v: entry %d\nBuildx:      %s %v\nbuildxcache: %s %v", values, env, i, theirs[i].Type, theirs[i].Attrs, ours[i].Type, ours[i].Attrs)
			}
		}
	})
}

// dedupKeys keeps the first of repeated keys (version=1 and version=2).
func dedupKeys(fields []string) string {
	seen := map[string]bool{}
	var out []string
	for _, f := range fields {
		k, _, _ := strings.Cut(f, "=")
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return strings.Join(out, ",")
}
