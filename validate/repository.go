package validate

import (
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/buildxcache/buildxcache/cachespec"
)

// CheckRepository checks all the builds of a repository (or of a lint run)
// together for what only the whole shows: a cache source that no build
// writes, a cache export that no build reads, an image imported as cache
// that the repository pushes without cache. It reports only those rules
// (Scope ScopeRepository, and the repository part of build rules such as
// CacheFromImageWithoutCache); the others are Check's and CheckAll's.
//
// whole says that builds are every build of the repository; when it is
// false (some files were not read), a missing other half may be in a file
// that was not read, and the rules report at info.
func CheckRepository(builds []Build, whole bool) Diagnostics {
	return Options{}.CheckRepository(builds, whole)
}

// CheckRepository is like the package-level CheckRepository, with the
// options applied.
func (o Options) CheckRepository(builds []Build, whole bool) Diagnostics {
	return o.CheckRepositoryParts([]*RepositoryPart{PrepareRepository(builds)}, whole)
}

// RepositoryPart is what the repository rules need of some of the builds
// of a repository: the places their values read and write, found once.
// A tool that reads a repository file by file prepares each file's part
// as it reads it (in parallel, and without keeping the parsed values) and
// checks the parts together at the end with CheckRepositoryParts, which
// gives what CheckRepository gives for all the builds in the order of
// the parts.
type RepositoryPart struct {
	builds []repoBuild
	locs   *locations
}

// PrepareRepository returns the part of builds. It parses their values;
// their own findings are Check's and CheckAll's.
func PrepareRepository(builds []Build) *RepositoryPart {
	checkers := make([]*checker, len(builds))
	for i, b := range builds {
		checkers[i] = newChecker(b)
	}
	return newRepositoryPart(checkers)
}

// newRepositoryPart returns the part of the checkers' builds.
func newRepositoryPart(checkers []*checker) *RepositoryPart {
	locs := newLocations(&buildSet{checkers: checkers})
	kept := make([]repoBuild, len(checkers))
	for i, c := range checkers {
		b := c.b
		kept[i] = repoBuild{cacheFrom: b.CacheFrom, cacheTo: b.CacheTo, fromEntries: b.CacheFromEntries, toEntries: b.CacheToEntries,
			tags: b.Tags, push: b.Push, name: b.Name, source: b.Source, tagKeys: tagKeys(b.Tags)}
	}
	return &RepositoryPart{builds: kept, locs: locs}
}

// repoBuild is what the repository rules and the placing of their
// diagnostics read of a build once its places are found: its values (for
// the placing and the redaction of messages), tags, push, name and
// source. A part keeps no more, since a tool keeps the parts of every
// file to the end of its run.
type repoBuild struct {
	cacheFrom, cacheTo     []string
	fromEntries, toEntries []cachespec.Entry
	tags                   []string
	push                   *bool
	name                   string
	source                 *Source
	// tagKeys are the places of the tags, "registry:" and refKey
	tagKeys []string
}

// tagKeys returns the place of each tag.
func tagKeys(tags []string) []string {
	if len(tags) == 0 {
		return nil
	}
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = "registry:" + refKey(t)
	}
	return out
}

// build is the Build of what b keeps.
func (b repoBuild) build() Build {
	return Build{CacheFrom: b.cacheFrom, CacheTo: b.cacheTo, CacheFromEntries: b.fromEntries, CacheToEntries: b.toEntries,
		Tags: b.tags, Push: b.push, Name: b.name, Source: b.source}
}

