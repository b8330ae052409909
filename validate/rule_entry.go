package validate

import (
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

// exportOnly are the attributes only exporters read.
var exportOnly = map[string]bool{
	"mode": true, "ignore-error": true, "compression": true, "compression-level": true,
	"force-compression": true, "oci-mediatypes": true, "image-manifest": true,
	"dest": true, "reset": true, "repository": true, "ghtoken": true,
	"upload_parallelism": true, "touch_refresh": true,
}

// importOnly are the attributes only importers read.
var importOnly = map[string]bool{"src": true, "digest": true}

// allKeys is every key any backend knows, for "known elsewhere" messages.
func knownElsewhere(t cachespec.Type, key string) []string {
	var out []string
	for _, o := range cachespec.Types() {
		if o != t && contains(cachespec.KnownKeys(o), key) {
			out = append(out, o.String())
		}
	}
	return out
}

func checkUnknownAttribute(c *checker) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		known := cachespec.KnownKeys(e.Type())
		for k := range extraOf(e).All() {
			alt := strings.NewReplacer("_", "-", "-", "_").Replace(k)
			near := cachespec.Suggest(k, known)
			if near == "" && contains(known, alt) {
				near = alt
			}
			if near == "" && strings.HasSuffix(k, "s") && contains(known, strings.TrimSuffix(k, "s")) {
				near = strings.TrimSuffix(k, "s")
			}
			if near != "" {
				c.reportSeverity(Error, "UnknownCacheAttribute", v, k,
					e.Type().String()+" cache has no attribute "+strconv.Quote(k)+" (did you mean "+strconv.Quote(near)+"?); BuildKit ignores it",
					Fix{Label: "rename it to " + near})
				continue
			}
			msg := e.Type().String() + " cache has no attribute " + strconv.Quote(k) + "; BuildKit ignores it"
			if other := knownElsewhere(e.Type(), k); len(other) > 0 {
				msg += " (it is an attribute of " + strings.Join(other, ", ") + ")"
			}
			c.report("UnknownCacheAttribute", v, k, msg, Fix{Label: "remove it"})
		}
	})
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

// setKeys returns the keys present in e, known ones first.
func setKeys(e cachespec.Entry) []string {
	a := e.Attrs()
	var out []string
	for _, k := range cachespec.KnownKeys(e.Type()) {
		if _, ok := a[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

func checkWrongDirection(c *checker) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		if l, ok := e.(*cachespec.Local); ok {
			switch {
			case v.dir == cachespec.Import && l.Dest.IsSet() && !l.Src.IsSet():
				c.report("WrongDirectionAttribute", v, "dest",
					`cache-from reads a local cache from src=, not dest=; BuildKit fails with "local cache importer requires src"`,
					Fix{Label: "rename dest= to src="})
				return
			case v.dir == cachespec.Export && l.Src.IsSet() && !l.Dest.IsSet():
				c.report("WrongDirectionAttribute", v, "src",
					`cache-to writes a local cache to dest=, not src=; BuildKit fails with "local cache exporter requires dest"`,
					Fix{Label: "rename src= to dest="})
				return
			}
		}
		if e.Type() == cachespec.TypeInline {
			return // InlineNotAnImporter and InlineIgnoresAttributes cover inline
		}
		for _, k := range setKeys(e) {
			switch {
			case v.dir == cachespec.Import && exportOnly[k]:
				c.reportSeverity(Warning, "WrongDirectionAttribute", v, k,
					strconv.Quote(k)+" is read only by cache exports; on a cache-from it does nothing",
					Fix{Label: "remove " + k + "= from the cache-from"})
			case v.dir == cachespec.Export && importOnly[k]:
				c.reportSeverity(Warning, "WrongDirectionAttribute", v, k,
					strconv.Quote(k)+" is read only by cache imports; on a cache-to it does nothing",
					Fix{Label: "remove " + k + "= from the cache-to"})
			}
		}
	})
}

func checkMissingAttribute(c *checker) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		verb := "importer"
		if v.dir == cachespec.Export {
			verb = "exporter"
		}
		switch e := e.(type) {
		case *cachespec.Registry:
			if e.Ref.IsZero() {
				c.report("MissingCacheAttribute", v, "ref", `registry cache has no ref=; BuildKit fails with "registry cache `+verb+` requires ref"`,
					Fix{Label: "add ref=<registry>/<repository>:<cache tag>"})
			}
		case *cachespec.Local:
			switch {
			case v.dir == cachespec.Export && e.Dest.Text() == "" && !e.Src.IsSet():
				c.report("MissingCacheAttribute", v, "dest", `local cache-to has no dest=; BuildKit fails with "local cache exporter requires dest"`,
					Fix{Label: "add dest=<directory>"})
			case v.dir == cachespec.Import && e.Src.Text() == "" && !e.Dest.IsSet():
				c.report("MissingCacheAttribute", v, "src", `local cache-from has no src=; BuildKit fails with "local cache importer requires src"`,
					Fix{Label: "add src=<directory>"})
			case v.dir == cachespec.Import && e.Tag.IsSet() && e.Tag.Text() == "" && !e.Digest.IsSet():
				c.report("MissingCacheAttribute", v, "tag", `local cache-from has an empty tag= and no digest=; BuildKit fails with "local cache importer requires either explicit digest, \"latest\" tag or custom tag on index.json"`,
					Fix{Label: "remove tag= or give a tag"})
			}
		}
	})
}

