package gitlabci

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/interop/script"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

// variables are the variables a job sees that the file sets: the global
// ones (unless inherit: variables: says otherwise), then the job's,
// expanded into each other as GitLab expands them.
type variables struct {
	defs   map[string]varDef
	global map[string]varDef
	// inherit says whether a global variable is seen
	inherit func(string) bool
	memo    map[string]*string // nil: no value (a cycle, too long)
	busy    map[string]bool
}

type varDef struct {
	value  string
	expand bool
}

// maxVarValue bounds a variable's expanded value (variables of variables
// can double at each level).
const maxVarValue = 64 << 10

// varDefs reads a variables: mapping: each a value, or {value:, expand:,
// description:}.
func (r *reader) varDefs(m *node) map[string]varDef {
	out := map[string]varDef{}
	m = r.deref(m, 0)
	if m == nil || m.kind != kMap {
		return out
	}
	for i, k := range m.keys {
		val := r.deref(m.vals[i], 0)
		d := varDef{expand: true}
		if val != nil && val.kind == kMap {
			if e, ok := r.deref(val.get("expand"), 0).scalarValue(); ok && e == "false" {
				d.expand = false
			}
			val = r.deref(val.get("value"), 0)
		}
		s, ok := val.scalarValue()
		if !ok {
			delete(out, k)
			continue
		}
		d.value = s
		out[k] = d
	}
	return out
}

func (r *reader) variables(j *node) *variables {
	if r.global == nil {
		r.global = r.varDefs(r.top.get("variables"))
	}
	v := &variables{defs: r.varDefs(j.get("variables")), global: r.global, memo: map[string]*string{}, busy: map[string]bool{}}
	inherit := r.deref(r.deref(j.get("inherit"), 0).get("variables"), 0)
	v.inherit = func(k string) bool {
		if inherit == nil {
			return true
		}
		if s, ok := inherit.scalarValue(); ok {
			return s != "false"
		}
		for _, n := range inherit.strs() {
			if n == k {
				return true
			}
		}
		return false
	}
	return v
}

// get returns the value of variable name, with the variables of the file
// it refers to substituted ($VAR, ${VAR}; $$ is a $); others stay as
// written.
func (v *variables) get(name string) (string, bool) {
	if s, ok := v.memo[name]; ok {
		if s == nil {
			return "", false
		}
		return *s, true
	}
	d, ok := v.defs[name]
	if !ok && v.inherit(name) {
		d, ok = v.global[name]
	}
	if !ok || v.busy[name] {
		return "", false
	}
	if !d.expand {
		return d.value, true
	}
	v.busy[name] = true
	defer delete(v.busy, name)
	s := expandVars(d.value, v.get)
	if len(s) > maxVarValue {
		v.memo[name] = nil
		return "", false
	}
	v.memo[name] = &s
	return s, true
}

// expandVars substitutes the variables lookup knows in s.
func expandVars(s string, lookup func(string) (string, bool)) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		if s[i+1] == '$' {
			b.WriteByte('$')
			i++
			continue
		}
		start, brace := i+1, s[i+1] == '{'
		if brace {
			start++
		}
		end := start
		for end < len(s) && isNameByte(s[end]) {
			end++
		}
		if end == start || brace && (end >= len(s) || s[end] != '}') {
			b.WriteByte('$')
			continue
		}
		next := end
		if brace {
			next++
		}
		if val, ok := lookup(s[start:end]); ok && b.Len()+len(val) <= maxVarValue {
			b.WriteString(val)
		} else {
			b.WriteString(s[i:next])
		}
		i = next - 1
	}
	return b.String()
}

// maxLines and maxScript bound the script lines of a job read.
const (
	maxLines  = 2000
	maxScript = 1 << 20
)

// line is one script line of a job: a scalar of before_script, script or
// after_script, in the file that writes it.
type line struct {
	n       *node
	section string
}

