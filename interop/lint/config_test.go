package lint

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/validate"
)

const exampleConfig = "../../docs/config/buildxcache.yml"

func TestConfigExample(t *testing.T) {
	c, err := LoadConfig(exampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	if c.Severity != validate.SeverityWarning || c.FailOn != validate.SeverityError || len(c.Ignore) != 2 || c.Facts.BuildKitVersion != "v0.19.2" {
		t.Errorf("%+v", c)
	}
	if !c.Rules["GHAScopeDefault"].Disable || !c.Rules["CacheSourceMayNotExist"].Enable ||
		c.Rules["InvalidCacheMode"].Severity != validate.SeverityWarning || len(c.Rules["InvalidCacheMode"].Ignore) != 1 {
		t.Errorf("rules %+v", c.Rules)
	}
	var opts Options
	c.Apply(&opts)
	if opts.Threshold != validate.SeverityWarning || !opts.Validate.Disabled("GHAScopeDefault") || opts.Validate.Disabled("CacheSourceMayNotExist") ||
		opts.Validate.SeverityOf("InvalidCacheMode", validate.SeverityError) != validate.SeverityWarning || opts.Config != c {
		t.Errorf("Apply: %+v", opts)
	}
	if c.Fails(validate.SeverityWarning) || !c.Fails(validate.SeverityError) || !(*Config)(nil).Fails(validate.SeverityInfo) {
		t.Error("Fails")
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"not yaml", "severity: [warning\n", "c.yml:1: not valid YAML"},
		{"not a mapping", "- a\n", "c.yml:1: the configuration is a mapping"},
		{"unknown key", "severity: warning\nrulez: {}\n", `c.yml:2: unknown key "rulez"; did you mean rules?`},
		{"unknown key far", "colour: red\n", `c.yml:1: unknown key "colour"; the keys here are severity, fail-on, ignore, rules, facts`},
		{"bad severity", "fail-on: fatal\n", `c.yml:1: unknown severity "fatal"; use info, warning or error`},
		{"severity not scalar", "severity: [a]\n", "c.yml:1: a severity must be a single value"},
		{"ignore not a list", "ignore: testdata\n", "c.yml:1: ignore must be a list"},
		{"bad glob", "ignore: ['[a']\n", `c.yml:1: malformed glob "[a"`},
		{"unknown rule", "rules:\n  InvalidCacheMod: {disable: true}\n", `c.yml:2: no rule is named "InvalidCacheMod"; did you mean InvalidCacheMode?`},
		{"rule twice", "rules:\n  CS005: {disable: true}\n  invalidcachemode: {disable: true}\n", "c.yml:3: rule InvalidCacheMode is configured twice"},
		{"rule settings not a mapping", "rules:\n  CS005: true\n", "c.yml:2: the settings of InvalidCacheMode must be a mapping"},
		{"unknown rule key", "rules:\n  CS005: {disabled: true}\n", `c.yml:2: unknown key "disabled"; did you mean disable?`},
		{"bool", "rules:\n  CS005: {disable: yes please}\n", "c.yml:2: disable must be true or false"},
		{"enable not opt-in", "rules:\n  CS005: {enable: true}\n", "c.yml:2: InvalidCacheMode is not an opt-in rule"},
		{"facts key", "facts:\n  buildkit-versoin: v0.19.0\n", `c.yml:2: unknown key "buildkit-versoin"; did you mean buildkit-version?`},
		{"facts version", "facts:\n  buildkit-version: latest\n", "c.yml:2: buildkit-version must be a version such as v0.19.2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseConfig("c.yml", []byte(c.text))
			var ce *ConfigError
			if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error = %v, want %q", err, c.want)
			}
		})
	}
	if c, err := ParseConfig("c.yml", nil); err != nil || len(c.Rules) != 0 {
		t.Errorf("empty file: %v %v", c, err)
	}
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "none.yml")); err == nil || !strings.Contains(err.Error(), "cannot read the configuration") {
		t.Errorf("missing file: %v", err)
	}
}

