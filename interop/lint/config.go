package lint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/internal/yamlfast"
	"github.com/buildxcache/buildxcache/validate"
)

// ConfigNames are where FindConfig looks for the configuration file, in
// order, relative to the repository root.
var ConfigNames = []string{".github/buildxcache.yml", ".github/buildxcache.yaml", "buildxcache.yml", "buildxcache.yaml"}

// Config is a buildxcache.yml file: which rules to report and how, which
// paths not to lint, and facts about the builds that the files cannot
// show. Paths in it are relative to Root.
//
//	severity: warning        # report diagnostics at or above (info, warning, error)
//	fail-on: error           # exit 1 only for diagnostics at or above
//	ignore: [testdata/**]    # paths never linted (globs, ** for any depth)
//	rules:
//	  GHAScopeDefault: {disable: true}
//	  CS141: {enable: true}              # an opt-in rule, by code
//	  InvalidCacheMode:
//	    severity: warning
//	    ignore: [examples/**]
//	facts:
//	  buildkit-version: v0.19.2  # of builders the files do not set up (self-hosted)
type Config struct {
	// Path is the file read; Root the directory its paths are relative to
	// (the repository root: the file's directory, or its parent for
	// .github/buildxcache.yml).
	Path, Root string
	// Severity is the threshold of reported diagnostics; zero when unset.
	Severity validate.Severity
	// FailOn is the lowest severity that fails the run; zero when unset
	// (every reported diagnostic fails it).
	FailOn validate.Severity
	// Ignore are globs of paths not linted.
	Ignore []string
	// Rules are the settings of rules, by rule name.
	Rules map[string]RuleConfig
	// Facts are what the files cannot show.
	Facts Facts
}

// RuleConfig is the configuration of one rule.
type RuleConfig struct {
	// Disable: the rule is not reported. Enable: an opt-in rule is.
	Disable, Enable bool
	// Severity overrides the rule's severity; zero when unset.
	Severity validate.Severity
	// Ignore are globs of paths where the rule is not reported.
	Ignore []string
}

// Facts are what is known about the builds beyond their files.
type Facts struct {
	// BuildKitVersion is the BuildKit version of builders whose version
	// the files do not show (self-hosted runners with a preconfigured
	// builder), such as "v0.19.2".
	BuildKitVersion string
}

// FindConfig returns the configuration file of the repository holding dir:
// the first of ConfigNames under the nearest directory at or above dir
// that holds .git (or under dir itself when none does), and whether there
// is one.
func FindConfig(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	root := abs
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			root = d
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	for _, n := range ConfigNames {
		p := filepath.Join(root, filepath.FromSlash(n))
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// ConfigError is a mistake in a configuration file, at a line.
type ConfigError struct {
	Path string
	Line int
	Msg  string
}

// Error returns "path:line: message".
func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return e.Path + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.Path + ": " + e.Msg
}

// LoadConfig reads the configuration file at path. Unknown keys, values of
// the wrong type, unknown severities, rules and malformed globs are errors
// naming the line and the fix.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &ConfigError{Path: path, Msg: "cannot read the configuration: " + err.Error()}
	}
	return ParseConfig(path, data)
}

// ParseConfig reads a configuration from data; path names it in errors and
// decides Root.
func ParseConfig(path string, data []byte) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	c := &Config{Path: path, Root: filepath.Dir(abs), Rules: map[string]RuleConfig{}}
	if filepath.Base(c.Root) == ".github" {
		c.Root = filepath.Dir(c.Root)
	}
	p := configParser{path: path}
	var doc yaml.Node
	if err := yamlfast.Unmarshal(data, &doc); err != nil {
		line := 0
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			fmt.Sscanf(strings.TrimPrefix(err.Error(), "yaml: "), "line %d", &line)
		}
		return nil, &ConfigError{Path: path, Line: line, Msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if len(doc.Content) == 0 {
		return c, nil // an empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, p.errAt(root, "the configuration is a mapping of severity, fail-on, ignore, rules and facts")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "severity":
			c.Severity, err = p.severity(v)
		case "fail-on":
			c.FailOn, err = p.severity(v)
		case "ignore":
			c.Ignore, err = p.globs(v)
		case "rules":
			err = p.rules(v, c.Rules)
		case "facts":
			err = p.facts(v, &c.Facts)
		default:
			err = p.unknown(k, []string{"severity", "fail-on", "ignore", "rules", "facts"})
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

type configParser struct{ path string }

func (p configParser) errAt(n *yaml.Node, msg string) error {
	return &ConfigError{Path: p.path, Line: n.Line, Msg: msg}
}

func (p configParser) unknown(k *yaml.Node, known []string) error {
	msg := "unknown key " + strconv.Quote(k.Value)
	if near := cachespec.Suggest(k.Value, known); near != "" {
		msg += "; did you mean " + near + "?"
	} else {
		msg += "; the keys here are " + strings.Join(known, ", ")
	}
	return p.errAt(k, msg)
}

func (p configParser) scalar(v *yaml.Node, what string) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", p.errAt(v, what+" must be a single value")
	}
	return v.Value, nil
}

func (p configParser) severity(v *yaml.Node) (validate.Severity, error) {
	s, err := p.scalar(v, "a severity")
	if err != nil {
		return 0, err
	}
	sev, err := validate.ParseSeverity(s)
	if err != nil {
		return 0, p.errAt(v, err.Error())
	}
	return sev, nil
}

