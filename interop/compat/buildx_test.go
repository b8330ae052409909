package compat

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/docker/buildx/util/buildflags"
	"github.com/moby/buildkit/util/bklog"
	"github.com/sirupsen/logrus"
	"pgregory.net/rapid"
)

// divergences counts, per kind, the values Buildx accepts and cachespec
// refuses; TestMain prints the table.
var divergences = struct {
	sync.Mutex
	n       map[string]int
	example map[string]string
}{n: map[string]int{}, example: map[string]string{}}

func noteDivergence(kind *cachespec.Kind, value string) {
	divergences.Lock()
	defer divergences.Unlock()
	divergences.n[kind.Rule()]++
	if _, ok := divergences.example[kind.Rule()]; !ok || len(value) < len(divergences.example[kind.Rule()]) {
		divergences.example[kind.Rule()] = value
	}
}

func TestMain(m *testing.M) {
	// buildctl warns about its legacy form on every bare ref.
	bklog.L.Logger.SetLevel(logrus.ErrorLevel)
	code := m.Run()
	if len(divergences.n) > 0 {
		var rules []string
		for r := range divergences.n {
			rules = append(rules, r)
		}
		sort.Strings(rules)
		fmt.Println("values Buildx or buildctl accepts and cachespec refuses, by rule:")
		for _, r := range rules {
			fmt.Printf("  %-26s %6d  e.g. %q\n", r, divergences.n[r], divergences.example[r])
		}
	}
	os.Exit(code)
}

// compareBuildx runs one flag value through Buildx's ParseCacheEntry and
// cachespec.ParseList and checks the agreement rules.
func compareBuildx(t interface {
	Helper()
	Fatalf(string, ...any)
}, value string) {
	t.Helper()
	theirs, berr := buildflags.ParseCacheEntry([]string{value})
	ours, err := cachespec.ParseList([]string{value})
	switch {
	case err == nil && berr != nil:
		t.Fatalf("%q: cachespec accepts, Buildx refuses: %v", value, berr)
	case err != nil && berr != nil:
		return
	case err != nil:
		var pe *cachespec.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: error %T is not a *ParseError", value, err)
		}
		if !reasons(value, theirs)[pe.Kind] {
			t.Fatalf("%q: Buildx accepts it as %v; cachespec refuses it (%v) for a reason the documented rules do not confirm", value, describe(theirs), err)
		}
		noteDivergence(pe.Kind, value)
		return
	}
	if len(ours) != len(theirs) {
		t.Fatalf("%q: %d entries, Buildx %d", value, len(ours), len(theirs))
	}
	for i := range ours {
		if ours[i].Type().String() != theirs[i].Type || !maps.Equal(ours[i].Attrs(), nonNil(theirs[i].Attrs)) {
			t.Fatalf("%q entry %d: cachespec %s %v, Buildx %s %v", value, i, ours[i].Type(), ours[i].Attrs(), theirs[i].Type, theirs[i].Attrs)
		}
		// Our canonical form means the same to Buildx.
		again, err := buildflags.ParseCacheEntry([]string{cachespec.Format(ours[i])})
		if err != nil || len(again) != 1 || !again[0].Equal(theirs[i]) {
			t.Fatalf("%q: Buildx reads Format %q as %v, %v", value, cachespec.Format(ours[i]), describe(again), err)
		}
		// Buildx's printed form, read back by us, means the same.
		// (Buildx prints a registry entry whose only attribute is ref as the
		// bare ref, which for a keyword is exactly the ambiguity cachespec
		// refuses, and for a ref with "," or "=" does not re-parse.)
		if s := theirs[i].String(); s != "" && !strings.ContainsAny(theirs[i].Attrs["ref"], ",=") && !isKeyword(s) {
			back, err := cachespec.ParseList([]string{s})
			if err != nil || len(back) != 1 || !maps.Equal(back[0].Attrs(), nonNil(theirs[i].Attrs)) {
				t.Fatalf("%q: cachespec reads Buildx's String %q as %v, %v", value, s, back, err)
			}
		}
		// JSON both ways.
		j, _ := json.Marshal(ours[i])
		var bj buildflags.CacheOptionsEntry
		if err := json.Unmarshal(j, &bj); err != nil || !bj.Equal(theirs[i]) {
			t.Fatalf("%q: Buildx reads our JSON %s as %v, %v", value, j, bj, err)
		}
		tj, _ := json.Marshal(theirs[i])
		// (Buildx's JSON sorts keys, so unknown attributes may change order.)
		if back, err := cachespec.ParseJSON(tj); err != nil || back.Type() != ours[i].Type() || !maps.Equal(back.Attrs(), ours[i].Attrs()) {
			t.Fatalf("%q: cachespec reads Buildx's JSON %s as %v, %v", value, tj, back, err)
		}
		// cty, as bake holds it.
		var fromCty buildflags.CacheOptions
		if err := fromCty.FromCtyValue(buildflags.CacheOptions{toBuildx(ours[i])}.ToCtyValue(), nil); err != nil || len(fromCty) != 1 || !fromCty[0].Equal(theirs[i]) {
			t.Fatalf("%q: cty round trip: %v, %v", value, describe(fromCty), err)
		}
	}
}

