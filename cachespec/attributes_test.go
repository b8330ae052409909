package cachespec

import (
	"fmt"
	"testing"
)

func TestAttributes(t *testing.T) {
	t.Parallel()
	var a Attributes
	if !a.IsZero() || a.Len() != 0 || a.String() != "" {
		t.Fatalf("zero Attributes not empty")
	}
	a = a.With("b", "2").With("a", "1:2,3").With("b", "two")
	if a.Len() != 2 || a.String() != `b=two,"a=1:2,3"` {
		t.Fatalf("With: %q", a.String())
	}
	if v, ok := a.Get("a"); !ok || v != "1:2,3" {
		t.Fatalf("Get(a) = %q %v", v, ok)
	}
	if _, ok := a.Get("c"); ok {
		t.Fatalf("Get(c) found")
	}
	b := a.Without("b")
	if b.Len() != 1 || a.Len() != 2 {
		t.Fatalf("Without changed the receiver or failed")
	}
	if AttributesOf(Attr{"b", "two"}, Attr{"a", "1:2,3"}) != a {
		t.Fatalf("AttributesOf differs from With")
	}
	var keys []string
	for k := range a.All() {
		keys = append(keys, k)
		break
	}
	if len(keys) != 1 || keys[0] != "b" {
		t.Fatalf("All does not stop early")
	}
	s := AttributesOf(Attr{"api-key", "zzz"}, Attr{"x", "ghp_0123456789abcdefghij"})
	if got := fmt.Sprintf("%v %#v", s, s); got != `api-key=[redacted],x=[redacted] cachespec.Attributes{"api-key=[redacted],x=[redacted]"}` {
		t.Fatalf("redaction: %s", got)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"regsitry", "registry"}, {"Registry", "registry"}, {"gha ", "gha"}, {"loca", "local"},
		{"s4", "s3"}, {"azure", ""}, {"x", ""}, {"github", ""}, {"inlin", "inline"},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, typeNames[1:]); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	fixes := []struct{ key, val, want string }{
		{"mode", "maxx", `did you mean "max"? write mode=max`},
		{"mode", "maximum", `did you mean "max"? write mode=max`},
		{"mode", "all", "write mode=min or mode=max"},
		{"compression", "ZSTD", `did you mean "zstd"? write compression=zstd`},
		{"compression", "zst", `did you mean "zstd"? write compression=zstd`},
		{"compression", "none", `did you mean "uncompressed"? write compression=uncompressed`},
		{"compression", "lz4", "write one of gzip, zstd, estargz, uncompressed"},
		{"retry_mode", "Standard", `did you mean "standard"? write retry_mode=standard`},
		{"retry_mode", "legacy", "write retry_mode=standard or retry_mode=adaptive"},
		{"ignore-error", "yes", "write ignore-error=true"},
		{"reset", "off", "write reset=false"},
		{"timeout", "600", "add a unit: timeout=600s"},
		{"touch_refresh", "2d", "Go durations have no day unit: touch_refresh=48h"},
		{"timeout", "ten", "write a Go duration with a unit: ns, us, ms, s, m, h (such as 10m)"},
		{"compression-level", " 3", "remove the white space: compression-level=3"},
		{"upload_parallelism", "0", "upload_parallelism must be at least 1"},
		{"digest", "abc", "write the manifest digest, such as digest=sha256:<64 hex digits>, or drop it and use tag"},
		{"account_url", "::", "write the storage account URL, such as https://<account>.blob.core.windows.net"},
		{"version", "two", "write a valid value for version"},
	}
	for _, tt := range fixes {
		if got := valueFix(tt.key, tt.val); got != tt.want {
			t.Errorf("valueFix(%q, %q) = %q, want %q", tt.key, tt.val, got, tt.want)
		}
	}
	if got := typeFix("type=local"); got != `remove the repeated "type=": type=local` {
		t.Errorf("typeFix = %q", got)
	}
	if got := typeFix("docker"); got != "use one of registry, local, inline, gha, s3, azblob" {
		t.Errorf("typeFix = %q", got)
	}
}

