package validate

import (
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

const githubActions = "github-actions"

// ignoresErrors reports whether an export has ignore-error=true.
func ignoresErrors(e cachespec.Entry) bool {
	a := e.Attrs()
	b, err := strconv.ParseBool(a["ignore-error"])
	return err == nil && b
}

func checkForkPR(c *checker) {
	if c.b.CI.Event != "pull_request" || (c.b.CI.Fork != nil && !*c.b.CI.Fork) {
		return
	}
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeRegistry || ignoresErrors(e) {
			return
		}
		msg := "pull requests from forks get a read-only token, so this registry cache export is denied (403) and fails the build"
		sev := Warning
		if c.b.CI.Fork != nil {
			sev = Error
		} else {
			msg = "this registry cache export also runs for pull_request; from a fork the token is read-only, so the export is denied (403) and fails the build"
		}
		c.reportSeverity(sev, "CacheExportFromForkPR", v, "",
			msg, Fix{Label: "skip cache-to on pull requests from forks (keep cache-from), or add ignore-error=true"})
	})
}

// readOnlyCacheEvents are the triggers GitHub gives a read-only Actions
// cache token (github.blog changelog 2026-06-26); the first is confirmed.
var readOnlyCacheEvents = map[string]Severity{
	"pull_request_target": Error,
	"issue_comment":       Info,
	"workflow_run":        Info,
}

func checkGHAReadOnly(c *checker) {
	sev, ok := readOnlyCacheEvents[c.b.CI.Event]
	if !ok {
		return
	}
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		if e.Type() != cachespec.TypeGHA || ignoresErrors(e) {
			return
		}
		msg := "GitHub gives " + c.b.CI.Event + " runs a read-only Actions cache token, so this gha cache export fails the build"
		if sev == Info {
			msg = c.b.CI.Event + " runs may get a read-only Actions cache token, which makes this gha cache export fail"
		}
		c.reportSeverity(sev, "GHACacheWriteOnReadOnlyTrigger", v, "", msg,
			Fix{Label: "write the cache from a push or schedule workflow and keep only cache-from here, or add ignore-error=true"})
	})
}

// semverLess reports whether version v (such as "v0.19.2" or "0.19") is
// older than major.minor; ok is false when v does not parse.
func semverLess(v string, major, minor int) (less, ok bool) {
	v = strings.TrimPrefix(v, "v")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return false, false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(strings.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	if err1 != nil || err2 != nil {
		return false, false
	}
	return ma < major || ma == major && mi < minor, true
}

func checkGHAVersion(c *checker) {
	less, ok := semverLess(c.b.Builder.BuildKitVersion, 0, 20)
	if !ok || !less {
		return
	}
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeGHA {
			c.report("GHANeedsBuildKit020", v, "",
				"BuildKit "+c.b.Builder.BuildKitVersion+" speaks only GitHub's legacy cache service, which was shut down on 2025-04-15; type=gha fails",
				Fix{Label: "use BuildKit v0.20 or newer (and Buildx v0.21 or newer)"})
		}
	})
}

func checkDockerDriver(c *checker) {
	if c.b.Builder.Driver != "docker" || c.b.Builder.ContainerdStore != nil && *c.b.Builder.ContainerdStore {
		return
	}
	sev := Error
	if c.b.Builder.ContainerdStore == nil {
		sev = Warning
	}
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline {
			return
		}
		c.reportSeverity(sev, "CacheExportNeedsContainerBuilder", v, "",
			"the docker driver cannot export "+e.Type().String()+" cache (unless the engine uses the containerd image store): Buildx fails with \"Cache export is not supported for the docker driver\"",
			Fix{Label: "add docker/setup-buildx-action (docker-container driver) before the build, or enable the containerd image store"})
	})
}

func checkGHAToken(c *checker) {
	c.each(cachespec.DirectionUnknown, func(v *value, e cachespec.Entry) {
		g, ok := e.(*cachespec.GHA)
		if !ok {
			return
		}
		if c.b.Env != nil {
			if _, keep := cachespec.ApplyBuildxEnv(g, cachespec.Env(c.b.Env)); !keep {
				c.reportSeverity(Error, "GHAWithoutRuntimeToken", v, "",
					"Buildx silently drops this type=gha entry: with this environment it has no token, or no url or url_v2 (ACTIONS_RUNTIME_TOKEN, ACTIONS_CACHE_URL, ACTIONS_RESULTS_URL), so nothing is imported or exported",
					Fix{Label: "run the build in docker/build-push-action, or expose the runtime to run: steps with crazy-max/ghaction-github-runtime"})
			}
			return
		}
		token := g.Token.Reveal()
		url := g.URL.Text() + g.URLV2.Text()
		if token != "" && url != "" {
			return
		}
		switch {
		case c.b.CI.Provider != "" && c.b.CI.Provider != githubActions:
			c.reportSeverity(Error, "GHAWithoutRuntimeToken", v, "",
				"type=gha needs the GitHub Actions runtime token; on "+c.b.CI.Provider+" Buildx silently drops the entry",
				Fix{Label: "use a registry, s3 or local cache outside GitHub Actions"})
		case c.b.CI.Provider == githubActions && c.b.Step == StepRun && (c.b.CI.RuntimeExposed == nil || !*c.b.CI.RuntimeExposed):
			c.report("GHAWithoutRuntimeToken", v, "",
				"run: steps do not see ACTIONS_RUNTIME_TOKEN, so Buildx silently drops this type=gha entry unless an earlier step exposes the runtime",
				Fix{Label: "run the build in docker/build-push-action, or add crazy-max/ghaction-github-runtime before this step"})
		}
	})
}

