package lint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/cachespec"
)

// The whole lint path on random file trees: the fuzz input is the text of
// up to eight files (separated by a line "===") and bytes choosing each
// file's kind and name. "@S@" in a file becomes a marker secret written
// under a credential key ("token=QZXJ1QZXJ", and the other keys of
// fuzzSecretPairs), so that a marker anywhere in the output is a leak; the
// environment holds marker secrets as well, one under a key, one bare
// (given as Options.Secrets, as the buildxcache command gives the
// process environment's).

const fuzzLintMarker = "QZXJ"

// fuzzSecretPairs are the forms "@S@" takes, with %d the marker's number.
var fuzzSecretPairs = []string{
	"token=QZXJ%dQZXJ", "secret_access_key=QZXJ%dQZXJ", "session_token=QZXJ%dQZXJ", "tokne=QZXJ%dQZXJ",
	"account_key=QZXJ%dQZXJ", "ref=user:QZXJ%dQZXJ@host/repo", "ref=https://u:QZXJ%dQZXJ@host/x",
}

// fuzzNames are the files a fuzz tree can hold, by kind.
var fuzzNames = []string{
	".github/workflows/ci.yml", ".github/workflows/release.yaml", "docker-bake.hcl", "docker-bake.json",
	"compose.yaml", "ci/build.sh", "Makefile", "sub/docker-bake.override.hcl", "scripts/release", "docker-compose.yml",
}

// fuzzTree writes the files of the fuzz input under dir and returns the
// marker count.
func fuzzTree(t *testing.T, dir, text string, ctl []byte) int {
	n := 0
	for i, content := range strings.SplitN(text, "\n===\n", 8) {
		c := byte(i)
		if i < len(ctl) {
			c = ctl[i]
		}
		name := fuzzNames[int(c)%len(fuzzNames)]
		if c >= 128 {
			name = strings.Replace(name, "ci", "c"+strconv.Itoa(i), 1) // two files of a kind
		}
		for strings.Contains(content, "@S@") {
			n++
			pair := strings.Replace(fuzzSecretPairs[(n+int(c))%len(fuzzSecretPairs)], "%d", strconv.Itoa(n), 1)
			content = strings.Replace(content, "@S@", pair, 1)
		}
		if name == "scripts/release" && !strings.HasPrefix(content, "#!") {
			content = "#!/bin/sh\n" + content
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// heapAllocs returns the bytes allocated on the heap so far.
func heapAllocs() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// unsafeInOutput returns the first control character (other than newline,
// and tab where allowed) or bidirectional override in s, or -1.
func unsafeInOutput(s string, tab bool) rune {
	for _, r := range s {
		if r == '\n' || r == '\t' && tab {
			continue
		}
		if unsafeRune(r, false) {
			return r
		}
	}
	return -1
}

// checkPrinted fails when a format's output holds a marker secret, or,
// read as that format is read (lines, or JSON strings decoded), a control
// character.
func checkPrinted(t *testing.T, format, out string) {
	if strings.Contains(strings.ReplaceAll(out, cachespec.Redacted, ""), fuzzLintMarker) {
		t.Fatalf("%s output prints a secret:\n%s", format, out)
	}
	switch format {
	case "text", "github":
		if r := unsafeInOutput(out, false); r >= 0 {
			t.Fatalf("%s output holds %U raw:\n%q", format, r, out)
		}
		return
	}
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%s output is not JSON: %v\n%s", format, err, out)
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			if r := unsafeInOutput(v, true); r >= 0 {
				t.Fatalf("%s output holds %U in the string %q", format, r, v)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
}

func FuzzLint(f *testing.F) {
	seeds := []struct {
		text string
		ctl  []byte
	}{
		{"on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          cache-from: ref=ghcr.io/a/b:cache,@S@\n          cache-to: type=gha,mode=maxx,@S@\n", []byte{0}},
		{"on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        k: [a1, a2]\n    steps:\n      - run: docker buildx build --cache-to \"type=s3,bucket=b,region=r,name=n,@S@\" .\n      - run: ./ci/build.sh\n===\n#!/bin/sh\ndocker buildx build --cache-to type=gha,@S@ $(echo $( \n", []byte{0, 5}},
		{"variable \"CACHE\" {\n  default = \"\"\n}\ntarget \"a\" {\n  cache-to = [\"${CACHE}\", \"@S@\"]\n}\n===\n{\"target\": {\"b\": {\"cache-from\": [\"type=gha,@S@\"]}}}", []byte{2, 3}},
		{"services:\n  app:\n    build:\n      context: .\n      cache_from:\n        - \"type=s3,@S@${\"\n      cache_to: [\"type=gha,@S@\"]\n  \x1b[2J\u202e::error file=x::y:\n    image: a\n", []byte{4}},
		{"IMAGE = ghcr.io/a/b\nimage:\n\tdocker buildx build --cache-to type=registry,ref=$(IMAGE):cache,@S@ .\n", []byte{6}},
		{"on: push\njobs:\n  \"j\\n::error file=a::b\":\n    runs-on: ubuntu-latest\n    steps:\n      - name: \"\\x1b]8;;http://x\\x07\"\n        uses: docker/build-push-action@v6\n        with:\n          cache-to: \"type=registry,ref=ghcr.io/a/b:c,@S@,\\u2028\"\n", []byte{0}},
		{"base: &b\n  a: 1\nx:\n  <<: [*b, *b]\n", []byte{1}},
		{"", []byte{0}},
	}
	for _, s := range seeds {
		f.Add(s.text, s.ctl)
	}
	base := f.TempDir()
	env := cachespec.MapEnv(map[string]string{
		"CACHE":  "mode=max,secret_access_key=QZXJenvQZXJ,bucket=b",
		"CACHE2": "mode=max,QZXJenv2QZXJ",
	})
	iter := 0
	f.Fuzz(func(t *testing.T, text string, ctl []byte) {
		if strings.Contains(text, fuzzLintMarker) || len(text) > 64<<10 {
			t.Skip()
		}
		iter++
		dir := filepath.Join(base, strconv.Itoa(iter))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		fuzzTree(t, dir, text, ctl)
		before, start := heapAllocs(), time.Now()
		r := Paths([]string{dir}, Options{Env: env, Secrets: []string{"QZXJenv2QZXJ"}, Workers: 1, FileDeadline: 20 * time.Second})
		if el := time.Since(start); el > 30*time.Second {
			t.Fatalf("the lint took %s", el)
		}
		if a := heapAllocs() - before; a > 1<<30 {
			t.Fatalf("the lint allocated %d MiB for %d bytes of files", a>>20, len(text))
		}
		for _, format := range Formats {
			w, _ := NewWriter(format, dir, "v0")
			var b strings.Builder
			if err := w.Write(&b, r); err != nil {
				t.Fatal(err)
			}
			checkPrinted(t, format, b.String())
		}
		changes, _ := PlanFixes(r)
		for _, c := range changes {
			if strings.Contains(strings.ReplaceAll(c.Diff(), cachespec.Redacted, ""), fuzzLintMarker) {
				t.Fatalf("the diff prints a secret:\n%s", c.Diff())
			}
		}
	})
}
