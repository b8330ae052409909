package lint

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/interop/internal/yamlx"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

// The limits docs/cli.md documents are the constants of the code, and
// each row names a finding that exists.
func TestDocumentedLimits(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "cli.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	start := strings.Index(doc, "## Limits\n")
	end := strings.Index(doc[start+1:], "\n#") // the table ends at the next heading
	if start < 0 || end < 0 {
		t.Fatal("docs/cli.md has no Limits section")
	}
	sec := doc[start : start+1+end]
	rows := map[string]string{}
	for _, l := range strings.Split(sec, "\n") {
		if cells := strings.Split(l, " | "); len(cells) == 3 && strings.HasPrefix(l, "| ") && l != "| limit | value | finding |" {
			rows[strings.TrimPrefix(cells[0], "| ")] = cells[1] + " | " + cells[2]
		}
	}
	want := map[string]string{
		"file size":          strconv.Itoa(source.MaxFileSize>>20) + " MiB (`source.MaxFileSize`)",
		"shell nesting":      strconv.Itoa(shellcmd.MaxNesting) + " levels (`shellcmd.MaxNesting`)",
		"YAML aliases":       "of " + strconv.Itoa(yamlx.MaxAliasDepth) + " (`yamlx.MaxAliasDepth`)",
		"matrix legs":        strconv.Itoa(workflow.MaxLegs) + " combinations per job (`workflow.MaxLegs`)",
		"per-file deadline":  strconv.Itoa(int(DefaultFileDeadline/time.Second)) + " s (`lint.DefaultFileDeadline`",
		"YAML nesting":       "10000 levels",
		"file kind":          "regular files only",
		"symbolic links":     "followed within the tree linted",
		"bake evaluation":    "256 matrix combinations per target",
		"builds of one file": strconv.Itoa(validate.MaxBuilds) + " builds per workflow or GitLab pipeline (`validate.MaxBuilds`)",
	}
	for name, w := range want {
		row, ok := rows[name]
		if !ok {
			t.Errorf("no row %q in the Limits section", name)
			continue
		}
		if !strings.Contains(row, w) {
			t.Errorf("row %q: %q does not say %q", name, row, w)
		}
		for _, m := range regexp.MustCompile("`([A-Z][A-Za-z]+)`").FindAllStringSubmatch(row[strings.LastIndex(row, " | "):], -1) {
			if _, ok := validate.Lookup(m[1]); !ok {
				t.Errorf("row %q names the finding %s, which is no rule", name, m[1])
			}
		}
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, %d checked: %v", len(rows), len(want), rows)
	}
}

// The limits the table names are reported by the findings it names: a
// YAML document nested past the parser's limit, a script and a run: step
// nested past shellcmd.MaxNesting.
func TestLimitsReported(t *testing.T) {
	deep := strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
	dir := writeRepo(t, map[string]string{
		".github/workflows/deep.yml": "on: push\njobs: " + deep + "\n",
		"ci/build.sh":                "#!/bin/sh\ndocker buildx build --cache-to type=gha " + strings.Repeat("$(", shellcmd.MaxNesting+1) + "\n",
		".github/workflows/run.yml":  "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker buildx build --cache-to type=gha " + strings.Repeat("$(", shellcmd.MaxNesting+1) + "\n",
	})
	r := lintWithin(t, 60*time.Second, dir)
	if !has(r, validate.FileSyntaxError.Name, filepath.Join(dir, ".github/workflows/deep.yml"), "10000") {
		t.Errorf("YAML nesting: %v", r.Diagnostics)
	}
	lim := "nested deeper than " + strconv.Itoa(shellcmd.MaxNesting) + " levels"
	if !has(r, validate.UnparsableScript.Name, filepath.Join(dir, "ci/build.sh"), lim) {
		t.Errorf("script nesting: %v", r.Diagnostics)
	}
	if !has(r, validate.UnparsableRunScript.Name, filepath.Join(dir, ".github/workflows/run.yml"), lim) {
		t.Errorf("run: step nesting: %v", r.Diagnostics)
	}
}
