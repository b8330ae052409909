package validate

import "testing"

// ruleCase is a table case: builds checked together (CheckAll; the first
// is judged), with opt-in rules enabled, and whether rule fires on it at
// severity sev.
type ruleCase struct {
	name   string
	builds []Build
	fires  bool
	sev    Severity
}

func runRuleCases(t *testing.T, rule string, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ds Diagnostics
			for _, d := range (Options{Enable: optIns()}).CheckAll(tc.builds) {
				if d.Build == 0 {
					ds = append(ds, d)
				}
			}
			d := fired(ds, rule)
			if (d != nil) != tc.fires {
				t.Fatalf("%s fires = %v, want %v: %v", rule, d != nil, tc.fires, ds)
			}
			if d != nil && tc.sev != SeverityInvalid && d.Severity != tc.sev {
				t.Errorf("severity %v, want %v", d.Severity, tc.sev)
			}
		})
	}
}

func gh(event string, triggers ...string) CI {
	return CI{Provider: githubActions, Event: event, Triggers: triggers}
}

func TestCacheKeyChangesWithEvent(t *testing.T) {
	t.Parallel()
	rel := gh("release", "release")
	rel.Releases = true
	tagPush := gh("push", "push")
	tagPush.Releases = true
	runRuleCases(t, "CacheKeyChangesWithEvent", []ruleCase{
		{"sha-suffixed-export", []Build{{CacheFrom: []string{"type=gha,scope=app"}, CacheTo: []string{"type=gha,scope=app-${{ github.sha }}"}, CI: gh("push", "push")}}, true, SeverityWarning},
		{"sha-read-by-a-later-job", []Build{
			{Name: "build", CacheTo: []string{"type=gha,scope=app-${{ github.sha }}"}, CI: gh("push", "push")},
			{Name: "test", CacheFrom: []string{"type=gha,scope=app-${{github.sha}}"}, CI: gh("push", "push")},
		}, false, 0},
		{"sha-read-by-itself-only", []Build{{CacheFrom: []string{"type=gha,scope=app-${{ github.sha }}"}, CacheTo: []string{"type=gha,scope=app-${{ github.sha }}"}, CI: gh("push", "push")}}, true, SeverityWarning},
		{"registry-run-id", []Build{{CacheTo: []string{"type=registry,ref=ghcr.io/acme/app:cache-${{ github.run_id }}"}, CI: gh("push", "push")}}, true, SeverityWarning},
		{"ref-name-on-release", []Build{{CacheFrom: []string{"type=gha,scope=${{ github.ref_name }}"}, CacheTo: []string{"type=gha,scope=${{ github.ref_name }},mode=max"}, CI: rel}}, true, SeverityWarning},
		{"release-tag-name", []Build{{CacheTo: []string{"type=registry,ref=acme/app:cache-${{ github.event.release.tag_name }}"}, CI: rel}}, true, SeverityWarning},
		{"ref-name-on-tag-push", []Build{{CacheTo: []string{"type=gha,scope=${{ github.ref_name }}"}, CI: tagPush}}, true, SeverityWarning},
		{"ref-name-on-branch-push", []Build{{CacheTo: []string{"type=gha,scope=${{ github.ref_name }}"}, CI: gh("push", "push", "pull_request")}}, false, 0},
		{"head-ref-on-push-read-by-prs", []Build{{CacheTo: []string{"type=gha,scope=cache-${{ github.head_ref }}"}, CI: gh("push", "push", "pull_request")}}, true, SeverityWarning},
		{"head-ref-on-pull-request", []Build{{CacheTo: []string{"type=gha,scope=cache-${{ github.head_ref }}"}, CI: gh("pull_request", "pull_request")}}, false, 0},
		{"head-ref-without-pr-readers", []Build{{CacheTo: []string{"type=gha,scope=cache-${{ github.head_ref }}"}, CI: gh("push", "push")}}, false, 0},
		{"sha-only-in-the-tag", []Build{{CacheTo: []string{"type=gha,scope=app"}, Tags: []string{"acme/app:${{ github.sha }}"}, CI: gh("push", "push")}}, false, 0},
		{"local-is-not-judged", []Build{{CacheTo: []string{"type=local,dest=/tmp/${{ github.sha }}"}, CI: gh("push", "push")}}, false, 0},
	})
}