// CheckRepositoryParts is CheckRepository of the builds of parts, in their
// order.
func (o Options) CheckRepositoryParts(parts []*RepositoryPart, whole bool) Diagnostics {
	n, nr, nw := 0, 0, 0
	for _, p := range parts {
		if p != nil {
			n, nr, nw = n+len(p.builds), nr+len(p.locs.reads), nw+len(p.locs.writes)
		}
	}
	builds := make([]repoBuild, 0, n)
	locs := &locations{reads: make([]loc, 0, nr), writes: make([]loc, 0, nw), readsAny: map[string]bool{}, writesAny: map[string]bool{}}
	for _, p := range parts {
		if p == nil {
			continue
		}
		base := len(builds)
		for _, b := range p.builds {
			builds = append(builds, b)
		}
		for _, x := range p.locs.reads {
			x.build += base
			locs.reads = append(locs.reads, x)
		}
		for _, x := range p.locs.writes {
			x.build += base
			locs.writes = append(locs.writes, x)
		}
		for k := range p.locs.readsAny {
			locs.readsAny[k] = true
		}
		for k := range p.locs.writesAny {
			locs.writesAny[k] = true
		}
	}
	// the rules run side by side, each into a set of its own, merged in
	// the registry's order; what they share is made first (the indexes)
	// or made by one rule only (nearest's index of each, under a lock)
	var rules []*Rule
	for _, r := range registry {
		if r.checkRepo != nil {
			rules = append(rules, r)
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); locs.readsIndexed() }()
	locs.writesIndexed()
	wg.Wait()
	sets := make([]*buildSet, len(rules))
	for i, r := range rules {
		sets[i] = &buildSet{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.checkRepo(repoPass{setPass{sets[i], r}, builds, whole, locs})
		}()
	}
	wg.Wait()
	set := &buildSet{}
	for _, rs := range sets {
		set.diags = append(set.diags, rs.diags...)
		set.owner = append(set.owner, rs.owner...)
	}
	mine := map[int]Diagnostics{}
	for j, d := range set.diags {
		d.Build = set.owner[j]
		mine[d.Build] = append(mine[d.Build], d)
	}
	var all Diagnostics
	memo := redactMemo{}
	for i, b := range builds {
		if ds := mine[i]; len(ds) > 0 {
			placeAll(b.build(), ds, memo)
			all = append(all, ds...)
		}
	}
	return o.apply(all)
}

// repoPass is a repository rule's view of the builds.
type repoPass struct {
	setPass
	builds []repoBuild
	whole  bool
	locs   *locations
}

// reportSeverity adds a diagnostic about the value at of build b at sev.
func (s repoPass) reportSeverity(sev Severity, b int, at *site, attr, msg string, fix Fix) {
	off, n := at.attrSpan(attr)
	s.diags = append(s.diags, Diagnostic{Rule: s.rule.Name, Severity: sev, Message: msg, Attr: attr,
		Direction: at.dir, Index: at.index, Offset: off, Len: n, Fixes: []Fix{fix}})
	s.owner = append(s.owner, b)
}

// site is the value a place is read or written by, with what the
// repository rules say of it: its direction and index, whether it is
// inline cache, and where its ref= attribute is.
type site struct {
	dir    cachespec.Direction
	index  int
	inline bool
	ref    [2]int // offset and length of ref=..., or zeros
}

// siteOf returns the site of value v.
func siteOf(v *value) *site {
	at := &site{dir: v.dir, index: v.index, inline: isInline(v)}
	for _, e := range v.entries {
		if _, ok := e.(*cachespec.Registry); ok {
			at.ref[0], at.ref[1] = v.attrSpan("ref")
			break
		}
	}
	return at
}

// attrSpan is the value's attrSpan for the attributes the repository
// rules report about: the whole value ("") and ref.
func (at *site) attrSpan(attr string) (int, int) {
	if attr == "ref" {
		return at.ref[0], at.ref[1]
	}
	return 0, 0
}

// loc is one place a cache value reads or writes: "registry:<ref>",
// "gha:<scope>", "s3:<bucket>/<key>", "azblob:<account>/<container>/<key>",
// "local:<dir>", with templates as written (normalised, templateText).
type loc struct {
	key   string
	build int
	at    *site
	// moved: a local export to a directory a later step moves elsewhere
	moved bool
	// templated: key holds a template; pre and suf are its literal text
	// before the first template and after the last (meets)
	templated bool
	pre, suf  string
	// flat is key with each template collapsed to "*" (nearest)
	flat string
}

