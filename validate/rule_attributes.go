package validate

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

var unknownCacheAttribute = register(&Rule{
	Name: "UnknownCacheAttribute", Scope: ScopeValue, Code: "CS004", Severity: SeverityWarning,
	Summary:     "An attribute the backend does not read",
	Explanation: "BuildKit ignores keys it does not know, so a misspelt attribute (`ignore-errors`, `image_manifest`) silently does nothing. A near miss of a known attribute is an error with the correct spelling; other unknown keys are warnings, since newer BuildKit versions add attributes.",
	Bad:         Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache,ignore-errors=true"}},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache,ignore-error=true"}},
	Backing:     "every BuildKit cache backend reads a fixed set of keys (cache/remotecache/*)",
	Evidence:    []string{"TestE2ERejections/UnknownCacheAttribute/silently-ignored", "TestE2ERoundTrip/import/UnknownCacheAttribute/gha-unknown-attribute-ignored"},
	check:       checkUnknownAttribute,
})

func checkUnknownAttribute(c pass) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		known := knownKeys(e.Type())
		for k := range extraOf(e).All() {
			alt := strings.NewReplacer("_", "-", "-", "_").Replace(k)
			near := cachespec.Suggest(k, known)
			if near == "" && contains(known, alt) {
				near = alt
			}
			if near == "" && strings.HasSuffix(k, "s") && contains(known, strings.TrimSuffix(k, "s")) {
				near = strings.TrimSuffix(k, "s")
			}
			if near != "" && secretKey(k) && !secretKey(near) {
				near = "" // a credential's key ("sas") is no misspelling of "src"
			}
			if near != "" {
				c.reportSeverity(SeverityError, v, k,
					e.Type().String()+" cache has no attribute "+strconv.Quote(k)+" (did you mean "+strconv.Quote(near)+"?); BuildKit ignores it",
					v.renameKey("rename it to "+near, k, near))
				continue
			}
			msg := e.Type().String() + " cache has no attribute " + strconv.Quote(k) + "; BuildKit ignores it"
			if other := knownElsewhere(e.Type(), k); len(other) > 0 {
				msg += " (it is an attribute of " + strings.Join(other, ", ") + ")"
			}
			c.report(v, k, msg, Fix{Message: "remove it"})
		}
	})
}

var wrongDirectionAttribute = register(&Rule{
	Name: "WrongDirectionAttribute", Scope: ScopeValue, Code: "CS007", Severity: SeverityError,
	Summary:     "An attribute for the other direction",
	Explanation: "A local cache is read from src= and written to dest=: a cache-from with dest= (and no src=) fails with \"local cache importer requires src\". Export-only attributes (mode, ignore-error, compression, oci-mediatypes, image-manifest, force-compression, reset) on a cache-from are ignored: a warning, since they do nothing.",
	Bad:         Build{CacheFrom: []string{"type=local,dest=/tmp/.buildx-cache"}},
	Good:        Build{CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}},
	Backing:     `BuildKit client/solve.go: "local cache importer requires src" / "local cache exporter requires dest"`,
	Evidence:    []string{"TestE2ERejections/WrongDirectionAttribute/dest-on-import", "TestE2ERoundTrip/import/WrongDirectionAttribute/gha-export-attributes-on-import-ignored"},
	check:       checkWrongDirection,
})

func checkWrongDirection(c pass) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		if l, ok := e.(*cachespec.Local); ok {
			switch {
			case v.dir == cachespec.DirectionImport && l.Dest.IsSet() && !l.Src.IsSet():
				c.report(v, "dest",
					`cache-from reads a local cache from src=, not dest=; BuildKit fails with "local cache importer requires src"`,
					v.renameKey("rename dest= to src=", "dest", "src"))
				return
			case v.dir == cachespec.DirectionExport && l.Src.IsSet() && !l.Dest.IsSet():
				c.report(v, "src",
					`cache-to writes a local cache to dest=, not src=; BuildKit fails with "local cache exporter requires dest"`,
					v.renameKey("rename src= to dest=", "src", "dest"))
				return
			}
		}
		if e.Type() == cachespec.TypeInline {
			return // InlineNotAnImporter and InlineIgnoresAttributes cover inline
		}
		dirs := directions(e.Type())
		for _, k := range setKeys(v, e) {
			switch {
			case v.dir == cachespec.DirectionImport && dirs[k] == cachespec.DirectionExport:
				c.reportSeverity(SeverityWarning, v, k,
					strconv.Quote(k)+" is read only by cache exports; on a cache-from it does nothing",
					Fix{Message: "remove " + k + "= from the cache-from"})
			case v.dir == cachespec.DirectionExport && dirs[k] == cachespec.DirectionImport:
				c.reportSeverity(SeverityWarning, v, k,
					strconv.Quote(k)+" is read only by cache imports; on a cache-to it does nothing",
					Fix{Message: "remove " + k + "= from the cache-to"})
			}
		}
	})
}

