package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/moby/buildkit/client"

	"github.com/buildxcache/buildxcache/cachespec"
)

// roundTrip is one export-then-import case.
type roundTrip struct {
	name string
	// export and imp give the entries for the two builds; they are
	// functions because some need the case's directory or an earlier
	// result.
	export func(t *testing.T, dir string) []cachespec.Entry
	imp    func(t *testing.T, dir string) []cachespec.Entry
	// image, when set, is pushed with the export build (inline cache).
	image string
}

func parsed(values ...string) func(*testing.T, string) []cachespec.Entry {
	return func(t *testing.T, _ string) []cachespec.Entry {
		out := make([]cachespec.Entry, len(values))
		for i, v := range values {
			out[i] = mustParse(t, v)
		}
		return out
	}
}

func roundTrips() []roundTrip {
	reg := func(tag string) string { return registryRef("roundtrip", tag) }
	local := func(attrs string) func(*testing.T, string) []cachespec.Entry {
		return func(t *testing.T, dir string) []cachespec.Entry {
			return []cachespec.Entry{mustParse(t, "type=local,dest="+filepath.Join(dir, "cache")+attrs)}
		}
	}
	localImport := func(attrs string) func(*testing.T, string) []cachespec.Entry {
		return func(t *testing.T, dir string) []cachespec.Entry {
			return []cachespec.Entry{mustParse(t, "type=local,src="+filepath.Join(dir, "cache")+attrs)}
		}
	}
	return []roundTrip{
		{name: "registry/default", export: parsed("type=registry,ref=" + reg("default") + ",mode=max"), imp: parsed("type=registry,ref=" + reg("default"))},
		{name: "registry/mode=min", export: parsed("type=registry,ref=" + reg("min") + ",mode=min"), imp: parsed(reg("min"))},
		{name: "registry/image-manifest+oci-mediatypes", export: parsed("type=registry,ref=" + reg("im") + ",mode=max,image-manifest=true,oci-mediatypes=true"), imp: parsed("type=registry,ref=" + reg("im"))},
		{name: "registry/zstd", export: parsed("type=registry,ref=" + reg("zstd") + ",mode=max,compression=zstd,compression-level=3,force-compression=true"), imp: parsed("type=registry,ref=" + reg("zstd"))},
		{name: "registry/constructed-in-go", export: func(t *testing.T, _ string) []cachespec.Entry {
			r := mustParse(t, reg("go")).(*cachespec.Registry)
			return []cachespec.Entry{&cachespec.Registry{Ref: r.Ref, ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.ModeMax), IgnoreError: cachespec.Some(false)}}}
		}, imp: parsed("type=registry,ref=" + reg("go"))},
		{name: "local/mode=max", export: local(",mode=max"), imp: localImport("")},
		{name: "local/mode=min", export: local(",mode=min"), imp: localImport("")},
		{name: "local/tag", export: local(",mode=max,tag=v1"), imp: localImport(",tag=v1")},
		{name: "local/digest", export: local(",mode=max"), imp: func(t *testing.T, dir string) []cachespec.Entry {
			d := indexDigest(t, filepath.Join(dir, "cache"))
			return []cachespec.Entry{&cachespec.Local{Src: cachespec.Some(filepath.Join(dir, "cache")), Digest: cachespec.Some(d)}}
		}},
		{name: "local/constructed-in-go", export: func(t *testing.T, dir string) []cachespec.Entry {
			return []cachespec.Entry{&cachespec.Local{Dest: cachespec.Some(filepath.Join(dir, "cache")), ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.ModeMax)}}}
		}, imp: localImport("")},
		{name: "inline", image: reg("inline-image"), export: parsed("type=inline"), imp: parsed("type=registry,ref=" + reg("inline-image"))},
		{name: "s3/prefixes", export: func(t *testing.T, _ string) []cachespec.Entry {
			return []cachespec.Entry{mustParse(t, "type=s3,"+s3Spec()+",name=rt,prefix=e2e/,blobs_prefix=b/,manifests_prefix=m/,mode=max")}
		}, imp: func(t *testing.T, _ string) []cachespec.Entry {
			return []cachespec.Entry{mustParse(t, "type=s3,"+s3Spec()+",name=rt,prefix=e2e/,blobs_prefix=b/,manifests_prefix=m/")}
		}},
		{name: "s3/names", export: func(t *testing.T, _ string) []cachespec.Entry {
			return []cachespec.Entry{mustParse(t, "type=s3,"+s3Spec()+",name=one;two,mode=max")}
		}, imp: func(t *testing.T, _ string) []cachespec.Entry {
			return []cachespec.Entry{mustParse(t, "type=s3,"+s3Spec()+",name=two")}
		}},
		{name: "gha/scope", export: ghaParsed("scope=rt-scope,mode=max"), imp: ghaParsed("scope=rt-scope")},
		// timeout= bounds only the waits on a service that answers 429 Too
		// Many Requests (go-actions-cache doWithRetries), not a request
		{name: "gha/timeout=1ns", export: ghaParsed("scope=rt-timeout,mode=max,timeout=1ns"), imp: ghaParsed("scope=rt-timeout,timeout=1ns")},
		{name: "WrongDirectionAttribute/gha-export-attributes-on-import-ignored", export: ghaParsed("scope=rt-wd,mode=max"),
			imp: ghaParsed("scope=rt-wd,mode=max,ignore-error=false,repository=acme/app,ghtoken=unused")},
		{name: "UnknownCacheAttribute/gha-unknown-attribute-ignored", export: ghaParsed("scope=rt-unknown,mode=max,foo=bar"),
			imp: ghaParsed("scope=rt-unknown,foo=bar")},
		{name: "azblob", export: func(t *testing.T, _ string) []cachespec.Entry {
			return []cachespec.Entry{mustParse(t, azSpec(t)+",name=rt,mode=max")}
		}, imp: func(t *testing.T, _ string) []cachespec.Entry {
			return []cachespec.Entry{mustParse(t, azSpec(t)+",name=rt")}
		}},
	}
}

