package cachespec_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/refs"
)

func ExampleParse() {
	e, err := cachespec.Parse("type=registry,ref=ghcr.io/acme/app:buildcache,mode=max")
	if err != nil {
		panic(err)
	}
	r := e.(*cachespec.Registry)
	mode, _ := r.Mode.Get()
	fmt.Println(e.Type(), r.Ref.Qualified(), mode)
	fmt.Println(e.Attrs())
	// Output:
	// registry ghcr.io/acme/app:buildcache max
	// map[mode:max ref:ghcr.io/acme/app:buildcache]
}

func ExampleParse_errors() {
	for _, v := range []string{
		"inline",
		"type=gha, mode=max",
		"type=local,mode=max,src=/cache/amd64,type=local,mode=max,src=/cache/arm64",
		"type=gha,mode=maxx",
	} {
		_, err := cachespec.Parse(v)
		var pe *cachespec.ParseError
		if errors.As(err, &pe) {
			fmt.Printf("%s: key %q at byte %d\n  fix: %s\n", pe.Rule(), pe.Key, pe.Offset, pe.Fix)
		}
	}
	// Output:
	// KeywordAsCacheRef: key "ref" at byte 0
	//   fix: write "type=inline"
	// WhitespaceAroundCacheKey: key "mode" at byte 9
	//   fix: write the key without the white space around it: "mode=max" (the key starts at byte 10)
	// DuplicateCacheAttribute: key "type" at byte 37
	//   fix: two entries are joined on one line; give them as two values (one per flag or per line): "type=local,mode=max,src=/cache/amd64" and "type=local,mode=max,src=/cache/arm64"
	// InvalidCacheMode: key "mode" at byte 14
	//   fix: did you mean "max"? write mode=max
}

func ExampleParseList() {
	entries, err := cachespec.ParseList([]string{
		"type=gha,scope=app",
		"",
		"ghcr.io/acme/app:cache-amd64,ghcr.io/acme/app:cache-arm64",
	})
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		fmt.Println(e)
	}
	// Output:
	// type=gha,scope=app
	// type=registry,ref=ghcr.io/acme/app:cache-amd64
	// type=registry,ref=ghcr.io/acme/app:cache-arm64
}

func ExampleFormat() {
	e := cachespec.MustParse(`MODE=max,type=local,"dest=/tmp/a,b",tag=v1`)
	fmt.Println(cachespec.Format(e))
	// Output:
	// type=local,"dest=/tmp/a,b",tag=v1,mode=max
}

// FormatChecked is Format for entries built in Go: it refuses what Parse
// would refuse, so that what it prints reads back.
func ExampleFormatChecked() {
	ok := &cachespec.Local{Dest: cachespec.Some("/tmp/cache"), ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.ModeMax)}}
	fmt.Println(cachespec.FormatChecked(ok))
	bad := &cachespec.Local{Dest: cachespec.Some("/tmp/cache"), ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.Mode("maxx"))}}
	fmt.Println(cachespec.FormatChecked(bad))
	// Output:
	// type=local,dest=/tmp/cache,mode=max <nil>
	//  cachespec: "type=local,dest=/tmp/cache,mode=maxx": invalid mode "maxx": must be "min" or "max" (at byte 32); did you mean "max"? write mode=max
}

// BuildxArgsChecked refuses an entry built in Go that Parse would
// refuse, naming its position and attribute.
func ExampleBuildxArgsChecked() {
	to := []cachespec.Entry{
		&cachespec.GHA{Scope: cachespec.Some("app")},
		&cachespec.S3{Region: cachespec.Some("eu-west-1"), Bucket: cachespec.Some("ci"), UploadParallelism: cachespec.Some(0)},
	}
	_, err := cachespec.BuildxArgsChecked(cachespec.DirectionExport, to)
	var pe *cachespec.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Index, pe.Key)
	}
	// Output:
	// 1 upload_parallelism
}

