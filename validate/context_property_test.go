package validate

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
)

// The property of issue 10 ("a finding inside a template-free, valid
// configuration never depends on unknown context"), precisely:
//
// Let B be builds whose cache values hold no template and are valid
// (every value parses), and whose context is unknown: Push, Load, CI,
// Builder, Step, Origin, MovedDirs, Persisted and Env at their zero
// values. Let F be B with every unknown context field filled in
// arbitrarily (the values themselves, tags, platforms and names
// unchanged). Then every diagnostic that CheckAll reports on B at error
// severity is reported on F too, at error severity, for the same build,
// value and rule: an error made without context holds whatever the
// context turns out to be. (The converse does not hold by design: known
// context adds findings, such as the fork's read-only token.) And
// CheckRepository on a part of a repository (whole false) reports
// nothing above info, since what was not read may hold the other half.
// The value rules (scope value) need no context: their findings (rule,
// build, value and severity; a message may say more when context is
// known), at every severity, are the same on B and F.

// genValue draws a valid, template-free value of either kind a real file
// holds: the generator of property_test.go, or one of a few values whose
// findings need context to be certain.
func genValue(dir cachespec.Direction) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		if rapid.Bool().Draw(t, "pool") {
			exports := []string{"type=registry,ref=ghcr.io/acme/app:cache,mode=max", "type=gha,mode=max", "type=local,dest=/tmp/.buildx-cache",
				"type=s3,region=us-east-1,bucket=ci,endpoint_url=http://minio:9000", "type=gha,scope=app,compression=zstd",
				"type=registry,ref=123456789012.dkr.ecr.us-east-1.amazonaws.com/app:cache", "type=inline", "type=registry,ref=ghcr.io/acme/app:latest"}
			imports := []string{"type=registry,ref=ghcr.io/acme/app:cache", "type=gha", "type=local,src=/tmp/.buildx-cache", "ghcr.io/acme/app:latest",
				"type=s3,region=auto,bucket=ci,endpoint_url=https://storage.googleapis.com"}
			if dir == cachespec.DirectionExport {
				return rapid.SampledFrom(exports).Draw(t, "export")
			}
			return rapid.SampledFrom(imports).Draw(t, "import")
		}
		return genValidValue(dir).Draw(t, "value")
	})
}

func genContextFreeBuild(t *rapid.T, i int) Build {
	b := Build{Name: "b" + itoa(i)}
	b.CacheFrom = rapid.SliceOfN(genValue(cachespec.DirectionImport), 0, 3).Draw(t, "from")
	b.CacheTo = rapid.SliceOfN(genValue(cachespec.DirectionExport), 0, 3).Draw(t, "to")
	b.Tags = rapid.SliceOfN(rapid.SampledFrom([]string{"ghcr.io/acme/app:latest", "ghcr.io/acme/app:cache", "acme/app"}), 0, 2).Draw(t, "tags")
	b.Platforms = rapid.SliceOfN(rapid.SampledFrom([]string{"linux/amd64", "linux/arm64"}), 0, 2).Draw(t, "platforms")
	return b
}