// newLoc makes the loc of key.
func newLoc(key string, build int, at *site) loc {
	x := loc{key: key, build: build, at: at, flat: key}
	if ts := findTemplates(key); len(ts) > 0 {
		x.templated = true
		x.pre, x.suf = literalEnds(key, ts)
		x.flat = collapse(key)
	}
	return x
}

// meets reports whether two places can be the same at run time. Places
// without templates meet when they are equal; the same template text is
// the same value; otherwise templates may hold anything, and two places
// whose literal text before the first template, or after the last, differ
// can never meet.
func (a loc) meets(b loc) bool {
	switch {
	case a.key == b.key:
		return true
	case !a.templated && !b.templated:
		return false
	case !strings.HasPrefix(a.pre, b.pre) && !strings.HasPrefix(b.pre, a.pre):
		return false
	case !a.templated:
		return strings.HasPrefix(a.key, b.pre) && strings.HasSuffix(a.key[len(b.pre):], b.suf)
	case !b.templated:
		return strings.HasPrefix(b.key, a.pre) && strings.HasSuffix(b.key[len(a.pre):], a.suf)
	}
	return strings.HasSuffix(a.suf, b.suf) || strings.HasSuffix(b.suf, a.suf)
}

// met returns whether x meets a loc of idx.
func met(x loc, idx placeIndex) bool {
	set := idx.sets[kindOf(x.key)]
	return set != nil && set.meets(x)
}

// placeIndex is a list of places indexed for met and nearest.
type placeIndex struct {
	// sets are the places by backend, for met
	sets map[string]*meetSet
	// all are the places by backend, in order
	all map[string][]loc
	// near are the places of all[kind] indexed for nearest, made when
	// nearest first needs them, under nearMu: rules run side by side
	near   map[string]*nearIndex
	nearMu *sync.Mutex
}

// index indexes locs by key and backend.
func index(locs []loc) placeIndex {
	idx := placeIndex{sets: map[string]*meetSet{},
		all: map[string][]loc{}, near: map[string]*nearIndex{}, nearMu: new(sync.Mutex)}
	count := map[string]int{}
	for _, x := range locs {
		count[kindOf(x.key)]++
	}
	for _, x := range locs {
		k := kindOf(x.key)
		if idx.all[k] == nil {
			idx.all[k] = make([]loc, 0, count[k])
		}
		idx.all[k] = append(idx.all[k], x)
	}
	for k, locs := range idx.all {
		idx.sets[k] = newMeetSet(locs)
	}
	return idx
}

// nearest is nearest among the places of idx of key's backend.
func (idx placeIndex) nearest(key string) (loc, bool) {
	kind := kindOf(key)
	idx.nearMu.Lock()
	x, ok := idx.near[kind]
	if !ok {
		x = newNearIndex(idx.all[kind])
		idx.near[kind] = x
	}
	idx.nearMu.Unlock()
	return x.nearest(key)
}

// locations are every place the builds read and write.
type locations struct {
	reads, writes []loc
	// readsAny and writesAny hold the backends of values whose place is
	// unknown (wholly a template, or not located): they may read or write
	// any place of that backend; "*" any backend.
	readsAny, writesAny map[string]bool
	// repos and buckets are the image repositories and buckets written,
	// computed when first needed
	repos, buckets *meetSet
	// readIndex and writeIndex index reads and writes, computed when
	// first needed: several rules ask
	readIndex, writeIndex *placeIndex
}

// readsIndexed returns the index of l.reads.
func (l *locations) readsIndexed() placeIndex { return indexOnce(&l.readIndex, l.reads) }

// writesIndexed returns the index of l.writes.
func (l *locations) writesIndexed() placeIndex { return indexOnce(&l.writeIndex, l.writes) }

