package yamlfast

import (
	"sort"
	"strings"
	"testing"
)

// TestCorpus: every YAML file of the repository's testdata and of the
// generated tree decodes to yaml.v3's tree with yaml.v3's error; the fast
// reader takes every generated file and at least 90% of the real-world
// corpus.
func TestCorpus(t *testing.T) {
	files := corpus(t)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	taken, real, realTaken := 0, 0, 0
	for _, name := range names {
		data := files[name]
		if d := compare(data); d != "" {
			t.Errorf("%s: %s", name, d)
		}
		ok, d := fastDiff(data)
		if d != "" {
			t.Errorf("%s: fast reader: %s", name, d)
		}
		isReal := strings.HasPrefix(name, "interop/lint/testdata/realworld/")
		if ok {
			taken++
		}
		if isReal {
			real++
			if ok {
				realTaken++
			} else {
				t.Logf("fell back: %s", name)
			}
		}
	}
	t.Logf("fast path: %d of %d testdata files; %d of %d real-world files", taken, len(names), realTaken, real)
	if real == 0 || realTaken*10 < real*9 {
		t.Errorf("fast path for %d of %d real-world files, want at least 90%%", realTaken, real)
	}
	for i, data := range generated(t, 1000) {
		ok, d := fastDiff(data)
		if !ok {
			t.Errorf("generated file %d: the fast reader fell back", i)
		}
		if d != "" {
			t.Errorf("generated file %d: %s", i, d)
		}
	}
}
