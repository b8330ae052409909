package cachespec_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/validate"
)

// Values binds --cache-from and --cache-to so that no flag error ever
// quotes a value: Set never fails, Err reports every refusal (redacted)
// after parsing, and Raw gives package validate the values as typed, so
// one Check reports every mistake at its place in what the user wrote.
func ExampleValues() {
	var from, to cachespec.Values
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.Var(&from, "cache-from", "cache import (repeatable)")
	fs.Var(&to, "cache-to", "cache export (repeatable)")
	_ = fs.Parse([]string{
		"--cache-from", "type=gha,scope=app",
		"--cache-to", "type=s3,region=eu-west-1,bucket=ci,secret_access_key=wJalrXUtnFEMI,mode=maxx",
	})
	if err := to.Err(); err != nil {
		fmt.Println(err)
	}
	for _, d := range validate.Check(validate.Build{CacheFrom: from.Raw(), CacheTo: to.Raw()}) {
		fmt.Println(d.Rule, "at byte", d.Offset)
	}
	fmt.Println(len(from.Entries()), "import entry")
	// Output:
	// cachespec: value 0 "type=s3,region=eu-west-1,bucket=ci,secret_access_key=[redacted],mode=maxx": invalid mode "maxx": must be "min" or "max" (at byte 72); did you mean "max"? write mode=max
	// InvalidCacheMode at byte 72
	// 1 import entry
}

// Entries built in Go are checked like parsed ones: Validate refuses what
// Parse would, and the printers that return an error call it.
func ExampleValidate() {
	e := &cachespec.S3{Region: cachespec.Some("eu-west-1"), Bucket: cachespec.Some("ci"), UploadParallelism: cachespec.Some(0)}
	fmt.Println(e.Validate())
	_, err := e.MarshalText()
	fmt.Println(err != nil)
	// Output:
	// cachespec: "type=s3,region=eu-west-1,bucket=ci,upload_parallelism=0": invalid upload_parallelism "0": must be a positive integer (at byte 54); upload_parallelism must be at least 1
	// true
}

// A List logs redacted with slog's text and JSON handlers; to marshal
// entries with encoding/json for a report, marshal their redacted copies.
func ExampleList_LogValue() {
	l := cachespec.List{cachespec.MustParse("type=gha,scope=app,token=ghs_0123456789abcdefghijklmnop")}
	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	logger.Info("build", "cache-to", l)
	b, _ := json.Marshal(struct{ CacheTo cachespec.List }{l.Redacted()})
	fmt.Println(string(b))
	// Output:
	// {"level":"INFO","msg":"build","cache-to":["type=gha,scope=app,token=[redacted]"]}
	// {"CacheTo":[{"type":"gha","scope":"app","token":"[redacted]"}]}
}

// KeyOf is the map key for de-duplication; NormalizeListDrops says what
// a normalised list left out; Display is the short form for people;
// ImportOf derives the cache-from of a cache-to.
func ExampleKeyOf() {
	entries := []cachespec.Entry{
		cachespec.MustParse("type=local,dest=/tmp/cache,mode=max"),
		cachespec.MustParse("type=local,dest=/tmp/cache,mode=max,ignore-error=false"),
	}
	seen := map[cachespec.Key]bool{}
	for _, e := range entries {
		seen[cachespec.KeyOf(e)] = true
	}
	_, drops := cachespec.NormalizeListDrops(entries)
	imp, _ := cachespec.ImportOf(entries[0])
	fmt.Println(len(seen), drops)
	fmt.Println(cachespec.Display(entries[1]))
	fmt.Println(imp)
	// Output:
	// 1 [{1 0 false}]
	// type=local,dest=/tmp/cache,mode=max
	// type=local,src=/tmp/cache
}

// With Single set, Values takes a flag given once, as Flag did, and still
// never lets the flag package print a value: the second value and a value
// of several entries are refused after parsing, redacted.
func ExampleValues_single() {
	to := cachespec.Values{Single: true}
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.Var(&to, "cache-to", "cache export")
	err := fs.Parse([]string{"--cache-to", "type=gha,scope=app,token=ghs_0123456789abcdefghijklmnop", "--cache-to", "type=inline"})
	fmt.Println(err)
	fmt.Println(to.Entry())
	fmt.Println(to.Err())
	// Output:
	// <nil>
	// type=gha,scope=app,token=[redacted]
	// cachespec: the flag takes one value and is given more than once
}
