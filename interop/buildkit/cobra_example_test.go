package buildkit_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/buildkit"
	"github.com/buildxcache/buildxcache/validate"
)

// Bind --cache-from and --cache-to in a cobra command with
// cachespec.Values: pflag never sees an error, so it never prints a value
// (with cachespec.List it would print "invalid argument <value> for
// --cache-to", secrets included). The command reports the refusals,
// redacted, then validate's findings, then hands the entries to BuildKit.
func Example_cobra() {
	var from, to cachespec.Values
	cmd := &cobra.Command{
		Use:           "build",
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := errors.Join(from.Err(), to.Err()); err != nil {
				return err
			}
			ds := validate.Check(validate.Build{CacheFrom: from.Raw(), CacheTo: to.Raw()})
			if ds.HasErrors() {
				return ds.Err()
			}
			imports, _ := buildkit.CreateCaches(context.Background(), from.Entries(), buildkit.Environment{Lookup: os.LookupEnv})
			exports, _ := buildkit.CreateCaches(context.Background(), to.Entries(), buildkit.Environment{Lookup: os.LookupEnv})
			_, _ = imports, exports // client.SolveOpt{CacheImports: imports, CacheExports: exports}
			return nil
		},
	}
	cmd.Flags().Var(&from, "cache-from", "cache import (repeatable)")
	cmd.Flags().Var(&to, "cache-to", "cache export (repeatable)")
	cmd.SetArgs([]string{"--cache-to", "type=s3,region=eu-west-1,bucket=ci,secret_access_key=wJalrXUtnFEMI,mode=maxx"})
	fmt.Println(cmd.Execute())
	// Output:
	// cachespec: value 0 "type=s3,region=eu-west-1,bucket=ci,secret_access_key=[redacted],mode=maxx": invalid mode "maxx": must be "min" or "max" (at byte 72); did you mean "max"? write mode=max
}
