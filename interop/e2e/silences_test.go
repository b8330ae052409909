package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docker/buildx/util/buildflags"
	"github.com/moby/buildkit/client"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildx"
)

// modeCase exports the multi-stage fixture's cache with the given
// attributes and says whether BuildKit kept the builder stage (max) or
// not (min).
type modeCase struct {
	name    string
	attrs   map[string]string // besides type=local,dest=... (or gha's url, token and scope)
	wantMax bool
	// gha exports to act's cache server instead of a local directory
	gha bool
}

// TestE2EModeSilences shows what BuildKit does with export modes it does
// not understand: it exports min mode without an error; the gha cases show
// min and max on act's cache server the same way. The multi-stage
// fixture's builder RUN is only in a max-mode cache; after an export,
// a change to the final stage, a prune and an import, that RUN is cached
// for max and runs again for min.
func TestE2EModeSilences(t *testing.T) {
	needServices(t)
	cases := []modeCase{
		{name: "control/mode=max", attrs: map[string]string{"mode": "max"}, wantMax: true},
		{name: "control/mode=min", attrs: map[string]string{"mode": "min"}},
		{name: "InvalidCacheMode/maxx-is-min", attrs: map[string]string{"mode": "maxx"}},
		{name: "InvalidCacheMode/MAX-is-min", attrs: map[string]string{"mode": "MAX"}},
		{name: "WhitespaceAroundCacheKey/space-mode-is-ignored", attrs: map[string]string{" mode": "max"}},
		{name: "gha/mode=max", attrs: map[string]string{"mode": "max"}, wantMax: true, gha: true},
		{name: "gha/mode=min", attrs: map[string]string{"mode": "min"}, gha: true},
		{name: "gha/no-mode-is-min", attrs: map[string]string{}, gha: true},
		{name: "InvalidCacheMode/gha-maxx-is-min", attrs: map[string]string{"mode": "maxx"}, gha: true},
	}
	fxs := make([]fixture, len(cases))
	dirs := make([]string, len(cases))
	stamps := make([]string, len(cases))
	for i, c := range cases { // owned by the whole test, to outlive the export phase
		fxs[i], dirs[i] = newFixture(t, multiStage, c.name), t.TempDir()
	}
	t.Run("export", func(t *testing.T) {
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				r := buildRaw(t, fxs[i], nil, modeEntry(t, c, dirs[i], c.attrs))
				if r.err != nil {
					t.Fatalf("export: %v (BuildKit accepts this mode silently)", r.err)
				}
				stamps[i] = r.stamp
			})
		}
	})
	pruneAll(t)
	t.Run("import", func(t *testing.T) {
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				if stamps[i] == "" {
					t.Skip("the export failed")
				}
				fxs[i].touch(t)
				r := buildRaw(t, fxs[i], modeEntry(t, c, dirs[i], nil), nil)
				if r.err != nil {
					t.Fatal(r.err)
				}
				gotMax := r.cached("RUN") && r.stamp == stamps[i]
				if gotMax != c.wantMax {
					t.Errorf("builder stage reused = %v, want %v (max mode keeps it, min mode does not); vertices %v", gotMax, c.wantMax, names(r))
				}
			})
		}
	})
}

// modeEntry is the cache entry of a mode case: the export (attrs given)
// or the import (attrs nil) of a local cache in dir, or of a gha cache in
// a scope of the case's own.
func modeEntry(t *testing.T, c modeCase, dir string, attrs map[string]string) []client.CacheOptionsEntry {
	t.Helper()
	var o client.CacheOptionsEntry
	switch {
	case c.gha:
		needGHA(t)
		o = client.CacheOptionsEntry{Type: "gha", Attrs: ghaAttrs(map[string]string{"scope": "mode-" + strings.NewReplacer("/", "-", "=", "-").Replace(c.name)})}
	case attrs == nil:
		o = client.CacheOptionsEntry{Type: "local", Attrs: map[string]string{"src": filepath.Join(dir, "cache")}}
	default:
		o = client.CacheOptionsEntry{Type: "local", Attrs: map[string]string{"dest": filepath.Join(dir, "cache")}}
	}
	for k, v := range attrs {
		o.Attrs[k] = v
	}
	return []client.CacheOptionsEntry{o}
}

