// Package composefile reads compose files through compose-go
// (github.com/compose-spec/compose-go/v2, the loader docker compose and
// Buildx use, at the version Buildx requires) for the source contract:
// [Read] (or [Reader], or [ReadFiles] for paths) gives one source.File per
// file, each read on its own, whose builds are the services with a build
// section, as validate.Build values: build.cache_from and build.cache_to as
// compose interpolates them, build.tags and image as tags, and
// build.platforms. Each build's Source places the service (Source.Def) and
// each cache value (Source.CacheFrom, Source.CacheTo); the services of one
// compose project are one set for validate.CheckAll (Source.Group is the
// project name; "file <path>" for a file compose refuses).
//
// The file is loaded as `docker compose` loads it, schema validation
// included, with differences that keep a check about this one file: the
// environment is source.Options.Env and, when the input's path is a file
// on disk, the project's .env file next to it (Env first, as docker
// compose puts the process environment before .env), never the process
// environment; include: is not followed (included files are read on
// their own); label_file is not read; the files extends: names are read
// only when they are regular files within source.MaxFileSize (a device, a
// FIFO or a directory there is the file's diagnostic); and a variable neither sets is unknown, not blank: it stays
// in the cache values as a template (${VAR}), and when compose-go refuses
// the file with it kept (a port or a number made of it) the file is
// loaded with it blank, then "0", so that it is never refused for what
// only the environment supplies. extends: is followed, as compose follows it. The project
// name is Env's COMPOSE_PROJECT_NAME (what `docker compose -p` sets), else
// the file's name:, else the name of the file's directory, as docker
// compose decides it.
//
// Each value's position comes from the YAML itself (go.yaml.in/yaml/v3
// nodes; anchors, aliases and merge keys resolved): the scalar the value
// came from, exact (diag.Span.Exact) when it is a one-line plain or quoted
// scalar that compose did not interpolate and whose bytes are the value's.
//
// A file that is not valid YAML gives a validate.FileSyntaxError
// diagnostic. A file compose-go refuses gives a validate.FileSyntaxError
// diagnostic with compose-go's message, at the key it names; its cache
// values are still checked as written. Compose refuses unknown keys, so a
// misspelled cache key (cache-from, cacheFrom under build, or cache_from
// directly under the service) is an error at the key, with the rename as
// fix. Nothing panics on any input: a panic of compose-go is the file's
// diagnostic, and a panic of the reader itself is one too (source.Guard).
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
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/envmap"
	"github.com/buildxcache/buildxcache/interop/internal/guard"
	"github.com/buildxcache/buildxcache/interop/internal/keys"
	"github.com/buildxcache/buildxcache/interop/internal/yamlfast"
	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// Reader is the compose reader of the source contract: [Read].
var Reader source.Reader = source.ReaderFunc(Read)

// Read reads each input as a compose file on its own and returns one
// source.File per input, in order. An input's Path names the file in
// positions and messages, and its directory is the project directory. An
// input that is too large or is not text is refused as source.ReadFile
// refuses a file. Read never panics.
func Read(inputs []source.Input, opts source.Options) []source.File {
	return eachFile.Read(inputs, opts)
}

var eachFile = source.EachFile(func(in source.Input, opts source.Options) source.File {
	return parse(in.Path, in.Content, opts)
})

// ReadFiles reads the compose files at paths, each on its own, as
// source.ReadPaths reads them with [Reader]: one File per path, in order,
// a file that cannot be read holding its validate.UnreadableFile
// diagnostic.
func ReadFiles(paths []string, opts source.Options) []source.File {
	return source.ReadPaths(Reader, paths, opts)
}

// parse reads the compose file path from data.
func parse(path string, data []byte, opts source.Options) (f source.File) {
	f.Path = path
	if d := source.CheckText(path, data); d != nil {
		f.Diagnostics = append(f.Diagnostics, *d)
		return f
	}
	var doc yaml.Node
	if err := yamlfast.Unmarshal(data, &doc); err != nil {
		line, col := yamlx.ErrorLine(err.Error())
		f.Diagnostics = append(f.Diagnostics, source.SyntaxError(path, line, col, "not valid YAML: "+strings.TrimPrefix(err.Error(), "yaml: ")))
		return f
	}
	raw := scan(path, data, &doc)
	withDotEnv, envProblem := dotEnv(path, opts.Env)
	if envProblem != nil {
		f.Diagnostics = append(f.Diagnostics, *envProblem)
	}
	opts.Env = withDotEnv
	proj, fill, err := load(path, data, opts)
	if err != nil {
		f.Diagnostics = append(f.Diagnostics, refused(raw, err)...)
		for _, s := range raw.order {
			if b, ok := raw.literal(s, "file "+path); ok {
				f.Builds = append(f.Builds, b)
			}
		}
		return f
	}
	env := lookup(opts, proj.Name)
	match := env // how the project was interpolated
	if fill != nil {
		match = filled(env, *fill)
	}
	for _, name := range slices.Sorted(maps.Keys(proj.Services)) {
		svc := proj.Services[name]
		if svc.Build == nil {
			continue
		}
		src := &validate.Source{Def: raw.servicePos(name), Group: proj.Name}
		b := validate.Build{Name: name, Origin: validate.OriginCompose, Source: src}
		b.Tags = slices.Clone(svc.Build.Tags)
		if svc.Image != "" && !slices.Contains(b.Tags, svc.Image) {
			b.Tags = append(b.Tags, svc.Image)
		}
		b.Platforms = slices.Clone(svc.Build.Platforms)
		b.CacheFrom, src.CacheFrom = raw.place(name, "cache_from", svc.Build.CacheFrom, match, env)
		b.CacheTo, src.CacheTo = raw.place(name, "cache_to", svc.Build.CacheTo, match, env)
		addXBake(&b, raw, name, env)
		f.Builds = append(f.Builds, b)
	}
	return f
}

