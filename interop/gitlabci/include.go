package gitlabci

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildxcache/buildxcache/interop/source"
)

// include is one entry of a file's include:.
type include struct {
	// kind is "local", "remote", "project", "template", "component" or
	// "artifact" (a child pipeline a job generates)
	kind string
	// what is the path, URL, project or template as written
	what string
	y    *yaml.Node
}

// maxIncludes bounds the files a pipeline includes, as GitLab does (150).
const maxIncludes = 150

// includes returns the entries of include: in the configuration doc: a
// path or URL, a list of them, or mappings with local:, remote:,
// project: (file:), template: or component:.
func includes(doc *node) []include {
	n := doc.get("include")
	if n == nil {
		return nil
	}
	items := []*node{n}
	if n.kind == kSeq {
		items = n.vals
	}
	var out []include
	for _, it := range items {
		if s, ok := it.scalarValue(); ok {
			k := "local"
			if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
				k = "remote"
			}
			out = append(out, include{kind: k, what: s, y: it.y})
			continue
		}
		if it.kind != kMap {
			continue
		}
		for _, k := range []string{"local", "remote", "project", "template", "component", "artifact"} {
			v := it.get(k)
			if v == nil {
				continue
			}
			what, _ := v.scalarValue()
			if k == "project" {
				files := it.get("file").strs()
				what += " (" + strings.Join(files, ", ") + ")"
			}
			y := v.y
			if y == nil {
				y = it.y
			}
			out = append(out, include{kind: k, what: what, y: y})
			break
		}
	}
	return out
}

// childIncludes returns the include: entries of the jobs of doc that
// trigger a child pipeline (trigger: include:, or trigger: {include:}),
// each of which is read as a pipeline of its own.
func childIncludes(doc *node) []include {
	if doc == nil || doc.kind != kMap {
		return nil
	}
	var out []include
	for i, k := range doc.keys {
		if t := doc.vals[i].get("trigger"); t != nil && isJob(k, doc.vals[i]) {
			out = append(out, includes(t)...)
		}
	}
	return out
}

// localPath cleans a local include's path, relative to the repository
// root ("/ci/a.yml" and "ci/a.yml" alike); ok is false for a path that
// climbs out of the repository.
func localPath(p string) (string, bool) {
	c := path.Clean(strings.TrimPrefix(strings.TrimSpace(p), "/"))
	if c == ".." || strings.HasPrefix(c, "../") || c == "." {
		return "", false
	}
	return c, true
}

// isGlob reports whether a local include's path is a wildcard pattern.
func isGlob(p string) bool { return strings.ContainsAny(p, "*?[") }

// globRegexp turns a GitLab include wildcard (* within a folder, ** across
// folders) into a regular expression over slash-separated paths.
func globRegexp(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case strings.HasPrefix(p[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(p[i:], "**"):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return regexp.MustCompile(`^$.`)
	}
	return re
}

// Files returns the GitLab CI file at root and the files of the
// repository it includes with include: local: (or a bare path, or a
// wildcard), followed through the files they include, in the order met:
// the paths to read together with [Read]. The repository is root's
// folder. Files that are missing, outside the repository or that cannot be
// read are left out (Read reports them at the include that names them);
// includes of other kinds are not followed.
func Files(root string) []string {
	dir := filepath.Dir(root)
	out := []string{root}
	seen := map[string]bool{filepath.Clean(root): true}
	var repo []string // the YAML files of the repository, for wildcards
	walked := false
	queue := []string{root}
	for len(queue) > 0 && len(out) <= maxIncludes {
		p := queue[0]
		queue = queue[1:]
		data, d := source.ReadFile(p)
		if d != nil {
			continue
		}
		f := &file{}
		doc, _ := parseDoc(f, data)
		for _, inc := range append(includes(doc), childIncludes(doc)...) {
			if inc.kind != "local" || strings.Contains(inc.what, "$") {
				continue
			}
			rel, ok := localPath(inc.what)
			if !ok {
				continue
			}
			var targets []string
			if isGlob(rel) {
				if !walked {
					walked = true
					repo = yamlFiles(dir)
				}
				re := globRegexp(rel)
				for _, r := range repo {
					if re.MatchString(r) {
						targets = append(targets, r)
					}
				}
			} else {
				targets = []string{rel}
			}
			for _, t := range targets {
				full := filepath.Join(dir, filepath.FromSlash(t))
				if seen[full] {
					continue
				}
				if st, err := os.Stat(full); err != nil || !st.Mode().IsRegular() {
					continue
				}
				seen[full] = true
				out = append(out, full)
				queue = append(queue, full)
			}
		}
	}
	return out
}

// yamlFiles lists the *.yml and *.yaml files under dir, slash-separated
// and relative to it, skipping .git and node_modules.
func yamlFiles(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if e := filepath.Ext(p); e == ".yml" || e == ".yaml" {
			if rel, err := filepath.Rel(dir, p); err == nil {
				out = append(out, filepath.ToSlash(rel))
			}
		}
		return nil
	})
	return out
}
