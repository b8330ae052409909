package composefile

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// TestDotEnv: the .env file next to a compose file is read as docker
// compose reads it, below the environment (Options.Env), so a file that
// needs its variables is read and its caches checked.
func TestDotEnv(t *testing.T) {
	compose := "services:\n  agent:\n    image: acme/agent\n    volumes:\n      - ${HOST_FS}:/hostfs\n    build:\n      context: .\n      cache_from: [\"type=registry,ref=${REGISTRY}/agent:cache\"]\n      cache_to: [\"type=registry,ref=${REGISTRY}/agent:cache,mode=max\"]\n"
	tests := []struct {
		name, dotenv string
		opts         source.Options
		from         []string
		group        string
		problem      string
	}{
		{"values from .env", "HOST_FS=/\nREGISTRY=ghcr.io/acme\n", source.Options{}, []string{"type=registry,ref=ghcr.io/acme/agent:cache"}, "app", ""},
		{"the environment wins", "HOST_FS=/\nREGISTRY=ghcr.io/acme\n", opts("REGISTRY", "registry.example.com/acme"), []string{"type=registry,ref=registry.example.com/acme/agent:cache"}, "app", ""},
		{"expansion in .env", "HOST_FS=/\nORG=acme\nREGISTRY=ghcr.io/${ORG}\n", source.Options{}, []string{"type=registry,ref=ghcr.io/acme/agent:cache"}, "app", ""},
		{"project name from .env", "COMPOSE_PROJECT_NAME=shop\nHOST_FS=/\nREGISTRY=r.example\n", source.Options{}, []string{"type=registry,ref=r.example/agent:cache"}, "shop", ""},
		{"no .env: unknown, not refused", "", source.Options{}, []string{"type=registry,ref=${REGISTRY}/agent:cache"}, "app", ""},
		{"a .env compose cannot read", "HOST_FS=/\n'unterminated\n", source.Options{}, []string{"type=registry,ref=${REGISTRY}/agent:cache"}, "app", ".env"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "app")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "compose.yaml")
			if err := os.WriteFile(p, []byte(compose), 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.dotenv != "" {
				if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(tt.dotenv), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			f := readFile(p, tt.opts)
			var problems []string
			for _, d := range f.Diagnostics {
				problems = append(problems, d.String())
			}
			if tt.problem == "" && len(problems) > 0 || tt.problem != "" && (len(problems) != 1 || !strings.Contains(problems[0], tt.problem)) {
				t.Errorf("problems %q, want %q", problems, tt.problem)
			}
			if len(f.Builds) != 1 {
				t.Fatalf("builds %+v", f.Builds)
			}
			b := f.Builds[0]
			if !slices.Equal(b.CacheFrom, tt.from) || b.Source.Group != tt.group {
				t.Errorf("cache-from %q group %q, want %q %q", b.CacheFrom, b.Source.Group, tt.from, tt.group)
			}
			for _, d := range validate.CheckAll(f.Builds) {
				if d.Severity >= validate.SeverityWarning {
					t.Errorf("finding: %s", d)
				}
			}
		})
	}
}

// TestUnsetVariables: a variable neither the environment nor .env sets is
// unknown: kept as a template in the cache values, never a file error;
// defaults apply as compose applies them.
func TestUnsetVariables(t *testing.T) {
	tests := []struct {
		name, data string
		to         []string
	}{
		{"braced", "services:\n  a:\n    build:\n      cache_to: [\"type=gha,scope=${SCOPE}\"]\n", []string{"type=gha,scope=${SCOPE}"}},
		{"plain", "services:\n  a:\n    build:\n      cache_to: [\"type=gha,scope=$SCOPE\"]\n", []string{"type=gha,scope=$SCOPE"}},
		{"a default", "services:\n  a:\n    build:\n      cache_to: [\"type=gha,scope=${SCOPE:-app}\"]\n", []string{"type=gha,scope=app"}},
		{"required", "services:\n  a:\n    build:\n      cache_to: [\"type=gha,scope=${SCOPE:?set SCOPE}\"]\n", []string{"type=gha,scope=${SCOPE:?set SCOPE}"}},
		{"escaped", "services:\n  a:\n    build:\n      cache_to: [\"type=gha,scope=a$$b\"]\n", []string{"type=gha,scope=a$b"}},
		{"a volume", "services:\n  a:\n    volumes:\n      - ${HOST_FS}:/hostfs\n    build:\n      cache_to: [\"type=gha,scope=a\"]\n", []string{"type=gha,scope=a"}},
		{"a port", "services:\n  a:\n    ports:\n      - \"${PORT}:80\"\n    build:\n      cache_to: [\"type=gha,scope=${SCOPE}\"]\n", []string{"type=gha,scope=${SCOPE}"}},
		{"a number", "services:\n  a:\n    deploy:\n      replicas: ${N}\n    build:\n      cache_to: [\"type=gha,scope=${SCOPE}\"]\n", []string{"type=gha,scope=${SCOPE}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readData("compose.yaml", []byte(tt.data), source.Options{})
			if len(f.Diagnostics) > 0 || len(f.Builds) != 1 {
				t.Fatalf("problems %v builds %+v", f.Diagnostics, f.Builds)
			}
			if got := f.Builds[0].CacheTo; !slices.Equal(got, tt.to) {
				t.Errorf("cache-to %q, want %q", got, tt.to)
			}
		})
	}
}
