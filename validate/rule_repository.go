package validate

import (
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

const repositoryTemplates = " Templates: the same template text is the same value at run time (`scope=${{ github.ref_name }}` written by one build is read by another that writes the same text), and a template may hold anything, so a place with a template is missing only when its literal text before the first template or after the last differs from every place of the other half. A value that is wholly a template (`cache-to: ${{ steps.x.outputs.cache }}`), or a place that cannot be located in what is written, may be any place of its backend: nothing of that backend is reported. Environment variables are templates."

var cacheNeverWritten = register(&Rule{
	Name: "CacheNeverWritten", Scope: ScopeRepository, Code: "CS142", Severity: SeverityWarning,
	Summary: "A cache source that no build in the repository writes",
	Explanation: "A cache-from that no build exports never finds a cache: BuildKit logs \"not found\" and builds from scratch on every run, and the job looks cached. It is the per-stage ref imported by one target and exported by none, the gha scope read under one name and written under another. The message names the nearest export of the same backend, where the other half was probably meant to be." +
		" Certain (warning) when the linter read every build of the repository (a repository's root was linted, and no file of a tool it does not read, another CI system or a dev container, names caches) and, for registry refs and s3 or azblob buckets, when the repository writes that image repository or bucket elsewhere (so the cache is meant to be written here); an info when files were left out or read only in part (the lint reports a syntax error, a PowerShell or unparsable script, a matrix too large), or for a ref or bucket the repository never writes (another repository may write it). Registry imports are also written by a pushed image with inline cache of the same tag, and local imports by a local export that a later step moves into place (the rm/mv rotation); an import of an image a build of the repository tags is left to CacheFromImageWithoutCache." +
		repositoryTemplates + " The opt-in CacheSourceMayNotExist notes every import on its own (missing on the first run); this rule reports the ones that are missing on every run.",
	Bad:       Build{CacheFrom: []string{"type=gha,scope=app-build"}, CacheTo: []string{"type=gha,scope=app,mode=max"}, Name: "app"},
	Good:      Build{CacheFrom: []string{"type=gha,scope=app"}, CacheTo: []string{"type=gha,scope=app,mode=max"}, Name: "app"},
	Backing:   "moby/buildkit#1240, #1285: a missing cache source is a warning in the build log, not an error, so nothing fails",
	checkRepo: checkNeverWritten,
})

var cacheNeverRead = register(&Rule{
	Name: "CacheNeverRead", Scope: ScopeRepository, Code: "CS143", Severity: SeverityWarning,
	Summary: "A cache export that no build in the repository reads",
	Explanation: "A cache-to that nothing imports costs the export's time and storage on every run and speeds up nothing: typically a `-${{ github.sha }}` suffix on the export that the import does not have, or a rename on one side. The message names the nearest import of the same backend. An export whose place holds github.sha or github.run_id is left to CacheKeyChangesWithEvent, which says why no run reads it." +
		" Certain (warning) when the linter read every build of the repository (as for CacheNeverWritten); an info when files were left out or read only in part (the lint reports a syntax error, a PowerShell or unparsable script, a matrix too large). A local export that a later step moves into the imported directory is read." +
		repositoryTemplates,
	Bad:       Build{CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app:cache"}, CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:buildcache,mode=max"}, Name: "app"},
	Good:      Build{CacheFrom: []string{"type=registry,ref=ghcr.io/acme/app:buildcache"}, CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:buildcache,mode=max"}, Name: "app"},
	Backing:   "a cache is used only by an import of the same place (BuildKit remotecache: the importer resolves the ref, scope or name the exporter wrote)",
	checkRepo: checkNeverRead,
})

// imageRepo is the repository part of a registry place (without the tag),
// or "" for other places.
func imageRepo(key string) string {
	r, ok := strings.CutPrefix(key, "registry:")
	if !ok {
		return ""
	}
	if i := strings.LastIndexByte(r, ':'); i > strings.LastIndexByte(r, '/') {
		r = r[:i]
	}
	return r
}

// bucketOf is the bucket (s3) or account and container (azblob) of a
// place, or "".
func bucketOf(key string) string {
	kind, p, _ := strings.Cut(key, ":")
	switch kind {
	case "s3":
		b, _, _ := strings.Cut(p, "/")
		return kind + ":" + b
	case "azblob":
		parts := strings.SplitN(p, "/", 3)
		if len(parts) >= 2 {
			return kind + ":" + parts[0] + "/" + parts[1]
		}
	}
	return ""
}

// kindOf is the backend of a place key.
func kindOf(key string) string { k, _, _ := strings.Cut(key, ":"); return k }

func checkNeverWritten(s repoPass) {
	l := s.locs
	if l.writesAny["*"] {
		return
	}
	idx := l.writesIndexed()
	movedIn := map[string]bool{} // the groups with a moved local export
	for _, w := range l.writes {
		if w.moved {
			movedIn[s.builds[w.build].groupOf()] = true
		}
	}
	tagged := map[string]bool{} // the images a build tags and may push
	for i, b := range s.builds {
		if b.push != nil && !*b.push {
			continue
		}
		for _, k := range s.builds[i].tagKeys {
			tagged[k] = true
		}
	}
	for _, r := range l.reads {
		kind := kindOf(r.key)
		if l.writesAny[kind] || met(r, idx) ||
			kind == "local" && movedIn[s.builds[r.build].groupOf()] || tagged[r.key] {
			continue // an image the repository builds: CacheFromImageWithoutCache judges it
		}
		sev := s.rule.Severity
		if !s.whole {
			sev = SeverityInfo
		}
		if rep := imageRepo(r.key); rep != "" && !s.writesRepo(rep) {
			sev = SeverityInfo // an image the repository never writes: another may
		}
		if b := bucketOf(r.key); b != "" && !s.writesBucket(b) {
			sev = SeverityInfo
		}
		msg := "no build in the repository exports the " + what(r.key) + " this cache-from reads, so it never finds a cache and every run builds from scratch"
		if n, ok := idx.nearest(r.key); ok {
			msg += "; the nearest export is the " + what(n.key) + ", " + s.where(n)
		} else {
			msg += "; no build exports a " + kind + " cache that could be it"
		}
		s.reportSeverity(sev, r.build, r.at, "", msg,
			Fix{Message: "export the place this build imports (a cache-to of the same " + placeNoun(kind) + " in the build that should write it, usually this one on the default branch), or import what is exported"})
	}
}

func checkNeverRead(s repoPass) {
	l := s.locs
	if l.readsAny["*"] {
		return
	}
	idx := l.readsIndexed()
	localIn := map[string]bool{} // the groups with a local import
	for _, r := range l.reads {
		if kindOf(r.key) == "local" {
			localIn[s.builds[r.build].groupOf()] = true
		}
	}
	for _, w := range l.writes {
		kind := kindOf(w.key)
		if l.readsAny[kind] || w.at.inline || met(w, idx) ||
			w.moved && localIn[s.builds[w.build].groupOf()] || perRunExpr.MatchString(w.key) {
			continue // a per-run place is CacheKeyChangesWithEvent's
		}
		sev := s.rule.Severity
		if !s.whole {
			sev = SeverityInfo
		}
		msg := "no build in the repository imports the " + what(w.key) + " this cache-to writes, so the export costs time and storage on every run and speeds up nothing"
		if n, ok := idx.nearest(w.key); ok {
			msg += "; the nearest import is the " + what(n.key) + ", " + s.where(n)
		} else {
			msg += "; no build imports a " + kind + " cache that could be it"
		}
		s.reportSeverity(sev, w.build, w.at, "", msg,
			Fix{Message: "import the place this build exports (a cache-from of the same " + placeNoun(kind) + " in the builds that should read it, usually this one), or drop the export"})
	}
}

// isInline reports whether v's entries are inline cache.
func isInline(v *value) bool {
	for _, e := range v.entries {
		if e.Type() != cachespec.TypeInline {
			return false
		}
	}
	return len(v.entries) > 0
}

func placeNoun(kind string) string {
	switch kind {
	case "registry":
		return "ref"
	case "gha":
		return "scope"
	case "local":
		return "directory"
	}
	return "bucket and name"
}

// groupOf is the build's group, or "".
func (b repoBuild) groupOf() string {
	if b.source == nil {
		return ""
	}
	return b.source.Group
}

// writesRepo reports whether a build writes to image repository rep: a
// cache export to one of its tags, or an image tagged in it.
func (s repoPass) writesRepo(rep string) bool {
	l := s.locs
	if l.repos == nil {
		var locs []loc
		for _, w := range l.writes {
			if r := imageRepo(w.key); r != "" {
				locs = append(locs, newLoc(r, w.build, w.at))
			}
		}
		for i, b := range s.builds {
			for _, k := range b.tagKeys {
				locs = append(locs, newLoc(imageRepo(k), i, nil))
			}
		}
		l.repos = newMeetSet(locs)
	}
	return l.repos.meets(newLoc(rep, 0, nil))
}

// writesBucket reports whether a build exports to bucket b.
func (s repoPass) writesBucket(b string) bool {
	l := s.locs
	if l.buckets == nil {
		var locs []loc
		for _, w := range l.writes {
			if bb := bucketOf(w.key); bb != "" {
				locs = append(locs, newLoc(bb, w.build, w.at))
			}
		}
		l.buckets = newMeetSet(locs)
	}
	return l.buckets.meets(newLoc(b, 0, nil))
}

// meetSet answers whether a place meets any of a list of places, without
// going through the list for every question: a place meets itself, so
// the keys are looked up first, and a place without templates can meet
// only the templated ones.
type meetSet struct {
	keys      map[string]bool
	templated []loc // with templates, one per key
	distinct  []loc // all, one per key
}

func newMeetSet(locs []loc) *meetSet {
	m := &meetSet{keys: make(map[string]bool, len(locs)), distinct: make([]loc, 0, len(locs))}
	for _, x := range locs {
		if m.keys[x.key] {
			continue // meets the same places as the first of its key
		}
		m.keys[x.key] = true
		m.distinct = append(m.distinct, x)
		if x.templated {
			m.templated = append(m.templated, x)
		}
	}
	return m
}

// meets reports whether x meets one of the places of m.
func (m *meetSet) meets(x loc) bool {
	if m.keys[x.key] {
		return true
	}
	list := m.templated
	if x.templated {
		list = m.distinct
	}
	for _, o := range list {
		if x.meets(o) {
			return true
		}
	}
	return false
}

// checkCacheFromImageRepo is CacheFromImageWithoutCache across the
// repository: an image imported as cache that a build of the repository
// pushes with no inline cache, while no build exports cache to its tag,
// carries no cache, for certain.
func checkCacheFromImageRepo(s repoPass) {
	l := s.locs
	if l.writesAny["*"] || l.writesAny["registry"] {
		return
	}
	idx := l.writesIndexed()
	type push struct {
		build int
		tag   string
	}
	pushed := map[string]push{} // the tags pushed, by place
	for i, b := range s.builds {
		if b.push == nil || !*b.push {
			continue
		}
		for j, t := range b.tags {
			pushed[b.tagKeys[j]] = push{i, t}
		}
	}
	for _, r := range l.reads {
		if kindOf(r.key) != "registry" {
			continue
		}
		if met(r, idx) {
			continue
		}
		p, ok := pushed[r.key]
		if !ok {
			continue
		}
		pusher, tag := p.build, p.tag
		sev := SeverityWarning
		if !s.whole {
			sev = SeverityInfo
		}
		name := s.builds[pusher].name
		if name == "" {
			name = "build " + itoa(pusher)
		}
		at := ""
		if src := s.builds[pusher].source; src != nil && !src.Def.IsZero() {
			at = " (" + src.Def.String() + ")"
		}
		s.reportSeverity(sev, r.build, r.at, "ref",
			"the image "+tag+" imported as cache is pushed by "+name+at+" without inline cache, and no build exports cache to it: the import finds no cache records, on every run",
			Fix{Message: "add cache-to type=inline to " + name + ", or export a registry cache to a ref of its own and import that"})
	}
}
