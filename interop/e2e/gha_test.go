package e2e

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildkit"
)

// The gha tests run against act's cache server (github.com/nektos/act
// pkg/artifactcache, started by scripts/e2e/e2e.sh), which serves the v1
// cache API that BuildKit's gha backend speaks when the URL is not
// GitHub's results service. The token is the one act mints for its jobs:
// a JWT whose ac claim grants write access to the scope "".

// needGHA skips (loudly) when the services run without the cache server.
func needGHA(t *testing.T) {
	t.Helper()
	needServices(t)
	if env["E2E_GHA_URL"] == "" || env["E2E_GHA_TOKEN"] == "" {
		t.Skip("SKIPPED: the Actions cache server is not running (services started by an older scripts/e2e/e2e.sh): run `make e2e`")
	}
}

// ghaSpec is the connection part of a gha value for act's cache server.
func ghaSpec(t *testing.T) string {
	t.Helper()
	needGHA(t)
	return "type=gha,url=" + env["E2E_GHA_URL"] + ",token=" + env["E2E_GHA_TOKEN"]
}

// ghaAttrs returns url= and token= for act's cache server, with extra on
// top; a key in extra with the value "<unset>" is left out.
func ghaAttrs(extra map[string]string) map[string]string {
	m := map[string]string{"url": env["E2E_GHA_URL"], "token": env["E2E_GHA_TOKEN"]}
	for k, v := range extra {
		if v == unset {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	return m
}

const unset = "<unset>"

// ghaIndexExists asks the cache server whether an index for the gha scope
// exists, with the lookup BuildKit's importer makes: the key is
// index-<scope>-1-<8 hex digits of sha256 of the token's last writable
// scope>, looked up by prefix (each export adds "#<n>"), and the version is
// go-actions-cache's fixed one. The server answers 200 with the entry or
// 204 when there is none.
func ghaIndexExists(t *testing.T, scope string) bool {
	t.Helper()
	key := "index-" + scope + "-1-" + hex.EncodeToString(sha256Sum(tokenWriteScope(t)))[:8]
	q := url.Values{"keys": {key}, "version": {hex.EncodeToString(sha256Sum("|go-actionscache-1.0"))}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", env["E2E_GHA_URL"]+"_apis/artifactcache/cache?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("cache server: %v", err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		return true
	case http.StatusNoContent:
		return false
	}
	t.Fatalf("cache server lookup of %s: %s", key, resp.Status)
	return false
}

func sha256Sum(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// tokenWriteScope returns the last scope with write permission in the ac
// claim of the runtime token, the scope BuildKit's exporter writes to.
func tokenWriteScope(t *testing.T) string {
	t.Helper()
	parts := strings.Split(env["E2E_GHA_TOKEN"], ".")
	if len(parts) != 3 {
		t.Fatalf("the runtime token is not a JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("token payload: %v", err)
	}
	var claims struct {
		AC string `json:"ac"`
	}
	var scopes []struct {
		Scope      string
		Permission int
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatalf("token claims: %v", err)
	}
	if err := json.Unmarshal([]byte(claims.AC), &scopes); err != nil {
		t.Fatalf("token ac claim %q: %v", claims.AC, err)
	}
	scope, found := "", false
	for _, s := range scopes {
		if s.Permission&2 != 0 {
			scope, found = s.Scope, true
		}
	}
	if !found {
		t.Fatalf("the runtime token grants no writable scope: %s", claims.AC)
	}
	return scope
}

// actTimeResolution is how far apart two exports to one gha scope must
// be for act's server to tell which is newer: it records creation times in
// whole seconds and a lookup by prefix returns the newest entry.
const actTimeResolution = 1100 * time.Millisecond

// TestE2EGHADefaultScope shows what the default scope means on a real
// cache server: an export without scope= writes the index of the scope
// "buildkit", and two different builds that both leave it unset share that
// index, so the second export replaces the first and the first build's next
// import misses. It uses the default scope and prunes between phases, so
// its cases run one after the other; no other test uses that scope.
func TestE2EGHADefaultScope(t *testing.T) {
	needGHA(t)
	noScope := func(t *testing.T) []cachespec.Entry {
		return []cachespec.Entry{mustParse(t, ghaSpec(t)+",mode=max")}
	}

	t.Run("GHAScopeDefault/no-scope-is-scope-buildkit", func(t *testing.T) {
		fx := newFixture(t, singleStage, "default")
		r := build(t, fx, nil, noScope(t))
		if r.err != nil {
			t.Fatalf("export: %v", r.err)
		}
		if !ghaIndexExists(t, "buildkit") {
			t.Fatal(`no index for the scope "buildkit" after an export without scope=`)
		}
		pruneAll(t)
		ri := build(t, fx, []cachespec.Entry{mustParse(t, ghaSpec(t)+",scope=buildkit")}, nil)
		if ri.err != nil {
			t.Fatalf("import: %v", ri.err)
		}
		if !ri.cached("RUN") || ri.stamp != r.stamp {
			t.Errorf("importing scope=buildkit did not reuse the export without scope=: %v", names(ri))
		}
	})

	t.Run("GHAScopeCollision/default-scope-last-export-wins", func(t *testing.T) {
		a, b := newFixture(t, singleStage, "a"), newFixture(t, singleStage, "b")
		ra := build(t, a, nil, noScope(t))
		if ra.err != nil {
			t.Fatalf("export of the first build: %v", ra.err)
		}
		pruneAll(t)
		// control: before the second export, the first build finds its cache
		if r := build(t, a, noScope(t), nil); r.err != nil || !r.cached("RUN") || r.stamp != ra.stamp {
			t.Fatalf("the first build did not reuse its own cache before the second export (%v): %v", r.err, names(r))
		}
		time.Sleep(actTimeResolution)
		rb := build(t, b, nil, noScope(t))
		if rb.err != nil {
			t.Fatalf("export of the second build: %v", rb.err)
		}
		pruneAll(t)
		ia := build(t, a, noScope(t), nil)
		ib := build(t, b, noScope(t), nil)
		if ia.err != nil || ib.err != nil {
			t.Fatalf("imports: %v, %v", ia.err, ib.err)
		}
		if ia.cached("RUN") || ia.stamp == ra.stamp {
			t.Errorf("the first build's cache survived the second build's export to the same scope: %v", names(ia))
		}
		if !ib.cached("RUN") || ib.stamp != rb.stamp {
			t.Errorf("the second build's cache was not imported: %v", names(ib))
		}
	})
}

// TestE2EGHABuildxDrop runs gha entries through CreateCaches, Buildx's
// environment step, and builds with what it returns: without a token and a
// url in the entry or the environment, the entry is dropped and nothing
// reaches the cache server; with the Actions runtime variables set, the
// same entry gets them and the export lands.
func TestE2EGHABuildxDrop(t *testing.T) {
	needGHA(t)
	runtime := map[string]string{"ACTIONS_RUNTIME_TOKEN": env["E2E_GHA_TOKEN"], "ACTIONS_CACHE_URL": env["E2E_GHA_URL"]}
	lookup := func(m map[string]string) cachespec.Env {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	cases := []struct {
		name  string
		attrs string // besides type=gha and scope=
		// env is the client environment of the build that drops the entry
		env map[string]string
	}{
		{name: "GHAWithoutRuntimeToken/buildx-drops-entry-without-token-and-url", attrs: "mode=max"},
		{name: "GHAWithoutRuntimeToken/buildx-drops-empty-token-despite-the-runtime-env", attrs: "mode=max,token=", env: runtime},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			// a scope of this run's own, so that a rerun against the same
			// server cannot find the control export of an earlier one
			nonce := make([]byte, 4)
			rand.Read(nonce)
			scope := "buildx-drop-" + hex.EncodeToString(nonce)
			fx := newFixture(t, singleStage, c.name)
			e := mustParse(t, "type=gha,scope="+scope+","+c.attrs)
			opts, dropped := buildkit.CreateCaches(context.Background(), []cachespec.Entry{e}, buildkit.Environment{Lookup: lookup(c.env)})
			if len(opts) != 0 || len(dropped) != 1 || dropped[0].Index != 0 {
				t.Fatalf("CreateCaches kept %v and dropped %v; want the entry dropped", opts, dropped)
			}
			r := buildRaw(t, fx, nil, opts)
			if r.err != nil {
				t.Fatalf("the build without the dropped entry failed: %v", r.err)
			}
			if ghaIndexExists(t, scope) {
				t.Fatalf("an index for scope %q exists: the dropped entry was exported", scope)
			}
			// control: with the runtime variables and no token= in the
			// entry, Buildx keeps it and the export lands
			ctl := mustParse(t, "type=gha,mode=max,scope="+scope)
			opts, dropped = buildkit.CreateCaches(context.Background(), []cachespec.Entry{ctl}, buildkit.Environment{Lookup: lookup(runtime)})
			if len(opts) != 1 || len(dropped) != 0 || opts[0].Attrs["token"] != env["E2E_GHA_TOKEN"] || opts[0].Attrs["url"] != env["E2E_GHA_URL"] {
				t.Fatalf("CreateCaches with the runtime variables: kept %v, dropped %v; want the entry with their token and url", opts, dropped)
			}
			if r := buildRaw(t, fx, nil, opts); r.err != nil {
				t.Fatalf("the export with the runtime variables failed: %v", r.err)
			}
			if !ghaIndexExists(t, scope) {
				t.Fatalf("no index for scope %q after the export with the runtime variables", scope)
			}
		})
	}
}

// ghaParsed returns entries parsed from act's connection attributes and
// attrs, for the round-trip table.
func ghaParsed(attrs string) func(*testing.T, string) []cachespec.Entry {
	return func(t *testing.T, _ string) []cachespec.Entry {
		return []cachespec.Entry{mustParse(t, ghaSpec(t)+","+attrs)}
	}
}