var missingCacheAttribute = register(&Rule{
	Name: "MissingCacheAttribute", Scope: ScopeValue, Code: "CS009", Severity: SeverityError,
	Summary:     "A backend is missing an attribute it requires in this direction",
	Explanation: "A registry cache needs ref=; a local cache-to needs dest= and a local cache-from needs src=. BuildKit's client refuses the build before it starts.",
	Bad:         Build{CacheTo: []string{"type=registry"}},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:buildcache"}},
	Backing:     `BuildKit client/solve.go: "registry cache exporter requires ref", "local cache exporter requires dest", "local cache importer requires src"`,
	Evidence:    []string{"TestE2ERejections/MissingCacheAttribute/local-export-without-dest", "TestE2ERejections/MissingCacheAttribute/local-import-without-src", "TestE2ERejections/MissingCacheAttribute/registry-export-without-ref"},
	check:       checkMissingAttribute,
})

func checkMissingAttribute(c pass) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		verb := "importer"
		if v.dir == cachespec.DirectionExport {
			verb = "exporter"
		}
		switch e := e.(type) {
		case *cachespec.Registry:
			if e.Ref.IsZero() {
				c.report(v, "ref", `registry cache has no ref=; BuildKit fails with "registry cache `+verb+` requires ref"`,
					Fix{Message: "add ref=<registry>/<repository>:<cache tag>"})
			}
		case *cachespec.Local:
			switch {
			case v.dir == cachespec.DirectionExport && e.Dest.Text() == "" && !e.Src.IsSet():
				c.report(v, "dest", `local cache-to has no dest=; BuildKit fails with "local cache exporter requires dest"`,
					Fix{Message: "add dest=<directory>"})
			case v.dir == cachespec.DirectionImport && e.Src.Text() == "" && !e.Dest.IsSet():
				c.report(v, "src", `local cache-from has no src=; BuildKit fails with "local cache importer requires src"`,
					Fix{Message: "add src=<directory>"})
			case v.dir == cachespec.DirectionImport && e.Tag.IsSet() && e.Tag.Text() == "" && !e.Digest.IsSet():
				c.report(v, "tag", `local cache-from has an empty tag= and no digest=; BuildKit fails with "local cache importer requires either explicit digest, \"latest\" tag or custom tag on index.json"`,
					Fix{Message: "remove tag= or give a tag"})
			}
		}
	})
}

var imageManifestNeedsOCIMediatypes = register(&Rule{
	Name: "ImageManifestNeedsOCIMediatypes", Scope: ScopeValue, Code: "CS071", Severity: SeverityError,
	Summary:     "image-manifest=true with oci-mediatypes=false",
	Explanation: "The image-manifest cache format is an OCI image manifest, so it cannot use Docker media types. The export fails after the build; with ignore-error=true the cache is silently not written.",
	Bad:         Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache,image-manifest=true,oci-mediatypes=false"}},
	Good:        Build{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache,image-manifest=true,oci-mediatypes=true"}},
	Backing:     `BuildKit cache/remotecache/export.go: "invalid configuration for remote cache, OCI mediatypes are required for image-manifest cache format"`,
	Evidence:    []string{"TestE2ERejections/ImageManifestNeedsOCIMediatypes/export"},
	check:       checkImageManifestMediatypes,
})

func checkImageManifestMediatypes(c pass) {
	c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
		var o cachespec.ExportOptions
		switch e := e.(type) {
		case *cachespec.Registry:
			o = e.ExportOptions
		case *cachespec.Local:
			o = e.ExportOptions
		default:
			return
		}
		im, imSet := o.ImageManifest.Get()
		oci, ociSet := o.OCIMediaTypes.Get()
		if imSet && im && ociSet && !oci {
			c.report(v, "oci-mediatypes",
				"image-manifest=true needs oci-mediatypes=true; BuildKit fails the export after the build (and ignore-error=true hides it)",
				Fix{Message: "set oci-mediatypes=true, or drop image-manifest=true"})
		}
	})
}