func TestLocalCacheNotPersisted(t *testing.T) {
	t.Parallel()
	hosted := CI{Provider: githubActions, HostedRunner: ptr(true)}
	self := CI{Provider: githubActions, HostedRunner: ptr(false)}
	local := func(ci CI, p ...Persisted) Build {
		return Build{CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CacheTo: []string{"type=local,dest=/tmp/.buildx-cache-new,mode=max"}, CI: ci, Persisted: p, MovedDirs: []string{"/tmp/.buildx-cache-new"}}
	}
	runRuleCases(t, "LocalCacheNotPersisted", []ruleCase{
		{"hosted-no-cache-step", []Build{local(hosted)}, true, SeverityWarning},
		{"hosted-with-actions-cache", []Build{local(hosted, Persisted{Path: "/tmp/.buildx-cache", Key: "k"})}, false, 0},
		{"parent-directory-saved", []Build{local(hosted, Persisted{Path: "/tmp", Key: "k"})}, false, 0},
		{"another-directory-saved", []Build{local(hosted, Persisted{Path: "/tmp/other", Key: "k"})}, true, SeverityWarning},
		{"self-hosted", []Build{local(self)}, false, 0},
		// one finding per cache: on the import, not again on its export
		{"export-of-an-imported-dir", []Build{{CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}, CacheFrom: []string{"type=local,src=/tmp/.buildx-cache"}, CI: hosted}}, true, SeverityWarning},
		{"export-only", []Build{{CacheTo: []string{"type=local,dest=/tmp/out"}, CI: hosted}}, true, SeverityWarning},
		{"unknown-runner", []Build{local(CI{Provider: githubActions})}, false, 0},
		{"template-dir-same-text", []Build{{CacheTo: []string{"type=local,dest=${{ runner.temp }}/cache"}, CI: hosted, Persisted: []Persisted{{Path: "${{runner.temp}}/cache", Key: "k"}}}}, false, 0},
		{"template-dir-nothing-saved", []Build{{CacheTo: []string{"type=local,dest=${{ runner.temp }}/cache"}, CI: hosted}}, true, SeverityWarning},
	})
}

func TestLocalCacheKeyShared(t *testing.T) {
	t.Parallel()
	leg := func(name, key string) Build {
		return Build{Name: name, CacheTo: []string{"type=local,dest=/tmp/.buildx-cache,mode=max"}, Persisted: []Persisted{{Path: "/tmp/.buildx-cache", Key: key}}}
	}
	runRuleCases(t, "LocalCacheKeyShared", []ruleCase{
		{"same-key", []Build{leg("b (amd64)", "buildx-${{ github.sha }}"), leg("b (arm64)", "buildx-${{ github.sha }}")}, true, SeverityWarning},
		{"key-per-leg", []Build{leg("b (amd64)", "buildx-amd64"), leg("b (arm64)", "buildx-arm64")}, false, 0},
		{"one-build", []Build{leg("b", "buildx")}, false, 0},
		{"other-directory", []Build{leg("b (amd64)", "k"), {Name: "b (arm64)", CacheTo: []string{"type=local,dest=/tmp/x"}, Persisted: []Persisted{{Path: "/tmp/y", Key: "k"}}}}, false, 0},
	})
}

func TestBakeLocalCacheNeedsEntitlement(t *testing.T) {
	t.Parallel()
	bake := func(from, to string) Build {
		b := Build{Origin: OriginBake}
		if from != "" {
			b.CacheFrom = []string{from}
		}
		if to != "" {
			b.CacheTo = []string{to}
		}
		return b
	}
	runRuleCases(t, "BakeLocalCacheNeedsEntitlement", []ruleCase{
		{"tmp-dest", []Build{bake("", "type=local,dest=/tmp/.buildx-cache")}, true, SeverityWarning},
		{"tmp-src", []Build{bake("type=local,src=/tmp/.buildx-cache", "")}, true, SeverityWarning},
		{"parent-dir", []Build{bake("", "type=local,dest=../cache")}, true, SeverityWarning},
		{"inside", []Build{bake("type=local,src=.cache/buildx", "type=local,dest=./.cache/buildx")}, false, 0},
		{"template-start", []Build{bake("", "type=local,dest=${CACHE_DIR}/app")}, false, 0},
		{"absolute-with-template", []Build{bake("", "type=local,dest=/tmp/${TARGET}")}, true, SeverityWarning},
		{"command-line", []Build{{CacheTo: []string{"type=local,dest=/tmp/.buildx-cache"}, Origin: OriginCommandLine}}, false, 0},
	})
}