func (r *reader) job(name string, f *file) {
	if f == nil {
		f = r.root
	}
	j := r.withDefaults(r.resolve(name, 0))
	if j == nil {
		return
	}
	if t := j.get("trigger"); t != nil {
		r.children(f, t)
		return
	}
	var lines []line
	size := 0
collect:
	for _, sec := range []string{"before_script", "script", "after_script"} {
		for _, n := range r.flatten(j.get(sec), 0) {
			if n.kind != kScalar || n.null {
				continue
			}
			if size += len(n.str) + 1; len(lines) >= maxLines || size > maxScript {
				r.report(f, nil, validate.UnfollowedGitLabConfig,
					fmt.Sprintf("the scripts of job %s are longer than %d lines or %d KiB; the rest is not read", name, maxLines, maxScript>>10))
				break collect
			}
			lines = append(lines, line{n: n, section: sec})
		}
	}
	var texts []string
	for _, l := range lines {
		texts = append(texts, l.n.str)
	}
	all := strings.Join(texts, "\n")
	if !script.MentionsBuild(all) && !shellcmd.MentionsCall(all) {
		return
	}
	for _, leg := range r.matrix(j, f, name) {
		if r.full {
			return
		}
		r.jobLeg(leg, f, j, lines, all)
	}
}

// matrixLeg is one job a job definition makes: its name, and the
// variables of its parallel: matrix: combination.
type matrixLeg struct {
	name string
	vars map[string]string
}

// maxMatrix is how many jobs GitLab makes of one parallel: matrix: at most.
const maxMatrix = 200

// matrix returns the jobs of definition j named name: one for each
// combination of the values of each parallel: matrix: entry, named as
// GitLab names them ("build: [aws, eu]"), or j itself.
func (r *reader) matrix(j *node, f *file, name string) []matrixLeg {
	entries := r.flatten(r.deref(r.deref(j.get("parallel"), 0).get("matrix"), 0), 0)
	var out []matrixLeg
	for _, e := range entries {
		if e = r.deref(e, 0); e == nil || e.kind != kMap || len(e.keys) == 0 {
			continue
		}
		combos := [][]string{nil} // the values chosen so far, in key order
		truncated := false
		for i := range e.keys {
			var vs []string
			if s, ok := r.deref(e.vals[i], 0).scalarValue(); ok {
				vs = []string{s}
			} else {
				for _, x := range r.flatten(e.vals[i], 0) {
					if s, ok := x.scalarValue(); ok {
						vs = append(vs, s)
					}
				}
			}
			var next [][]string
			for _, c := range combos {
				for _, v := range vs {
					if len(out)+len(next) == maxMatrix {
						truncated = true
						break
					}
					next = append(next, append(slices.Clip(c), v))
				}
			}
			combos = next
		}
		for _, c := range combos {
			leg := matrixLeg{name: name + ": [" + strings.Join(c, ", ") + "]", vars: map[string]string{}}
			for i, k := range e.keys {
				leg.vars[k] = c[i]
			}
			out = append(out, leg)
		}
		if truncated {
			r.report(f, e.y, validate.UnfollowedGitLabConfig,
				fmt.Sprintf("the parallel: matrix: of job %s makes more than %d jobs, which GitLab refuses; the rest is not read", name, maxMatrix))
			return out
		}
	}
	if len(out) == 0 {
		return []matrixLeg{{name: name}}
	}
	return out
}

