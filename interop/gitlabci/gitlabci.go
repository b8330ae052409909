// Package gitlabci reads GitLab CI configuration (.gitlab-ci.yml and the
// files it includes with include: local:) and finds the image builds in its
// jobs: every docker buildx build, docker build, docker buildx bake --set,
// buildctl build and docker compose build command with cache flags in a
// job's before_script, script and after_script, split with the shell
// parser the other readers use (interop/internal/shellcmd).
//
// The configuration is read as GitLab reads it: YAML anchors, aliases and
// merge keys; the included files deep-merged under the including file;
// extends: (one job or a list, over several levels, hashes deep-merged and
// everything else replaced); default: (and the top-level image:, services:,
// before_script: and after_script: it replaces) with inherit:; !reference
// tags; scripts as strings, lists and nested lists. Hidden jobs (.name) are
// templates, not jobs. The variables of the file (global, then the job's,
// each a value or {value:, description:}) are substituted where the shell
// would see them, expanded into each other as GitLab does (not those with
// expand: false); the predefined CI_* variables stay templates, as do the
// variables set elsewhere (project settings, rules:variables, matrices).
//
// Each build carries the pipeline it can run in, from workflow: rules: and
// the job's rules:, only: and except:, as validate's CI context: Provider
// "gitlab-ci", Event the pipeline source picked in the order
// merge_request_event, push (branch), tag, schedule, web, api, trigger,
// pipeline, parent_pipeline, and for merge request pipelines Fork: a
// merge request from a fork runs its pipeline in the fork project, so a job
// that can run in merge request pipelines can run for forks unless its
// rules compare the source project with this one. The builder is the
// one the job's scripts create (docker buildx create --use, --builder,
// BUILDX_BUILDER) or else the docker driver of the job's Docker daemon: a
// docker:*-dind service, whose tag says whether a fresh daemon uses the
// containerd image store (Docker Engine 29 and later), or the docker image
// the job runs in (a bound socket: unknown).
//
// The child pipelines of trigger: jobs that are files of the repository
// (trigger: include:) are read with the pipeline, each as a pipeline of
// its own whose source is parent_pipeline; a job of parallel: matrix: is
// one job per combination of its values. ReadWithCalls also returns what
// the jobs run of the repository (scripts, make goals, bake and compose
// commands), for a linter to follow.
//
// Includes of other kinds (remote:, project:, template:, component:) are
// reported as validate.UnfollowedGitLabInclude and not read; local
// includes outside the repository, missing, or in a cycle, extends: of
// jobs that do not exist or of themselves, and !reference tags naming
// nothing are reported as validate.UnfollowedGitLabConfig, and the rest is
// read.
package gitlabci

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

// Reader is the GitLab CI reader as a [source.Reader].
var Reader source.Reader = source.ReaderFunc(Read)

// Read reads one pipeline: inputs[0] is the .gitlab-ci.yml, the other
// inputs the files of the repository it may include (as [Files] lists
// them), whose paths are taken relative to the folder of inputs[0]. It
// returns one File per input, in order; the builds of a job are in the
// File of the file that defines the job, all in one group. It never
// panics: YAML that does not parse, or a document that is not a mapping,
// is a validate.FileSyntaxError of its file.
func Read(inputs []source.Input, opts source.Options) []source.File {
	files, _ := ReadWithCalls(inputs, opts)
	return files
}

// ReadWithCalls is [Read], and also returns what the jobs' scripts run of
// the repository: scripts (./ci/build.sh, bash ci/build.sh), make targets,
// and docker buildx bake and docker compose build commands, as
// [workflow.Call] values with the job's context (Job the job's name, CI
// the pipeline it runs in, Builder the builder the job has selected or
// its daemon's), paths relative to the folder of inputs[0], where GitLab
// runs jobs. A call after a cd, or with a path outside the repository or
// made of a variable the file does not set, is left out. A linter follows
// them as it follows a workflow's run: steps.
func ReadWithCalls(inputs []source.Input, opts source.Options) ([]source.File, []workflow.Call) {
	if len(inputs) == 0 {
		return nil, nil
	}
	r := newReader(inputs)
	r.run()
	out := make([]source.File, len(r.files))
	for i, f := range r.files {
		out[i] = *f.out
	}
	return out, r.calls
}

// ReadFile reads the GitLab CI file at path with the files it includes
// (Files): one File per file read, the file at path first.
func ReadFile(path string) []source.File {
	return source.ReadPaths(Reader, Files(path), source.Options{})
}

