package refs

import (
	// BuildKit links crypto/sha512, which makes go-digest accept sha384
	// and sha512 digests; the oracle must see the same.
	_ "crypto/sha512"
	"errors"
	"strings"
	"testing"

	"github.com/distribution/reference"
	"pgregory.net/rapid"
)

// same checks s against distribution/reference, the oracle: Parse accepts
// exactly what ParseNormalizedNamed accepts and every accessor agrees.
// tb is what same needs of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

func same(t tb, s string) {
	t.Helper()
	named, oerr := reference.ParseNormalizedNamed(s)
	r, err := Parse(s)
	if (err == nil) != (oerr == nil) {
		t.Fatalf("Parse(%q): error %v, distribution/reference %v", s, err, oerr)
	}
	if err != nil {
		var re *Error
		if !errors.As(err, &re) || re.Err == nil || !errors.Is(err, re.Err) || re.Offset < 0 || re.Offset > len(s) {
			t.Fatalf("Parse(%q): malformed error %#v", s, err)
		}
		if r != (Ref{}) {
			t.Fatalf("Parse(%q) returned a Ref with an error", s)
		}
		return
	}
	checks := []struct{ what, got, want string }{
		{"Qualified", r.Qualified(), reference.TagNameOnly(named).String()},
		{"Name", r.Name(), named.Name()},
		{"Domain", r.Domain(), reference.Domain(named)},
		{"Path", r.Path(), reference.Path(named)},
		{"Familiar", r.Familiar(), reference.FamiliarString(named)},
		{"String", r.String(), s},
	}
	if tg, ok := named.(reference.Tagged); ok {
		checks = append(checks, struct{ what, got, want string }{"Tag", r.Tag(), tg.Tag()})
	} else if r.Tag() != "" {
		t.Fatalf("Parse(%q).Tag() = %q, want none", s, r.Tag())
	}
	if dg, ok := named.(reference.Digested); ok {
		checks = append(checks, struct{ what, got, want string }{"Digest", r.Digest(), dg.Digest().String()})
	} else if r.Digest() != "" {
		t.Fatalf("Parse(%q).Digest() = %q, want none", s, r.Digest())
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Fatalf("Parse(%q).%s() = %q, want %q", s, c.what, c.got, c.want)
		}
	}
	if n := r.Named(); n == nil || n.String() != named.String() {
		t.Fatalf("Parse(%q).Named() = %v", s, n)
	}
	q, err := Parse(r.Qualified())
	if err != nil || q.Qualified() != r.Qualified() {
		t.Fatalf("Qualified of %q does not re-parse to itself: %v", s, err)
	}
}

var hex64 = strings.Repeat("0123456789abcdef", 4)

// diffInputs exercise every branch of the grammar.
var diffInputs = []string{
	"", "app", "app:v1", "app:V1", "App", "user/app", "user/App", "User/app", "USER/app", "user/app:cache",
	"docker.io/app", "docker.io/library/app", "index.docker.io/app", "index.docker.io/user/app",
	"localhost/app", "localhost:5000/app", "localhost", "localhost:5000", "example.com", "example.com/a",
	"ghcr.io/acme/app:buildcache", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:cache",
	"[::1]:5000/a", "[::1]/a", "[::]/a", "[fe80::1%eth0]/a", "[]/a", "[::1/a", "[:g]/a",
	"a_b.com/x", "a__b/c", "a___b/c", "a-b/c", "a--b/c", "a-/b", "-a/b", "a./b", "a/.b", "a/b.", "a/b_", "a/b-",
	"a//b", "/a", "a/", "a:/b", "a:5000/b", "a:b/c", "a:5000", "host:port/a", "Host:5000/a", "HOST/a", "Ho_st/a",
	"a@sha256:" + hex64, "a:t@sha256:" + hex64, "a@sha256:" + strings.ToUpper(hex64), "a@sha256:abc",
	"a@sha512:" + hex64 + hex64, "a@sha384:" + hex64 + hex64[:32], "a@md5:" + hex64[:32], "a@sha256+x:" + hex64,
	"a@:" + hex64, "a@sha256:" + hex64 + "0", "a@sha256", "a@", "a:", "a:@sha256:" + hex64, "a:-t", "a:_t", "a:.t",
	"a:" + strings.Repeat("t", 128), "a:" + strings.Repeat("t", 129), hex64, strings.ToUpper(hex64), hex64 + "0",
	"x/" + hex64, strings.Repeat("a", 255), strings.Repeat("a", 248), strings.Repeat("a", 247), "u/" + strings.Repeat("a", 253),
	"ex.com/" + strings.Repeat("a", 255), "ex.com/" + strings.Repeat("a", 256), "a b", " a", "a ", "a\tb", "é/a", "a/é", "a:é",
	"ÉX.com/a", "a/b/c/d/e:f", "a.b.c/d:e@sha256:" + hex64, "1.2.3.4:80/a", "1.2.3.4/a", "a..b/c", "a.-b/c",
	"inline", "gha", "ghcr.io/${{ github.repository }}:cache", "local:///cache", "a,b", "a=b", "ghcr.io/Org/App:cache",
	"Org/app", "org/App", "\u212a/a", "a/\u212a", "a:\u212a", "A_b/c", "a_B.com/x", "a_b.com/X", "a_b.com/x:T",
	"Ab_/c", "docker.io/app", "docker.io/a/b", "index.docker.io", "docker.io", "a_b.c/d@sha256:" + hex64,
}

func TestDifferential(t *testing.T) {
	t.Parallel()
	for _, s := range diffInputs {
		same(t, s)
	}
}

// refAlphabet biases generated strings toward reference syntax.
var refAlphabet = []rune("abcxyz09AZ._-/:@[]+ é")

func TestDifferentialProperty(t *testing.T) {
	t.Parallel()
	gen := rapid.OneOf(
		rapid.StringOfN(rapid.SampledFrom(refAlphabet), 0, 24, -1),
		rapid.Custom(func(t *rapid.T) string {
			// Structured: [domain/]path[:tag][@digest] from valid and
			// nearly valid parts.
			var b strings.Builder
			if rapid.Bool().Draw(t, "domain") {
				b.WriteString(rapid.SampledFrom([]string{"docker.io", "index.docker.io", "localhost", "localhost:5000", "ghcr.io", "a.b:1", "[::1]:5000", "Reg.io", "UP", "a_b.c", "x:y", "1.2.3.4"}).Draw(t, "d"))
				b.WriteByte('/')
			}
			n := rapid.IntRange(1, 3).Draw(t, "components")
			for i := 0; i < n; i++ {
				if i > 0 {
					b.WriteByte('/')
				}
				b.WriteString(rapid.StringMatching(`[a-z0-9]{1,3}([._-]{1,2}[a-z0-9A]{0,3}){0,2}`).Draw(t, "c"))
			}
			if rapid.Bool().Draw(t, "tag") {
				b.WriteString(":" + rapid.StringMatching(`[\w.-]{0,5}`).Draw(t, "t"))
			}
			if rapid.Bool().Draw(t, "digest") {
				b.WriteString("@" + rapid.SampledFrom([]string{"sha256:" + hex64, "sha512:" + hex64 + hex64, "sha256:" + hex64[:40], "md5:" + hex64[:32], "sha256:" + strings.ToUpper(hex64)}).Draw(t, "dg"))
			}
			return b.String()
		}),
	)
	rapid.Check(t, func(t *rapid.T) {
		same(t, gen.Draw(t, "ref"))
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range diffInputs {
		f.Add(s)
	}
	addRealworldSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		same(t, s)
	})
}
