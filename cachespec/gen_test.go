package cachespec

import (
	"strconv"
	"strings"
	"time"

	"pgregory.net/rapid"
)

// Generators of valid entries for the property tests.

// oddRunes are characters that stress quoting and splitting: commas, quotes,
// "=", spaces, semicolons, and non-ASCII letters.
var oddRunes = []rune(`abcxyz019 ,"=;:/._-@$%{}()[]#éß漢😀` + "\u00a0\u200b")

// genText draws an attribute value: any text a value may hold.
func genText() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.StringOfN(rapid.SampledFrom(oddRunes), 0, 12, -1),
		rapid.SampledFrom([]string{"", "a,b", `"`, `a"b`, "=", "k=v", " lead", "trail ", "/tmp/.buildx-cache", "https://cache.example/x?y=1"}),
	)
}

var refSamples = []string{
	"app", "user/app", "user/app:cache", "ghcr.io/acme/app:buildcache",
	"localhost:5000/a/b:c", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:cache",
	"docker.io/library/alpine:3.20", "registry.example.com:443/team/app@sha256:" + strings.Repeat("ab", 32),
	"Acme/app", "[::1]:5000/x:y",
}

var boolSpellings = []string{"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"}

// genFieldText draws a valid text for the field f of entry e.
func genFieldText(t *rapid.T, f attrField, label string) string {
	switch f.(type) {
	case *refField:
		return rapid.SampledFrom(refSamples).Draw(t, label)
	case *Optional[bool]:
		return rapid.SampledFrom(boolSpellings).Draw(t, label)
	case *forceField:
		return rapid.SampledFrom(append([]string{""}, boolSpellings...)).Draw(t, label)
	case *Optional[int]:
		return strconv.Itoa(rapid.IntRange(-2, 9).Draw(t, label))
	case *positiveField:
		return rapid.SampledFrom([]string{"1", "2", "4", "16", "+3", "007"}).Draw(t, label)
	case *Optional[time.Duration]:
		return rapid.SampledFrom([]string{"10m", "600s", "1h30m", "-1s", "0", "1.5h", "10m0s", "300ms", "2µs"}).Draw(t, label)
	case *Optional[Mode]:
		return rapid.SampledFrom([]string{"min", "max"}).Draw(t, label)
	case *Optional[Compression]:
		return rapid.SampledFrom([]string{"gzip", "zstd", "estargz", "uncompressed"}).Draw(t, label)
	case *Optional[RetryMode]:
		return rapid.SampledFrom([]string{"standard", "adaptive"}).Draw(t, label)
	case *digestField:
		return "sha256:" + strings.Repeat(rapid.SampledFrom([]string{"0", "a", "f"}).Draw(t, label), 64)
	case *urlField:
		return rapid.SampledFrom([]string{"https://acct.blob.core.windows.net", "http://127.0.0.1:10000/devstoreaccount1", "", "not a url but parses"}).Draw(t, label)
	case *Secret:
		return rapid.SampledFrom([]string{"s3cr3t-" + rapid.StringMatching(`[A-Za-z0-9]{6,12}`).Draw(t, label+"-v"), "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "AKIAABCDEFGHIJKLMNOP", "with,comma=and\"quote"}).Draw(t, label)
	}
	return genText().Draw(t, label)
}

// genEntry draws a valid entry of any backend.
func genEntry() *rapid.Generator[Entry] {
	return rapid.Custom(func(t *rapid.T) Entry {
		typ := rapid.SampledFrom(Types()).Draw(t, "type")
		e := newEntry(typ)
		for i, k := range e.keys() {
			if !rapid.Bool().Draw(t, "has-"+k) {
				continue
			}
			f := e.field(i)
			if err := f.parse(genFieldText(t, f, k)); err != nil {
				t.Fatalf("generator drew an invalid %s: %v", k, err)
			}
		}
		if o := exportOptions(e); o.CompressionLevel.IsSet() && o.Compression.Or(CompressionGzip) == CompressionZstd {
			o.CompressionLevel = Some(rapid.IntRange(0, 22).Draw(t, "zstd-level"))
		}
		n := rapid.IntRange(0, 3).Draw(t, "extras")
		for j := 0; j < n; j++ {
			k := rapid.StringMatching(`[a-z][a-z0-9._-]{0,10}`).Draw(t, "extra-key")
			if k == "type" || indexKey(e.keys(), k) >= 0 {
				continue
			}
			if _, dup := e.unknown().Get(k); dup {
				continue
			}
			e.unknown().appendRaw(k, genText().Draw(t, "extra-val"))
		}
		return e
	})
}

// secretValues returns the values of e's secret fields.
func secretValues(e Entry) []string {
	var out []string
	for i := range e.keys() {
		if f := e.field(i); f.present() && f.isSecret() && len(f.spelling()) >= 4 {
			out = append(out, f.spelling())
		}
	}
	return out
}