// Parse reads one GitLab CI file from data, including nothing; path names
// it in positions.
func Parse(path string, data []byte) source.File {
	return Read([]source.Input{{Path: path, Content: data}}, source.Options{})[0]
}

// file is one input.
type file struct {
	rel string
	t   *text
	out *source.File
	doc *node // the configuration mapping; nil when unreadable or empty
	// state of the include walk: 0 not met, 1 being merged, 2 merged
	state  int
	merged *node
}

type reader struct {
	files []*file
	byRel map[string]*file
	root  *file
	top   *node
	// resolved jobs (extends: applied), and those being resolved
	resolved  map[string]*node
	resolving map[string]bool
	seen      map[string]bool // diagnostics reported, by place and text
	count     int             // includes followed
	// work counts the values merged, dereferenced and flattened, against
	// maxWork: aliases and !reference tags can make a small file expand
	// exponentially
	work int
	// global are the file's global variables, once read
	global map[string]varDef
	// calls are the files the jobs run (ReadWithCalls)
	calls []workflow.Call
	// child says the pipeline is a child pipeline, depth how deep;
	// pipelines are the child pipelines read, by path, for all of them
	child     bool
	depth     int
	pipelines map[string]bool
	// builds counts the builds read, against validate.MaxBuilds; full is
	// set past it
	builds int
	full   bool
}

// maxWork bounds the values a pipeline expands to.
const maxWork = 1 << 20

// spend counts n values of work; past maxWork it reports the file once
// and returns false, and the reader stops expanding.
func (r *reader) spend(n int) bool {
	r.work += n
	if r.work <= maxWork {
		return true
	}
	if r.work-n <= maxWork {
		r.report(r.root, nil, validate.UnfollowedGitLabConfig,
			fmt.Sprintf("the configuration expands to more than %d values (YAML aliases or !reference tags nested in each other); the rest is not read", maxWork))
	}
	return false
}

func newReader(inputs []source.Input) *reader {
	r := &reader{byRel: map[string]*file{}, resolved: map[string]*node{}, resolving: map[string]bool{}, seen: map[string]bool{}, pipelines: map[string]bool{}}
	dir := filepath.Dir(inputs[0].Path)
	for _, in := range inputs {
		f := &file{out: &source.File{Path: in.Path}}
		rel, err := filepath.Rel(dir, in.Path)
		if err != nil {
			rel = in.Path
		}
		f.rel = filepath.ToSlash(rel)
		r.files = append(r.files, f)
		if _, dup := r.byRel[f.rel]; !dup {
			r.byRel[f.rel] = f
		}
		if d := source.CheckText(in.Path, in.Content); d != nil {
			f.out.Diagnostics = append(f.out.Diagnostics, *d)
			f.t = newText(in.Path, "")
			continue
		}
		f.t = newText(in.Path, string(in.Content))
		doc, d := parseDoc(f, in.Content)
		if d != nil {
			f.out.Diagnostics = append(f.out.Diagnostics, *d)
		}
		f.doc = doc
	}
	r.root = r.files[0]
	return r
}

// parseDoc parses a file's YAML: the configuration is its first document,
// or the second when the first is a header (spec:) as CI/CD components
// and templates with inputs write it.
func parseDoc(f *file, data []byte) (*node, *diag.Diagnostic) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for len(docs) < 2 {
		var d yaml.Node
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if f.t == nil {
				return nil, nil
			}
			msg := err.Error()
			line, col := yamlx.ErrorLine(msg)
			sd := source.SyntaxError(f.t.path, 0, 0, "not valid YAML: "+strings.TrimPrefix(msg, "yaml: "))
			if off := f.t.offset(line, max(col, 1)); off >= 0 {
				sd.Range = diag.At(f.t.path, f.t.pos(off))
			}
			return nil, &sd
		}
		docs = append(docs, &d)
	}
	if len(docs) == 0 {
		return nil, nil
	}
	y := yamlx.Resolve(docs[0])
	if len(docs) > 1 && y != nil && y.Kind == yaml.MappingNode && len(yamlx.Pairs(y)) == 1 && yamlx.Get(y, "spec") != nil {
		y = yamlx.Resolve(docs[1])
	}
	if y == nil {
		return nil, nil
	}
	if y.Kind != yaml.MappingNode {
		if f.t == nil {
			return nil, nil
		}
		sd := source.SyntaxError(f.t.path, 0, 0, "a GitLab CI file is a YAML mapping of jobs and keywords; this document is a "+kindName(y.Kind))
		if off := f.t.offset(y.Line, y.Column); off >= 0 {
			sd.Range = diag.At(f.t.path, f.t.pos(off))
		}
		return nil, &sd
	}
	c := &converter{f: f, memo: map[*yaml.Node]*node{}}
	return c.conv(y, 0), nil
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "sequence"
	case yaml.ScalarNode:
		return "scalar"
	}
	return "mapping"
}