// jobLeg reads the builds and calls of one job of definition j, whose
// script lines are lines (all of them joined: all).
func (r *reader) jobLeg(leg matrixLeg, f *file, j *node, lines []line, all string) {
	name := leg.name
	// the rules are read with the file's variables only: a matrix value
	// stays unknown there (either outcome), as whether GitLab gives it to
	// rules: is not something this reader relies on
	ruleVars := r.variables(j)
	user := func(n string) (string, bool) { return ruleVars.get(n) }
	vars := ruleVars
	if len(leg.vars) > 0 {
		vars = r.variables(j)
		for k, v := range leg.vars {
			vars.defs[k] = varDef{value: v} // matrix values are not expanded
		}
	}
	var may []situation
	wf := r.flatten(r.deref(r.top.get("workflow"), 0).get("rules"), 0)
	for _, s := range situations {
		if r.child && s.event != "parent_pipeline" {
			continue // a child pipeline's source is its parent
		}
		if (len(wf) == 0 || r.rulesMayRun(wf, s, user)) && r.jobMayRun(j, s, user, len(wf) > 0) {
			may = append(may, s)
		}
	}
	if len(may) == 0 {
		return // no pipeline runs the job
	}
	ci := validate.CI{Provider: "gitlab-ci", Event: may[0].event}
	if ci.Event == "merge_request_event" {
		fork, same := false, false
		for _, s := range may {
			if s.ref == refMR {
				fork, same = fork || s.fork, same || !s.fork
			}
		}
		if fork != same {
			ci.Fork = &fork
		}
	}
	// the script's own constants, from the lines run in one shell
	consts := map[string]string{}
	var moves []string
	if sf, err := shellcmd.Parse(all); err == nil {
		consts = shellcmd.Constants(sf, all, shellcmd.Options{})
		moves = shellcmd.Moves(sf, all, shellcmd.Options{})
	}
	lookup := func(n string) (string, bool) {
		if v, ok := consts[n]; ok {
			return v, true
		}
		return vars.get(n)
	}
	env, _ := lookup("BUILDX_BUILDER")
	builders := shellcmd.NewBuilders(env)
	selected := env != ""
	daemon := r.daemon(j, vars)
	// the builder a file the scripts run uses when it shows none
	current := func() validate.Builder {
		if selected {
			return builders.Of(shellcmd.Command{})
		}
		return daemon
	}
	moved := false // a cd ran: the paths of later calls are not the repository's
	for _, l := range lines {
		src := l.n.str
		calls, cd := shellcmd.MentionsCall(src), shellcmd.MentionsDirChange(src)
		if !script.MentionsBuild(src) && !strings.Contains(src, "buildx") && !calls && !cd {
			continue
		}
		lf := l.n.f
		if lf == nil || l.n.y == nil {
			moved = moved || cd
			continue
		}
		sc := newScalar(lf.t, l.n.y)
		sf, err := shellcmd.Parse(src)
		if err != nil {
			r.add(lf, script.Unparsable(lf.t.path, err, sc.pos, l.section+" line of job "+name))
			moved = moved || cd
			continue
		}
		opts := shellcmd.Options{Lookup: lookup}
		span := func(w shellcmd.Word) diag.Span { return sc.span(w.Off, len(w.Text), w.Exact) }
		var pending []shellcmd.Call // the line's script and make calls, in order
		var cds []int
		if calls {
			pending = shellcmd.Calls(sf, src, opts)
		}
		if calls || cd {
			cds = shellcmd.DirChanges(sf, src, opts)
		}
		// follow adds the calls before offset off, with the builder as the
		// line has set it so far
		follow := func(off int) {
			for len(pending) > 0 && pending[0].Off < off {
				c := pending[0]
				pending = pending[1:]
				if moved || len(cds) > 0 && cds[0] < c.Off {
					continue
				}
				r.addScriptCall(c, name, ci, current(), diag.At(lf.t.path, sc.pos(c.Off)))
			}
		}
		for _, c := range shellcmd.Find(sf, src, opts) {
			follow(c.Off)
			if run, ok := c.Run(span, diag.Range{}); ok && !moved && (len(cds) == 0 || cds[0] > c.Off) {
				b := current()
				if c.Builder != nil {
					b = validate.Builder{} // a builder of its own, not known here
				}
				r.addRunCall(run, name, ci, b, diag.At(lf.t.path, sc.pos(c.Off)))
			}
			if !c.IsBuild() {
				builders.Apply(c)
				if c.Tool == shellcmd.BuildxUse || c.Tool == shellcmd.BuildxCreate && c.Use {
					selected = true
				}
				continue
			}
			if len(c.CacheFrom)+len(c.CacheTo) == 0 {
				continue
			}
			b := c.Build(span, diag.At(lf.t.path, sc.pos(c.Off)), r.root.t.path)
			switch {
			case c.Tool == shellcmd.BuildctlBuild:
			case selected || c.Builder != nil:
				b.Builder = builders.Of(c)
			default:
				b.Builder = daemon
			}
			b.Name = "job " + name + ": " + c.Tool + " (" + l.section + ")"
			b.CI = ci
			b.MovedDirs = moves
			if r.builds++; r.builds > validate.MaxBuilds {
				if !r.full {
					r.full = true
					r.report(f, l.n.y, validate.TooManyBuilds,
						fmt.Sprintf("the jobs of this pipeline make more than %d builds (matrices multiply their build lines); from job %s on they are not checked", validate.MaxBuilds, name))
				}
				return
			}
			f.out.Builds = append(f.out.Builds, b)
		}
		follow(len(src))
		moved = moved || len(cds) > 0
	}
}