// indexOnce returns *memo, made from locs the first time.
func indexOnce(memo **placeIndex, locs []loc) placeIndex {
	if *memo == nil {
		x := index(locs)
		*memo = &x
	}
	return **memo
}

func newLocations(set *buildSet) *locations {
	l := &locations{} // the maps made when first needed: a part is kept to the end of a run
	for i, c := range set.checkers {
		for _, v := range c.values {
			anyOf := &l.readsAny
			if v.dir == cachespec.DirectionExport {
				anyOf = &l.writesAny
			}
			mark := func(k string) {
				if *anyOf == nil {
					*anyOf = map[string]bool{}
				}
				(*anyOf)[k] = true
			}
			if v.unknown {
				mark("*")
				continue
			}
			var at *site
			for _, e := range v.entries {
				keys, ok := placesOf(c.b, v, e)
				if !ok {
					mark(backend(e))
					continue
				}
				if at == nil {
					at = siteOf(v)
				}
				for _, k := range keys {
					x := newLoc(k, i, at)
					if v.dir == cachespec.DirectionImport {
						l.reads = append(l.reads, x)
						continue
					}
					if _, isLocal := e.(*cachespec.Local); isLocal && movedDir(c.b, strings.TrimPrefix(k, "local:")) {
						x.moved = true
					}
					l.writes = append(l.writes, x)
				}
			}
		}
	}
	return l
}

// backend is the key prefix of an entry's places; an inline export writes
// into the image's tags, which registry imports read.
func backend(e cachespec.Entry) string {
	switch e.(type) {
	case *cachespec.Registry, *cachespec.Inline:
		return "registry"
	}
	return e.Type().String()
}

func movedDir(b Build, dir string) bool {
	for _, m := range b.MovedDirs {
		if path.Clean(m) == dir {
			return true
		}
	}
	return false
}

// field returns attribute key of entry value v as written (templates
// included, normalised), or def when v does not set it; ok is false when
// v has templates and the attribute cannot be located.
func field(v *value, key, parsed string, set bool, def string) (string, bool) {
	if len(v.x.templates) == 0 {
		if !set {
			return def, true
		}
		return parsed, true
	}
	val, present, ok := rawField(v, key)
	switch {
	case !present && !set:
		return def, true
	case !ok:
		return "", false
	}
	return templateText(val), true
}

// rawField returns the text of attribute key of value v as written, its
// templates as they are; present is false when v has no such field, ok
// false when it is not key=value.
func rawField(v *value, key string) (val string, present, ok bool) {
	off, n := v.attrSpan(key)
	if n == 0 {
		return "", false, false
	}
	k, val, found := strings.Cut(strings.Trim(v.raw[off:off+n], `"`), "=")
	if !found || !strings.EqualFold(strings.TrimSpace(k), key) {
		return "", true, false
	}
	return val, true, true
}

// writtenRef returns the ref of registry value v as written: the value,
// for a bare ref, else its ref= field.
func writtenRef(v *value) (string, bool) {
	if !strings.Contains(v.raw, "=") {
		return strings.TrimSpace(v.raw), true
	}
	ref, _, ok := rawField(v, "ref")
	return ref, ok
}

// placesOf returns the places entry e of value v reads or writes, made
// once for each entry of v (b is always the build v belongs to).
func placesOf(b Build, v *value, e cachespec.Entry) ([]string, bool) {
	i := v.entryIndex(e)
	if i < 0 {
		return placesOfEntry(b, v, e)
	}
	if v.places == nil {
		v.places = make([]places, len(v.entries))
	}
	p := &v.places[i]
	if !p.made {
		p.keys, p.ok = placesOfEntry(b, v, e)
		p.made = true
	}
	return p.keys, p.ok
}

