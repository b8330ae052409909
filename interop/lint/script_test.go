package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/validate"
)

// TestScriptsNamedOnTheCommandLine: a shell script named explicitly is
// read as a script (not as a workflow, which would report it as not YAML),
// whatever its name, with no note; so is a Makefile named explicitly by
// its content. Workflows and compose files named explicitly are still read
// whatever their name.
func TestScriptsNamedOnTheCommandLine(t *testing.T) {
	script := "set -e\ndocker buildx build --cache-to type=gha,scope=app .\n"
	tests := []struct {
		name, file, data string
		kind             Kind
	}{
		{".sh", "ci/build.sh", script, Script},
		{".bash", "ci/build.bash", script, Script},
		{"#!/bin/sh", "ci/build", "#!/bin/sh\n" + script, Script},
		{"#!/usr/bin/env bash", "ci/build", "#!/usr/bin/env bash\n" + script, Script},
		{"#!/usr/bin/env -S bash -e", "ci/build", "#!/usr/bin/env -S bash -e\n" + script, Script},
		{"#!/bin/dash", "ci/build", "#!/bin/dash\n" + script, Script},
		{"#!/usr/bin/env zsh", "ci/build", "#!/usr/bin/env zsh\n" + script, Script},
		{"#!/usr/bin/python3", "ci/build", "#!/usr/bin/python3\nprint('x')\n", Workflow},
		{"a workflow", "ci/build.yml", "on: push\njobs: {}\n", Workflow},
		{"a compose file", "ci/stack.yml", "services:\n  a:\n    build: .\n", Compose},
		{"a Makefile by content", "ci/rules", "image:\n\tdocker buildx build --cache-to type=gha,scope=app .\n", Makefile},
		{"a .mk file", "ci/docker.mk", "image:\n\tdocker buildx build --cache-to type=gha,scope=app .\n", Makefile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tt.file)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			targets, problems, notes := discover([]string{p})
			if len(problems) > 0 {
				t.Errorf("problems %v", problems)
			}
			if len(notes) != 0 || len(targets) != 1 || targets[0].Kind != tt.kind {
				t.Errorf("targets %+v notes %q", targets, notes)
			}
			if tt.kind != Script && tt.kind != Makefile {
				return
			}
			r := Paths([]string{p}, Options{})
			if r.Files != 1 || len(r.Notes) != 0 || r.Kinds[p] != tt.kind {
				t.Errorf("Paths: %+v", r)
			}
			for _, d := range r.Diagnostics {
				if validate.ScopeFile == mustRule(t, d.Rule).Scope {
					t.Errorf("file diagnostic %v", d)
				}
			}
		})
	}
}

func mustRule(t *testing.T, name string) validate.Rule {
	t.Helper()
	r, ok := validate.Lookup(name)
	if !ok {
		t.Fatalf("no rule %s", name)
	}
	return r
}

// TestDiscoverScriptsAndMakefiles: walking a directory finds shell scripts
// by name (*.sh, *.bash) and, without an extension, by their #! line, in
// any folder, and Makefiles by name (Makefile, makefile, GNUmakefile,
// *.mk), skipping .git, node_modules and vendor; each is its own target of
// its own kind, read once when named twice.
func TestDiscoverScriptsAndMakefiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"ci/build.sh":              "docker buildx build .\n",
		"scripts/release.bash":     "docker buildx build .\n",
		"scripts/publish":          "#!/usr/bin/env bash\ndocker buildx build .\n",
		"scripts/notes":            "not a script\n",
		"scripts/tool.py":          "#!/usr/bin/env bash\n",
		"Makefile":                 "all:\n\ttrue\n",
		"docs/makefile":            "all:\n\ttrue\n",
		"GNUmakefile":              "all:\n\ttrue\n",
		"mk/docker.mk":             "all:\n\ttrue\n",
		"vendor/x/build.sh":        "docker buildx build .\n",
		"node_modules/y/Makefile":  "all:\n\ttrue\n",
		".git/hooks/pre-commit.sh": "true\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	targets, problems := Discover([]string{dir, filepath.Join(dir, "ci", "build.sh")})
	if len(problems) > 0 {
		t.Errorf("problems %v", problems)
	}
	var got []string
	for _, tg := range targets {
		r, _ := filepath.Rel(dir, tg.Paths[0])
		got = append(got, tg.Kind.String()+":"+filepath.ToSlash(r))
	}
	want := []string{
		"makefile:GNUmakefile",
		"makefile:Makefile",
		"script:ci/build.sh",
		"makefile:docs/makefile",
		"makefile:mk/docker.mk",
		"script:scripts/publish",
		"script:scripts/release.bash",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("targets:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestKinds: Result.Kinds names the kind of every file read, and a Kind
// marshals as its name.
func TestKinds(t *testing.T) {
	for k, want := range map[Kind]string{Workflow: "workflow", Bake: "bake", Compose: "compose", Script: "script", Makefile: "makefile", 0: "unknown"} {
		if b, _ := k.MarshalText(); string(b) != want || k.String() != want {
			t.Errorf("%d: %s", k, b)
		}
	}
}
