package cachespec

import "strconv"

// Env looks up a variable of the environment the Buildx client runs in.
// os.LookupEnv has this signature.
type Env func(name string) (string, bool)

// MapEnv returns the Env that looks names up in m; a nil m is the empty
// environment.
func MapEnv(m map[string]string) Env {
	return func(name string) (string, bool) {
		v, ok := m[name]
		return v, ok
	}
}

// ApplyBuildxEnv returns e as Buildx sends it to BuildKit after reading the
// client's environment (build/opt.go CreateCaches), and whether Buildx
// keeps it. It never reads the process environment itself: pass
// os.LookupEnv for that.
//
// For gha entries, Buildx decides a cache service version (the version
// attribute, else "2" when ACTIONS_CACHE_SERVICE_V2 is a true bool), then
// fills an absent token from ACTIONS_RUNTIME_TOKEN, an absent url_v2 from
// ACTIONS_RESULTS_URL when the version is "2", and an absent url from
// ACTIONS_CACHE_URL, else ACTIONS_RESULTS_URL. It then drops, without a
// message, a gha entry whose token is empty or whose url and url_v2 are
// both empty: keep is false.
//
// Other backends are returned unchanged with keep true. (For s3, Buildx
// also fills missing credentials from the client's AWS configuration; that
// is left to the caller, since it needs the AWS SDK.)
func ApplyBuildxEnv(e Entry, env Env) (out Entry, keep bool) {
	g, ok := e.(*GHA)
	if !ok {
		return e, e != nil
	}
	c := *g
	if env == nil {
		env = func(string) (string, bool) { return "", false }
	}
	version := c.Version.Text()
	if !c.Version.IsSet() {
		if v, ok := env("ACTIONS_CACHE_SERVICE_V2"); ok {
			if b, err := strconv.ParseBool(v); err == nil && b {
				version = "2"
			}
		}
	}
	if !c.Token.IsSet() {
		if v, ok := env("ACTIONS_RUNTIME_TOKEN"); ok {
			c.Token = NewSecret(v)
		}
	}
	if !c.URLV2.IsSet() && version == "2" {
		if v, ok := env("ACTIONS_RESULTS_URL"); ok {
			c.URLV2 = spelled(v, v)
		}
	}
	if !c.URL.IsSet() {
		if v, ok := env("ACTIONS_CACHE_URL"); ok {
			c.URL = spelled(v, v)
		} else if v, ok := env("ACTIONS_RESULTS_URL"); ok {
			c.URL = spelled(v, v)
		}
	}
	keep = c.Token.Reveal() != "" && (c.URL.Text() != "" || c.URLV2.Text() != "")
	return &c, keep
}