// placesOfEntry is placesOf, made each time.
func placesOfEntry(b Build, v *value, e cachespec.Entry) ([]string, bool) {
	switch e := e.(type) {
	case *cachespec.Registry:
		if e.Ref.IsZero() {
			return nil, false
		}
		ref := e.Ref.String()
		if len(v.x.templates) > 0 {
			written, ok := writtenRef(v)
			if !ok {
				return nil, false
			}
			ref = templateText(written)
		}
		return []string{"registry:" + refKey(ref)}, true
	case *cachespec.Inline:
		if v.dir != cachespec.DirectionExport || b.Push != nil && !*b.Push {
			return nil, true // an inline import, or an image not pushed
		}
		var out []string
		for _, t := range b.Tags {
			out = append(out, "registry:"+refKey(t))
		}
		return out, true
	case *cachespec.GHA:
		s, ok := field(v, "scope", e.Scope.Text(), e.Scope.IsSet(), "buildkit")
		return []string{"gha:" + s}, ok
	case *cachespec.Local:
		key, p, set := "src", e.Src.Text(), e.Src.IsSet()
		if v.dir == cachespec.DirectionExport {
			key, p, set = "dest", e.Dest.Text(), e.Dest.IsSet()
		}
		d, ok := field(v, key, p, set, "")
		if !ok || d == "" {
			return nil, false
		}
		return []string{"local:" + path.Clean(d)}, true
	case *cachespec.S3:
		bucket, ok1 := field(v, "bucket", e.Bucket.Text(), e.Bucket.IsSet(), "$AWS_BUCKET")
		prefix, ok2 := field(v, "prefix", e.Prefix.Text(), e.Prefix.IsSet(), "")
		mp, ok3 := field(v, "manifests_prefix", e.ManifestsPrefix.Text(), e.ManifestsPrefix.IsSet(), "manifests/")
		names, ok4 := field(v, "name", e.Name.Text(), e.Name.IsSet(), "buildkit")
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, false
		}
		var out []string
		for _, n := range strings.Split(names, ";") {
			out = append(out, "s3:"+bucket+"/"+prefix+mp+n)
		}
		return out, true
	case *cachespec.AzBlob:
		acct, ok1 := field(v, "account_url", e.AccountURL.Text(), e.AccountURL.IsSet(), "$BUILDKIT_AZURE_STORAGE_ACCOUNT_URL")
		cont, ok2 := field(v, "container", e.Container.Text(), e.Container.IsSet(), "buildkit-cache")
		prefix, ok3 := field(v, "prefix", e.Prefix.Text(), e.Prefix.IsSet(), "")
		names, ok4 := field(v, "name", e.Name.Text(), e.Name.IsSet(), "buildkit")
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, false
		}
		var out []string
		for _, n := range strings.Split(names, ";") {
			out = append(out, "azblob:"+acct+"/"+cont+"/"+prefix+n)
		}
		return out, true
	}
	return nil, false
}

// literalEnds returns the literal text of s before its first template and
// after its last.
func literalEnds(s string, ts []template) (pre, suf string) {
	if len(ts) == 0 {
		return s, s
	}
	return s[:ts[0].start], s[ts[len(ts)-1].end:]
}

// what names a place in a message.
func what(key string) string {
	kind, p, _ := strings.Cut(key, ":")
	switch kind {
	case "registry":
		return "registry cache " + p
	case "gha":
		return "gha cache scope " + strconv.Quote(p)
	case "local":
		return "local cache directory " + p
	}
	return kind + " cache " + strconv.Quote(p)
}

// where says where value v of build b is written: "cache-to of BUILD
// (FILE:LINE:COL)".
func (s repoPass) where(x loc) string {
	b := s.builds[x.build]
	out := "cache-from"
	if x.at.dir == cachespec.DirectionExport {
		out = "cache-to"
	}
	name := b.name
	if name == "" {
		name = "build " + strconv.Itoa(x.build)
	}
	out += " of " + name
	if b.source != nil {
		if r, _ := b.source.place(x.at.dir, x.at.index, 0, 0); !r.IsZero() {
			out += " (" + r.String() + ")"
		}
	}
	return out
}

