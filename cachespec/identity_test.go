package cachespec

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestKeyOf(t *testing.T) {
	t.Parallel()
	a := MustParse("type=registry,ref=app,mode=min,token=x")
	b := MustParse("type=registry,ref=docker.io/library/app:latest,token=x")
	m := map[Key]int{KeyOf(a): 1}
	if m[KeyOf(b)] != 1 || KeyOf(a) == KeyOf(MustParse("type=registry,ref=app,mode=max")) {
		t.Errorf("KeyOf does not follow Normalize")
	}
	s := MustParse("type=gha,token=SECRET123")
	k := KeyOf(s)
	if out := fmt.Sprintf("%v %+v %#v %s %q", k, k, k, k, k) + k.String() + k.LogValue().String(); strings.Contains(out, "SECRET123") {
		t.Errorf("Key leaks: %s", out)
	}
	if KeyOf(nil) != (Key{}) {
		t.Errorf("KeyOf(nil)")
	}
}

func TestPropertyKeyIsNormalizeEqual(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		a, b := genEntry().Draw(t, "a"), genEntry().Draw(t, "b")
		if (KeyOf(a) == KeyOf(b)) != Equal(Normalize(a), Normalize(b)) {
			t.Fatalf("KeyOf and Normalize disagree on %q and %q", Format(a), Format(b))
		}
		if KeyOf(a) != KeyOf(Normalize(a)) {
			t.Fatalf("KeyOf(Normalize(e)) differs")
		}
	})
}

func TestNormalizeListDrops(t *testing.T) {
	t.Parallel()
	in := []Entry{
		MustParse("user/app:c"),
		MustParse("type=inline"),
		MustParse("type=gha,scope=a"),
		MustParse("type=registry,ref=docker.io/user/app:c,mode=min"),
		nil,
		MustParse("type=inline,mode=max"),
		MustParse("type=gha,scope=a,timeout=10m"),
	}
	kept, drops := NormalizeListDrops(in)
	if fmt.Sprint(drops) != "[{3 0 false} {5 1 true} {6 2 false}]" {
		t.Errorf("drops = %v", drops)
	}
	want := NormalizeList(in)
	if len(kept) != len(want) {
		t.Fatalf("kept %d, NormalizeList %d", len(kept), len(want))
	}
	for i := range kept {
		if !Equal(kept[i], want[i]) {
			t.Errorf("kept[%d] = %q, NormalizeList %q", i, Format(kept[i]), Format(want[i]))
		}
	}
}

func TestDisplay(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"type=gha,scope=buildkit,mode=min,ignore-error=false,timeout=600s,token=SECRET", "type=gha,token=[redacted]"},
		{"type=gha,scope=app,mode=max", "type=gha,scope=app,mode=max"},
		{"type=registry,ref=app,oci-mediatypes=false,image-manifest=false", "type=registry,ref=app,oci-mediatypes=false"},
		{"type=registry,ref=app,oci-mediatypes=false,image-manifest=true", "type=registry,ref=app,oci-mediatypes=false,image-manifest=true"},
		{"type=inline,mode=max", "type=inline"},
		{"type=s3,prefix=,bucket=b,ignore-error=0", "type=s3,bucket=b"}, {"type=s3,bucket=b,ignore-error=1", "type=s3,bucket=b,ignore-error=1"},
	}
	for _, tt := range tests {
		if got := Display(MustParse(tt.in)); got != tt.want {
			t.Errorf("Display(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if Display(nil) != "" {
		t.Errorf("Display(nil)")
	}
}

func TestImportOf(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"type=local,dest=/cache,tag=v1,mode=max,reset=true", "type=local,src=/cache,tag=v1"},
		{"type=gha,scope=app,mode=max,repository=o/r,ghtoken=x,token=t", "type=gha,scope=app,token=t"},
		{"type=registry,ref=r/app:cache,mode=max,compression=zstd,image-manifest=true", "type=registry,ref=r/app:cache"},
		{"type=s3,bucket=b,region=r,upload_parallelism=8,touch_refresh=1h,x=y", "type=s3,region=r,bucket=b,x=y"},
	}
	for _, tt := range tests {
		got, ok := ImportOf(MustParse(tt.in))
		if !ok || Format(got) != tt.want {
			t.Errorf("ImportOf(%q) = %q, %v, want %q", tt.in, Format(got), ok, tt.want)
		}
	}
	if _, ok := ImportOf(MustParse("type=inline")); ok {
		t.Errorf("ImportOf(inline) ok")
	}
	if _, ok := ImportOf(nil); ok {
		t.Errorf("ImportOf(nil) ok")
	}
}