// TestConfigSchema checks the published JSON Schema against the example and
// against the parser: the files the parser refuses for their shape, the
// schema refuses too.
func TestConfigSchema(t *testing.T) {
	comp := jsonschema.NewCompiler()
	sch, err := comp.Compile("../../docs/config/buildxcache.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	validateYAML := func(text string) error {
		var v any
		if err := yaml.Unmarshal([]byte(text), &v); err != nil {
			return err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
		if err != nil {
			return err
		}
		return sch.Validate(inst)
	}
	ex, err := os.ReadFile(exampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	if err := validateYAML(string(ex)); err != nil {
		t.Errorf("the example does not validate: %v", err)
	}
	for _, bad := range []string{
		"rulez: {}\n", "fail-on: fatal\n", "ignore: testdata\n", "rules:\n  CS005: {disabled: true}\n",
		"rules:\n  CS005: true\n", "facts:\n  buildkit: v0.19.0\n", "facts:\n  buildkit-version: latest\n", "severity: [a]\n",
	} {
		if validateYAML(bad) == nil {
			t.Errorf("the schema accepts %q", bad)
		}
		if _, err := ParseConfig("c.yml", []byte(bad)); err == nil {
			t.Errorf("the parser accepts %q", bad)
		}
	}
}

func TestFindConfig(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	writeFiles(t, root, map[string]string{".git/HEAD": "ref: x\n", "a/b/x.txt": "", "buildxcache.yml": "severity: info\n"})
	if p, ok := FindConfig(sub); !ok || p != filepath.Join(root, "buildxcache.yml") {
		t.Errorf("FindConfig = %q, %v", p, ok)
	}
	writeFiles(t, root, map[string]string{".github/buildxcache.yml": "severity: error\n"})
	p, ok := FindConfig(sub)
	if !ok || p != filepath.Join(root, ".github", "buildxcache.yml") {
		t.Errorf("FindConfig = %q, %v: .github first", p, ok)
	}
	c, err := LoadConfig(p)
	if err != nil || c.Root != root {
		t.Errorf("Root = %q (%v), want the repository root", c.Root, err)
	}
	if _, ok := FindConfig(t.TempDir()); ok {
		t.Error("found a configuration in an empty directory")
	}
}

func TestConfigIgnoreAndFacts(t *testing.T) {
	root := t.TempDir()
	bad := "target \"a\" {\n  cache-to = [\"type=gha,scope=a,mode=maxx\"]\n}\n"
	writeFiles(t, root, map[string]string{
		"docker-bake.hcl":          bad,
		"testdata/docker-bake.hcl": bad,
		"docs/docker-bake.hcl":     bad,
		".github/workflows/ci.yml": "on: push\njobs:\n  b:\n    runs-on: self-hosted\n    steps:\n      - run: docker buildx build --cache-to type=gha,scope=a .\n",
		"buildxcache.yml":          "ignore: [testdata]\nrules:\n  InvalidCacheMode: {ignore: ['docs/**']}\nfacts: {buildkit-version: v0.12.0}\n",
	})
	c, err := LoadConfig(filepath.Join(root, "buildxcache.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var opts Options
	c.Apply(&opts)
	r := Paths([]string{root}, opts)
	var modes []string
	facts := false
	for _, d := range r.Diagnostics {
		rel, _ := filepath.Rel(root, d.Range.File)
		if d.Rule == "InvalidCacheMode" {
			modes = append(modes, filepath.ToSlash(rel))
		}
		if d.Rule == "GHANeedsBuildKit020" {
			facts = true
		}
	}
	if strings.Join(modes, ",") != "docker-bake.hcl" {
		t.Errorf("InvalidCacheMode in %v, want only docker-bake.hcl (testdata not linted, docs ignored for the rule)", modes)
	}
	if !facts {
		t.Errorf("facts.buildkit-version did not reach the checks: %v", r.Diagnostics)
	}
	if r.Files != 3 {
		t.Errorf("%d files linted, want 3 (testdata ignored)", r.Files)
	}
}