func TestGHAServiceV2NotBool(t *testing.T) {
	t.Parallel()
	env := func(v string) CI {
		return CI{Provider: githubActions, Env: map[string]string{"ACTIONS_CACHE_SERVICE_V2": v}}
	}
	gha := func(ci CI) Build { return Build{CacheFrom: []string{"type=gha,scope=app"}, CI: ci} }
	runRuleCases(t, "GHAServiceV2NotBool", []ruleCase{
		{"on", []Build{gha(env("on"))}, true, SeverityWarning},
		{"yes", []Build{gha(env("yes"))}, true, SeverityWarning},
		{"true", []Build{gha(env("true"))}, false, 0},
		{"1", []Build{gha(env("1"))}, false, 0},
		{"template", []Build{gha(env("${{ vars.V2 }}"))}, false, 0},
		{"no-gha-cache", []Build{{CacheFrom: []string{"type=registry,ref=acme/app:cache"}, CI: env("on")}}, false, 0},
		{"unset", []Build{gha(CI{Provider: githubActions})}, false, 0},
		{"client-environment", []Build{{CacheFrom: []string{"type=gha"}, Env: func(k string) (string, bool) { return "enabled", k == "ACTIONS_CACHE_SERVICE_V2" }}}, true, SeverityWarning},
	})
}

func TestCompressionIgnored(t *testing.T) {
	t.Parallel()
	to := func(v, version string) Build {
		return Build{CacheTo: []string{v}, Builder: Builder{Driver: "docker-container", BuildKitVersion: version}}
	}
	runRuleCases(t, "CompressionIgnored", []ruleCase{
		{"gha-zstd", []Build{to("type=gha,scope=a,compression=zstd", "")}, true, SeverityWarning},
		{"azblob-level", []Build{to("type=azblob,account_url=https://a.blob.core.windows.net,name=n,compression-level=3", "")}, true, SeverityWarning},
		{"gha-force", []Build{to("type=gha,scope=a,force-compression=true", "")}, true, SeverityWarning},
		{"s3-old-builder", []Build{to("type=s3,region=r,bucket=b,compression=zstd", "v0.33.1")}, true, SeverityWarning},
		{"s3-new-builder", []Build{to("type=s3,region=r,bucket=b,compression=zstd", "v0.34.2")}, false, 0},
		{"s3-unknown-builder", []Build{to("type=s3,region=r,bucket=b,compression=zstd", "")}, false, 0},
		{"registry", []Build{to("type=registry,ref=acme/app:c,compression=zstd", "")}, false, 0},
		// a template where a compression name goes is left to the run
		{"gha-template-value", []Build{to("type=gha,scope=a,compression=${{ env.C }}", "")}, false, 0},
	})
}

func TestGHACachePoisoning(t *testing.T) {
	t.Parallel()
	rel := gh("release", "release")
	rel.Releases = true
	tags := gh("push", "push")
	tags.Releases = true
	runRuleCases(t, "GHACachePoisoning", []ruleCase{
		{"release-imports-gha", []Build{{CacheFrom: []string{"type=gha,scope=app"}, Push: ptr(true), CI: rel}}, true, SeverityWarning},
		{"tag-push-imports-gha", []Build{{CacheFrom: []string{"type=gha"}, CI: tags}}, true, SeverityWarning},
		{"branch-push", []Build{{CacheFrom: []string{"type=gha"}, CI: gh("push", "push")}}, false, 0},
		{"release-registry-cache", []Build{{CacheFrom: []string{"type=registry,ref=acme/app:cache"}, CI: rel}}, false, 0},
		{"release-exports-only", []Build{{CacheTo: []string{"type=gha,mode=max"}, CI: rel}}, false, 0},
	})
	if fired((Options{}).Check(Build{CacheFrom: []string{"type=gha"}, CI: rel}), "GHACachePoisoning") != nil {
		t.Error("the opt-in rule fires without being enabled")
	}
}

func TestS3EndpointNeedsOption(t *testing.T) {
	t.Parallel()
	s3 := func(v string) []Build { return []Build{{CacheFrom: []string{v}}} }
	runRuleCases(t, "S3EndpointNeedsOption", []ruleCase{
		{"minio-host", s3("type=s3,region=us-east-1,bucket=ci,endpoint_url=http://minio.internal"), true, SeverityWarning},
		{"port-9000", s3("type=s3,region=us-east-1,bucket=ci,endpoint_url=http://10.0.0.5:9000"), true, SeverityWarning},
		{"minio-path-style", s3("type=s3,region=us-east-1,bucket=ci,endpoint_url=http://minio:9000,use_path_style=true"), false, 0},
		{"gcs", s3("type=s3,region=auto,bucket=ci,endpoint_url=https://storage.googleapis.com"), true, SeverityWarning},
		{"gcs-fixed", s3("type=s3,region=auto,bucket=ci,endpoint_url=https://storage.googleapis.com,disable_accept_encoding=true"), false, 0},
		{"aws", s3("type=s3,region=us-east-1,bucket=ci"), false, 0},
		{"r2", s3("type=s3,region=auto,bucket=ci,endpoint_url=https://acct.r2.cloudflarestorage.com"), false, 0},
		{"template-endpoint", s3("type=s3,region=us-east-1,bucket=ci,endpoint_url=${{ secrets.S3_URL }}"), false, 0},
	})
}