// TestE2ESeeds reproduces the seed mistakes on the local registry.
func TestE2ESeeds(t *testing.T) {
	needServices(t)

	t.Run("CacheRefIsImageTag/cache-replaces-image", func(t *testing.T) {
		t.Parallel()
		fx := newFixture(t, singleStage, "tag")
		ref := registryRef("seed-same-tag", "test")
		img := client.ExportEntry{Type: client.ExporterImage, Attrs: map[string]string{"name": ref, "push": "true"}}
		r := build(t, fx, nil, []cachespec.Entry{mustParse(t, "type=registry,mode=max,ref="+ref)}, img)
		if r.err != nil {
			t.Fatalf("build: %v", r.err)
		}
		// what a later pull of the tag gets
		cfg := manifestConfigType(t, "seed-same-tag", "test")
		if cfg != "application/vnd.buildkit.cacheconfig.v0" {
			t.Fatalf("the tag's manifest config is %q; want the cache's (the image was replaced)", cfg)
		}
		t.Logf("a pull of %s now gets a manifest whose config is %s: the cache, not the image", ref, cfg)
	})

	// sequential: it prunes between its phases (the parallel cases below
	// start after it)
	t.Run("DuplicateCacheAttribute/joined-local-sources-import-only-the-last", func(t *testing.T) {
		a, b := newFixture(t, singleStage, "a"), newFixture(t, singleStage, "b")
		dir := t.TempDir()
		da, db := filepath.Join(dir, "amd64"), filepath.Join(dir, "arm64")
		ra := build(t, a, nil, []cachespec.Entry{mustParse(t, "type=local,mode=max,dest="+da)})
		rb := build(t, b, nil, []cachespec.Entry{mustParse(t, "type=local,mode=max,dest="+db)})
		if ra.err != nil || rb.err != nil {
			t.Fatalf("exports: %v, %v", ra.err, rb.err)
		}
		// the line as build-push-action passes it to Buildx
		line := fmt.Sprintf("type=local,mode=max,src=%s,type=local,mode=max,src=%s", da, db)
		opts, err := buildflags.ParseCacheEntry([]string{line})
		if err != nil || len(opts) != 1 || opts[0].Attrs["src"] != db {
			t.Fatalf("Buildx reads %q as %v (%v); want one entry with src=%s", line, opts, err, db)
		}
		entries, err := buildx.FromCacheOptions(opts)
		if err != nil {
			t.Fatal(err)
		}
		pruneAll(t)
		ia := build(t, a, entries, nil)
		ib := build(t, b, entries, nil)
		if ia.err != nil || ib.err != nil {
			t.Fatalf("imports: %v, %v", ia.err, ib.err)
		}
		if ia.cached("RUN") || ia.stamp == ra.stamp {
			t.Errorf("the first source (%s) was imported; Buildx keeps only the last: %v (stamps %q %q)", da, names(ia), ia.stamp, ra.stamp)
		}
		if !ib.cached("RUN") || ib.stamp != rb.stamp {
			t.Errorf("the last source (%s) was not imported: %v", db, names(ib))
		}
	})

	t.Run("KeywordAsCacheRef/inline-becomes-docker.io-library-inline", func(t *testing.T) {
		t.Parallel()
		// Buildx reads the bare word as a registry ref
		opts, err := buildflags.ParseCacheEntry([]string{"inline"})
		if err != nil || len(opts) != 1 || opts[0].Type != "registry" || opts[0].Attrs["ref"] != "inline" {
			t.Fatalf("Buildx reads \"inline\" as %v (%v)", opts, err)
		}
		fx := newFixture(t, singleStage, "inline")
		r := buildRaw(t, fx, nil, []client.CacheOptionsEntry{{Type: opts[0].Type, Attrs: opts[0].Attrs}})
		if r.err == nil {
			t.Fatal("the export succeeded; want the daemon to try Docker Hub")
		}
		if msg := r.err.Error(); !strings.Contains(msg, "docker.io/library/inline") && !strings.Contains(msg, "registry-1.docker.io") {
			t.Fatalf("error %q does not name docker.io/library/inline", msg)
		}
		t.Logf("BuildKit: %v", r.err)
	})
}

