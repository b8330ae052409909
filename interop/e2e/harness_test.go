package e2e

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/moby/buildkit/client"
	"github.com/tonistiigi/fsutil"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildkit"
)

// env is the environment written by scripts/e2e/e2e.sh start.
var env map[string]string

// skipReason is why the tests cannot run, or "".
var skipReason string

func TestMain(m *testing.M) {
	path := os.Getenv("E2E_ENV")
	if path == "" {
		home, _ := os.UserHomeDir()
		path = filepath.Join(home, ".cache", "buildxcache", "e2e", "env")
	}
	var err error
	env, err = readEnv(path)
	switch {
	case err != nil && os.Getenv("E2E_REQUIRED") == "1":
		fmt.Fprintf(os.Stderr, "e2e: E2E_REQUIRED=1 but the services are not running (%v)\n", err)
		os.Exit(1)
	case err != nil:
		skipReason = "end-to-end services not running (" + err.Error() + "): run `make e2e`"
	}
	os.Exit(m.Run())
}

func readEnv(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			m[k] = v
		}
	}
	return m, sc.Err()
}

// needServices skips (loudly) when the services are not running.
func needServices(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skip("SKIPPED: " + skipReason)
	}
}

// Two daemons: builds that export (or neither export nor import) run on
// the first; builds that import run on the second, which has never built
// the fixture it imports for, as on a fresh CI runner, so a cache hit there
// can only come from the import. Both are pruned between phases as well.
var (
	clientOnce         sync.Once
	exporter, importer *client.Client
	clientErr          error
)

func clients(t *testing.T) (*client.Client, *client.Client) {
	t.Helper()
	needServices(t)
	clientOnce.Do(func() {
		exporter, clientErr = client.New(context.Background(), env["E2E_BUILDKIT_ADDR"])
		if clientErr == nil {
			importer, clientErr = client.New(context.Background(), env["E2E_BUILDKIT_IMPORT_ADDR"])
		}
	})
	if clientErr != nil {
		t.Fatalf("buildkit client: %v", clientErr)
	}
	return exporter, importer
}

// bk returns the exporting daemon's client.
func bk(t *testing.T) *client.Client {
	e, _ := clients(t)
	return e
}

// fixture is a build context whose final RUN step writes a random stamp:
// an identical stamp after an import means the RUN came from the cache.
type fixture struct {
	dir string
}

const singleStage = `FROM scratch
COPY busybox /bin/busybox
COPY hello.txt /hello.txt
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox cat /proc/sys/kernel/random/uuid > /stamp"]
`

// multiStage separates mode=min from mode=max: the builder stage's RUN is
// not in the final image, so only a max export carries its cache.
const multiStage = `FROM scratch AS base
COPY busybox /bin/busybox
COPY id.txt /id.txt
FROM base AS builder
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox cat /proc/sys/kernel/random/uuid > /stamp"]
FROM scratch
COPY hello.txt /hello.txt
COPY --from=builder /stamp /stamp
`

