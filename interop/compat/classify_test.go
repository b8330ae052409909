package compat

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/distribution/reference"
	"github.com/docker/buildx/util/buildflags"
	digest "github.com/opencontainers/go-digest"
	"github.com/tonistiigi/go-csvvalue"
)

// reasons returns every documented reason (the syntax and typed-value levels of the cachespec package documentation) for
// refusing a value that Buildx accepted as entries. It is written from the
// documented rules, independently of cachespec's parser, so that a refusal
// cachespec cannot justify is caught.
func reasons(value string, entries buildflags.CacheOptions) map[*cachespec.Kind]bool {
	why := map[*cachespec.Kind]bool{}
	if value == "" {
		// Only buildctl reads an empty value: as a registry entry with an
		// empty ref, which BuildKit's client then refuses.
		why[cachespec.ErrEmpty] = true
	}
	if len(value) > cachespec.MaxValueLen {
		why[cachespec.ErrTooLong] = true
	}
	if !utf8.ValidString(value) || strings.IndexFunc(value, func(r rune) bool {
		return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff'
	}) >= 0 {
		why[cachespec.ErrInvalidText] = true
	}
	// Keys as Buildx reads them: duplicates, white space, empties.
	if fields, err := csvvalue.Fields(value, nil); err == nil && strings.Contains(value, "=") {
		seen := map[string]bool{}
		for _, f := range fields {
			k, _, ok := strings.Cut(f, "=")
			if !ok {
				continue
			}
			if k == "" {
				why[cachespec.ErrSyntax] = true // an empty key (level 1)
			}
			lk := strings.ToLower(k)
			if seen[lk] {
				why[cachespec.ErrDuplicateKey] = true
			}
			seen[lk] = true
			if strings.TrimSpace(k) != k {
				why[cachespec.ErrKeyWhitespace] = true
			}
		}
	}
	if !strings.Contains(value, "=") && strings.Contains(value, `"`) {
		// Buildx re-reads each field of a ref list as CSV, so a field with
		// quotes means something else than written.
		why[cachespec.ErrInvalidRef] = true
	}
	for _, e := range entries {
		switch e.Type {
		case "registry", "local", "inline", "gha", "s3", "azblob":
		default:
			why[cachespec.ErrUnknownType] = true
			continue
		}
		for k, v := range e.Attrs {
			if !valueOK(e.Type, k, v) {
				why[cachespec.ErrInvalidValue] = true
			}
		}
		if e.Type == "registry" {
			ref, ok := e.Attrs["ref"]
			switch {
			case !ok:
			case isKeyword(ref) && !strings.Contains(value, "="):
				why[cachespec.ErrAmbiguousShorthand] = true
			default:
				if _, err := reference.ParseNormalizedNamed(ref); err != nil {
					why[cachespec.ErrInvalidRef] = true
				}
			}
		}
		if lvl, ok := e.Attrs["compression-level"]; ok {
			if n, err := strconv.Atoi(lvl); err == nil {
				c := e.Attrs["compression"]
				if (c == "" || c == "gzip" || c == "estargz") && (n < -2 || n > 9) || c == "zstd" && (n < 0 || n > 22) {
					why[cachespec.ErrInvalidValue] = true
				}
			}
		}
	}
	return why
}

func isKeyword(s string) bool {
	switch s {
	case "inline", "local", "gha", "s3", "azblob", "registry", "min", "max":
		return true
	}
	return false
}

// valueOK reports whether v is valid for key k of backend t, per the
// attribute tables of the reference (cache-backends.md §2).
func valueOK(t, k, v string) bool {
	isBool := func() bool { _, err := strconv.ParseBool(v); return err == nil }
	isInt := func() bool { _, err := strconv.ParseInt(v, 10, 64); return err == nil }
	isPos := func() bool { n, err := strconv.ParseInt(v, 10, 64); return err == nil && n >= 1 }
	isDur := func() bool { _, err := time.ParseDuration(v); return err == nil }
	switch k {
	case "mode":
		return v == "min" || v == "max"
	case "ignore-error", "oci-mediatypes", "image-manifest":
		return isBool()
	case "force-compression":
		return v == "" || isBool()
	case "compression":
		return v == "gzip" || v == "zstd" || v == "estargz" || v == "uncompressed"
	case "compression-level":
		return isInt()
	}
	switch t + "." + k {
	case "registry.registry.insecure", "local.reset", "s3.use_path_style", "s3.disable_accept_encoding":
		return isBool()
	case "gha.timeout", "s3.touch_refresh":
		return isDur()
	case "gha.version", "s3.upload_parallelism", "s3.retry_max_attempts":
		return isPos()
	case "s3.retry_mode":
		return v == "standard" || v == "adaptive"
	case "local.digest":
		_, err := digest.Parse(v)
		return err == nil
	case "azblob.account_url":
		return !strings.ContainsAny(v, "\x7f") && urlOK(v)
	}
	return true
}
