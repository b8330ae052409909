package cachespec

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestFieldSpan(t *testing.T) {
	tests := []struct {
		s, key string
		want   string // the span's text; "" for none
	}{
		{`"dest=a""b",type=local`, "dest", `"dest=a""b"`},
		{`"dest=a""b",type=local`, "type", `type=local`},
		{`type=local,"dest=a,b"`, "dest", `"dest=a,b"`},
		{`type=local,"DEST=a,b",src=c`, "dest", `"DEST=a,b"`},
		{`type=local,"Src=x""y""",dest=d`, "src", `"Src=x""y"""`},
		{`Type=gha,SCOPE=a`, "scope", `SCOPE=a`},
		{`Type=gha,SCOPE=a`, "type", `Type=gha`},
		{`type=gha,scope=a,scope=b`, "scope", `scope=a`},
		{`type=gha,scope=`, "scope", `scope=`},
		{`type=gha,scope=a=b`, "scope", `scope=a=b`},
		{`type=gha, mode=max`, "mode", ""},
		{`type=gha, mode=max`, " mode", ` mode=max`},
		{`type=gha`, "scope", ""},
		{`type=gha,scope`, "scope", ""},
		{`ghcr.io/a/b`, "ghcr.io/a/b", ""},
		{``, "", ""},
		{`type=gha,scope=a"b`, "type", ""},           // bare quote: not CSV
		{`type=gha,"scope=a`, "type", ""},            // unclosed quote
		{`type=gha,"scope=a"x,mode=max`, "type", ""}, // text after the closing quote
		{`type=gha,scope=a,"mode=max`, "scope", ""},  // invalid after the field
	}
	for _, tt := range tests {
		off, n, ok := FieldSpan(tt.s, tt.key)
		got := ""
		if ok {
			got = tt.s[off : off+n]
		}
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("FieldSpan(%q, %q) = %d, %d, %v (%q), want %q", tt.s, tt.key, off, n, ok, got, tt.want)
		}
	}
}

// TestPropertyFieldSpan checks that FieldSpan finds every key of a value
// Parse reads, with keys in any case and fields quoted or not.
func TestPropertyFieldSpan(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		e := genEntry().Draw(t, "entry")
		var b []byte
		it := fieldIter{s: Format(e)}
		for n := 0; ; n++ {
			f, ok, err := it.next()
			if err != nil {
				t.Fatalf("Format(e) is not CSV: %v", err)
			}
			if !ok {
				break
			}
			k, v, _ := strings.Cut(f.text, "=")
			if rapid.Bool().Draw(t, "upper") {
				k = strings.ToUpper(k)
			}
			if n > 0 {
				b = append(b, ',')
			}
			text := k + "=" + v
			if rapid.Bool().Draw(t, "quote") {
				b = append(b, '"')
				b = append(b, strings.ReplaceAll(text, `"`, `""`)...)
				b = append(b, '"')
			} else {
				b = appendCSVField(b, text)
			}
		}
		s := string(b)
		got, err := Parse(s)
		if err != nil || !Equal(got, e) {
			t.Fatalf("Parse(%q) = %v, %v; want %v", s, got, err, e)
		}
		keys := []string{"type"}
		for k := range got.Attrs() {
			keys = append(keys, k)
		}
		for _, k := range keys {
			off, n, ok := FieldSpan(s, k)
			if !ok {
				t.Fatalf("FieldSpan(%q, %q) found nothing", s, k)
			}
			span := s[off : off+n]
			if off > 0 && s[off-1] != ',' || off+n < len(s) && s[off+n] != ',' {
				t.Fatalf("FieldSpan(%q, %q) = %q, not a whole field", s, k, span)
			}
			text := strings.TrimPrefix(span, `"`)
			if len(text) < len(k) || strings.ToLower(text[:len(k)]) != k {
				t.Fatalf("FieldSpan(%q, %q) = %q, which does not start with the key", s, k, span)
			}
		}
	})
}