func (p configParser) boolean(v *yaml.Node, what string) (bool, error) {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
		return false, p.errAt(v, what+" must be true or false")
	}
	return b, nil
}

func (p configParser) globs(v *yaml.Node) ([]string, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, p.errAt(v, "ignore must be a list of paths (globs such as testdata/**)")
	}
	var out []string
	for _, e := range v.Content {
		g, err := p.scalar(e, "each path")
		if err != nil {
			return nil, err
		}
		if !doublestar.ValidatePattern(g) {
			return nil, p.errAt(e, "malformed glob "+strconv.Quote(g))
		}
		out = append(out, strings.TrimPrefix(filepath.ToSlash(g), "./"))
	}
	return out, nil
}

func (p configParser) rules(v *yaml.Node, out map[string]RuleConfig) error {
	if v.Kind != yaml.MappingNode {
		return p.errAt(v, "rules must be a mapping of rule names (or codes) to their settings")
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, rv := v.Content[i], v.Content[i+1]
		r, ok := validate.Lookup(k.Value)
		if !ok {
			msg := "no rule is named " + strconv.Quote(k.Value)
			if near := validate.SuggestRule(k.Value); near != "" {
				msg += "; did you mean " + near + "?"
			} else {
				msg += "; buildxcache rules lists them"
			}
			return p.errAt(k, msg)
		}
		if _, dup := out[r.Name]; dup {
			return p.errAt(k, "rule "+r.Name+" is configured twice")
		}
		if rv.Kind != yaml.MappingNode {
			return p.errAt(rv, "the settings of "+r.Name+" must be a mapping of disable, enable, severity and ignore")
		}
		var rc RuleConfig
		var err error
		for j := 0; j+1 < len(rv.Content); j += 2 {
			sk, sv := rv.Content[j], rv.Content[j+1]
			switch sk.Value {
			case "disable":
				rc.Disable, err = p.boolean(sv, "disable")
			case "enable":
				rc.Enable, err = p.boolean(sv, "enable")
				if err == nil && rc.Enable && !r.OptIn {
					err = p.errAt(sv, r.Name+" is not an opt-in rule; it is reported unless disabled")
				}
			case "severity":
				rc.Severity, err = p.severity(sv)
			case "ignore":
				rc.Ignore, err = p.globs(sv)
			default:
				err = p.unknown(sk, []string{"disable", "enable", "severity", "ignore"})
			}
			if err != nil {
				return err
			}
		}
		out[r.Name] = rc
	}
	return nil
}

func (p configParser) facts(v *yaml.Node, f *Facts) error {
	if v.Kind != yaml.MappingNode {
		return p.errAt(v, "facts must be a mapping")
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, fv := v.Content[i], v.Content[i+1]
		switch k.Value {
		case "buildkit-version":
			s, err := p.scalar(fv, "buildkit-version")
			if err != nil {
				return err
			}
			if !strings.HasPrefix(s, "v") || len(s) < 2 || s[1] < '0' || s[1] > '9' {
				return p.errAt(fv, "buildkit-version must be a version such as v0.19.2")
			}
			f.BuildKitVersion = s
		default:
			return p.unknown(k, []string{"buildkit-version"})
		}
	}
	return nil
}

// Apply sets opts from the configuration: the rules' settings into
// opts.Validate (a rule already named there keeps what the caller said),
// the threshold when opts has none, and the configuration itself, which
// Paths and Files read for ignored paths and facts.
func (c *Config) Apply(opts *Options) {
	opts.Config = c
	if opts.Threshold == validate.SeverityInvalid {
		opts.Threshold = c.Severity
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range c.Rules {
			if !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		rc := c.Rules[name]
		if rc.Disable {
			opts.Validate.Disable = append(opts.Validate.Disable, name)
		}
		if rc.Enable {
			opts.Validate.Enable = append(opts.Validate.Enable, name)
		}
		if rc.Severity != validate.SeverityInvalid {
			if opts.Validate.Severity == nil {
				opts.Validate.Severity = map[string]validate.Severity{}
			}
			if _, set := opts.Validate.Severity[name]; !set {
				opts.Validate.Severity[name] = rc.Severity
			}
		}
	}
}

// Fails reports whether a diagnostic of severity s fails the run.
func (c *Config) Fails(s validate.Severity) bool {
	return c == nil || c.FailOn == validate.SeverityInvalid || s >= c.FailOn
}

// rel returns path relative to the configuration's root, with slashes, or
// "" when it is outside.
func (c *Config) rel(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	r, err := filepath.Rel(c.Root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(r)
}

// Ignored reports whether path is not linted at all.
func (c *Config) Ignored(path string) bool {
	return c != nil && matchAny(c.Ignore, c.rel(path))
}

// ignoredFor reports whether rule is not reported in path.
func (c *Config) ignoredFor(rule, path string) bool {
	if c == nil {
		return false
	}
	rc, ok := c.Rules[rule]
	return ok && matchAny(rc.Ignore, c.rel(path))
}

func matchAny(globs []string, rel string) bool {
	if rel == "" {
		return false
	}
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
		// a directory pattern covers what is under it
		if ok, _ := doublestar.Match(strings.TrimSuffix(g, "/")+"/**", rel); ok {
			return true
		}
	}
	return false
}
