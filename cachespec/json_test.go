package cachespec

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParseJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string // JSON
		want string // Format of the entry, "" on error
		err  *Kind
	}{
		{in: `{"type":"gha","scope":"x"}`, want: "type=gha,scope=x"},
		{in: ` {"scope":"x","type":"gha","mode":"max"} `, want: "type=gha,scope=x,mode=max"},
		{in: `{"type":"registry","ref":"user/app","image-manifest":true,"compression-level":3}`, want: "type=registry,ref=user/app,compression-level=3,image-manifest=true"},
		{in: `{"type":"local","dest":"a,b"}`, want: `type=local,"dest=a,b"`},
		{in: `{"type":"gha","x-new":"1"}`, want: "type=gha,x-new=1"},
		{in: `{"type":"registry","REF":"user/app"}`, err: ErrSyntax},
		{in: `{"type":"gha"," mode":"max"}`, err: ErrKeyWhitespace},
		{in: `{"type":"gha","":"max"}`, err: ErrSyntax},
		{in: `{"type":"gha","scope":"a","scope":"b"}`, err: ErrDuplicateKey},
		{in: `{"type":"gha","scope":{"a":1}}`, err: ErrSyntax},
		{in: `{"type":"gha","scope":null}`, err: ErrSyntax},
		{in: `{"type":"gha","scope":["a"]}`, err: ErrSyntax},
		{in: `{"scope":"x"}`, err: ErrMissingType},
		{in: `{"type":""}`, err: ErrMissingType},
		{in: `{"type":"GHA"}`, err: ErrUnknownType},
		{in: `{"type":"gha","mode":"maxx"}`, err: ErrInvalidValue},
		{in: `{"type":"registry","ref":"Org/app"}`, want: "type=registry,ref=Org/app"},
		{in: `{"type":"registry","ref":"org/App"}`, err: ErrInvalidRef},
		{in: `{"type":"gha","scope":"a\nb"}`, err: ErrInvalidText},
		{in: `{"type":"gha","compression-level":99}`, err: ErrInvalidValue},
		{in: `"type=gha"`, err: ErrSyntax},
		{in: `[]`, err: ErrSyntax},
		{in: `{"type":"gha"`, err: ErrSyntax},
		{in: `{"type":"gha"} {}`, err: ErrSyntax},
		{in: ``, err: ErrSyntax},
	}
	for _, tt := range tests {
		e, err := ParseJSON([]byte(tt.in))
		if tt.err != nil {
			if !errors.Is(err, tt.err) || e != nil {
				t.Errorf("ParseJSON(%s) = %v, %v; want %v", tt.in, e, err, tt.err)
			}
			continue
		}
		if err != nil || Format(e) != tt.want {
			t.Errorf("ParseJSON(%s) = %q, %v; want %q", tt.in, Format(e), err, tt.want)
		}
	}
}

func TestMarshalJSON(t *testing.T) {
	t.Parallel()
	e := MustParse(`type=gha,x-b=2,"scope=a""b",token=tok,mode=max,x-a=1`)
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"type":"gha","scope":"a\"b","token":"tok","mode":"max","x-b":"2","x-a":"1"}`
	if string(b) != want {
		t.Errorf("MarshalJSON = %s, want %s", b, want)
	}
	var r Registry
	if err := json.Unmarshal(b, &r); !errors.Is(err, ErrUnknownType) {
		t.Errorf("reading a gha object into a Registry: %v", err)
	}
	bad := &GHA{Extra: AttributesOf(Attr{"Bad", "x"})}
	if _, err := json.Marshal(bad); err == nil {
		t.Errorf("MarshalJSON accepted an upper-case unknown key")
	}
}

func TestListJSON(t *testing.T) {
	t.Parallel()
	var l List
	in := `["type=gha,scope=a", "", "x/a,x/b", {"type":"local","src":"d"}, null]`
	if err := json.Unmarshal([]byte(in), &l); err != nil {
		t.Fatal(err)
	}
	want := []string{"type=gha,scope=a", "type=registry,ref=x/a", "type=registry,ref=x/b", "type=local,src=d"}
	got := l.Strings()
	if len(got) != len(want) {
		t.Fatalf("List = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("List[%d] = %q, want %q", i, got[i], want[i])
		}
	}
	for _, bad := range []string{`"type=gha"`, `{"a":1}`, `[1]`, `[{"type":"nope"}]`, `[true]`} {
		var l List
		err := json.Unmarshal([]byte(bad), &l)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("List.UnmarshalJSON(%s) = %v, want a *ParseError", bad, err)
		}
	}
}
