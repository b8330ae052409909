// Command lint checks raw cache values, one per argument or one per line of
// standard input, and prints the diagnostics with their fixes.
//
//	go run ./examples/lint -to 'type=gha, mode=max' inline
//	printf 'type=inline\n' | go run ./examples/lint -from
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/buildxcache/buildxcache/validate"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout))
}

// run returns 1 when an error-severity diagnostic was found.
func run(args []string, stdin io.Reader, stdout io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	imp := fs.Bool("from", false, "the values are cache imports (cache-from)")
	fs.Bool("to", true, "the values are cache exports (cache-to), the default")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	values := fs.Args()
	if len(values) == 0 {
		sc := bufio.NewScanner(stdin)
		for sc.Scan() {
			values = append(values, sc.Text())
		}
	}
	var b validate.Build
	if *imp {
		b.CacheFrom = values
	} else {
		b.CacheTo = values
	}
	ds := validate.Check(b)
	for _, d := range ds {
		fmt.Fprintf(stdout, "%s\n", d)
		if d.Fix().Message != "" {
			fmt.Fprintf(stdout, "    fix: %s\n", d.Fix().Message)
		}
	}
	fmt.Fprintf(stdout, "%d values, %d diagnostics\n", len(values), len(ds))
	if ds.HasErrors() {
		return 1
	}
	return 0
}