// report adds a diagnostic of rule at y (the file's start when nil) to
// file f, once per place and message.
func (r *reader) report(f *file, y *yaml.Node, rule *validate.Rule, msg string) {
	if f == nil {
		f = r.root
	}
	at := diag.Pos{}
	if y != nil {
		if off := f.t.offset(y.Line, y.Column); off >= 0 {
			at = f.t.pos(off)
		}
	}
	r.add(f, rule.At(diag.At(f.t.path, at), msg))
}

func (r *reader) add(f *file, d diag.Diagnostic) {
	key := fmt.Sprintf("%s:%d:%d:%s:%s", d.Range.File, d.Range.Start.Line, d.Range.Start.Col, d.Rule, d.Message)
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	f.out.Diagnostics = append(f.out.Diagnostics, d)
}

func (r *reader) run() {
	if r.root.doc == nil {
		return
	}
	r.top = r.effective(r.root)
	for i, k := range r.top.keys {
		if isJob(k, r.top.vals[i]) {
			r.job(k, r.top.vals[i].f)
		}
	}
}

// effective returns f's configuration with the files it includes merged
// under it, following local includes among the inputs.
func (r *reader) effective(f *file) *node {
	if f.state == 2 {
		return f.merged
	}
	f.state = 1
	var base *node
	for _, inc := range includes(f.doc) {
		switch inc.kind {
		case "local":
		default:
			r.report(f, inc.y, validate.UnfollowedGitLabInclude,
				"include "+inc.kind+": "+redactURL(inc.what)+" is not in the repository, so it is not read: the jobs and templates it defines are not checked")
			continue
		}
		if strings.Contains(inc.what, "$") {
			r.report(f, inc.y, validate.UnfollowedGitLabInclude,
				"include local: "+inc.what+" names a variable, so the file it means is not known and not read")
			continue
		}
		rel, ok := localPath(inc.what)
		if !ok {
			r.report(f, inc.y, validate.UnfollowedGitLabConfig,
				"include local: "+inc.what+" is outside the repository (local includes are relative to the repository root); not read")
			continue
		}
		var targets []*file
		if isGlob(rel) {
			re := globRegexp(rel)
			rels := make([]string, 0, len(r.byRel))
			for k := range r.byRel {
				rels = append(rels, k)
			}
			sort.Strings(rels)
			for _, k := range rels {
				if re.MatchString(k) && r.byRel[k] != r.root {
					targets = append(targets, r.byRel[k])
				}
			}
			if len(targets) == 0 {
				r.report(f, inc.y, validate.UnfollowedGitLabConfig,
					"include local: "+inc.what+" matches no file of the repository; GitLab refuses the configuration")
				continue
			}
		} else {
			t := r.byRel[rel]
			if t == nil {
				r.report(f, inc.y, validate.UnfollowedGitLabConfig,
					"include local: "+inc.what+" does not exist in the repository; GitLab refuses the configuration, and its jobs are not checked")
				continue
			}
			targets = []*file{t}
		}
		for _, t := range targets {
			if t.state == 1 {
				r.report(f, inc.y, validate.UnfollowedGitLabConfig,
					"include local: "+inc.what+" is a cycle: "+t.rel+" is already being included (it includes "+f.rel+", directly or not); not followed again")
				continue
			}
			if r.count++; r.count > maxIncludes {
				r.report(f, inc.y, validate.UnfollowedGitLabConfig,
					fmt.Sprintf("more than %d includes: GitLab refuses the configuration; include local: %s not read", maxIncludes, inc.what))
				break
			}
			if t.doc == nil {
				continue
			}
			base = r.merge(base, r.effective(t))
		}
	}
	f.merged = r.merge(base, without(f.doc, "include"))
	f.state = 2
	return f.merged
}

// maxExtends is the depth of extends: GitLab follows (11 levels).
const maxExtends = 11

