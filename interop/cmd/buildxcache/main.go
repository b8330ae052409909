// Command buildxcache lints the cache configuration of Docker builds in
// GitHub Actions workflows, bake files and compose files, prints cache
// values in canonical and other forms, and documents its rules.
//
//	buildxcache lint [paths...]          lint workflows, bake and compose files, scripts, Makefiles (default: .)
//	buildxcache lint --cache-to inline --tag app --push
//	                                     lint one build given as flags
//	buildxcache fmt [values...]          print values in canonical form (or --to another form)
//	buildxcache explain RULE             print a rule's documentation
//	buildxcache rules                    list the rules
//
// Exit status: 0 when clean, 1 when lint found something at or above the
// --severity threshold, 2 for usage or read errors.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/lint"
	"github.com/buildxcache/buildxcache/interop/render"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, isTerminal(os.Stderr)))
}

// Exit statuses.
const (
	exitClean    = 0
	exitFindings = 1
	exitUsage    = 2
)

// usageError marks errors that exit with status 2.
type usageError struct{ error }

// errFindings is returned by lint when diagnostics reach the threshold.
var errFindings = errors.New("findings at or above the threshold")

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, tty bool) int {
	root := newRoot(stdin, stdout, stderr, tty)
	root.SetArgs(args)
	err := root.Execute()
	switch {
	case err == nil:
		return exitClean
	case errors.Is(err, errFindings):
		return exitFindings
	default:
		fmt.Fprintln(stderr, "buildxcache:", err)
		return exitUsage
	}
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer, tty bool) *cobra.Command {
	root := &cobra.Command{
		Use:           "buildxcache",
		Short:         "Lint and format Docker Buildx / BuildKit cache specifications",
		Long:          "buildxcache checks --cache-from / --cache-to values in GitHub Actions workflows, bake files and compose files\nfor the mistakes BuildKit accepts silently or rejects late, and prints cache values in canonical and other forms.",
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(lintCmd(stdout, stderr, tty), fmtCmd(stdin, stdout), explainCmd(stdout), rulesCmd(stdout))
	return root
}

func lintCmd(stdout, stderr io.Writer, tty bool) *cobra.Command {
	var (
		format, sev, base       string
		disable                 []string
		cacheFrom, cacheTo, tag []string
		platform                []string
		push, load              bool
		fix, diff               bool
		fileDeadline            time.Duration
		config                  string
		noConfig                bool
	)
	c := &cobra.Command{
		Use:   "lint [paths...]",
		Short: "Lint workflows, bake files, compose files, scripts and Makefiles, or one build given as flags",
		Long: `lint finds GitHub Actions workflows (.github/workflows/*.yml), bake files (docker-bake*.hcl,
docker-bake*.json), compose files (compose*.yaml, docker-compose*.yml), shell scripts (*.sh,
*.bash, or a #! line naming sh, bash, dash or zsh), Makefiles (Makefile, GNUmakefile, *.mk) and
GitLab CI files (.gitlab-ci.yml, with the files it includes) under the paths (default: the current directory) and reports the cache problems in them. With --cache-from,
--cache-to, --tag, --push or --platform it lints that one build instead.`,
		Example: `  buildxcache lint
  buildxcache lint --format sarif . > buildxcache.sarif
  buildxcache lint --format github .
  buildxcache lint --cache-to inline --tag ghcr.io/org/app:main --push`,
		RunE: func(cmd *cobra.Command, paths []string) error {
			threshold, err := validate.ParseSeverity(sev)
			if err != nil {
				return usageError{fmt.Errorf("--severity: %w", err)}
			}
			if base == "" && format != "text" && format != "json" {
				base, _ = os.Getwd()
			}
			out, err := lint.NewWriter(format, base, version())
			if err != nil {
				return usageError{fmt.Errorf("--format: %w", err)}
			}
			// the loaders (Buildx's bake, compose-go) read the process
			// environment: a message of theirs may quote its secrets
			opts := lint.Options{Validate: validate.Options{Disable: disable}, Secrets: lint.EnvSecrets(os.Environ()), FileDeadline: fileDeadline}
			if fileDeadline == 0 {
				opts.FileDeadline = -1 // --file-deadline 0: none
			}
			if err := opts.Validate.Validate(); err != nil {
				return usageError{fmt.Errorf("--disable: %w", err)}
			}
			if cmd.Flags().Changed("severity") {
				opts.Threshold = threshold
			}
			cfg, err := loadConfig(config, noConfig)
			if err != nil {
				return usageError{err}
			}
			if cfg != nil {
				cfg.Apply(&opts)
			}
			if opts.Threshold == validate.SeverityInvalid {
				opts.Threshold = threshold // the flag's default
			}
			flagBuild := len(cacheFrom)+len(cacheTo)+len(tag)+len(platform) > 0 || cmd.Flags().Changed("push") || cmd.Flags().Changed("load")
			var res lint.Result
			if flagBuild {
				if len(paths) > 0 {
					return usageError{errors.New("give either paths or a build as flags, not both")}
				}
				if fix || diff {
					return usageError{errors.New("--fix and --diff change files: give paths, not a build as flags")}
				}
				b := validate.Build{Source: &validate.Source{Def: diag.Range{File: "<flags>"}}}
				b.CacheFrom, b.CacheTo, b.Tags, b.Platforms = cacheFrom, cacheTo, tag, platform
				if cmd.Flags().Changed("push") {
					b.Push = &push
				}
				if cmd.Flags().Changed("load") {
					b.Load = &load
				}
				for i := range cacheFrom {
					b.Source.CacheFrom = append(b.Source.CacheFrom, diag.Span{File: fmt.Sprintf("--cache-from[%d]", i), Start: diag.Pos{Line: 1, Col: 1}, Exact: true})
				}
				for i := range cacheTo {
					b.Source.CacheTo = append(b.Source.CacheTo, diag.Span{File: fmt.Sprintf("--cache-to[%d]", i), Start: diag.Pos{Line: 1, Col: 1}, Exact: true})
				}
				res = lint.Check([]source.File{{Path: "<flags>", Builds: []validate.Build{b}}}, opts)
				res.Files = 0 // a build given as flags, no file read
			} else {
				if len(paths) == 0 {
					paths = []string{"."}
				}
				if tty {
					opts.Progress = stderr
				}
				res = lint.Paths(paths, opts)
				for _, n := range res.Notes {
					fmt.Fprintln(stderr, "buildxcache: note:", n)
				}
				if res.Files == 0 && !hasUnreadable(res) && len(res.Notes) == 0 {
					fmt.Fprintln(stderr, "buildxcache: no workflow, bake, compose, script or Makefile found under", strings.Join(paths, " "))
				}
				if diff {
					return writeDiffs(stdout, stderr, res)
				}
				if fix {
					res = applyFixes(stderr, paths, opts)
				}
			}
			if err := out.Write(stdout, res); err != nil {
				return err
			}
			if hasUnreadable(res) {
				return usageError{errors.New("some files could not be read")}
			}
			for _, d := range res.Diagnostics {
				if cfg.Fails(d.Severity) {
					return errFindings
				}
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&format, "format", "text", "output format: "+strings.Join(lint.Formats, ", ")+" (github: workflow commands for annotations; rdjson: reviewdog; gitlab: code quality)")
	f.StringVar(&sev, "severity", "warning", "report findings at or above this severity: info, warning or error")
	f.StringSliceVar(&disable, "disable", nil, "rules not to report (repeat or separate with commas)")
	f.StringVar(&base, "base", "", "directory the paths of sarif, github, rdjson and gitlab output are made relative to (default: the current directory)")
	f.StringArrayVar(&cacheFrom, "cache-from", nil, "a cache import of the build to lint (repeatable)")
	f.StringArrayVar(&cacheTo, "cache-to", nil, "a cache export of the build to lint (repeatable)")
	f.StringArrayVarP(&tag, "tag", "t", nil, "an image tag of the build to lint (repeatable)")
	f.StringArrayVar(&platform, "platform", nil, "a target platform of the build to lint (repeatable)")
	f.BoolVar(&push, "push", false, "the build pushes its image")
	f.BoolVar(&load, "load", false, "the build loads its image")
	f.StringVar(&config, "config", "", "the configuration file (default: .github/buildxcache.yml or buildxcache.yml at the repository root)")
	f.BoolVar(&noConfig, "no-config", false, "read no configuration file")
	f.BoolVar(&fix, "fix", false, "apply the mechanical fixes to the files in place, then report what remains")
	f.DurationVar(&fileDeadline, "file-deadline", lint.DefaultFileDeadline, "the time the lint of one file (or of the bake files of a directory) may take; past it the file is reported as too expensive to evaluate (0: no deadline)")
	f.BoolVar(&diff, "diff", false, "print the mechanical fixes as a unified diff instead of the findings; change no file")
	return c
}

// loadConfig reads the configuration: the file named, else the one
// FindConfig finds from the current directory, else none.
func loadConfig(path string, none bool) (*lint.Config, error) {
	if none {
		if path != "" {
			return nil, errors.New("--config and --no-config: give one")
		}
		return nil, nil
	}
	if path == "" {
		p, ok := lint.FindConfig(".")
		if !ok {
			return nil, nil
		}
		path = p
	}
	return lint.LoadConfig(path)
}

// writeDiffs prints the diff of every file the mechanical fixes change;
// the exit status is 1 when there is a change.
func writeDiffs(stdout, stderr io.Writer, res lint.Result) error {
	changes, err := lint.PlanFixes(res)
	if err != nil {
		fmt.Fprintln(stderr, "buildxcache:", err)
	}
	for _, c := range changes {
		io.WriteString(stdout, c.Diff())
		reportSkipped(stderr, c)
	}
	if len(changes) > 0 {
		return errFindings
	}
	return nil
}

// applyFixes writes the mechanical fixes (again until nothing changes),
// reports on stderr what was fixed, skipped or refused, and returns the
// result of the last lint: what remains.
func applyFixes(stderr io.Writer, paths []string, opts lint.Options) lint.Result {
	res, changes, err := lint.FixPaths(paths, opts)
	if err != nil {
		fmt.Fprintln(stderr, "buildxcache:", err)
	}
	for _, c := range changes {
		fmt.Fprintf(stderr, "buildxcache: %s: fixed %d finding(s)\n", c.Path, len(c.Fixed))
		reportSkipped(stderr, c)
	}
	return res
}

func reportSkipped(stderr io.Writer, c lint.Change) {
	for _, s := range c.Skipped {
		fmt.Fprintf(stderr, "buildxcache: %s: not fixed: %s [%s]: %s\n", s.Diagnostic.Range, s.Diagnostic.Message, s.Diagnostic.Rule, s.Reason)
	}
}

// hasUnreadable reports whether a file could not be read at all.
func hasUnreadable(r lint.Result) bool {
	for _, d := range r.Diagnostics {
		if d.Rule == validate.UnreadableFile.Name {
			return true
		}
	}
	return false
}

func fmtCmd(stdin io.Reader, stdout io.Writer) *cobra.Command {
	var to, dir string
	c := &cobra.Command{
		Use:   "fmt [values...]",
		Short: "Print cache values in canonical form, or in another tool's form",
		Long: `fmt reads cache values (arguments, or one per line on standard input), checks them as Buildx
parses them, and prints them in canonical form, or with --to in the form another tool reads:
buildx and buildctl command-line arguments, a build-push-action input, a bake HCL or JSON file,
or a compose file. Values are written literally, secrets included: these are machine forms.`,
		Example: `  buildxcache fmt 'type=gha,mode=max,scope=app'
  echo 'ref=user/app:cache,type=registry' | buildxcache fmt --to bake-hcl --direction from`,
		RunE: func(cmd *cobra.Command, values []string) error {
			form, err := render.ParseForm(to)
			if err != nil {
				return usageError{fmt.Errorf("--to: %w", err)}
			}
			var d cachespec.Direction
			switch dir {
			case "to", "export":
				d = cachespec.DirectionExport
			case "from", "import":
				d = cachespec.DirectionImport
			default:
				return usageError{fmt.Errorf("--direction %q: use from or to", dir)}
			}
			if len(values) == 0 {
				sc := bufio.NewScanner(stdin)
				sc.Buffer(make([]byte, 64<<10), cachespec.MaxValueLen+1)
				for sc.Scan() {
					if strings.TrimSpace(sc.Text()) != "" {
						values = append(values, sc.Text())
					}
				}
				if err := sc.Err(); err != nil {
					return usageError{fmt.Errorf("reading standard input: %w", err)}
				}
			}
			entries, err := cachespec.ParseList(values)
			if err != nil {
				return usageError{err}
			}
			out, err := render.Render(form, d, entries)
			if err != nil {
				return usageError{err}
			}
			_, err = io.WriteString(stdout, out)
			return err
		},
	}
	c.Flags().StringVar(&to, "to", "canonical", "output form: canonical, buildx, buildctl, action, bake-json, bake-hcl or compose")
	c.Flags().StringVar(&dir, "direction", "to", "whether the values are cache exports (to) or imports (from)")
	return c
}

func explainCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Print a rule's documentation (by name or code)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, ok := validate.Lookup(args[0])
			if !ok {
				msg := fmt.Sprintf("no rule %q; buildxcache rules lists them", args[0])
				if s := validate.SuggestRule(args[0]); s != "" {
					msg += "; did you mean " + s + "?"
				}
				return usageError{errors.New(msg)}
			}
			text := r.Markdown()
			if !strings.HasSuffix(text, "\n") {
				text += "\n"
			}
			_, err := io.WriteString(stdout, text)
			return err
		},
	}
}

func rulesCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List the rules: code, name, severity and summary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			for _, r := range validate.Rules() {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.Code, r.Name, r.Severity, r.Summary)
			}
			return w.Flush()
		},
	}
}

// isTerminal reports whether f is a terminal: a character device that
// answers the terminal ioctl (/dev/null is a character device and no
// terminal).
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
