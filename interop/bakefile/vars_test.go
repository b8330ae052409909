package bakefile

import (
	"slices"
	"strings"
	"testing"

	"github.com/containerd/platforms"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// TestBuiltinVariables: the variables docker buildx bake defines itself
// (BAKE_CMD_CONTEXT, BAKE_LOCAL_PLATFORM) are defined, so files that use
// them are read; the environment does not override them, as in bake.
func TestBuiltinVariables(t *testing.T) {
	tests := []struct {
		name, file, data string
		env              map[string]string
		platforms        []string
	}{
		{"hcl", "docker-bake.hcl", "target \"app\" {\n  context   = BAKE_CMD_CONTEXT\n  platforms = [BAKE_LOCAL_PLATFORM]\n  cache-to  = [\"type=gha,scope=app\"]\n}\n",
			nil, []string{platforms.Format(platforms.DefaultSpec())}},
		{"interpolated", "docker-bake.hcl", "target \"app\" {\n  platforms = [\"${BAKE_LOCAL_PLATFORM}\"]\n  cache-to  = [\"type=gha,scope=app-${BAKE_CMD_CONTEXT}\"]\n}\n",
			map[string]string{"BAKE_LOCAL_PLATFORM": "plan9/386"}, []string{platforms.Format(platforms.DefaultSpec())}},
		{"json", "docker-bake.json", `{"target": {"app": {"context": "${BAKE_CMD_CONTEXT}", "platforms": ["${BAKE_LOCAL_PLATFORM}"], "cache-to": ["type=gha,scope=app"]}}}`,
			nil, []string{platforms.Format(platforms.DefaultSpec())}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := Read(input(tt.file, tt.data), vars(tt.env))
			noProblems(t, files)
			if len(files[0].Builds) != 1 {
				t.Fatalf("builds %+v", files[0].Builds)
			}
			b := files[0].Builds[0]
			if !slices.Equal(b.Platforms, tt.platforms) || len(b.CacheTo) != 1 {
				t.Errorf("platforms %q cache-to %q", b.Platforms, b.CacheTo)
			}
		})
	}
}