// nodePos is where a YAML node is.
func nodePos(n *yaml.Node) diag.Pos {
	return diag.Pos{Line: n.Line, Col: n.Column}
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// projectName decides the project name as docker compose does, and
// whether it was given (rather than a default the file's name: overrides).
func projectName(path string, opts source.Options) (string, bool) {
	if n, _ := envmap.Lookup(opts.Env, "COMPOSE_PROJECT_NAME"); n != "" {
		return n, true
	}
	n := loader.NormalizeProjectName(filepath.Base(filepath.Dir(absPath(path))))
	if n == "" {
		n = "default"
	}
	return n, false
}

// lookup is the environment compose interpolated the file with.
func lookup(opts source.Options, project string) template.Mapping {
	return func(k string) (string, bool) {
		if k == "COMPOSE_PROJECT_NAME" {
			return project, true
		}
		return envmap.Lookup(opts.Env, k)
	}
}

// load loads the file with compose-go, as docker compose does, with the
// differences the package documentation gives. A panic of compose-go is an
// error. Unset variables are first kept as written (templates); when
// compose-go refuses the file so (a number or a port made of an unset
// variable), it is loaded again with them blank, as compose makes them,
// then with them "0", which every typed field takes; fill says which
// value unset variables were given, nil when they were kept.
func load(path string, data []byte, opts source.Options) (p *types.Project, fill *string, err error) {
	var first error
	for _, fill = range []*string{nil, ptr(""), ptr("0")} {
		if panicked, v := guard.Do(func() { p, err = loadUnguarded(path, data, opts, fill) }); panicked {
			p, err = nil, fmt.Errorf("compose's loader failed: %v", v)
		}
		if err == nil {
			return p, fill, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, nil, first
}

func ptr(s string) *string { return &s }

func loadUnguarded(path string, data []byte, opts source.Options, fill *string) (*types.Project, error) {
	// compose-go takes the environment as a map: the variables of Env the
	// file can ask for
	env := types.Mapping(envmap.For(opts.Env, data))
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
		o.SkipResolveLabels = true // label_file: read by compose-go, without a limit
		o.ResolvePaths = false
		// the files extends: names: regular files within the size limit
		o.ResourceLoaders = append([]loader.ResourceLoader{newExtendsGuard(filepath.Dir(absPath(path)))}, o.ResourceLoaders...)
		if o.Interpolate != nil {
			// unset variables are blank, as compose makes them, without
			// compose's warning on the process's log
			o.Interpolate.Substitute = func(s string, m template.Mapping) (string, error) {
				if fill != nil {
					return substitute(s, filled(m, *fill))
				}
				return substitute(s, m)
			}
		}
	})
}

// refused turns compose-go's refusal into diagnostics: one per misspelled
// cache key it names, at the key, with the rename; else one with its
// message, at the key it names when that can be found.
func refused(raw *rawFile, err error) diag.Diagnostics {
	msg := err.Error()
	// compose-go prefixes "validating <path>: "
	short := strings.TrimPrefix(msg, "validating "+raw.path+": ")
	var out diag.Diagnostics
	for _, m := range raw.misspelled {
		if !strings.Contains(short, "'"+m.key+"'") && !strings.Contains(short, "."+m.key+" ") {
			continue
		}
		out = append(out, validate.FileSyntaxError.At(m.pos, fmt.Sprintf("compose refuses this file: %s: %s", short, m.why), m.fix))
	}
	if len(out) > 0 {
		return out
	}
	line, col := yamlx.ErrorPos(raw.doc, short)
	return diag.Diagnostics{source.SyntaxError(raw.path, line, col, "compose refuses this file: "+short)}
}

// rawValue is a cache value as written in the YAML.
type rawValue struct {
	text string
	pos  diag.Span
}

// misspelling is a cache key compose does not know.
type misspelling struct {
	key string
	pos diag.Range
	why string
	fix diag.Fix
}

// rawService is what the YAML says about one service.
type rawService struct {
	pos diag.Range
	// extends names the service of the same file this one extends, or "".
	extends string
	// keys are the positions of the cache_from and cache_to keys.
	keys   map[string]diag.Pos
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
	at := func(n *yaml.Node) diag.Range { return diag.At(path, nodePos(n)) }
	for _, s := range yamlx.Pairs(yamlx.Get(yamlx.Resolve(doc), "services")) {
		rs := &rawService{pos: at(s.KeyN), keys: map[string]diag.Pos{}, values: map[string][]rawValue{}}
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
			want, ok := keys.Compose.Misspelled(p.Key)
			if p.Key == keys.Compose.From || p.Key == keys.Compose.To {
				want, ok = p.Key, true
			}
			if ok {
				rf.misspelled = append(rf.misspelled, misspelling{key: p.Key, pos: at(p.KeyN),
					why: fmt.Sprintf("%s belongs under build:, as %s", p.Key, want), fix: diag.Fix{Message: "move it under build: as " + want}})
			}
		}
		for _, p := range yamlx.Pairs(yamlx.Get(s.Value, "build")) {
			if p.Key == "x-bake" {
				scanXBake(path, lines, p.Value, rs.values)
				continue
			}
			switch p.Key {
			case keys.Compose.From, keys.Compose.To:
				rs.keys[p.Key] = nodePos(p.KeyN)
				for _, n := range yamlx.Items(p.Value) {
					text, ok := yamlx.Scalar(n)
					if !ok {
						continue
					}
					rs.values[p.Key] = append(rs.values[p.Key], rawValue{text: text, pos: scalarPos(path, lines, n)})
				}
			default:
				if want, ok := keys.Compose.Misspelled(p.Key); ok {
					rf.misspelled = append(rf.misspelled, misspelling{key: p.Key, pos: at(p.KeyN),
						why: fmt.Sprintf("compose has no build key %q; the key is %s", p.Key, want), fix: keys.RenameAt(path, nodePos(p.KeyN), p.Key, want, p.KeyN.Style == 0)})
				}
			}
		}
	}
	return rf
}

