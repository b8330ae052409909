// Command cacheflags shows a Go tool that accepts --cache-from and
// --cache-to like docker buildx build, binds them with cachespec, checks
// them with validate, and prints what it would hand to BuildKit.
//
//	go run ./examples/cacheflags --cache-from type=gha,scope=app --cache-to type=gha,scope=app,mode=max -t ghcr.io/acme/app:1 --push
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/validate"
)

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses args and returns the exit status: 0 when the configuration is
// sound, 1 when it has errors (a cache value refused included), 2 for bad
// flags.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cacheflags", flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Values never fails in Set, so the flag package never prints a value
	// (std flag would quote it, credentials included); validate reports
	// every refusal, redacted, at its place in what was typed.
	var from, to cachespec.Values
	var tags stringList
	fs.Var(&from, "cache-from", "cache import (repeatable)")
	fs.Var(&to, "cache-to", "cache export (repeatable)")
	fs.Var(&tags, "t", "image tag (repeatable)")
	push := fs.Bool("push", false, "push the image")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ds := validate.Check(validate.Build{CacheFrom: from.Raw(), CacheTo: to.Raw(), Tags: tags, Push: push})
	for _, d := range ds {
		fmt.Fprintln(stderr, d)
		if d.Fix().Message != "" {
			fmt.Fprintln(stderr, "  fix:", d.Fix().Message)
		}
	}
	if ds.HasErrors() {
		return 1
	}
	for _, e := range from.Entries() {
		fmt.Fprintf(stdout, "import %s %v\n", e.Type(), e)
	}
	for _, e := range to.Entries() {
		fmt.Fprintf(stdout, "export %s %v\n", e.Type(), e)
	}
	return 0
}