// TestEnvironmentOnlyVariables: a variable without a default, or with an
// empty one, that the environment does not set is a template: its
// validation does not refuse the file, and no finding depends on its value.
func TestEnvironmentOnlyVariables(t *testing.T) {
	tests := []struct {
		name, file, data string
		env              map[string]string
		from, to         []string
		problem          string // a file diagnostic expected, or ""
	}{
		{"empty default", "docker-bake.hcl", "variable \"OWNER\" {\n  default = \"\"\n}\ntarget \"a\" {\n  cache-from = [\"ghcr.io/${OWNER}/app:cache\"]\n}\n",
			nil, []string{"type=registry,ref=ghcr.io/${OWNER}/app:cache"}, nil, ""},
		{"no default", "docker-bake.hcl", "variable \"SCOPE\" {}\ntarget \"a\" {\n  cache-to = [\"type=gha,scope=${SCOPE}\"]\n}\n",
			nil, nil, []string{"type=gha,scope=${SCOPE}"}, ""},
		{"failing validation", "docker-bake.hcl", "variable \"CACHE_REPO\" {\n  validation {\n    condition     = CACHE_REPO != \"\"\n    error_message = \"The variable 'CACHE_REPO' must not be empty\"\n  }\n}\ntarget \"a\" {\n  cache-to = [\"type=registry,ref=${CACHE_REPO}:cache\"]\n}\n",
			nil, nil, []string{"type=registry,ref=${CACHE_REPO}:cache"}, ""},
		{"regex validation", "docker-bake.hcl", "variable \"TAG\" {\n  default = \"\"\n  validation {\n    condition     = can(regex(\"^v[0-9]+$\", TAG))\n    error_message = \"TAG must be vN\"\n  }\n}\ntarget \"a\" {\n  cache-to = [\"type=registry,ref=ghcr.io/acme/app:${TAG}\"]\n}\n",
			nil, nil, []string{"type=registry,ref=ghcr.io/acme/app:${TAG}"}, ""},
		{"another variable's validation", "docker-bake.hcl", "variable \"A\" {}\nvariable \"B\" {\n  default = \"b\"\n  validation {\n    condition     = A != \"\"\n    error_message = \"A must be set\"\n  }\n}\ntarget \"a\" {\n  cache-to = [\"type=gha,scope=${A}-${B}\"]\n}\n",
			nil, nil, []string{"type=gha,scope=${A}-b"}, ""},
		{"a function of it", "docker-bake.hcl", "variable \"OWNER\" {}\ntarget \"a\" {\n  cache-to = [\"type=registry,ref=ghcr.io/${lower(OWNER)}/app:cache\"]\n}\n",
			nil, nil, []string{"type=registry,ref=ghcr.io/${owner}/app:cache"}, ""},
		{"json", "docker-bake.json", `{"variable": {"OWNER": {"default": ""}}, "target": {"a": {"cache-to": ["type=registry,ref=ghcr.io/${OWNER}/app:cache"]}}}`,
			nil, nil, []string{"type=registry,ref=ghcr.io/${OWNER}/app:cache"}, ""},
		// what the environment gives is used, and validated
		{"set by Env", "docker-bake.hcl", "variable \"OWNER\" {\n  default = \"\"\n}\ntarget \"a\" {\n  cache-from = [\"ghcr.io/${OWNER}/app:cache\"]\n}\n",
			map[string]string{"OWNER": "acme"}, []string{"type=registry,ref=ghcr.io/acme/app:cache"}, nil, ""},
		{"Env fails the validation", "docker-bake.hcl", "variable \"CACHE_REPO\" {\n  validation {\n    condition     = CACHE_REPO != \"\"\n    error_message = \"The variable 'CACHE_REPO' must not be empty\"\n  }\n}\ntarget \"a\" {\n  cache-to = [\"type=registry,ref=${CACHE_REPO}:cache\"]\n}\n",
			map[string]string{"CACHE_REPO": ""}, nil, []string{"type=registry,ref=${CACHE_REPO}:cache"}, "must not be empty"},
		// a default is a value; a typed variable keeps bake's null
		{"a default", "docker-bake.hcl", "variable \"OWNER\" {\n  default = \"acme\"\n}\ntarget \"a\" {\n  cache-from = [\"ghcr.io/${OWNER}/app:cache\"]\n}\n",
			nil, []string{"type=registry,ref=ghcr.io/acme/app:cache"}, nil, ""},
		{"a list", "docker-bake.hcl", "variable \"CACHE\" {\n  type = list(string)\n}\ntarget \"a\" {\n  cache-to = CACHE\n}\n",
			nil, nil, []string{"type=registry,ref=${CACHE}"}, ""},
		{"a number", "docker-bake.hcl", "variable \"N\" {\n  type = number\n}\ntarget \"a\" {\n  cache-to = [\"type=gha,scope=s${N}\"]\n}\n",
			nil, nil, nil, "bake refuses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := Read(input(tt.file, tt.data), vars(tt.env))
			var problems []string
			for _, d := range files[0].Diagnostics {
				problems = append(problems, d.String())
			}
			if tt.problem == "" && len(problems) > 0 || tt.problem != "" && (len(problems) != 1 || !strings.Contains(problems[0], tt.problem)) {
				t.Errorf("problems %q, want %q", problems, tt.problem)
			}
			if tt.problem != "" {
				return
			}
			if len(files[0].Builds) != 1 {
				t.Fatalf("builds %+v", files[0].Builds)
			}
			b := files[0].Builds[0]
			if !slices.Equal(b.CacheFrom, tt.from) || !slices.Equal(b.CacheTo, tt.to) {
				t.Errorf("cache-from %q cache-to %q, want %q %q", b.CacheFrom, b.CacheTo, tt.from, tt.to)
			}
			for _, d := range validate.CheckAll(files[0].Builds) {
				if d.Severity >= validate.SeverityWarning {
					t.Errorf("finding on a value only the environment knows: %s", d)
				}
			}
		})
	}
}

