package buildkit

import (
	"context"
	"errors"
	"maps"

	"github.com/moby/buildkit/client"

	"github.com/buildxcache/buildxcache/cachespec"
)

// Environment is what Buildx reads from the client's environment when it
// turns cache entries into BuildKit options. It is injected, never read
// from the process behind the caller's back.
type Environment struct {
	// Lookup looks up an environment variable (ACTIONS_RUNTIME_TOKEN,
	// ACTIONS_CACHE_URL, ACTIONS_RESULTS_URL, ACTIONS_CACHE_SERVICE_V2).
	// Nil means an empty environment.
	Lookup cachespec.Env
	// AWSCredentials returns the credentials the AWS SDK's default chain
	// finds, which Buildx adds to s3 entries that lack them. Nil means none
	// (Buildx then sends the entry unchanged). The SDK's default chain, as
	// Buildx uses it, is awscreds.Default (package
	// github.com/buildxcache/buildxcache/interop/buildkit/awscreds, which
	// alone imports the AWS SDK); AWSEnvCredentials reads only
	// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from a
	// lookup.
	AWSCredentials func(ctx context.Context) (AWSCredentials, error)
}

// AWSCredentials are static AWS credentials, the fields of the AWS SDK's
// aws.Credentials that Buildx adds to s3 entries. Its String is redacted.
type AWSCredentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
}

// HasKeys reports whether both the key id and the secret are set, as the
// SDK's aws.Credentials.HasKeys does.
func (c AWSCredentials) HasKeys() bool { return c.AccessKeyID != "" && c.SecretAccessKey != "" }

// String returns a redacted form, so that printing the credentials by
// mistake shows none of them.
func (c AWSCredentials) String() string {
	return "buildkit.AWSCredentials{" + cachespec.Redacted + "}"
}

// GoString returns the redacted form for %#v.
func (c AWSCredentials) GoString() string { return c.String() }

// AWSEnvCredentials returns a credential source that reads the static
// credential variables from lookup only: the SDK's environment provider
// without files or network. Like the SDK, it finds nothing (an error) unless
// both the key id and the secret are set.
func AWSEnvCredentials(lookup func(string) (string, bool)) func(context.Context) (AWSCredentials, error) {
	return func(context.Context) (AWSCredentials, error) {
		get := func(names ...string) string {
			for _, n := range names {
				if v, ok := lookup(n); ok && v != "" {
					return v
				}
			}
			return ""
		}
		c := AWSCredentials{
			AccessKeyID:     get("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"),
			SecretAccessKey: get("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"),
			SessionToken:    get("AWS_SESSION_TOKEN"),
		}
		if !c.HasKeys() {
			return AWSCredentials{}, errNoAWSCredentials
		}
		return c, nil
	}
}

var errNoAWSCredentials = errors.New("no AWS credentials in the environment")

// Dropped is an entry Buildx leaves out of the build, and why.
type Dropped struct {
	Index  int // position in the list given to CreateCaches
	Entry  cachespec.Entry
	Reason string // why, secrets redacted
	// Err is cachespec.Validate's refusal when the entry, built in Go,
	// holds what Parse refuses; nil when Buildx would drop it.
	Err error
}

// CreateCaches is the conversion for client.SolveOpt.CacheImports and
// CacheExports: it does what Buildx's build.CreateCaches does with cache
// entries before a build, with the environment injected: gha entries get
// their token, url, url_v2 and service version from the Actions runtime
// variables (cachespec.ApplyBuildxEnv), s3 entries without a complete key
// pair get credentials from env.AWSCredentials, and gha entries that still
// lack a token or a url are dropped without a message. It returns the
// BuildKit options Buildx would send and the entries it would drop. An
// entry cachespec.Validate refuses (one built in Go with a value Parse
// refuses, such as Mode("maxx")) is dropped too, with the refusal as Err,
// rather than sent to BuildKit. The options REVEAL SECRETS: they are for
// BuildKit's client.
func CreateCaches(ctx context.Context, entries []cachespec.Entry, env Environment) ([]client.CacheOptionsEntry, []Dropped) {
	lookup := env.Lookup
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	var out []client.CacheOptionsEntry
	var dropped []Dropped
	for i, e := range entries {
		if err := cachespec.Validate(e); err != nil {
			dropped = append(dropped, Dropped{Index: i, Entry: e, Reason: err.Error(), Err: err})
			continue
		}
		applied, keep := cachespec.ApplyBuildxEnv(e, cachespec.Env(lookup))
		if !keep {
			dropped = append(dropped, Dropped{Index: i, Entry: e,
				Reason: "type=gha without a token, or without url and url_v2, after the environment is applied (ACTIONS_RUNTIME_TOKEN, ACTIONS_CACHE_URL, ACTIONS_RESULTS_URL)"})
			continue
		}
		o := ToCacheOptionsEntry(applied)
		if o.Type == "s3" && env.AWSCredentials != nil {
			addAWSCredentials(ctx, &o, env.AWSCredentials)
		}
		out = append(out, o)
	}
	return out, dropped
}

// addAWSCredentials fills missing s3 credentials the way Buildx does: only
// when the key pair is incomplete, never overriding a given attribute, and
// the session token only when absent.
func addAWSCredentials(ctx context.Context, o *client.CacheOptionsEntry, get func(context.Context) (AWSCredentials, error)) {
	_, hasID := o.Attrs["access_key_id"]
	_, hasSecret := o.Attrs["secret_access_key"]
	if hasID && hasSecret {
		return
	}
	c, err := get(ctx)
	if err != nil {
		return
	}
	o.Attrs = maps.Clone(o.Attrs)
	if !hasID && c.AccessKeyID != "" {
		o.Attrs["access_key_id"] = c.AccessKeyID
	}
	if !hasSecret && c.SecretAccessKey != "" {
		o.Attrs["secret_access_key"] = c.SecretAccessKey
	}
	if _, ok := o.Attrs["session_token"]; !ok && c.SessionToken != "" {
		o.Attrs["session_token"] = c.SessionToken
	}
}