func TestTypeAndDirection(t *testing.T) {
	t.Parallel()
	for _, ty := range Types() {
		got, err := ParseType(ty.String())
		if err != nil || got != ty || !ty.IsValid() {
			t.Errorf("ParseType(%q) = %v, %v", ty, got, err)
		}
		b, err := ty.MarshalText()
		var back Type
		if err != nil || back.UnmarshalText(b) != nil || back != ty {
			t.Errorf("Type text round trip of %v", ty)
		}
		if ty.CanImport() == (ty == TypeInline) {
			t.Errorf("%v.CanImport() = %v", ty, ty.CanImport())
		}
	}
	if TypeInvalid.String() != "invalid" || Type(99).String() != "invalid" || TypeInvalid.IsValid() {
		t.Errorf("invalid types")
	}
	if _, err := TypeInvalid.MarshalText(); err == nil {
		t.Errorf("zero Type marshals")
	}
	var ty Type
	if err := ty.UnmarshalText([]byte("Registry")); err == nil {
		t.Errorf("ParseType is case-insensitive")
	}
	if DirectionImport.String() != "cache-from" || DirectionExport.String() != "cache-to" || DirectionUnknown.String() != "unknown" {
		t.Errorf("Direction strings")
	}
}

// TestZeroValues checks that the zero value of every backend prints a value
// that parses back to it.
func TestZeroValues(t *testing.T) {
	t.Parallel()
	for _, ty := range Types() {
		e := newEntry(ty)
		text, err := e.MarshalText()
		if err != nil || string(text) != "type="+ty.String() {
			t.Errorf("zero %v = %q, %v", ty, text, err)
		}
		back, err := Parse(string(text))
		if err != nil || !Equal(back, e) {
			t.Errorf("zero %v does not round-trip: %v", ty, err)
		}
	}
	var o Optional[int]
	if o.IsSet() || o.Or(7) != 7 || o.String() != "<unset>" || o.Text() != "" || fmt.Sprintf("%#v", o) != "cachespec.Optional{}" {
		t.Errorf("zero Optional")
	}
	if v, ok := Some(3).Get(); !ok || v != 3 || Some(3).String() != "3" || fmt.Sprintf("%#v", Some(3)) != `cachespec.Some("3")` {
		t.Errorf("Some(3)")
	}
}

// TestAppendTextRefuses checks entries built in Go that cannot be printed
// as a value Parse reads back.
func TestAppendTextRefuses(t *testing.T) {
	t.Parallel()
	bad := []Entry{
		&GHA{Scope: Some("a\nb")},
		&GHA{Scope: Some("a\xffb")},
		&GHA{Token: NewSecret("a\x00b")},
		&GHA{Extra: AttributesOf(Attr{"", "x"})},
		&GHA{Extra: AttributesOf(Attr{"scope", "x"})},
		&GHA{Extra: AttributesOf(Attr{"type", "x"})},
		&GHA{Extra: AttributesOf(Attr{"Up", "x"})},
		&GHA{Extra: AttributesOf(Attr{" sp", "x"})},
		&GHA{Extra: AttributesOf(Attr{"a=b", "x"})},
		&GHA{Extra: AttributesOf(Attr{"k", "\t"})},
	}
	for _, e := range bad {
		buf := []byte("keep")
		out, err := e.AppendText(buf)
		if err == nil {
			t.Errorf("AppendText(%q) succeeded", Format(e))
		}
		if string(out) != "keep" {
			t.Errorf("AppendText changed the buffer on error: %q", out)
		}
		if _, perr := Parse(Format(e)); perr == nil {
			if g, _ := Parse(Format(e)); Equal(g, e) {
				t.Errorf("Format(%q) round-trips although AppendText refuses it", Format(e))
			}
		}
		if _, err := e.MarshalJSON(); err == nil {
			t.Errorf("MarshalJSON(%q) succeeded", Format(e))
		}
	}
	if strings := fmt.Sprint(&GHA{Token: NewSecret("a\x00b")}); strings != "type=gha,token=[redacted]" {
		t.Errorf("String = %q", strings)
	}
	if Format(nil) != "" {
		t.Errorf("Format(nil)")
	}
}
