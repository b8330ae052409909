package loader

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/consts"
	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	composeschema "github.com/compose-spec/compose-go/v2/schema"
	composetypes "github.com/compose-spec/compose-go/v2/types"
	"github.com/docker/go-units"
	"go.yaml.in/yaml/v3"
)

// A compose file given to bake is read the way bake reads it: compose-go
// loads the model without normalising or validating it, only the image,
// build, environment and env_file of each service (and the top-level
// secrets) are kept and checked against the compose schema, and each
// service with a build section is a target of the group "default", its
// x-bake extension adding bake's own attributes.

// composeEnv is the environment compose interpolates from: the process
// environment (unless BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP is true), a .env
// file in the current directory for the names it does not set, and vars
// over both.
func composeEnv(vars map[string]string) (map[string]string, error) {
	envs := map[string]string{}
	if envLookupAllowed() {
		for _, kv := range os.Environ() {
			k, v, _ := strings.Cut(kv, "=")
			envs[k] = v
		}
	}
	if wd, err := os.Getwd(); err == nil {
		if envs, err = withDotEnv(envs, wd); err != nil {
			return nil, err
		}
	}
	maps.Copy(envs, vars)
	return envs, nil
}

// withDotEnv adds the variables of dir/.env that env does not set.
func withDotEnv(env map[string]string, dir string) (map[string]string, error) {
	name, err := filepath.Abs(filepath.Join(dir, ".env"))
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(name)
	switch {
	case os.IsNotExist(err):
		return env, nil
	case err != nil:
		return nil, err
	case st.IsDir():
		return env, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	vals, err := dotenv.UnmarshalBytesWithLookup(data, func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	})
	if err != nil {
		return nil, err
	}
	for k, v := range vals {
		if _, set := env[k]; !set {
			env[k] = v
		}
	}
	return env, nil
}

// isCompose says whether bake reads the file as compose: by extension
// (.yml, .yaml), never for .json and .hcl, else when compose-go loads it;
// err is compose-go's refusal.
func isCompose(f File, vars map[string]string) (bool, error) {
	envs, err := composeEnv(vars)
	if err != nil {
		return false, err
	}
	lower := strings.ToLower(f.Name)
	switch {
	case strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".yaml"):
		return true, checkCompose(f.Data, envs)
	case strings.HasSuffix(lower, ".json") || strings.HasSuffix(lower, ".hcl"):
		return false, nil
	}
	err = checkCompose(f.Data, envs)
	return err == nil, err
}

// checkCompose loads one file alone; the consistency of services is
// checked when the files are loaded together.
func checkCompose(data []byte, envs map[string]string) error {
	_, err := loadCompose([]composetypes.ConfigFile{{Content: data}}, envs, func(o *loader.Options) {
		o.SkipConsistencyCheck = true
	})
	return err
}

// loadCompose loads compose files into a project as bake does.
func loadCompose(cfgs []composetypes.ConfigFile, envs map[string]string, extra ...func(*loader.Options)) (*composetypes.Project, error) {
	if envs == nil {
		envs = map[string]string{}
	}
	details := composetypes.ConfigDetails{ConfigFiles: cfgs, Environment: envs}
	raw, err := loader.LoadModelWithContext(context.Background(), details, append([]func(*loader.Options){func(o *loader.Options) {
		name := "bake"
		if v, ok := envs[consts.ComposeProjectName]; ok && v != "" {
			name = v
		}
		o.SetProjectName(name, false)
		o.SkipNormalization = true
		o.SkipValidation = true
	}}, extra...)...)
	if err != nil {
		return nil, err
	}
	kept := map[string]any{}
	if services, ok := raw["services"].(map[string]any); ok {
		out := map[string]any{}
		for name, svc := range services {
			if svc == nil {
				out[name] = map[string]any{}
				continue
			}
			m, ok := svc.(map[string]any)
			if !ok {
				continue
			}
			s := map[string]any{}
			for _, k := range []string{"image", "build", "environment", "env_file"} {
				if v, ok := m[k]; ok {
					s[k] = v
				}
			}
			out[name] = s
		}
		kept["services"] = out
	}
	if v, ok := raw["secrets"]; ok {
		kept["secrets"] = v
	}
	if len(kept) == 0 {
		return nil, errors.New("empty compose file")
	}
	if err := composeschema.Validate(kept); err != nil {
		return nil, err
	}
	return loader.ModelToProject(kept, loader.ToOptions(&details, append([]func(*loader.Options){func(o *loader.Options) {
		o.SkipNormalization = true
		o.Profiles = []string{"*"}
	}}, extra...)), composetypes.ConfigDetails{ConfigFiles: cfgs, Environment: envs})
}

// composeConfig loads compose files as one definition: a target per
// service with a build section, all in the group "default".
func composeConfig(files []File, vars map[string]string) (*Config, error) {
	envs, err := composeEnv(vars)
	if err != nil {
		return nil, err
	}
	cfgs := make([]composetypes.ConfigFile, len(files))
	for i, f := range files {
		cfgs[i] = composetypes.ConfigFile{Filename: f.Name, Content: f.Data}
	}
	project, err := loadCompose(cfgs, envs)
	if err != nil {
		return nil, err
	}
	var c Config
	if len(project.Services) == 0 {
		return &c, nil
	}
	c.Groups, c.Targets = []*Group{}, []*Target{}
	g := &Group{Name: "default"}
	for _, s := range project.Services {
		if s.Build == nil {
			continue
		}
		t, err := serviceTarget(s, project)
		if err != nil {
			return nil, err
		}
		g.Targets = append(g.Targets, t.Name)
		c.Targets = append(c.Targets, t)
	}
	c.Groups = append(c.Groups, g)
	return &c, nil
}

