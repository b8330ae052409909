package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScriptsNamedOnTheCommandLine: a shell script named explicitly is not
// read as a workflow (and reported as not YAML); it is left out with a
// note that scripts are not read yet. Workflows and compose files named
// explicitly are still read whatever their name.
func TestScriptsNamedOnTheCommandLine(t *testing.T) {
	script := "set -e\ndocker buildx build --cache-to type=gha,scope=app .\n"
	tests := []struct {
		name, file, data string
		note             bool
		kind             Kind
	}{
		{".sh", "ci/build.sh", script, true, 0},
		{".bash", "ci/build.bash", script, true, 0},
		{"#!/bin/sh", "ci/build", "#!/bin/sh\n" + script, true, 0},
		{"#!/usr/bin/env bash", "ci/build", "#!/usr/bin/env bash\n" + script, true, 0},
		{"#!/usr/bin/env -S bash -e", "ci/build", "#!/usr/bin/env -S bash -e\n" + script, true, 0},
		{"#!/usr/bin/python3", "ci/build", "#!/usr/bin/python3\nprint('x')\n", false, Workflow},
		{"a workflow", "ci/build.yml", "on: push\njobs: {}\n", false, Workflow},
		{"a compose file", "ci/stack.yml", "services:\n  a:\n    build: .\n", false, Compose},
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
			if tt.note {
				if len(targets) != 0 || len(notes) != 1 || !strings.Contains(notes[0], "shell script") || !strings.Contains(notes[0], p) {
					t.Errorf("targets %+v notes %q", targets, notes)
				}
				r := Paths([]string{p}, Options{})
				if r.Files != 0 || len(r.Diagnostics) != 0 || len(r.Notes) != 1 {
					t.Errorf("Paths: %+v", r)
				}
				return
			}
			if len(notes) != 0 || len(targets) != 1 || targets[0].Kind != tt.kind {
				t.Errorf("targets %+v notes %q", targets, notes)
			}
		})
	}
}
