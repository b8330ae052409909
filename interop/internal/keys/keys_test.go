package keys

import "testing"

func TestMisspelled(t *testing.T) {
	tests := []struct {
		key        string
		bake, comp string // the key meant in each spelling; "" when not a misspelling
	}{
		{"cache_from", "cache-from", ""},
		{"cache_to", "cache-to", ""},
		{"cache-from", "", "cache_from"},
		{"cache-to", "", "cache_to"},
		{"cacheFrom", "cache-from", "cache_from"},
		{"cachefrom", "cache-from", "cache_from"},
		{"cache-From", "cache-from", "cache_from"},
		{"CACHE_TO", "cache-to", "cache_to"},
		{"CACHE_FROM", "cache-from", "cache_from"},
		{"cacheTo", "cache-to", "cache_to"},
		{"cache.from", "cache-from", "cache_from"},
		{"cache from", "cache-from", "cache_from"},
		{" cache_to ", "cache-to", "cache_to"},
		{"cache-form", "cache-from", "cache_from"},
		{"cahce-to", "cache-to", "cache_to"},
		{"cache_too", "cache-to", "cache_to"},
		{"cache", "", ""},
		{"caches", "", ""},
		{"x-cache", "", ""},
		{"context", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			s    Spelling
			want string
		}{{Bake, tt.bake}, {Compose, tt.comp}} {
			got, ok := c.s.Misspelled(tt.key)
			if ok != (c.want != "") || got != c.want {
				t.Errorf("%+v.Misspelled(%q) = %q, %v; want %q", c.s, tt.key, got, ok, c.want)
			}
		}
	}
}

func TestRename(t *testing.T) {
	if f := Rename("cache-to"); f.Message != "rename it to cache-to" || len(f.Edits) != 0 {
		t.Errorf("Rename = %+v", f)
	}
}