func checkImageManifestMediatypes(c *checker) {
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
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
			c.report("ImageManifestNeedsOCIMediatypes", v, "oci-mediatypes",
				"image-manifest=true needs oci-mediatypes=true; BuildKit fails the export after the build (and ignore-error=true hides it)",
				Fix{Label: "set oci-mediatypes=true, or drop image-manifest=true"})
		}
	})
}

func checkInlineImport(c *checker) {
	c.each(cachespec.Import, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline {
			c.report("InlineNotAnImporter", v, "type",
				`there is no inline cache importer: BuildKit reports "unknown cache importer: inline" and builds without cache`,
				Fix{Label: "import inline cache from the image: type=registry,ref=<image>"})
		}
	})
}

func checkInlineAttributes(c *checker) {
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeInline {
			return
		}
		keys := setKeys(e)
		for k := range extraOf(e).All() {
			keys = append(keys, k)
		}
		if len(keys) == 0 {
			return
		}
		msg := "inline cache ignores " + strings.Join(keys, ", ")
		if contains(keys, "mode") {
			msg += "; it always records the final image's layers only (min mode): use a registry cache with its own ref for mode=max"
		}
		c.report("InlineIgnoresAttributes", v, keys[0], msg, Fix{Label: "write type=inline", Replace: true, Offset: 0, Len: len(v.raw), Text: "type=inline"})
	})
}

func checkS3Required(c *checker) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		s, ok := e.(*cachespec.S3)
		if !ok {
			return
		}
		for _, a := range []struct {
			key, env string
			set      bool
			text     string
		}{{"region", "AWS_REGION", s.Region.IsSet(), s.Region.Text()}, {"bucket", "AWS_BUCKET", s.Bucket.IsSet(), s.Bucket.Text()}} {
			switch {
			case a.set && a.text == "":
				c.reportSeverity(Error, "S3MissingRequired", v, a.key, "s3 cache has an empty "+a.key+"=, which overrides $"+a.env+`; BuildKit fails with "`+a.key+` ($`+a.env+`) not set for s3 cache"`,
					Fix{Label: "give " + a.key + "=<value>"})
			case !a.set:
				c.report("S3MissingRequired", v, a.key, "s3 cache has no "+a.key+"=; it works only if the BuildKit daemon's environment has "+a.env+" (Buildx does not forward the client's)",
					Fix{Label: "add " + a.key + "=<value>"})
			}
		}
	})
}

func checkAzBlobAccountURL(c *checker) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		a, ok := e.(*cachespec.AzBlob)
		if !ok {
			return
		}
		switch {
		case a.AccountURL.IsSet() && a.AccountURL.Text() == "":
			c.reportSeverity(Error, "AzBlobMissingAccountURL", v, "account_url", "azblob cache has an empty account_url=; BuildKit fails: \"azure storage account url provided is not a valid url\"",
				Fix{Label: "give account_url=https://<account>.blob.core.windows.net"})
		case !a.AccountURL.IsSet():
			c.report("AzBlobMissingAccountURL", v, "account_url", "azblob cache has no account_url=; it works only if the BuildKit daemon's environment has BUILDKIT_AZURE_STORAGE_ACCOUNT_URL",
				Fix{Label: "add account_url=https://<account>.blob.core.windows.net"})
		}
	})
}

// secretKeys are the attributes that hold credentials.
var secretKeys = []string{"token", "ghtoken", "access_key_id", "secret_access_key", "session_token"}

func checkLiteralCredential(c *checker) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		a := e.Attrs()
		for _, k := range secretKeys {
			val, ok := a[k]
			if !ok || val == "" || v.fieldHasTemplate(k) {
				continue
			}
			c.report("LiteralCredentialInCacheSpec", v, k,
				strconv.Quote(k)+" is written literally in the cache value, so it shows in command lines and logs",
				Fix{Label: "pass it from the environment or a secret expression such as ${{ secrets.X }}"})
		}
	})
}

// fieldHasTemplate reports whether the raw field for key holds a template.
func (v *value) fieldHasTemplate(key string) bool {
	off, n := v.attrSpan(key)
	for _, t := range v.x.templates {
		if t.start < off+n && t.end > off {
			return true
		}
	}
	return false
}