// fill sets every unknown context field of b arbitrarily.
func fill(t *rapid.T, b Build) Build {
	optBool := func(label string) *bool {
		if rapid.Bool().Draw(t, label+"?") {
			return nil
		}
		v := rapid.Bool().Draw(t, label)
		return &v
	}
	events := []string{"", "push", "pull_request", "pull_request_target", "release", "schedule", "workflow_dispatch", "merge_group"}
	b.Push, b.Load = optBool("push"), optBool("load")
	b.CI = CI{
		Provider:       rapid.SampledFrom([]string{"", githubActions}).Draw(t, "provider"),
		Event:          rapid.SampledFrom(events).Draw(t, "event"),
		Fork:           optBool("fork"),
		RuntimeExposed: optBool("runtime"),
		Triggers:       rapid.SliceOfN(rapid.SampledFrom(events[1:]), 0, 3).Draw(t, "triggers"),
		Releases:       rapid.Bool().Draw(t, "releases"),
		HostedRunner:   optBool("hosted"),
	}
	if rapid.Bool().Draw(t, "env?") {
		b.CI.Env = map[string]string{"ACTIONS_CACHE_SERVICE_V2": rapid.SampledFrom([]string{"true", "on", "1", ""}).Draw(t, "v2")}
	}
	b.Builder = Builder{
		Driver:          rapid.SampledFrom([]string{"", "docker", "docker-container", "kubernetes", "remote"}).Draw(t, "driver"),
		BuildKitVersion: rapid.SampledFrom([]string{"", "v0.12.5", "v0.19.0", "v0.20.1", "v0.33.0", "v0.34.2"}).Draw(t, "version"),
		ContainerdStore: optBool("store"),
		Nodes:           rapid.IntRange(0, 3).Draw(t, "nodes"),
		DefaultImage:    rapid.Bool().Draw(t, "default"),
	}
	b.Step = Step(rapid.IntRange(0, 2).Draw(t, "step"))
	b.Origin = Origin(rapid.IntRange(0, 4).Draw(t, "origin"))
	if rapid.Bool().Draw(t, "moved?") {
		b.MovedDirs = []string{"/tmp/.buildx-cache"}
	}
	if rapid.Bool().Draw(t, "persisted?") {
		b.Persisted = []Persisted{{Path: "/tmp", Key: rapid.SampledFrom([]string{"k", "k2"}).Draw(t, "key")}}
	}
	if rapid.Bool().Draw(t, "clientenv?") {
		token := rapid.SampledFrom([]string{"", "eyJhbGciOiJIUzI1NiJ9.e30.x"}).Draw(t, "token")
		b.Env = func(k string) (string, bool) {
			if k == "ACTIONS_RUNTIME_TOKEN" && token != "" {
				return token, true
			}
			return "", false
		}
	}
	return b
}

type findingKey struct {
	rule       string
	build      int
	dir        cachespec.Direction
	index, off int
}

func TestPropertyErrorsNeverDependOnUnknownContext(t *testing.T) {
	t.Parallel()
	var opts Options
	opts.Enable = optIns()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 3).Draw(t, "builds")
		unknown := make([]Build, n)
		filled := make([]Build, n)
		for i := range unknown {
			unknown[i] = genContextFreeBuild(t, i)
			filled[i] = fill(t, unknown[i])
		}
		errs := map[findingKey]Diagnostic{}
		for _, d := range opts.CheckAll(unknown) {
			if d.Severity == SeverityError {
				errs[findingKey{d.Rule, d.Build, d.Direction, d.Index, d.Offset}] = d
			}
		}
		got := map[findingKey]bool{}
		for _, d := range opts.CheckAll(filled) {
			if d.Severity == SeverityError {
				got[findingKey{d.Rule, d.Build, d.Direction, d.Index, d.Offset}] = true
			}
		}
		for k, d := range errs {
			if !got[k] {
				t.Fatalf("error %v made with unknown context is gone once the context is known:\nunknown %+v\nfilled %+v", d, unknown[k.build], filled[k.build])
			}
		}
		// the findings of the value rules, which read no context, are the
		// same whatever the context: none is gained or lost, at any
		// severity
		valueFindings := func(ds Diagnostics) map[string]bool {
			out := map[string]bool{}
			for _, d := range ds {
				if r, ok := Lookup(d.Rule); ok && r.Scope == ScopeValue {
					out[d.Rule+"|"+itoa(d.Build)+"|"+itoa(d.Index)+"|"+d.Direction.String()+"|"+d.Severity.String()] = true
				}
			}
			return out
		}
		vu, vf := valueFindings(opts.CheckAll(unknown)), valueFindings(opts.CheckAll(filled))
		for k := range vu {
			if !vf[k] {
				t.Fatalf("value finding %s lost once the context is known", k)
			}
		}
		for k := range vf {
			if !vu[k] {
				t.Fatalf("value finding %s gained once the context is known", k)
			}
		}
		for _, d := range opts.CheckRepository(filled, false) {
			if d.Severity > SeverityInfo {
				t.Fatalf("CheckRepository on part of a repository reports %v", d)
			}
		}
	})
}
