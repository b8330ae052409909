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
// sound, 1 when it has errors, 2 for bad flags.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cacheflags", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var from, to cachespec.List
	var rawFrom, rawTo, tags stringList
	fs.Func("cache-from", "cache import (repeatable)", func(v string) error {
		rawFrom = append(rawFrom, v)
		return from.Set(v)
	})
	fs.Func("cache-to", "cache export (repeatable)", func(v string) error {
		rawTo = append(rawTo, v)
		return to.Set(v)
	})
	fs.Var(&tags, "t", "image tag (repeatable)")
	push := fs.Bool("push", false, "push the image")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ds := validate.Check(validate.Build{CacheFrom: rawFrom, CacheTo: rawTo, Tags: tags, Push: push})
	for _, d := range ds {
		fmt.Fprintln(stderr, d)
		if d.Fix().Message != "" {
			fmt.Fprintln(stderr, "  fix:", d.Fix().Message)
		}
	}
	if ds.HasErrors() {
		return 1
	}
	for _, e := range from {
		fmt.Fprintf(stdout, "import %s %v\n", e.Type(), e)
	}
	for _, e := range to {
		fmt.Fprintf(stdout, "export %s %v\n", e.Type(), e)
	}
	return 0
}
