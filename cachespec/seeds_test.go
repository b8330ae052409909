package cachespec

import (
	"strings"
	"testing"
)

// The fuzz targets are seeded at run time from testdata/realworld.jsonl,
// so the corpus needs no copies under testdata/fuzz (which holds only the
// fuzzer's finds).

// seedSet collects seeds once each, in the order first added.
type seedSet struct {
	seen map[string]bool
	list []string
}

func (s *seedSet) add(v string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if !s.seen[v] {
		s.seen[v] = true
		s.list = append(s.list, v)
	}
}

// bySource groups the raw values of the records that keep, by source, in
// the order the sources first appear.
func bySource(records []record, keep func(record) bool) [][]string {
	index := map[string]int{}
	var groups [][]string
	for _, r := range records {
		if !keep(r) {
			continue
		}
		i, ok := index[r.Source]
		if !ok {
			i = len(groups)
			index[r.Source] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], r.Raw)
	}
	return groups
}

// parseSeeds are the inputs of FuzzParse: every raw value, and each line
// of a value of several lines (an action input or a list), trimmed.
func parseSeeds(records []record) []string {
	var s seedSet
	for _, r := range records {
		s.add(r.Raw)
	}
	for _, r := range records {
		for _, l := range rawLines(r.Raw) {
			s.add(l)
		}
	}
	return s.list
}

// rawLines returns the non-empty lines of a raw value of several lines,
// trimmed of spaces (and of the "\r" of a "\r\n"); nil for a single line.
func rawLines(raw string) []string {
	if !strings.Contains(raw, "\n") {
		return nil
	}
	var out []string
	for _, l := range strings.Split(raw, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseListSeeds are the inputs of FuzzParseList, which splits on "\n":
// the raw values of each source joined by "\n", and each raw value alone.
func parseListSeeds(records []record) []string {
	var s seedSet
	for _, g := range bySource(records, func(record) bool { return true }) {
		s.add(strings.Join(g, "\n"))
	}
	for _, r := range records {
		s.add(r.Raw)
	}
	return s.list
}

// parseJSONSeeds are the inputs of FuzzParseJSON: the raw values written
// as a JSON object.
func parseJSONSeeds(records []record) []string {
	var s seedSet
	for _, r := range records {
		if strings.HasPrefix(strings.TrimSpace(r.Raw), "{") {
			s.add(r.Raw)
		}
	}
	return s.list
}

// splitActionInputSeeds are the inputs of FuzzSplitActionInput: the
// action-input values of each source as one block, one per line and ending
// with a newline as a literal block does, and each value alone.
func splitActionInputSeeds(records []record) []string {
	var s seedSet
	gha := func(r record) bool { return r.Form == "gha-input" }
	for _, g := range bySource(records, gha) {
		s.add(strings.Join(g, "\n") + "\n")
	}
	for _, r := range records {
		if gha(r) {
			s.add(r.Raw)
		}
	}
	return s.list
}

// addSeeds adds the seeds that seeds makes of the real-world corpus.
func addSeeds(f *testing.F, seeds func([]record) []string) {
	f.Helper()
	for _, v := range seeds(readRecords(f)) {
		f.Add(v)
	}
}
