package gitlabci

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFiles: the files Files lists for a pipeline on disk: local includes
// (a path, /path, a list, a wildcard, nested) and the child pipelines of
// trigger: jobs with their includes, each once, cycles ended, missing
// files, files outside the repository, variables, remote includes, a
// generated child pipeline and the triggers of hidden jobs left out.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		".gitlab-ci.yml":      "include:\n  - local: /ci/a.yml\n  - ci/jobs/*.yml\n  - remote: https://example.com/r.yml\n  - local: ../outside.yml\n  - local: $X/y.yml\n  - local: missing.yml\n",
		"ci/a.yml":            "include: ci/b.yml\n",
		"ci/b.yml":            "include: [ci/a.yml, .gitlab-ci.yml]\n",
		"ci/jobs/one.yml":     "j: {script: [x]}\nchild:\n  trigger: {include: [{local: ci/child.yml}, {artifact: gen.yml, job: g}]}\n.hidden:\n  trigger: {include: ci/never.yml}\n",
		"ci/child.yml":        "include: ci/child-common.yml\n",
		"ci/child-common.yml": "",
		"ci/never.yml":        "",
		"ci/jobs/two.yml":     "include: ci/a.yml\n",
		"ci/jobs/x/no.yml":    "",
		"../outside.yml":      "",
	} {
		p := filepath.Join(dir, "repo", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root := filepath.Join(dir, "repo", ".gitlab-ci.yml")
	var got []string
	for _, p := range Files(root) {
		rel, _ := filepath.Rel(filepath.Join(dir, "repo"), p)
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{".gitlab-ci.yml", "ci/a.yml", "ci/jobs/one.yml", "ci/jobs/two.yml", "ci/b.yml", "ci/child.yml", "ci/child-common.yml"}
	if !slices.Equal(got, want) {
		t.Errorf("Files = %q, want %q", got, want)
	}
	// read together, the cycle is reported once, and nothing else is
	var msgs []string
	for _, f := range ReadFile(root) {
		for _, d := range f.Diagnostics {
			msgs = append(msgs, d.Rule+" "+filepath.Base(d.Range.File))
		}
	}
	if strings.Join(msgs, ",") != "UnfollowedGitLabInclude .gitlab-ci.yml,UnfollowedGitLabConfig .gitlab-ci.yml,UnfollowedGitLabInclude .gitlab-ci.yml,UnfollowedGitLabConfig .gitlab-ci.yml,UnfollowedGitLabInclude one.yml,UnfollowedGitLabConfig b.yml,UnfollowedGitLabConfig b.yml" {
		t.Errorf("diagnostics %q", msgs)
	}
	if got := Files(filepath.Join(dir, "nope.yml")); len(got) != 1 {
		t.Errorf("Files of a missing file = %q", got)
	}
}
