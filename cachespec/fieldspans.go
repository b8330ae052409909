package cachespec

import "strings"

// FieldSpans returns, for every key of the cache value s, what FieldSpan
// returns for it: the byte offset and length of the first field with that
// key (lower-cased), read in one pass, for a caller that locates many
// attributes of one value. It returns nil when s is not valid CSV.
func FieldSpans(s string) map[string][2]int {
	out := map[string][2]int{}
	it := fieldIter{s: s}
	for {
		f, more, err := it.next()
		if err != nil {
			return nil
		}
		if !more {
			return out
		}
		k, _, hasEq := strings.Cut(f.text, "=")
		if !hasEq {
			continue
		}
		k = toLower(k)
		if _, seen := out[k]; seen {
			continue
		}
		end := len(s)
		if !it.done {
			end = it.pos - 1 // the separating comma
		}
		out[k] = [2]int{f.start, end - f.start}
	}
}
