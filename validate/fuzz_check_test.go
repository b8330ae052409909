package validate

import (
	"strconv"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
)

// fuzzMarker is the secret the fuzz target injects; an input that holds it
// itself is skipped, so that any marker in a diagnostic is a leak.
const fuzzMarker = "QZXJ"

// fuzzSecretKeys are the keys the marker secrets are written under: secret
// attributes, near misses, credential-named keys.
var fuzzSecretKeys = []string{"token", "secret_access_key", "session_token", "access_key_id", "account_key", "sas_token", "tokne", "secret_acess_key", "ghtoken", "password", "api-key"}

// fuzzBuilds decodes fuzz input into builds: values are the lines of
// values (a line "---" starts the next build, at most 8), ctl's bytes
// choose each build's direction of each value, its CI context, builder,
// step and origin, and where a marker secret is added to a value (in CSV
// form, or into a JSON object).
func fuzzBuilds(values string, ctl []byte) []Build {
	at := 0
	next := func() byte {
		if len(ctl) == 0 {
			return 0
		}
		b := ctl[at%len(ctl)]
		at++
		return b
	}
	var builds []Build
	b := Build{}
	n := 0
	flush := func() {
		c := next()
		b.Name = "build" + strconv.Itoa(len(builds))
		b.Origin = Origin(c % 5)
		b.Step = Step(c / 5 % 3)
		if c&0x80 != 0 {
			fork := c&0x40 != 0
			b.CI = CI{Provider: "github", Event: []string{"push", "pull_request", "pull_request_target", "schedule"}[c>>4&3], Fork: &fork}
		}
		d := next()
		b.Builder = Builder{Driver: []string{"", "docker", "docker-container", "remote", "kubernetes"}[d%5], BuildKitVersion: []string{"", "v0.12.0", "v0.20.0", "0.9"}[d/5%4], Nodes: int(d / 20 % 3)}
		if d&1 != 0 {
			p := d&2 != 0
			b.Push = &p
		}
		if d&4 != 0 {
			b.Tags = []string{"ghcr.io/o/app:" + strconv.Itoa(int(d))}
		}
		b.Source = &Source{Def: diag.Range{File: "f"}, Group: "g"}
		for i := range b.CacheFrom {
			b.Source.CacheFrom = append(b.Source.CacheFrom, diag.Span{File: "f", Start: diag.Pos{Line: i + 1, Col: 1, Offset: 0}, Exact: true})
		}
		for i := range b.CacheTo {
			b.Source.CacheTo = append(b.Source.CacheTo, diag.Span{File: "f", Start: diag.Pos{Line: 100 + i, Col: 1}, Exact: true})
		}
		builds = append(builds, b)
		b = Build{}
	}
	for line := range strings.SplitSeq(values, "\n") {
		if line == "---" {
			if len(builds) < 7 {
				flush()
			}
			continue
		}
		c := next()
		if c&0x10 != 0 {
			n++
			secret := fuzzMarker + strconv.Itoa(n) + fuzzMarker
			key := fuzzSecretKeys[int(c>>5)%len(fuzzSecretKeys)]
			if t := strings.TrimSpace(line); strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
				line = t[:len(t)-1] + `,"` + key + `":"` + secret + `"}`
			} else {
				line += "," + key + "=" + secret
			}
		}
		if c&1 == 0 {
			b.CacheFrom = append(b.CacheFrom, line)
		} else {
			b.CacheTo = append(b.CacheTo, line)
		}
	}
	flush()
	return builds
}

// FuzzCheck runs Check and CheckAll on random builds: no panic, every
// diagnostic of a registered rule with a one-line message, placed inside
// its build's values' file, and no marker secret in any message, subject,
// fix message or displayed fix.
func FuzzCheck(f *testing.F) {
	seeds := []struct {
		values string
		ctl    []byte
	}{
		{"type=gha,mode=max\n---\ntype=gha,mode=max", []byte{0x01, 0x91, 0x05, 0x11}},
		{"ref=ghcr.io/a/b:cache\ntype=registry,ref=ghcr.io/a/b:cache,mode=max", []byte{0x10, 0x11, 0xc3}},
		{"type=s3,bucket=b,region=r,name=x\n---\ntype=s3,bucket=b,region=r,name=x", []byte{0x31, 0x51, 0x80, 0x02}},
		{`{"type":"azblob","account_url":"https://a.blob.core.windows.net","name":"n"}`, []byte{0x71}},
		{"type=local,dest=/tmp/c\ntype=local,src=/tmp/c", []byte{0x01, 0x00, 0x22}},
		{"type=inline\ntype=gha,scope=${{ github.ref }},tokne=x", []byte{0x95, 0x11}},
		{"type=registry,ref=https://u:p@host/repo\nuser:pw@host/repo", []byte{0x00, 0x01}},
		{"type=gha,mode=maxx, scope=a\n\"type=gha\",\"mode=min\"", []byte{0xff, 0x10}},
	}
	for _, s := range seeds {
		f.Add(s.values, s.ctl)
	}
	f.Fuzz(func(t *testing.T, values string, ctl []byte) {
		if strings.Contains(values, fuzzMarker) || len(values) > 4096 {
			t.Skip()
		}
		builds := fuzzBuilds(values, ctl)
		var ds Diagnostics
		for _, b := range builds {
			ds = append(ds, Check(b)...)
		}
		ds = append(ds, CheckAll(builds)...)
		for _, d := range ds {
			if _, ok := Lookup(d.Rule); !ok {
				t.Errorf("unregistered rule %q: %v", d.Rule, d)
			}
			if strings.ContainsAny(d.Message, "\n\r") {
				t.Errorf("message on several lines: %q", d.Message)
			}
			texts := []string{d.Message, d.Subject, d.String()}
			for _, fx := range d.Fixes {
				texts = append(texts, fx.Message, fx.Fixed)
			}
			for _, s := range texts {
				if strings.Contains(strings.ReplaceAll(s, cachespec.Redacted, ""), fuzzMarker) {
					t.Fatalf("a secret is printed: %q\nbuilds %+v", s, builds)
				}
			}
			if d.Range.File != "" && d.Range.File != "f" {
				t.Errorf("diagnostic placed in %q", d.Range.File)
			}
		}
	})
}