// A refusal's fix is machine-applicable when its text is known: the
// diagnostic's Fix applies its edits to the value.
func ExampleParseError_Diagnostic() {
	const raw = "type=gha,scope=app, mode=max"
	_, err := cachespec.Parse(raw)
	var pe *cachespec.ParseError
	if errors.As(err, &pe) {
		d := pe.Diagnostic()
		fmt.Println(d.Rule, d.Offset)
		fmt.Println(d.Fix().Apply(raw))
	}
	// Output:
	// WhitespaceAroundCacheKey 19
	// type=gha,scope=app,mode=max true
}

func ExampleNormalize() {
	a := cachespec.MustParse("user/app")
	b := cachespec.MustParse("type=registry,ref=docker.io/user/app:latest,mode=min,oci-mediatypes=1")
	fmt.Println(cachespec.Equal(a, b))
	fmt.Println(cachespec.Equal(cachespec.Normalize(a), cachespec.Normalize(b)))
	fmt.Println(cachespec.Normalize(a))
	// Output:
	// false
	// true
	// type=registry,ref=docker.io/user/app:latest,registry.insecure=false,mode=min,ignore-error=false,compression=gzip,force-compression=false,oci-mediatypes=true,image-manifest=true
}

// Building entries in Go, as a CI generator does, and printing them for
// each consumer.
func Example_build() {
	to := []cachespec.Entry{
		&cachespec.GHA{
			Scope:         cachespec.Some("app-linux-arm64"),
			Timeout:       cachespec.Some(5 * time.Minute),
			ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.ModeMax)},
		},
		&cachespec.Registry{
			Ref: refs.MustParse("ghcr.io/acme/app:buildcache"),
			ExportOptions: cachespec.ExportOptions{
				Mode:          cachespec.Some(cachespec.ModeMax),
				ImageManifest: cachespec.Some(true),
			},
		},
	}
	args, err := cachespec.BuildxArgsChecked(cachespec.DirectionExport, to)
	if err != nil {
		panic(err)
	}
	fmt.Println(args)
	args, _ = cachespec.BuildctlArgsChecked(cachespec.DirectionExport, to[1:])
	fmt.Println(args)
	// Output:
	// [--cache-to=type=gha,scope=app-linux-arm64,timeout=5m0s,mode=max --cache-to=type=registry,ref=ghcr.io/acme/app:buildcache,mode=max,image-manifest=true]
	// [--export-cache type=registry,ref=ghcr.io/acme/app:buildcache,mode=max,image-manifest=true]
}

// Secrets are redacted everywhere a person may see them; Format and Attrs
// keep them for the machine.
func ExampleSecret() {
	e := cachespec.MustParse("type=gha,scope=app,token=ghs_0123456789abcdefghijklmnop")
	fmt.Println(e)
	fmt.Printf("%+v\n", e)
	fmt.Println(cachespec.Format(e))
	// Output:
	// type=gha,scope=app,token=[redacted]
	// type=gha,scope=app,token=[redacted]
	// type=gha,scope=app,token=ghs_0123456789abcdefghijklmnop
}

// A List reads bake's string-or-object JSON lists and logs redacted. (To
// bind a repeated flag, use Values: see ExampleValues.)
func ExampleList() {
	var to cachespec.List
	err := json.Unmarshal([]byte(`["type=gha,scope=app,token=ghs_0123456789abcdefghijklmnop", {"type":"local","dest":"/tmp/cache"}]`), &to)
	fmt.Println(err, len(to))
	fmt.Println(to.String())
	// Output:
	// <nil> 2
	// "type=gha,scope=app,token=[redacted]" "type=local,dest=/tmp/cache"
}

func ExampleParseJSON() {
	e, err := cachespec.ParseJSON([]byte(`{"type":"s3","region":"eu-west-1","bucket":"ci-cache","upload_parallelism":8}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(e)
	b, _ := e.MarshalJSON()
	fmt.Println(string(b))
	// Output:
	// type=s3,region=eu-west-1,bucket=ci-cache,upload_parallelism=8
	// {"type":"s3","region":"eu-west-1","bucket":"ci-cache","upload_parallelism":"8"}
}
