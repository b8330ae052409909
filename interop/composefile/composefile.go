// Package composefile reads compose files through compose-go
// (github.com/compose-spec/compose-go/v2, the loader docker compose and
// Buildx use, at the version Buildx requires) and turns each service with a
// build section into a source.Build: build.cache_from and build.cache_to
// as compose interpolates them, build.tags and image as tags, and
// build.platforms. The services of one compose project are one set for
// validate.CheckAll (Build.Group is the project name; "file <path>" for a
// file compose refuses).
//
// The file is loaded as `docker compose` loads it, schema validation
// included, with two differences that keep a check about this one file:
// the environment is Options.Env, never the process environment or a .env
// file, and include: is not followed (included files are read on their
// own). extends: is followed, as compose follows it.
//
// Each value's position comes from the YAML itself (go.yaml.in/yaml/v3
// nodes; anchors, aliases and merge keys resolved): the scalar the value
// came from, exact (Value.Exact) when it is a one-line plain or quoted
// scalar that compose did not interpolate and whose bytes are the value's.
//
// A file that is not valid YAML gives a source.RuleSyntaxError problem. A
// file compose-go refuses gives a source.RuleSyntaxError problem with
// compose-go's message, at the key it names; its cache values are still
// checked as written. Compose refuses unknown keys, so a misspelled cache
// key (cache-from, cacheFrom under build, or cache_from directly under the
// service) is an error at the key, with the rename as fix. Nothing panics
// on any input.
//
// Bake reads compose files too, with its x-bake extension; package
// bakefile reads them as bake does.
package composefile

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Options configure ReadFile and Parse.
type Options struct {
	// Env is the environment compose interpolates ${VAR} from. Nil is an
	// empty environment; the process environment and .env files are never
	// read.
	Env map[string]string
	// Project is the project name, as `docker compose -p` gives it. When
	// "", it is Env's COMPOSE_PROJECT_NAME, else the file's name:, else
	// the name of the file's directory, as docker compose decides it.
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
// messages, and its directory is the project directory. It never panics.
func Parse(path string, data []byte, opts Options) (f source.File) {
	f.Path = path
	defer func() {
		if r := recover(); r != nil {
			f.Builds = nil
			f.Problems = append(f.Problems, syntaxProblem(source.Pos{File: path}, fmt.Sprintf("cannot read the compose file: %v", r)))
		}
	}()
	if p := source.CheckText(path, data); p != nil {
		f.Problems = append(f.Problems, *p)
		return f
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		f.Problems = append(f.Problems, syntaxProblem(source.Pos{File: path, Line: yamlLine(err.Error())}, "not valid YAML: "+strings.TrimPrefix(err.Error(), "yaml: ")))
		return f
	}
	raw := scan(path, data, &doc)
	proj, err := load(path, data, opts)
	if err != nil {
		f.Problems = append(f.Problems, refused(raw, err)...)
		for _, s := range raw.order {
			if b, ok := raw.literal(s, "file "+path); ok {
				f.Builds = append(f.Builds, b)
			}
		}
		return f
	}
	env := lookup(opts, proj.Name)
	for _, name := range slices.Sorted(maps.Keys(proj.Services)) {
		svc := proj.Services[name]
		if svc.Build == nil {
			continue
		}
		b := source.Build{Group: proj.Name, Pos: raw.servicePos(name)}
		b.Name, b.Origin = name, validate.OriginCompose
		b.Tags = slices.Clone(svc.Build.Tags)
		if svc.Image != "" && !slices.Contains(b.Tags, svc.Image) {
			b.Tags = append(b.Tags, svc.Image)
		}
		b.Platforms = slices.Clone(svc.Build.Platforms)
		b.CacheFrom, b.CacheFromPos = raw.place(name, "cache_from", svc.Build.CacheFrom, env)
		b.CacheTo, b.CacheToPos = raw.place(name, "cache_to", svc.Build.CacheTo, env)
		f.Builds = append(f.Builds, b)
	}
	return f
}

func syntaxProblem(p source.Pos, msg string) source.Problem {
	return source.Problem{Pos: p, Rule: source.RuleSyntaxError, Severity: validate.Error, Message: msg}
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// projectName decides the project name as docker compose does, and
// whether it was given (rather than a default the file's name: overrides).
func projectName(path string, opts Options) (string, bool) {
	if opts.Project != "" {
		return opts.Project, true
	}
	if n := opts.Env["COMPOSE_PROJECT_NAME"]; n != "" {
		return n, true
	}
	n := loader.NormalizeProjectName(filepath.Base(filepath.Dir(absPath(path))))
	if n == "" {
		n = "default"
	}
	return n, false
}

// lookup is the environment compose interpolated the file with.
func lookup(opts Options, project string) template.Mapping {
	return func(k string) (string, bool) {
		if k == "COMPOSE_PROJECT_NAME" {
			return project, true
		}
		v, ok := opts.Env[k]
		return v, ok
	}
}

// load loads the file with compose-go, as docker compose does, with the
// differences the package documentation gives.
func load(path string, data []byte, opts Options) (p *types.Project, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("compose's loader failed: %v", r)
		}
	}()
	env := types.Mapping{}
	maps.Copy(env, opts.Env)
	name, given := projectName(path, opts)
	return loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  filepath.Dir(absPath(path)),
		ConfigFiles: []types.ConfigFile{{Filename: path, Content: data}},
		Environment: env,
	}, func(o *loader.Options) {
		o.SetProjectName(name, given)
		// one file: networks, volumes and services it refers to may be in
		// another file given with -f
		o.SkipConsistencyCheck = true
		o.SkipResolveEnvironment = true
		o.SkipInclude = true
		o.ResolvePaths = false
		if o.Interpolate != nil {
			// unset variables are blank, as compose makes them, without
			// compose's warning on the process's log
			o.Interpolate.Substitute = func(s string, m template.Mapping) (string, error) {
				return template.SubstituteWithOptions(s, m, template.WithoutLogging)
			}
		}
	})
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

