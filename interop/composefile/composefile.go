// Package composefile reads compose files through compose-go, the loader
// docker compose uses, and turns each service with a build section into a
// source.Build: build.cache_from and build.cache_to (interpolated as
// compose interpolates them), build.tags and image as tags,
// build.platforms. The services of one compose project are one set for
// validate.CheckAll. Each value's position comes from the YAML itself.
package composefile

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Options configure ReadFile.
type Options struct {
	// Env is the environment compose interpolates ${VAR} from. Nil is an
	// empty environment; the process environment is never read.
	Env map[string]string
	// Project is the project name; "" derives it from the directory, as
	// docker compose does.
	Project string
}

// ReadFile reads the compose file at path.
func ReadFile(path string, opts Options) source.File {
	data, p := source.ReadFile(path)
	if p != nil {
		return source.File{Path: path, Problems: []source.Problem{*p}}
	}
	return Parse(path, data, opts)
}

// Parse reads a compose file from data; path names it in positions and
// locates relative paths. It never panics: a file compose-go refuses gives
// a source.Problem with compose-go's message, and its cache values are
// still checked as written.
func Parse(path string, data []byte, opts Options) (f source.File) {
	f.Path = path
	defer func() {
		if r := recover(); r != nil {
			f.Builds = nil
			f.Problems = append(f.Problems, problem(path, 0, source.RuleSyntaxError, fmt.Sprintf("cannot read the compose file: %v", r), ""))
		}
	}()
	if p := source.CheckText(path, data); p != nil {
		f.Problems = append(f.Problems, *p)
		return f
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		f.Problems = append(f.Problems, problem(path, lineOf(err.Error()), source.RuleSyntaxError, "not valid YAML: "+strings.TrimPrefix(err.Error(), "yaml: "), ""))
		return f
	}
	raw := scan(path, data, &doc)
	project := opts.Project
	if project == "" {
		project = loader.NormalizeProjectName(filepath.Base(filepath.Dir(absPath(path))))
		if project == "" {
			project = "compose"
		}
	}
	proj, err := load(path, data, opts, project)
	if err != nil {
		msg := err.Error()
		fix := ""
		for _, k := range []string{"cache-from", "cache-to", "cacheFrom", "cacheTo", "cachefrom", "cacheto"} {
			if strings.Contains(msg, "'"+k+"'") {
				fix = "rename " + k + " to cache_" + strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(k), "cache-"), "cache")
			}
		}
		f.Problems = append(f.Problems, problem(path, 0, source.RuleSyntaxError, "compose refuses this file: "+msg, fix))
		for _, name := range raw.order {
			if b, ok := raw.build(name, "file "+path); ok {
				f.Builds = append(f.Builds, b)
			}
		}
		return f
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range proj.Services {
			if !yield(n) {
				return
			}
		}
	})
	for _, name := range names {
		svc := proj.Services[name]
		if svc.Build == nil {
			continue
		}
		b := source.Build{Group: "project " + proj.Name}
		b.Name, b.Origin = name, validate.OriginCompose
		b.Pos = raw.services[name]
		if b.Pos.File == "" {
			b.Pos = source.Pos{File: path}
		}
		b.Tags = slices.Clone(svc.Build.Tags)
		if svc.Image != "" {
			b.Tags = append(b.Tags, svc.Image)
		}
		b.Platforms = slices.Clone(svc.Build.Platforms)
		b.CacheFrom, b.CacheFromPos = place(svc.Build.CacheFrom, raw.values[name+"\x00cache_from"], b.Pos)
		b.CacheTo, b.CacheToPos = place(svc.Build.CacheTo, raw.values[name+"\x00cache_to"], b.Pos)
		f.Builds = append(f.Builds, b)
	}
	return f
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func load(path string, data []byte, opts Options, project string) (*types.Project, error) {
	env := types.Mapping{}
	for k, v := range opts.Env {
		env[k] = v
	}
	return loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  filepath.Dir(absPath(path)),
		ConfigFiles: []types.ConfigFile{{Filename: path, Content: data}},
		Environment: env,
	}, func(o *loader.Options) {
		o.SetProjectName(project, true)
		o.SkipConsistencyCheck = true // a lint reads one file; networks and volumes may be elsewhere
		o.SkipResolveEnvironment = true
		o.ResolvePaths = false
	})
}

// place pairs the values compose resolved with the scalars written in the
// file, in order: a value equal to its scalar has the scalar's exact
// position; an interpolated one has the scalar's start.
func place(vals []string, nodes []rawValue, at source.Pos) ([]string, []source.Value) {
	pos := make([]source.Value, len(vals))
	for i, v := range vals {
		switch {
		case len(nodes) == len(vals):
			pos[i] = nodes[i].pos
			if nodes[i].text != v {
				pos[i].Exact = false
			}
		default:
			pos[i] = source.Value{Pos: at}
		}
	}
	return slices.Clone(vals), pos
}

// rawValue is a cache value as written in the YAML.
type rawValue struct {
	text string
	pos  source.Value
}

// rawFile is what the YAML says, for positions.
type rawFile struct {
	path     string
	order    []string
	services map[string]source.Pos
	values   map[string][]rawValue // service \x00 key -> values
}

func scan(path string, data []byte, doc *yaml.Node) *rawFile {
	rf := &rawFile{path: path, services: map[string]source.Pos{}, values: map[string][]rawValue{}}
	lines := strings.Split(string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))), "\n")
	for _, s := range yamlx.Pairs(yamlx.Get(yamlx.Resolve(doc), "services")) {
		rf.order = append(rf.order, s.Key)
		rf.services[s.Key] = source.Pos{File: path, Line: s.KeyN.Line, Col: s.KeyN.Column}
		build := yamlx.Get(s.Value, "build")
		for _, key := range []string{"cache_from", "cache_to"} {
			for _, n := range yamlx.Items(yamlx.Get(build, key)) {
				text, ok := yamlx.Scalar(n)
				if !ok {
					continue
				}
				m := yamlx.NewScalarMap(path, lines, n)
				rf.values[s.Key+"\x00"+key] = append(rf.values[s.Key+"\x00"+key], rawValue{text: text, pos: m.At(0)})
			}
		}
	}
	return rf
}

// build is a service's build from the YAML alone, for a file compose-go
// refuses.
func (rf *rawFile) build(name, group string) (source.Build, bool) {
	b := source.Build{Group: group, Pos: rf.services[name]}
	b.Name, b.Origin = name, validate.OriginCompose
	for _, v := range rf.values[name+"\x00cache_from"] {
		b.CacheFrom, b.CacheFromPos = append(b.CacheFrom, v.text), append(b.CacheFromPos, v.pos)
	}
	for _, v := range rf.values[name+"\x00cache_to"] {
		b.CacheTo, b.CacheToPos = append(b.CacheTo, v.text), append(b.CacheToPos, v.pos)
	}
	return b, len(b.CacheFrom)+len(b.CacheTo) > 0
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func lineOf(msg string) int {
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

func problem(path string, line int, rule, msg, fix string) source.Problem {
	return source.Problem{Pos: source.Pos{File: path, Line: line}, Rule: rule, Severity: validate.Error, Message: msg, Fix: fix}
}