// newFixture writes a context with content unique to this test and
// label, so cache keys never collide between cases that run at once.
func newFixture(t *testing.T, dockerfile, label string) fixture {
	t.Helper()
	dir := t.TempDir()
	bb, err := os.ReadFile(env["E2E_BUSYBOX"])
	if err != nil {
		t.Fatalf("busybox: %v", err)
	}
	nonce := make([]byte, 8)
	rand.Read(nonce)
	for name, data := range map[string][]byte{
		"busybox":    bb,
		"hello.txt":  []byte(t.Name() + " " + label + " " + hex.EncodeToString(nonce) + "\n"),
		"id.txt":     []byte(t.Name() + " " + label + " " + hex.EncodeToString(nonce) + "\n"),
		"Dockerfile": []byte(dockerfile),
	} {
		mode := os.FileMode(0o644)
		if name == "busybox" {
			mode = 0o755
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
		// BuildKit re-sends a context file only when its size or mtime
		// changed; same-size files written in the same instant by two
		// fixtures could pass for each other. A distinct mtime per file
		// rules that out.
		mt := time.Unix(1_700_000_000+mtimes.Add(1), 0)
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	return fixture{dir: dir}
}

// mtimes hands out distinct modification times for fixture files.
var mtimes atomic.Int64

// touch changes hello.txt, which only the final stage of multiStage reads.
func (fx fixture) touch(t *testing.T) {
	t.Helper()
	p := filepath.Join(fx.dir, "hello.txt")
	if err := os.WriteFile(p, []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mt := time.Unix(1_700_000_000+mtimes.Add(1), 0)
	if err := os.Chtimes(p, mt, mt); err != nil {
		t.Fatal(err)
	}
}

// result is what a build reports.
type result struct {
	err      error
	vertices map[string]*client.Vertex // by name, merged over updates
	stamp    string                    // the /stamp file of the output
	warnings []string
}

// cached reports whether the vertex whose name contains substr was cached.
func (r result) cached(substr string) bool {
	for name, v := range r.vertices {
		if strings.Contains(name, substr) && v.Cached {
			return true
		}
	}
	return false
}

// vertexError returns the errors of the vertices whose name contains substr.
func (r result) vertexError(substr string) string {
	var errs []string
	for name, v := range r.vertices {
		if strings.Contains(name, substr) && v.Error != "" {
			errs = append(errs, v.Error)
		}
	}
	return strings.Join(errs, "; ")
}

// build runs the fixture's Dockerfile with the given cache options,
// writing the result to a local directory, plus extra exports.
func build(t *testing.T, fx fixture, imports, exports []cachespec.Entry, extra ...client.ExportEntry) result {
	t.Helper()
	return buildRaw(t, fx, buildkit.CacheOptions(imports), buildkit.CacheOptions(exports), extra...)
}

// buildRaw is build with BuildKit's own types, for specs that bypass
// cachespec's checks.
func buildRaw(t *testing.T, fx fixture, imports, exports []client.CacheOptionsEntry, extra ...client.ExportEntry) result {
	t.Helper()
	c, imp := clients(t)
	if len(imports) > 0 && len(exports) == 0 {
		c = imp
	}
	fs, err := fsutil.NewFS(fx.dir)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	opt := client.SolveOpt{
		Frontend: "dockerfile.v0",
		// BuildKit's client writes the cache imports into FrontendAttrs
		// and panics on a nil map (v0.34.2, client/solve.go)
		FrontendAttrs: map[string]string{},
		LocalMounts:   map[string]fsutil.FS{"context": fs, "dockerfile": fs},
		Exports:       append([]client.ExportEntry{{Type: client.ExporterLocal, OutputDir: out}}, extra...),
		CacheImports:  imports,
		CacheExports:  exports,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ch := make(chan *client.SolveStatus)
	r := result{vertices: map[string]*client.Vertex{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for st := range ch {
			for _, v := range st.Vertexes {
				prev := r.vertices[v.Name]
				if prev == nil {
					cp := *v
					r.vertices[v.Name] = &cp
					continue
				}
				prev.Cached = prev.Cached || v.Cached
				if v.Error != "" {
					prev.Error = v.Error
				}
			}
			for _, w := range st.Warnings {
				r.warnings = append(r.warnings, string(w.Short))
			}
		}
	}()
	_, r.err = c.Solve(ctx, nil, opt, ch)
	<-done
	if b, err := os.ReadFile(filepath.Join(out, "stamp")); err == nil {
		r.stamp = string(b)
	}
	return r
}

// pruneAll drops both daemons' whole build cache (prune --all). It is
// global: tests call it between phases, never while another test of theirs
// builds.
func pruneAll(t *testing.T) {
	t.Helper()
	e, i := clients(t)
	for _, c := range []*client.Client{e, i} {
		// A build's records are released a moment after Solve returns, and
		// a record in use is not pruned: prune until the daemon holds
		// nothing for three checks in a row.
		empty := 0
		for n := 0; empty < 3; n++ {
			if err := c.Prune(context.Background(), nil, client.PruneAll); err != nil {
				t.Fatalf("prune: %v", err)
			}
			du, err := c.DiskUsage(context.Background())
			if err != nil {
				t.Fatalf("disk usage: %v", err)
			}
			if len(du) == 0 {
				empty++
			} else {
				empty = 0
			}
			if n == 100 {
				t.Fatalf("the daemon still holds %d cache records after pruning", len(du))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// mustParse parses a cache value or fails the test.
func mustParse(t *testing.T, s string) cachespec.Entry {
	t.Helper()
	e, err := cachespec.Parse(s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return e
}

// registryRef returns a ref on the local registry.
func registryRef(repo, tag string) string {
	return env["E2E_REGISTRY"] + "/" + repo + ":" + tag
}

// s3Spec is the connection part of an s3 value for the local server.
func s3Spec() string {
	return fmt.Sprintf("region=us-east-1,bucket=%s,endpoint_url=%s,use_path_style=true,access_key_id=%s,secret_access_key=%s",
		env["E2E_S3_BUCKET"], env["E2E_S3_ENDPOINT"], env["E2E_S3_ACCESS_KEY"], env["E2E_S3_SECRET_KEY"])
}