func toBuildx(e cachespec.Entry) *buildflags.CacheOptionsEntry {
	return &buildflags.CacheOptionsEntry{Type: e.Type().String(), Attrs: e.Attrs()}
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func describe(o buildflags.CacheOptions) string {
	var parts []string
	for _, e := range o {
		parts = append(parts, e.Type+fmt.Sprint(e.Attrs))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// handValues cover every row of the reference's Buildx tables (§4.1, §5).
var handValues = []string{
	"user/app:cache", "inline", "gha", "max", "user/app:a,user/app:b", "user/app:a, user/app:b", "a,,b", ",",
	"TYPE=Registry,REF=User/App:Cache,Mode=MAX", "type=registry,ref=a,ref=b", "type=registry,type=local,dest=x",
	"ref=user/app:cache", "mode=max", "user/app:cache,mode=max", " type=registry , ref=x ", "type=registry,ref=x,",
	"type=registry,ref=", "type=,ref=x", `type=local,"dest=a,b"`, `type=local,dest="a,b"`, "type=registry,ref=a=b",
	"type=gha, mode=max", "type=gha,mode=max ", "type=gha , mode=max", "type=Registry,ref=x", "type=GHA",
	"type=gha,mode=MAX", "type=gha,mode=maximum", "type=gha,mode=", "type=gha,ignore-error=yes",
	"type=s3,touch_refresh=1d", "type=s3,use_path_style=yes", "type=s3,disable_accept_encoding=yes",
	"type=registry,ref=x,compression=ZSTD", "type=registry,ref=x,compression-level=22", "type=registry,ref=x,force-compression=",
	"type=gha,cache-mode=max", "type=gha,image_manifest=true", "type=gha,ref=x", "type=type=local,dest=/tmp/c",
	"type=gha,timeout=600", "type=gha,version=x", "type=s3,upload_parallelism=0", "type=s3,retry_mode=legacy",
	"type=local,src=/c,digest=sha256:abc", "type=registry,ref=ghcr.io/Org/App:cache", "type=registry,ref=local:///cache",
	"type=gha,scope=\x01", "type=gha,scope=\xff", `"a""b"`, `"""a"""`, `"a,b"`, " ", "a b",
	"type=local,mode=max,src=/path/to/cache/amd64,type=local,mode=max,src=/path/to/cache/arm64",
	"type=gha,token=eyJhbGciOiJIUzI1NiJ9.e30.c2ln,url=https://x/", "type=inline,mode=max",
	"type=registry,ref=123456789012.dkr.ecr.us-east-1.amazonaws.com/app:cache,mode=max,image-manifest=true,oci-mediatypes=true,compression=zstd,compression-level=3",
}

func TestBuildxHandValues(t *testing.T) {
	for _, v := range handValues {
		compareBuildx(t, v)
	}
}

// TestBuildxRealWorld runs every real-world value; gha-input values are
// split as build-push-action splits them. Templates are compared too: both
// parsers see the same unexpanded text.
func TestBuildxRealWorld(t *testing.T) {
	f, err := os.Open("../../testdata/realworld.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var r struct{ Form, Raw string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		values := []string{r.Raw}
		switch {
		case r.Form == "gha-input":
			values, err = cachespec.SplitActionInput(r.Raw)
			if err != nil {
				continue
			}
		case r.Form == "buildctl":
			continue // TestBuildctl covers these
		case strings.HasPrefix(r.Raw, "{"):
			compareJSON(t, r.Raw)
			n++
			continue
		}
		for _, v := range values {
			compareBuildx(t, v)
			n++
		}
	}
	if n < 250 {
		t.Fatalf("only %d values compared", n)
	}
}

// compareJSON compares bake's object form: Buildx's JSON reader and ours.
func compareJSON(t *testing.T, raw string) {
	t.Helper()
	var theirs buildflags.CacheOptionsEntry
	berr := json.Unmarshal([]byte(raw), &theirs)
	ours, err := cachespec.ParseJSON([]byte(raw))
	if err == nil && berr != nil {
		t.Fatalf("%s: cachespec accepts, Buildx refuses: %v", raw, berr)
	}
	if err == nil && (ours.Type().String() != theirs.Type || !maps.Equal(ours.Attrs(), nonNil(theirs.Attrs))) {
		t.Fatalf("%s: cachespec %v, Buildx %v", raw, ours.Attrs(), theirs.Attrs)
	}
}

// genValue draws flag values near the valid ones: known keys of every
// backend in random case, duplicates, spaces, quotes, commas and odd values.
func genValue() *rapid.Generator[string] {
	keys := []string{"type", "ref", "mode", "scope", "dest", "src", "tag", "digest", "reset", "ignore-error",
		"compression", "compression-level", "force-compression", "oci-mediatypes", "image-manifest", "registry.insecure",
		"url", "url_v2", "version", "timeout", "token", "ghtoken", "repository", "region", "bucket", "name", "prefix",
		"endpoint_url", "use_path_style", "upload_parallelism", "touch_refresh", "retry_mode", "retry_max_attempts",
		"account_url", "account_name", "container", "secret_access_key", "x-new"}
	values := []string{"registry", "local", "inline", "gha", "s3", "azblob", "min", "max", "MAX", "true", "1", "yes", "",
		"10m", "600", "gzip", "zstd", "3", "22", "-1", "standard", "user/app:cache", "ghcr.io/a/B", "/tmp/c", "a b",
		"sha256:" + strings.Repeat("a", 64), "https://x.blob.core.windows.net", "${{ x }}", "é", "a=b"}
	field := rapid.Custom(func(t *rapid.T) string {
		k := rapid.SampledFrom(keys).Draw(t, "key")
		switch rapid.IntRange(0, 9).Draw(t, "case") {
		case 0:
			k = strings.ToUpper(k)
		case 1:
			k = " " + k
		}
		f := k + "=" + rapid.SampledFrom(values).Draw(t, "value")
		if strings.ContainsAny(f, `,"`) || rapid.IntRange(0, 9).Draw(t, "quote") == 0 {
			f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		}
		return f
	})
	return rapid.OneOf(
		rapid.Custom(func(t *rapid.T) string {
			fs := rapid.SliceOfN(field, 1, 5).Draw(t, "fields")
			if rapid.Bool().Draw(t, "typed") {
				fs = append([]string{"type=" + rapid.SampledFrom(values[:6]).Draw(t, "type")}, fs...)
			}
			return strings.Join(fs, ",")
		}),
		rapid.Custom(func(t *rapid.T) string {
			return strings.Join(rapid.SliceOfN(rapid.SampledFrom([]string{"user/app", "ghcr.io/a/b:c", "inline", "A/b", "a/B", " x", `"y"`, ""}), 1, 3).Draw(t, "refs"), ",")
		}),
		rapid.StringOfN(rapid.SampledFrom([]rune(`type=gha,mode"x `)), 0, 16, -1),
	)
}

func TestBuildxGenerated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		compareBuildx(t, genValue().Draw(t, "value"))
	})
}

func FuzzBuildx(f *testing.F) {
	for _, v := range handValues {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		compareBuildx(t, v)
	})
}