// scalarPos is the position of a scalar's value (yamlx places anchored
// and tagged scalars at their value).
func scalarPos(path string, lines []string, n *yaml.Node) diag.Span {
	return yamlx.NewScalarMap(path, lines, n).At(0)
}

func (rf *rawFile) servicePos(name string) diag.Range {
	if s := rf.services[name]; s != nil {
		return s.pos
	}
	return diag.Range{File: rf.path}
}

// place pairs the values compose resolved for a service's key with the
// scalars written in the file (the service's own, then those of the
// services it extends): a value is placed at the first unused scalar that
// interpolates to it, exactly when the scalar is the value as written;
// else at the key, else at the service.
//
// A value is given as show interpolates its scalar, where match (the
// interpolation of the project) left an unset variable blank.
func (rf *rawFile) place(service, key string, vals []string, match, show template.Mapping) ([]string, []diag.Span) {
	var cands []rawValue
	keyPos := diag.Pos{}
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
	at := diag.Span{File: rf.path, Start: keyPos}
	if keyPos.Line == 0 {
		at.Start = rf.servicePos(service).Start
	}
	used := make([]bool, len(cands))
	pos := make([]diag.Span, len(vals))
	out := slices.Clone(vals)
	for i, v := range vals {
		pos[i] = at
		for j, c := range cands {
			if used[j] {
				continue
			}
			got, err := substitute(c.text, match)
			if err != nil || got != v {
				continue
			}
			if shown, err := substitute(c.text, show); err == nil {
				out[i] = shown
			}
			used[j] = true
			pos[i] = c.pos
			if c.text != out[i] {
				pos[i].Exact = false
			}
			break
		}
	}
	return out, pos
}

// literal is a service's build from the YAML alone, for a file compose-go
// refuses: its cache values as written.
func (rf *rawFile) literal(name, group string) (validate.Build, bool) {
	rs := rf.services[name]
	src := &validate.Source{Def: rs.pos, Group: group}
	b := validate.Build{Name: name, Origin: validate.OriginCompose, Source: src}
	for _, v := range rs.values[keys.Compose.From] {
		b.CacheFrom, src.CacheFrom = append(b.CacheFrom, v.text), append(src.CacheFrom, v.pos)
	}
	for _, v := range rs.values[keys.Compose.To] {
		b.CacheTo, src.CacheTo = append(b.CacheTo, v.text), append(src.CacheTo, v.pos)
	}
	addXBake(&b, rf, name, nil)
	return b, len(b.CacheFrom)+len(b.CacheTo) > 0
}