func yamlLine(msg string) int {
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// compose-go's schema messages: "services.a.build additional properties
// 'cache-from' not allowed", "services.a.build.cache_from must be a array",
// "services.a.cache_from false schema".
var (
	additionalRe = regexp.MustCompile(`(services\.[^\s]+) additional propert(?:y|ies) ((?:'[^']*'(?:, )?)+) not allowed`)
	pathRe       = regexp.MustCompile(`(services\.[^\s]+)`)
)

// refused turns compose-go's refusal into problems: one per misspelled
// cache key it names, at the key, with the rename; else one with its
// message, at the key it names when that can be found.
func refused(raw *rawFile, err error) []source.Problem {
	msg := err.Error()
	// compose-go prefixes "validating <path>: "
	short := strings.TrimPrefix(msg, "validating "+raw.path+": ")
	var out []source.Problem
	for _, m := range raw.misspelled {
		if !strings.Contains(short, "'"+m.key+"'") && !strings.Contains(short, "."+m.key+" ") {
			continue
		}
		p := syntaxProblem(m.pos, fmt.Sprintf("compose refuses this file: %s: %s", short, m.why))
		p.Fix = m.fix
		out = append(out, p)
	}
	if len(out) > 0 {
		return out
	}
	p := syntaxProblem(source.Pos{File: raw.path, Line: yamlLine(msg)}, "compose refuses this file: "+short)
	if m := additionalRe.FindStringSubmatch(short); m != nil {
		key := strings.Trim(strings.SplitN(m[2], ",", 2)[0], "' ")
		if n := raw.find(strings.Split(m[1], "."), key); n != nil {
			p.Pos = source.Pos{File: raw.path, Line: n.Line, Col: n.Column}
		}
	} else if m := pathRe.FindStringSubmatch(short); m != nil {
		parts := strings.Split(m[1], ".")
		if n := raw.find(parts[:len(parts)-1], parts[len(parts)-1]); n != nil {
			p.Pos = source.Pos{File: raw.path, Line: n.Line, Col: n.Column}
		}
	}
	return []source.Problem{p}
}

// rawValue is a cache value as written in the YAML.
type rawValue struct {
	text string
	pos  source.Value
}

// misspelling is a cache key compose does not know.
type misspelling struct {
	key      string
	pos      source.Pos
	why, fix string
}

// rawService is what the YAML says about one service.
type rawService struct {
	pos source.Pos
	// extends names the service of the same file this one extends, or "".
	extends string
	// keys are the positions of the cache_from and cache_to keys.
	keys   map[string]source.Pos
	values map[string][]rawValue
}

// rawFile is what the YAML says, for positions and for a file compose
// refuses.
type rawFile struct {
	path       string
	doc        *yaml.Node
	order      []string
	services   map[string]*rawService
	misspelled []misspelling
}

func scan(path string, data []byte, doc *yaml.Node) *rawFile {
	rf := &rawFile{path: path, doc: doc, services: map[string]*rawService{}}
	lines := strings.Split(string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))), "\n")
	at := func(n *yaml.Node) source.Pos { return source.Pos{File: path, Line: n.Line, Col: n.Column} }
	for _, s := range yamlx.Pairs(yamlx.Get(yamlx.Resolve(doc), "services")) {
		rs := &rawService{pos: at(s.KeyN), keys: map[string]source.Pos{}, values: map[string][]rawValue{}}
		if _, dup := rf.services[s.Key]; !dup {
			rf.order = append(rf.order, s.Key)
		}
		rf.services[s.Key] = rs
		ext := yamlx.Get(s.Value, "extends")
		if name, ok := yamlx.Scalar(ext); ok {
			rs.extends = name
		} else if yamlx.Get(ext, "file") == nil {
			rs.extends = yamlx.Str(yamlx.Get(ext, "service"))
		}
		for _, p := range yamlx.Pairs(s.Value) {
			want, ok := misspelledKey(p.Key)
			if p.Key == "cache_from" || p.Key == "cache_to" {
				want, ok = p.Key, true
			}
			if ok {
				rf.misspelled = append(rf.misspelled, misspelling{key: p.Key, pos: at(p.KeyN),
					why: fmt.Sprintf("%s belongs under build:, as %s", p.Key, want), fix: "move it under build: as " + want})
			}
		}
		for _, p := range yamlx.Pairs(yamlx.Get(s.Value, "build")) {
			switch p.Key {
			case "cache_from", "cache_to":
				rs.keys[p.Key] = at(p.KeyN)
				for _, n := range yamlx.Items(p.Value) {
					text, ok := yamlx.Scalar(n)
					if !ok {
						continue
					}
					rs.values[p.Key] = append(rs.values[p.Key], rawValue{text: text, pos: scalarPos(path, lines, n)})
				}
			default:
				if want, ok := misspelledKey(p.Key); ok {
					rf.misspelled = append(rf.misspelled, misspelling{key: p.Key, pos: at(p.KeyN),
						why: fmt.Sprintf("compose has no build key %q; the key is %s", p.Key, want), fix: "rename it to " + want})
				}
			}
		}
	}
	return rf
}