// manifestConfigType fetches repo:tag from the local registry as a pull
// would and returns the media type of its config (for an index, of its
// first manifest).
func manifestConfigType(t *testing.T, repo, tag string) string {
	t.Helper()
	get := func(ref string) map[string]any {
		req, _ := http.NewRequest("GET", "http://"+env["E2E_REGISTRY"]+"/v2/"+repo+"/manifests/"+ref, nil)
		req.Header.Set("Accept", strings.Join([]string{
			"application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
			"application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json",
		}, ", "))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET manifest %s:%s: %s %s", repo, ref, resp.Status, b)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := get(tag)
	if ms, ok := m["manifests"].([]any); ok && len(ms) > 0 {
		d, _ := ms[0].(map[string]any)["digest"].(string)
		m = get(d)
	}
	cfg, _ := m["config"].(map[string]any)
	mt, _ := cfg["mediaType"].(string)
	return mt
}

// TestE2ELocalCacheGrowth shows that a local cache exported again into
// the same directory keeps the blobs of every earlier export, and that
// reset=true (BuildKit client v0.31+) keeps only what the last export
// references.
func TestE2ELocalCacheGrowth(t *testing.T) {
	needServices(t)
	blobs := func(dir string) int {
		es, err := os.ReadDir(filepath.Join(dir, "blobs", "sha256"))
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	run := func(t *testing.T, attrs string) (first, second int) {
		fx := newFixture(t, singleStage, attrs)
		dir := filepath.Join(t.TempDir(), "cache")
		spec := "type=local,mode=max,dest=" + dir + attrs
		if r := build(t, fx, nil, []cachespec.Entry{mustParse(t, spec)}); r.err != nil {
			t.Fatal(r.err)
		}
		first = blobs(dir)
		fx.touch(t)
		if r := build(t, fx, nil, []cachespec.Entry{mustParse(t, spec)}); r.err != nil {
			t.Fatal(r.err)
		}
		return first, blobs(dir)
	}
	t.Run("LocalCacheGrowsUnbounded/old-blobs-stay", func(t *testing.T) {
		t.Parallel()
		first, second := run(t, "")
		if second <= first {
			t.Errorf("blobs after a second export: %d, after the first %d; want more (nothing is removed)", second, first)
		}
		t.Logf("blobs: %d after the first export, %d after the second", first, second)
	})
	t.Run("LocalCacheGrowsUnbounded/reset-removes-them", func(t *testing.T) {
		t.Parallel()
		first, second := run(t, ",reset=true")
		if second != first {
			t.Errorf("blobs with reset=true: %d after the second export, %d after the first; want the same count", second, first)
		}
		t.Logf("blobs with reset=true: %d after the first export, %d after the second", first, second)
	})
}

// TestE2ELastWriterWins shows what happens when two builds export to one
// place: the place holds the last export only, so the first build finds no
// cache of its own.
func TestE2ELastWriterWins(t *testing.T) {
	needServices(t)
	cases := []struct {
		name string
		spec func(t *testing.T) string
	}{
		{name: "SharedRegistryCacheRef/last-export-wins", spec: func(t *testing.T) string {
			return "type=registry,mode=max,ref=" + registryRef("shared", "cache")
		}},
		{name: "BlobCacheNameCollision/last-s3-export-wins", spec: func(t *testing.T) string {
			return "type=s3," + s3Spec() + ",name=shared-name,mode=max"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a, b := newFixture(t, singleStage, "a"), newFixture(t, singleStage, "b")
			spec := mustParse(t, c.spec(t))
			ra := build(t, a, nil, []cachespec.Entry{spec})
			rb := build(t, b, nil, []cachespec.Entry{spec})
			if ra.err != nil || rb.err != nil {
				t.Fatalf("exports: %v, %v", ra.err, rb.err)
			}
			imp := cachespec.Clone(spec)
			ia := build(t, a, []cachespec.Entry{imp}, nil)
			ib := build(t, b, []cachespec.Entry{imp}, nil)
			if ia.err != nil || ib.err != nil {
				t.Fatalf("imports: %v, %v", ia.err, ib.err)
			}
			if ia.cached("RUN") {
				t.Errorf("the first build's cache survived the second export")
			}
			if !ib.cached("RUN") || ib.stamp != rb.stamp {
				t.Errorf("the second build's cache was not imported: %v", names(ib))
			}
		})
	}
}

// TestE2EImageWithoutInlineCache: importing an image that was pushed
// without inline cache metadata succeeds and reuses nothing.
func TestE2EImageWithoutInlineCache(t *testing.T) {
	needServices(t)
	t.Run("CacheFromImageWithoutCache/empty-cache", func(t *testing.T) {
		fx := newFixture(t, singleStage, "noinline")
		img := registryRef("no-inline", "latest")
		r := build(t, fx, nil, nil, client.ExportEntry{Type: client.ExporterImage, Attrs: map[string]string{"name": img, "push": "true"}})
		if r.err != nil {
			t.Fatal(r.err)
		}
		ri := build(t, fx, []cachespec.Entry{mustParse(t, "type=registry,ref="+img)}, nil)
		if ri.err != nil {
			t.Fatalf("import of an image without cache metadata failed the build: %v", ri.err)
		}
		if ri.cached("RUN") || ri.stamp == r.stamp {
			t.Errorf("the RUN step was reused from an image without inline cache: %v", names(ri))
		}
	})
}