// serviceTarget is the target of a service with a build section.
func serviceTarget(s composetypes.ServiceConfig, project *composetypes.Project) (*Target, error) {
	b := s.Build
	name := strings.ReplaceAll(s.Name, ".", "_")
	if err := checkName(name); err != nil {
		return nil, fmt.Errorf("invalid service name %q: %w", name, err)
	}
	t := &Target{Name: name, Tags: b.Tags, Platforms: b.Platforms}
	if b.Context != "" {
		v := b.Context
		t.Context = &v
	}
	if b.Dockerfile != "" {
		v := b.Dockerfile
		t.Dockerfile = &v
	}
	if b.DockerfileInline != "" {
		v := b.DockerfileInline
		t.DockerfileInline = &v
	}
	if b.Target != "" {
		v := b.Target
		t.Target = &v
	}
	if b.Network != "" {
		v := b.Network
		t.NetworkMode = &v
	}
	if b.ShmSize > 0 {
		v := units.BytesSize(float64(b.ShmSize))
		t.ShmSize = &v
	}
	for n, u := range b.Ulimits {
		ul, err := units.ParseUlimit(fmt.Sprintf("%s=%d:%d", n, u.Soft, u.Hard))
		if err != nil {
			return nil, err
		}
		t.Ulimits = append(t.Ulimits, ul.String())
	}
	for _, bs := range b.Secrets {
		if project.Secrets[bs.Source].External {
			return nil, fmt.Errorf("unsupported external secret %s", project.Secrets[bs.Source].Name)
		}
	}
	var err error
	if t.CacheFrom, err = ParseCacheEntry(b.CacheFrom); err != nil {
		return nil, err
	}
	if t.CacheTo, err = ParseCacheEntry(b.CacheTo); err != nil {
		return nil, err
	}
	for _, a := range [][2]string{{"sbom", b.SBOM}, {"provenance", b.Provenance}} {
		if a[1] == "" {
			continue
		}
		text := "type=" + a[0] + "," + a[1]
		if on, err := strconv.ParseBool(a[1]); err == nil {
			text = fmt.Sprintf("type=%s,disabled=%t", a[0], !on)
		}
		var x Attest
		if err := x.parse(text); err != nil {
			return nil, err
		}
		t.Attest = append(t.Attest, &x)
	}
	if err := t.xbake(b.Extensions); err != nil {
		return nil, err
	}
	if len(t.Tags) == 0 && s.Image != "" {
		t.Tags = []string{s.Image}
	}
	return t, nil
}

// xbakeExt is compose's x-bake extension, with the fields and YAML types
// bake reads.
type xbakeExt struct {
	Tags          words             `yaml:"tags,omitempty"`
	CacheFrom     words             `yaml:"cache-from,omitempty"`
	CacheTo       words             `yaml:"cache-to,omitempty"`
	Secrets       words             `yaml:"secret,omitempty"`
	SSH           words             `yaml:"ssh,omitempty"`
	Platforms     words             `yaml:"platforms,omitempty"`
	Outputs       words             `yaml:"output,omitempty"`
	Pull          *bool             `yaml:"pull,omitempty"`
	NoCache       *bool             `yaml:"no-cache,omitempty"`
	NoCacheFilter words             `yaml:"no-cache-filter,omitempty"`
	Contexts      map[string]string `yaml:"contexts,omitempty"`
}

// words is a list of strings, or one string split at white space.
type words []string

// UnmarshalYAML reads a list, else a string split into fields.
func (w *words) UnmarshalYAML(unmarshal func(any) error) error {
	var list []string
	if err := unmarshal(&list); err == nil {
		*w = list
		return nil
	}
	var one string
	if err := unmarshal(&one); err != nil {
		return err
	}
	*w = strings.Fields(one)
	return nil
}

// xbake adds a service's x-bake extension to its target.
func (t *Target) xbake(exts map[string]any) error {
	ext, ok := exts["x-bake"]
	if !ok || ext == nil {
		return nil
	}
	var x xbakeExt
	data, _ := yaml.Marshal(ext)
	if err := yaml.Unmarshal(data, &x); err != nil {
		return err
	}
	if len(x.Tags) > 0 {
		t.Tags = unique(append(t.Tags, x.Tags...))
	}
	if len(x.CacheFrom) > 0 {
		from, err := ParseCacheEntry(x.CacheFrom)
		if err != nil {
			return err
		}
		t.CacheFrom = t.CacheFrom.merge(from)
	}
	if len(x.CacheTo) > 0 {
		to, err := ParseCacheEntry(x.CacheTo)
		if err != nil {
			return err
		}
		t.CacheTo = t.CacheTo.merge(to)
	}
	for _, s := range x.Secrets {
		if s == "" {
			continue
		}
		var sec Secret
		if err := sec.parse(s); err != nil {
			return err
		}
		t.Secrets = append(t.Secrets, &sec)
	}
	if len(x.Platforms) > 0 {
		t.Platforms = unique(append(t.Platforms, x.Platforms...))
	}
	if len(x.Outputs) > 0 {
		outs, err := parseExports(x.Outputs)
		if err != nil {
			return err
		}
		t.Outputs = t.Outputs.merge(outs)
	}
	if x.Pull != nil {
		t.Pull = x.Pull
	}
	if x.NoCache != nil {
		t.NoCache = x.NoCache
	}
	return nil
}