// scalarPos is the position of a scalar's value (yamlx places anchored
// and tagged scalars at their value).
func scalarPos(path string, lines []string, n *yaml.Node) source.Value {
	return yamlx.NewScalarMap(path, lines, n).At(0)
}

// misspelledKey says whether a compose key is a misspelling of cache_from
// or cache_to, and which.
func misspelledKey(k string) (string, bool) {
	if k == "cache_from" || k == "cache_to" {
		return "", false
	}
	canon := strings.NewReplacer("_", "-", " ", "-", ".", "-").Replace(strings.ToLower(strings.TrimSpace(k)))
	switch strings.ReplaceAll(canon, "-", "") {
	case "cachefrom":
		return "cache_from", true
	case "cacheto":
		return "cache_to", true
	}
	if !strings.HasPrefix(canon, "cach") && !strings.HasPrefix(canon, "cahc") {
		return "", false
	}
	switch cachespec.Suggest(canon, []string{"cache-from", "cache-to"}) {
	case "cache-from":
		return "cache_from", true
	case "cache-to":
		return "cache_to", true
	}
	return "", false
}

func (rf *rawFile) servicePos(name string) source.Pos {
	if s := rf.services[name]; s != nil {
		return s.pos
	}
	return source.Pos{File: rf.path}
}

// find returns the key node of key under the mapping at path.
func (rf *rawFile) find(path []string, key string) *yaml.Node {
	return yamlx.KeyAt(rf.doc, path, key)
}

// place pairs the values compose resolved for a service's key with the
// scalars written in the file (the service's own, then those of the
// services it extends): a value is placed at the first unused scalar that
// interpolates to it, exactly when the scalar is the value as written;
// else at the key, else at the service.
func (rf *rawFile) place(service, key string, vals []string, env template.Mapping) ([]string, []source.Value) {
	var cands []rawValue
	keyPos := source.Pos{}
	seen := map[string]bool{}
	for s := service; s != "" && !seen[s]; {
		seen[s] = true
		rs := rf.services[s]
		if rs == nil {
			break
		}
		cands = append(cands, rs.values[key]...)
		if p, ok := rs.keys[key]; ok && keyPos.Line == 0 {
			keyPos = p
		}
		s = rs.extends
	}
	if keyPos.Line == 0 {
		keyPos = rf.servicePos(service)
	}
	used := make([]bool, len(cands))
	pos := make([]source.Value, len(vals))
	for i, v := range vals {
		pos[i] = source.Value{Pos: keyPos}
		for j, c := range cands {
			if used[j] {
				continue
			}
			got, err := template.SubstituteWithOptions(c.text, env, template.WithoutLogging)
			if err != nil || got != v {
				continue
			}
			used[j] = true
			pos[i] = c.pos
			if c.text != v {
				pos[i].Exact = false
			}
			break
		}
	}
	return slices.Clone(vals), pos
}

// literal is a service's build from the YAML alone, for a file compose-go
// refuses: its cache values as written.
func (rf *rawFile) literal(name, group string) (source.Build, bool) {
	rs := rf.services[name]
	b := source.Build{Group: group, Pos: rs.pos}
	b.Name, b.Origin = name, validate.OriginCompose
	for _, v := range rs.values["cache_from"] {
		b.CacheFrom, b.CacheFromPos = append(b.CacheFrom, v.text), append(b.CacheFromPos, v.pos)
	}
	for _, v := range rs.values["cache_to"] {
		b.CacheTo, b.CacheToPos = append(b.CacheTo, v.text), append(b.CacheToPos, v.pos)
	}
	return b, len(b.CacheFrom)+len(b.CacheTo) > 0
}
