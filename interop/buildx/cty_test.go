package buildx

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
	"pgregory.net/rapid"

	"github.com/buildxcache/buildxcache/cachespec"
)

func TestCtyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		values := rapid.SliceOfN(rapid.SampledFrom([]string{
			"type=gha,scope=a,mode=max", "user/app:cache", "type=local,dest=/tmp/x,compression=zstd",
			"type=s3,region=r,bucket=b,name=a;b", `type=gha,"scope=a,b"`, "type=inline", "type=azblob,account_url=https://a.blob.core.windows.net,x-new=1",
		}), 1, 5).Draw(t, "values")
		entries, err := cachespec.ParseList(values)
		if err != nil {
			t.Fatal(err)
		}
		v := ToCtyValue(entries)
		got, err := FromCtyValue(v)
		if err != nil {
			t.Fatalf("%q: %v", values, err)
		}
		if len(got) != len(entries) {
			t.Fatalf("%q: %d entries back, want %d", values, len(got), len(entries))
		}
		for i := range got {
			if !cachespec.Equal(got[i], entries[i]) {
				t.Fatalf("entry %d: %s, want %s", i, cachespec.Format(got[i]), cachespec.Format(entries[i]))
			}
		}
	})
}

func TestFromCtyStrings(t *testing.T) {
	// bake also accepts the CSV strings
	got, err := FromCtyValue(cty.TupleVal([]cty.Value{cty.StringVal("type=gha,scope=x"), cty.StringVal("user/app:c")}))
	if err != nil || len(got) != 2 || cachespec.Format(got[0]) != "type=gha,scope=x" || got[1].Type() != cachespec.TypeRegistry {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := FromCtyValue(cty.TupleVal([]cty.Value{cty.StringVal("mode=max")})); err == nil {
		t.Error("a value without type was accepted")
	}
}