// resolve returns job name with its extends: applied: the jobs it
// extends, in order, deep-merged, then the job itself.
func (r *reader) resolve(name string, depth int) *node {
	if j, ok := r.resolved[name]; ok {
		return j
	}
	raw := r.top.get(name)
	if raw == nil || raw.kind != kMap {
		return raw
	}
	r.resolving[name] = true
	ext := r.deref(raw.get("extends"), 0)
	var base *node
	for _, p := range ext.strs() {
		pn := r.top.get(p)
		switch {
		case pn == nil:
			r.report(ext.f, ext.y, validate.UnfollowedGitLabConfig,
				"job "+name+" extends "+p+", which is not defined; GitLab refuses the configuration (unknown keys in extends)")
		case r.resolving[p]:
			r.report(ext.f, ext.y, validate.UnfollowedGitLabConfig,
				"job "+name+" extends "+p+", which extends "+name+" (a cycle); GitLab refuses the configuration")
		case depth >= maxExtends:
			r.report(ext.f, ext.y, validate.UnfollowedGitLabConfig,
				fmt.Sprintf("job %s extends more than %d levels deep; GitLab refuses the configuration", name, maxExtends))
		default:
			base = r.merge(base, r.resolve(p, depth+1))
		}
	}
	j := r.merge(base, without(raw, "extends"))
	delete(r.resolving, name)
	r.resolved[name] = j
	return j
}

// maxRefDepth is the nesting of !reference tags GitLab follows (10).
const maxRefDepth = 10

// deref follows !reference tags: the value the path names in the
// configuration, or nil (reported) when it names nothing.
func (r *reader) deref(n *node, depth int) *node {
	for n != nil && n.kind == kRef {
		if !r.spend(1) {
			return nil
		}
		if depth >= maxRefDepth {
			r.report(n.f, n.y, validate.UnfollowedGitLabConfig,
				fmt.Sprintf("!reference nested more than %d levels deep; GitLab refuses the configuration", maxRefDepth))
			return nil
		}
		t := r.top
		for _, p := range n.ref {
			t = r.deref(t, depth+1).get(p)
		}
		if t == nil || len(n.ref) == 0 {
			r.report(n.f, n.y, validate.UnfollowedGitLabConfig,
				"!reference ["+strings.Join(n.ref, ", ")+"] names nothing in the configuration; GitLab refuses it")
			return nil
		}
		n = t
		depth++
	}
	return n
}

// flatten returns the scalars of a script value: a string, a list, nested
// lists, !reference tags.
func (r *reader) flatten(n *node, depth int) []*node {
	n = r.deref(n, 0)
	if n == nil || n.null || depth > maxRefDepth {
		return nil
	}
	switch n.kind {
	case kScalar:
		return []*node{n}
	case kSeq:
		var out []*node
		for _, it := range n.vals {
			if !r.spend(1) {
				return out
			}
			d := r.deref(it, 0)
			if d != nil && d.kind == kMap {
				out = append(out, d) // a rule of rules:
				continue
			}
			out = append(out, r.flatten(it, depth+1)...)
		}
		return out
	case kMap:
		return []*node{n}
	}
	return nil
}

// defaultKeys are the keys default: gives the jobs that do not set them
// (those that matter here).
var defaultKeys = []string{"image", "services", "before_script", "after_script"}

// withDefaults applies default: (or the top-level keys it replaces) to
// job j, as its inherit: allows.
func (r *reader) withDefaults(j *node) *node {
	inherit := r.deref(r.deref(j.get("inherit"), 0).get("default"), 0)
	allowed := func(k string) bool {
		if inherit == nil {
			return true
		}
		if s, ok := inherit.scalarValue(); ok {
			return s != "false"
		}
		for _, v := range inherit.strs() {
			if v == k {
				return true
			}
		}
		return false
	}
	def := r.deref(r.top.get("default"), 0)
	for _, k := range defaultKeys {
		if j.get(k) != nil || !allowed(k) {
			continue
		}
		v := def.get(k)
		if v == nil {
			v = r.top.get(k)
		}
		if v != nil {
			j = with(j, k, nil, v)
		}
	}
	return j
}

// redactURL hides the user information of a URL (a token written in a
// remote: include) behind "***".
func redactURL(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	host, path, _ := strings.Cut(rest, "/")
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = "***@" + host[i+1:]
		if path != "" || strings.Contains(rest, "/") {
			return scheme + "://" + host + "/" + path
		}
		return scheme + "://" + host
	}
	return s
}