// addScriptCall records a job's call of a script or of make targets, the
// paths relative to the repository's root, where jobs run.
func (r *reader) addScriptCall(c shellcmd.Call, job string, ci validate.CI, b validate.Builder, at diag.Range) {
	call := workflow.Call{Kind: workflow.CallScript, Make: c.Make, Targets: c.Targets, Job: job, CI: ci, Builder: b, At: at}
	if c.Make {
		call.Kind = workflow.CallMake
	}
	var inside bool
	if call.Path, call.Dir, inside = c.Rel(""); inside {
		r.calls = append(r.calls, call)
	}
}

// addRunCall records a job's docker buildx bake or docker compose build
// command, to be followed into its files.
func (r *reader) addRunCall(run source.Run, job string, ci validate.CI, b validate.Builder, at diag.Range) {
	call := workflow.Call{Kind: workflow.CallBake, Targets: run.Targets, Sets: run.Sets, Push: run.Push, Load: run.Load, Job: job, CI: ci, Builder: b, At: at}
	if run.Tool == source.RunCompose {
		call.Kind = workflow.CallCompose
	}
	for _, p := range run.Files {
		if p == "-" || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "$`") {
			return
		}
		if p = shellcmd.CleanRel(p); shellcmd.Outside(p) {
			return
		}
		call.Files = append(call.Files, p)
	}
	for _, t := range run.Targets {
		if strings.ContainsAny(t, "$`") {
			return
		}
	}
	r.calls = append(r.calls, call)
}

// graphDrivers are the storage drivers of Docker's classic image store.
var graphDrivers = map[string]bool{"overlay2": true, "overlay": true, "vfs": true, "btrfs": true, "zfs": true, "devicemapper": true, "fuse-overlayfs": true, "aufs": true}

// daemon returns the builder a job's build commands use when its scripts
// create none: the docker driver of the Docker-in-Docker service
// (docker:*-dind), with the image store its tag and storage settings say,
// or of the Docker daemon a docker image talks to (a bound socket, the
// store unknown); else nothing is known.
func (r *reader) daemon(j *node, vars *variables) validate.Builder {
	for _, s := range r.flatten(j.get("services"), 0) {
		var name, command string
		svcDriver := ""
		switch s.kind {
		case kScalar:
			name = s.str
		case kMap:
			name, _ = r.deref(s.get("name"), 0).scalarValue()
			command = strings.Join(r.deref(s.get("command"), 0).strs(), " ") + " " + strings.Join(r.deref(s.get("entrypoint"), 0).strs(), " ")
			svcDriver, _ = r.deref(r.deref(s.get("variables"), 0).get("DOCKER_DRIVER"), 0).scalarValue()
		}
		name = expandVars(name, vars.get)
		base, tag := splitImage(name)
		if base != "docker" || !strings.Contains(tag, "dind") {
			continue
		}
		driver := svcDriver
		if driver == "" {
			driver, _ = vars.get("DOCKER_DRIVER")
		}
		return validate.Builder{Driver: "docker", ContainerdStore: dindStore(tag, command, driver)}
	}
	img := r.deref(j.get("image"), 0)
	name, ok := img.scalarValue()
	if !ok {
		name, _ = r.deref(img.get("name"), 0).scalarValue()
	}
	if base, _ := splitImage(expandVars(name, vars.get)); base == "docker" {
		return validate.Builder{Driver: "docker"}
	}
	return validate.Builder{}
}

