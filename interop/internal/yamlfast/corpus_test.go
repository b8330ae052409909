package yamlfast

import (
	"sort"
	"strings"
	"testing"
)

// TestCorpus: every YAML file of the repository (its testdata and the
// rest) and of the generated tree decodes to yaml.v3's tree with
// yaml.v3's error; the fast reader takes every generated file and at
// least 90% of the real-world corpus.
func TestCorpus(t *testing.T) {
	files := corpus(t, false)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var all, testdata, real share
	for _, name := range names {
		data := files[name]
		if d := compare(data); d != "" {
			t.Errorf("%s: %s", name, d)
		}
		ok, d := fastDiff(data)
		if d != "" {
			t.Errorf("%s: fast reader: %s", name, d)
		}
		all.add(ok)
		if strings.Contains(name, "testdata/") {
			testdata.add(ok)
		}
		if strings.HasPrefix(name, "interop/lint/testdata/realworld/") {
			real.add(ok)
			if !ok {
				t.Logf("fell back: %s", name)
			}
		}
	}
	t.Logf("fast path: %s of the repository's YAML files, %s of its testdata, %s of the real-world corpus", all, testdata, real)
	if real.n == 0 || real.fast*10 < real.n*9 {
		t.Errorf("fast path for %s of the real-world files, want at least 90%%", real)
	}
	var gen share
	for i, data := range generated(t, 1000) {
		ok, d := fastDiff(data)
		gen.add(ok)
		if !ok {
			t.Errorf("generated file %d: the fast reader fell back", i)
		}
		if d != "" {
			t.Errorf("generated file %d: %s", i, d)
		}
	}
	t.Logf("fast path: %s of the generated tree", gen)
}

// share counts the files the fast reader took.
type share struct{ fast, n int }

func (s *share) add(fast bool) {
	s.n++
	if fast {
		s.fast++
	}
}

func (s share) String() string {
	return itoa(s.fast) + " of " + itoa(s.n)
}