func checkGHAScopeDefault(c *checker) {
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		if g, ok := e.(*cachespec.GHA); ok && !g.Scope.IsSet() {
			c.report("GHAScopeDefault", v, "",
				`this gha cache export uses the default scope "buildkit", shared by every build of the repository that also leaves it unset`,
				Fix{Label: "set scope= to a name unique to this image (and platform)"})
		}
	})
}

func checkRepositoryExpression(c *checker) {
	for _, v := range c.values {
		for _, t := range v.x.templates {
			if t.kind != kindGitHub {
				continue
			}
			expr := t.text
			if !(strings.Contains(expr, "github.repository") || strings.Contains(expr, "repository_owner") ||
				strings.Contains(expr, ".full_name") || strings.Contains(expr, "github.actor")) {
				continue
			}
			off, n := v.attrSpan("ref")
			inRef := n > 0 && t.start >= off && t.start < off+n
			if !inRef && (len(v.entries) == 0 || v.entries[0].Type() != cachespec.TypeRegistry || strings.Contains(v.raw, "=")) {
				continue
			}
			c.diags = append(c.diags, Diagnostic{
				Rule: "CacheRefFromRepositoryExpression", Severity: severities["CacheRefFromRepositoryExpression"],
				Message:   "the cache ref is built from " + strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(expr, "${{"), "}}")) + ", which keeps the owner's capitals; BuildKit refuses upper-case repository names (\"repository name must be lowercase\")",
				Direction: v.dir, Index: v.index, Attr: "ref", Offset: t.start, Len: t.end - t.start,
				Fix: Fix{Label: "lower-case the repository in an earlier step (for example with docker/metadata-action or ${GITHUB_REPOSITORY,,}) and use that output"},
			})
		}
	}
}

func checkLocalGrowth(c *checker) {
	srcs := map[string]bool{}
	c.each(cachespec.Import, func(v *value, e cachespec.Entry) {
		if l, ok := e.(*cachespec.Local); ok && l.Src.IsSet() {
			srcs[cleanPath(l.Src.Text())] = true
		}
	})
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		l, ok := e.(*cachespec.Local)
		if !ok || !l.Dest.IsSet() || !srcs[cleanPath(l.Dest.Text())] {
			return
		}
		if r, ok := l.Reset.Get(); ok && r {
			return
		}
		c.report("LocalCacheGrowsUnbounded", v, "dest",
			"this cache-to writes into the directory a cache-from reads; BuildKit never removes old blobs there, so it grows every run",
			Fix{Label: "add reset=true (BuildKit client v0.31+), or export to a new directory and replace the old one after the build"})
	})
}

// cleanPath normalises a directory path for comparison.
func cleanPath(p string) string {
	p = strings.TrimRight(p, "/")
	p = strings.TrimPrefix(p, "./")
	return p
}

func checkNotBestEffort(c *checker) {
	if c.b.Push == nil || !*c.b.Push {
		return
	}
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		if e.Type() == cachespec.TypeInline || ignoresErrors(e) {
			return
		}
		c.report("CacheExportNotBestEffort", v, "",
			"a failed cache export fails the whole build, even after the image is pushed",
			Fix{Label: "add ignore-error=true if the cache is best effort"})
	})
}

// strictRegistry reports whether a registry host is known to refuse
// BuildKit's index-style cache manifest.
func strictRegistry(domain string) bool {
	return strings.Contains(domain, ".dkr.ecr.") && strings.HasSuffix(domain, ".amazonaws.com") ||
		strings.HasSuffix(domain, ".jfrog.io") || domain == "quay.io" || domain == "gcr.io" || strings.HasSuffix(domain, ".gcr.io")
}

func checkImageManifest(c *checker) {
	newBuilder := false
	if less, ok := semverLess(c.b.Builder.BuildKitVersion, 0, 21); ok && !less {
		newBuilder = true
	}
	c.each(cachespec.Export, func(v *value, e cachespec.Entry) {
		r, ok := e.(*cachespec.Registry)
		if !ok || r.Ref.IsZero() || !strictRegistry(r.Ref.Domain()) {
			return
		}
		im, set := r.ImageManifest.Get()
		oci, ociSet := r.OCIMediaTypes.Get()
		switch {
		case set && im:
			return
		case !set && newBuilder && (!ociSet || oci):
			return // BuildKit v0.21+ writes an image manifest by default
		}
		c.report("RegistryNeedsImageManifest", v, "image-manifest",
			r.Ref.Domain()+" refuses BuildKit's index-style cache manifest (400 or MANIFEST_INVALID at the end of the export)",
			Fix{Label: "add image-manifest=true,oci-mediatypes=true"})
	})
}