var placeholderCacheValue = register(&Rule{
	Name: "PlaceholderCacheValue", Scope: ScopeValue, Code: "CS017", Severity: SeverityError,
	Summary:     "A value copied from an example without filling it in",
	Explanation: "Attribute values such as url=... or token=<token>, and the documentation's example repository user/app, are sent to BuildKit as written: a placeholder url or token makes the cache fail to configure, and docker.io/user/app is someone else's Docker Hub repository, which an export cannot push to and an import never finds this project's cache in (a warning, since documentation and tests use it on purpose).",
	Bad:         Build{CacheTo: []string{"type=gha,url=...,token=...,scope=image"}},
	Good:        Build{CacheTo: []string{"type=gha,scope=image"}},
	Backing:     `BuildKit sends explicit url and token attributes unchanged ("failed to configure gha cache exporter"); Buildx fills them in from the environment only when absent (build/opt.go addGithubToken); an export to a repository without push access fails with "denied"`,
	Evidence:    []string{"TestE2ERejections/PlaceholderCacheValue/gha-token-dots"},
	check:       checkPlaceholder,
})

// checkPlaceholder reports values copied from documentation without
// filling them in.
func checkPlaceholder(c pass) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		attrs := v.attrsOf(e)
		keys := make([]string, 0, len(attrs))
		for k := range attrs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if isPlaceholder(attrs[k]) && !v.fieldHasTemplate(k) {
				c.reportSeverity(SeverityError, v, k,
					strconv.Quote(k)+" is the placeholder "+strconv.Quote(attrs[k])+" from an example: BuildKit uses it as written and the cache fails to configure",
					Fix{Message: "fill in a real value, or leave " + k + " out where Buildx fills it in from the environment"})
			}
		}
		r, ok := e.(*cachespec.Registry)
		if !ok || r.Ref.IsZero() || len(v.x.templates) > 0 {
			return
		}
		name := r.Ref.Name()
		if !slices.Contains(docsPlaceholderRefs, name) {
			return
		}
		// a warning, not an error: in documentation and tests the example
		// repository is what is meant
		sev, msg := SeverityWarning, "imports from "+name+", the documentation's example repository on Docker Hub, which is not this project's cache"
		if v.dir == cachespec.DirectionExport {
			msg = "exports to " + name + ", the documentation's example repository on Docker Hub; a project's build cannot push there (denied), so the cache export would fail the build"
		}
		attr := "ref"
		if off, n := v.attrSpan("ref"); n == 0 && off == 0 {
			attr = ""
		}
		c.reportSeverity(sev, v, attr, msg,
			Fix{Message: "use a repository of this project, such as ghcr.io/<owner>/<image>:buildcache"})
	})
}

var literalCredentialInCacheSpec = register(&Rule{
	Name: "LiteralCredentialInCacheSpec", Scope: ScopeValue, Code: "CS160", Severity: SeverityWarning,
	Summary:     "A credential written literally in a cache value",
	Explanation: "A token or key in the value travels on command lines and in logs. Pass it through the environment (ACTIONS_RUNTIME_TOKEN, the AWS credential chain, the daemon's Azure credentials) or an expression such as ${{ secrets.X }}.",
	Bad:         Build{CacheTo: []string{"type=s3,region=us-east-1,bucket=b,access_key_id=AKIAIOSFODNN7EXAMPLE,secret_access_key=wJalrXUtnFEMIK7MDENG"}},
	Good:        Build{CacheTo: []string{"type=s3,region=us-east-1,bucket=b,access_key_id=${{ secrets.AWS_ACCESS_KEY_ID }},secret_access_key=${{ secrets.AWS_SECRET_ACCESS_KEY }}"}},
	Backing:     "documented practice; Buildx's own trace redaction lists token, ghtoken, access_key_id, secret_access_key and session_token",
	check:       checkLiteralCredential,
})