// azSpec is the connection part of an azblob value for Azurite.
func azSpec(t *testing.T) string {
	if env["E2E_AZURE_ACCOUNT_URL"] == "" {
		t.Skip("SKIPPED: Azurite is not installed (npm missing when the services were installed)")
	}
	return "type=azblob,account_url=" + env["E2E_AZURE_ACCOUNT_URL"] + ",account_name=" + env["E2E_AZURE_ACCOUNT_NAME"] +
		",secret_access_key=" + env["E2E_AZURE_KEY"] + ",container=buildcache"
}

// indexDigest returns the digest of the manifest an OCI layout's index
// lists first.
func indexDigest(t *testing.T, dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var idx struct {
		Manifests []struct {
			Digest string `json:"digest"`
		} `json:"manifests"`
	}
	if err := json.Unmarshal(b, &idx); err != nil || len(idx.Manifests) == 0 {
		t.Fatalf("index.json: %v %s", err, b)
	}
	return idx.Manifests[0].Digest
}

// TestE2ERoundTrip exports a cache with each backend and attribute
// variant, prunes the daemon, and imports it into the same build: the RUN
// step must be reported Cached in the solve status and its random stamp
// must be the exported one. Exports run in parallel, then one prune, then
// imports in parallel; every case has its own content, so their cache keys
// never meet.
func TestE2ERoundTrip(t *testing.T) {
	needServices(t)
	cases := roundTrips()
	type state struct {
		fx    fixture
		dir   string
		stamp string
		ok    bool
	}
	// fixtures and cache directories belong to the whole test: they must
	// outlive the export phase
	states := make([]*state, len(cases))
	for i, c := range cases {
		states[i] = &state{fx: newFixture(t, singleStage, c.name), dir: t.TempDir()}
	}
	t.Run("export", func(t *testing.T) {
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				s := states[i]
				var extra []client.ExportEntry
				if c.image != "" {
					extra = append(extra, client.ExportEntry{Type: client.ExporterImage, Attrs: map[string]string{"name": c.image, "push": "true"}})
				}
				r := build(t, s.fx, nil, c.export(t, s.dir), extra...)
				if r.err != nil {
					t.Fatalf("export build: %v", r.err)
				}
				if r.stamp == "" {
					t.Fatal("no stamp in the output")
				}
				s.stamp, s.ok = r.stamp, true
			})
		}
	})
	pruneAll(t)
	t.Run("import", func(t *testing.T) {
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				s := states[i]
				if !s.ok {
					t.Skip("the export failed")
				}
				r := build(t, s.fx, c.imp(t, s.dir), nil)
				if r.err != nil {
					t.Fatalf("import build: %v", r.err)
				}
				if !r.cached("RUN") {
					t.Errorf("the RUN step was not cached after importing %v; vertices: %v", c.imp(t, s.dir), names(r))
				}
				if r.stamp != s.stamp {
					t.Errorf("stamp %q, want the exported %q: the RUN step ran again", r.stamp, s.stamp)
				}
			})
		}
	})
}

func names(r result) []string {
	var out []string
	for n, v := range r.vertices {
		s := n
		if v.Cached {
			s += " (cached)"
		}
		if v.Error != "" {
			s += " (error: " + v.Error + ")"
		}
		out = append(out, s)
	}
	return out
}