// TestEnvironmentOnlyVariablesAcrossTargets: two targets whose gha scope
// is one variable no file or Env sets do not collide on scope "", and a ref
// made of an empty variable is no InvalidCacheRef.
func TestEnvironmentOnlyVariablesAcrossTargets(t *testing.T) {
	data := "variable \"OWNER\" {\n  default = \"\"\n}\nvariable \"SCOPE\" {}\ngroup \"default\" {\n  targets = [\"a\", \"b\"]\n}\ntarget \"a\" {\n  cache-from = [\"ghcr.io/${OWNER}/app:cache\"]\n  cache-to   = [\"type=gha,scope=${SCOPE}a\"]\n}\ntarget \"b\" {\n  cache-to = [\"type=gha,scope=${SCOPE}b\"]\n}\n"
	files := Read(input("docker-bake.hcl", data), source.Options{})
	noProblems(t, files)
	for _, d := range validate.CheckAll(files[0].Builds) {
		t.Errorf("finding: %s", d)
	}
}

// TestObjectEntriesWithInterpolation: object-form entries whose values
// interpolate variables are read as bake resolves them, and are checked as
// written in a file bake refuses, without a syntax finding.
func TestObjectEntriesWithInterpolation(t *testing.T) {
	tests := []struct {
		name, file, data string
		to               []string
	}{
		{"hcl", "docker-bake.hcl", "variable \"REGISTRY\" {\n  default = \"ghcr.io/acme\"\n}\ntarget \"a\" {\n  cache-to = [{ type = \"registry\", ref = \"${REGISTRY}/app:cache\", mode = \"max\" }]\n}\n",
			[]string{"type=registry,ref=ghcr.io/acme/app:cache,mode=max"}},
		{"hcl, env only", "docker-bake.hcl", "variable \"REGISTRY\" {}\ntarget \"a\" {\n  cache-to = [{ type = \"registry\", ref = \"${REGISTRY}/app:cache\" }]\n}\n",
			[]string{"type=registry,ref=${REGISTRY}/app:cache"}},
		{"json", "docker-bake.json", `{"variable": {"REGISTRY": {"default": "ghcr.io/acme"}}, "target": {"a": {"cache-to": [{"type": "registry", "ref": "${REGISTRY}/app:cache"}]}}}`,
			[]string{"type=registry,ref=ghcr.io/acme/app:cache"}},
		// refused for another reason: the objects are checked as written
		{"hcl, refused", "docker-bake.hcl", "target \"a\" {\n  cache-to = [{ type = \"registry\", ref = \"${UNDEFINED}/app:cache\" }]\n}\n",
			[]string{`{"ref":"${UNDEFINED}/app:cache","type":"registry"}`}},
		{"json, refused", "docker-bake.json", `{"target": {"a": {"cache-to": [{"type": "registry", "ref": "${UNDEFINED}/app:cache"}]}}}`,
			[]string{`{"type": "registry", "ref": "${UNDEFINED}/app:cache"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := Read(input(tt.file, tt.data), source.Options{})
			if len(files[0].Builds) != 1 {
				t.Fatalf("builds %+v problems %v", files[0].Builds, files[0].Diagnostics)
			}
			b := files[0].Builds[0]
			if !slices.Equal(b.CacheTo, tt.to) {
				t.Errorf("cache-to %q, want %q", b.CacheTo, tt.to)
			}
			for _, d := range validate.CheckAll(files[0].Builds) {
				if d.Severity >= validate.SeverityWarning {
					t.Errorf("finding: %s", d)
				}
			}
		})
	}
}