func checkLiteralCredential(c pass) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		a := v.attrsOf(e)
		for _, k := range secretKeys {
			val, ok := a[k]
			if !ok || val == "" || v.fieldHasTemplate(k) {
				continue
			}
			c.report(v, k,
				strconv.Quote(k)+" is written literally in the cache value, so it shows in command lines and logs",
				Fix{Message: "pass it from the environment or a secret expression such as ${{ secrets.X }}"})
		}
	})
}

// directions maps each attribute of backend t to the direction BuildKit
// reads it in (cachespec.Schema): Import or Export for one direction only,
// DirectionUnknown for both.
func directions(t cachespec.Type) map[string]cachespec.Direction {
	return backendDirections[t]
}

var backendDirections = func() map[cachespec.Type]map[string]cachespec.Direction {
	out := map[cachespec.Type]map[string]cachespec.Direction{}
	for _, t := range cachespec.Types() {
		m := map[string]cachespec.Direction{}
		for _, a := range cachespec.Schema(t) {
			m[a.Key] = a.Direction
		}
		out[t] = m
	}
	return out
}()

// knownElsewhere returns the other backends that know key, for "it is an
// attribute of" messages.
func knownElsewhere(t cachespec.Type, key string) []string {
	var out []string
	for _, o := range cachespec.Types() {
		if o != t && contains(knownKeys(o), key) {
			out = append(out, o.String())
		}
	}
	return out
}

// extraOf returns the unknown attributes of an entry.
func extraOf(e cachespec.Entry) cachespec.Attributes {
	switch e := e.(type) {
	case *cachespec.Registry:
		return e.Extra
	case *cachespec.Local:
		return e.Extra
	case *cachespec.Inline:
		return e.Extra
	case *cachespec.GHA:
		return e.Extra
	case *cachespec.S3:
		return e.Extra
	case *cachespec.AzBlob:
		return e.Extra
	}
	return cachespec.Attributes{}
}

// setKeys returns the keys present in e, an entry of v, known ones first.
func setKeys(v *value, e cachespec.Entry) []string {
	a := v.attrsOf(e)
	var out []string
	for _, k := range knownKeys(e.Type()) {
		if _, ok := a[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// secretKeys are the attributes that hold credentials, as the backends'
// schemas mark them.
var secretKeys = func() []string {
	var out []string
	for _, t := range cachespec.Types() {
		for _, a := range cachespec.Schema(t) {
			if a.Secret && !slices.Contains(out, a.Key) {
				out = append(out, a.Key)
			}
		}
	}
	return out
}()

// fieldHasTemplate reports whether the raw field for key holds a template.
func (v *value) fieldHasTemplate(key string) bool {
	off, n := v.attrSpan(key)
	if n == 0 && v.json {
		off, n = v.jsonAttrSpan(key)
	}
	for _, t := range v.x.templates {
		if t.start < off+n && t.end > off {
			return true
		}
	}
	return false
}

// isPlaceholder reports whether an attribute value is a documentation
// placeholder: "...", "…", "<something>", "xxx".
func isPlaceholder(s string) bool {
	switch strings.ToLower(s) {
	case "...", "…", "xxx", "changeme", "todo":
		return true
	}
	return len(s) > 2 && s[0] == '<' && s[len(s)-1] == '>'
}

// docsPlaceholderRefs are repositories of the Docker documentation's
// examples, owned by someone else on Docker Hub.
var docsPlaceholderRefs = []string{"docker.io/user/app", "docker.io/user/image", "docker.io/username/app", "docker.io/myorg/myimage"}

// jsonAttrSpan locates the value of key in the JSON object form of the
// value: the raw offset and length of the JSON string, quotes included, or
// 0, 0.
func (v *value) jsonAttrSpan(key string) (int, int) {
	text := v.x.text
	dec := json.NewDecoder(strings.NewReader(text))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0, 0
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return 0, 0
		}
		k, _ := tok.(string)
		before := int(dec.InputOffset())
		if _, err := dec.Token(); err != nil {
			return 0, 0
		}
		after := int(dec.InputOffset())
		if !strings.EqualFold(k, key) {
			continue
		}
		start := before
		if i := strings.IndexByte(text[before:after], ':'); i >= 0 {
			start = before + i + 1
		}
		for start < after && strings.IndexByte(" \t\r\n", text[start]) >= 0 {
			start++
		}
		if start >= after {
			return 0, 0
		}
		lo, hi := v.x.rawOffset(start), v.x.rawOffset(after-1)+1
		return lo, hi - lo
	}
	return 0, 0
}