// splitImage returns the last path element of an image's name and its
// tag (docker.io/library/docker:29-dind -> docker, 29-dind).
func splitImage(img string) (base, tag string) {
	img, _, _ = strings.Cut(img, "@")
	if i := strings.LastIndexByte(img, ':'); i > strings.LastIndexByte(img, '/') {
		img, tag = img[:i], img[i+1:]
	}
	if i := strings.LastIndexByte(img, '/'); i >= 0 {
		img = img[i+1:]
	}
	return img, tag
}

// dindStore says whether the daemon of a docker:TAG-dind service uses the
// containerd image store: a fresh daemon of Docker Engine 29 or later
// does, an earlier one does not, unless the service command sets the
// containerd-snapshotter feature; a storage driver chosen with
// DOCKER_DRIVER or --storage-driver, or a tag without a version, leaves it
// unknown.
func dindStore(tag, command, driver string) *bool {
	t, f := true, false
	switch {
	case strings.Contains(command, "containerd-snapshotter=false"):
		return &f
	case strings.Contains(command, "containerd-snapshotter"):
		return &t
	}
	major, ok := tagMajor(tag)
	if !ok {
		return nil
	}
	if major < 29 {
		return &f
	}
	if graphDrivers[strings.TrimSpace(driver)] || strings.Contains(command, "--storage-driver") || strings.Contains(command, "-s ") {
		return nil
	}
	return &t
}

// tagMajor reads the major version of a docker image tag (29-dind,
// 29.1.3-dind-rootless, 24.0-dind).
func tagMajor(tag string) (int, bool) {
	i := 0
	for i < len(tag) && tag[i] >= '0' && tag[i] <= '9' {
		i++
	}
	if i == 0 || i < len(tag) && tag[i] != '.' && tag[i] != '-' {
		return 0, false
	}
	n, err := strconv.Atoi(tag[:i])
	return n, err == nil
}

// maxChildDepth is how deep GitLab nests child pipelines: a parent, its
// children and theirs.
const maxChildDepth = 2

// children reads the child pipelines a trigger: job starts from files of
// the repository (trigger: include: local), each as a pipeline of its own
// whose source is parent_pipeline, with its own includes and workflow:
// rules; its builds are in the files that define its jobs, and what its
// jobs run is followed as the parent's jobs are.
func (r *reader) children(f *file, trigger *node) {
	for _, inc := range includes(trigger) {
		if inc.kind != "local" {
			r.report(f, inc.y, validate.UnfollowedGitLabInclude,
				"the child pipeline of trigger: include "+inc.kind+": "+redactURL(inc.what)+" is not in the repository, so it is not read: its jobs are not checked")
			continue
		}
		if strings.Contains(inc.what, "$") {
			r.report(f, inc.y, validate.UnfollowedGitLabInclude,
				"the child pipeline "+inc.what+" names a variable, so the file it means is not known and not read")
			continue
		}
		rel, ok := localPath(inc.what)
		if !ok || isGlob(rel) {
			r.report(f, inc.y, validate.UnfollowedGitLabConfig,
				"the child pipeline "+inc.what+" is outside the repository or a wildcard; not read")
			continue
		}
		c := r.byRel[rel]
		if c == nil {
			r.report(f, inc.y, validate.UnfollowedGitLabConfig,
				"the child pipeline "+inc.what+" does not exist in the repository; its jobs are not checked")
			continue
		}
		if r.depth >= maxChildDepth || r.pipelines[rel] {
			continue // GitLab's nesting limit, or read already
		}
		r.pipelines[rel] = true
		cr := &reader{byRel: map[string]*file{}, resolved: map[string]*node{}, resolving: map[string]bool{}, seen: r.seen,
			child: true, depth: r.depth + 1, pipelines: r.pipelines}
		for _, x := range r.files {
			// the same texts and outputs, the include walk of its own
			y := &file{rel: x.rel, t: x.t, out: x.out, doc: x.doc}
			cr.files = append(cr.files, y)
			if _, dup := cr.byRel[y.rel]; !dup {
				cr.byRel[y.rel] = y
			}
		}
		cr.root = cr.byRel[rel]
		cr.run()
		r.calls = append(r.calls, cr.calls...)
	}
}