// nearIndex is a list of places sorted by their flat text, so that the
// places sharing the longest prefix with a key are found by a binary
// search and its neighbours, not by going through the list.
type nearIndex struct {
	locs []loc
	// order holds the indexes of locs, sorted by flat text, then index
	order []int
}

func newNearIndex(locs []loc) *nearIndex {
	order := make([]int, len(locs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := strings.Compare(locs[a].flat, locs[b].flat); c != 0 {
			return c
		}
		return a - b
	})
	return &nearIndex{locs: locs, order: order}
}

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// candidates returns the indexes of the nearestTop places with the longest
// common prefix with a; on a tie, the alphabetically closest to a: the
// places after a (in the order of their flat text, then index) before the
// places before it, each side from the closest. In sorted order the
// common prefix with a only shrinks away from the point where a would be
// inserted, so the places are taken from the two sides of that point,
// like the merge of two lists, and the search stops after nearestTop.
func (x *nearIndex) candidates(a string) []int {
	lcp := func(k int) int {
		if k < 0 || k >= len(x.order) {
			return -1
		}
		return commonPrefix(a, x.locs[x.order[k]].flat)
	}
	right, _ := slices.BinarySearchFunc(x.order, a, func(i int, a string) int {
		return strings.Compare(x.locs[i].flat, a)
	})
	left := right - 1
	lpre, rpre := lcp(left), lcp(right)
	out := make([]int, 0, nearestTop)
	for len(out) < nearestTop && (lpre >= 0 || rpre >= 0) {
		if rpre >= lpre {
			out = append(out, x.order[right])
			right++
			rpre = lcp(right)
		} else {
			out = append(out, x.order[left])
			left--
			lpre = lcp(left)
		}
	}
	return out
}

// nearest returns the place of x (of one backend) that is the closest to
// key in spelling, if one is close enough to be a likely mistake: the edit
// distance of their literal text (templates collapsed) is at most a third
// of its length, or one is the other with a suffix; compared for the
// nearestTop places that share the longest prefix with it (see
// candidates), and the first one on a tie of distance.
func (x *nearIndex) nearest(key string) (loc, bool) {
	a := collapse(key)
	best, bestI, bestD := loc{}, 0, -1
	limit := max(3, len(a)/3)
	for _, i := range x.candidates(a) {
		b := x.locs[i].flat
		d := levenshtein(a, b, limit)
		if d > limit && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) && min(len(a), len(b)) > len(kindOf(a))+1 {
			d = limit // one is the other with a suffix: app and app-cache
		}
		if d <= limit && (bestD < 0 || d < bestD || d == bestD && i < bestI) {
			best, bestI, bestD = x.locs[i], i, d
		}
	}
	return best, bestD >= 0
}

// nearestTop is how many places nearest measures the distance to.
const nearestTop = 8

// levenshtein is the edit distance of a and b, or limit+1 when it is
// larger than limit.
func levenshtein(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// A common prefix and suffix do not change the distance, and places
	// compared share long ones (the registry and repository of a ref).
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) == 0 || len(b) == 0 {
		if d := len(a) + len(b); d <= limit {
			return d
		}
		return limit + 1
	}
	var bufs [2][48]int
	prev, cur := bufs[0][:0], bufs[1][:0]
	if len(b)+1 > len(bufs[0]) {
		prev, cur = make([]int, 0, len(b)+1), make([]int, 0, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	if d := prev[len(b)]; d <= limit {
		return d
	}
	return limit + 1
}

// collapse replaces each template of s by "*", so that spellings are
// compared on their literal text.
func collapse(s string) string {
	ts := findTemplates(s)
	if len(ts) == 0 {
		return s
	}
	var b strings.Builder
	prev := 0
	for _, t := range ts {
		b.WriteString(s[prev:t.start])
		b.WriteByte('*')
		prev = t.end
	}
	b.WriteString(s[prev:])
	return b.String()
}
