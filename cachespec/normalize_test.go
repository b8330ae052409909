package cachespec

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"app", "type=registry,ref=docker.io/library/app:latest,registry.insecure=false,mode=min,ignore-error=false,compression=gzip,force-compression=false,oci-mediatypes=true,image-manifest=true"},
		{"type=registry,ref=user/app@sha256:" + strings.Repeat("a", 64) + ",oci-mediatypes=0,ignore-error=1,force-compression=",
			"type=registry,ref=docker.io/user/app@sha256:" + strings.Repeat("a", 64) + ",registry.insecure=false,mode=min,ignore-error=true,compression=gzip,force-compression=true,oci-mediatypes=false,image-manifest=false"},
		{"type=registry,ref=ghcr.io/a/b:c,oci-mediatypes=false,image-manifest=true", "type=registry,ref=ghcr.io/a/b:c,registry.insecure=false,mode=min,ignore-error=false,compression=gzip,force-compression=false,oci-mediatypes=false,image-manifest=true"},
		{"type=local,src=/c", "type=local,src=/c,tag=latest,reset=false,mode=min,ignore-error=false,compression=gzip,force-compression=false,oci-mediatypes=true,image-manifest=true"},
		{"type=inline,mode=max", "type=inline"}, // BuildKit ignores every attribute on inline
		{"type=inline,compression=zstd,x=y", "type=inline"},
		{"type=gha,timeout=600s,version=+2", "type=gha,scope=buildkit,version=2,timeout=10m0s,mode=min,ignore-error=false"},
		{"type=gha,scope=", "type=gha,scope=,timeout=10m0s,mode=min,ignore-error=false"},
		{"type=s3,region=r,bucket=b,upload_parallelism=08", "type=s3,region=r,bucket=b,name=buildkit,prefix=,manifests_prefix=manifests/,blobs_prefix=blobs/,use_path_style=false,upload_parallelism=8,touch_refresh=24h0m0s,disable_accept_encoding=false,mode=min,ignore-error=false,compression=gzip,force-compression=false"},
		{"type=azblob,account_url=https://a.blob.core.windows.net,Foo=1", "type=azblob,account_url=https://a.blob.core.windows.net,name=buildkit,manifests_prefix=manifests,blobs_prefix=blobs,mode=min,ignore-error=false,foo=1"},
	}
	for _, tt := range tests {
		e := MustParse(tt.in)
		if got := Format(Normalize(e)); got != tt.want {
			t.Errorf("Normalize(%q) =\n  %q\nwant\n  %q", tt.in, got, tt.want)
		}
	}
	if Normalize(nil) != nil || Clone(nil) != nil {
		t.Errorf("Normalize(nil) or Clone(nil) is not nil")
	}
}

func TestNormalizeList(t *testing.T) {
	t.Parallel()
	in := []Entry{
		MustParse("user/app:c"),
		MustParse("type=inline"),
		MustParse("type=gha,scope=a"),
		MustParse("type=registry,ref=docker.io/user/app:c,mode=min"),
		MustParse("type=inline,mode=max"),
		MustParse("type=gha,scope=b"),
		MustParse("type=gha,scope=a,timeout=10m"),
		nil,
	}
	before := List(in).Strings()
	got := List(NormalizeList(in)).Strings()
	for i := range got {
		got[i] = strings.Join(strings.SplitN(got[i], ",", 3)[:min(2, strings.Count(got[i], ",")+1)], ",")
	}
	want := []string{"type=registry,ref=docker.io/user/app:c", "type=inline", "type=gha,scope=a", "type=gha,scope=b"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("NormalizeList = %q, want %q", got, want)
	}
	if after := List(in).Strings(); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("NormalizeList modified its input")
	}
}

func TestEqualAndClone(t *testing.T) {
	t.Parallel()
	a := MustParse("type=gha,scope=x,foo=1")
	b := Clone(a)
	if !Equal(a, b) || a == b {
		t.Fatalf("Clone is not an equal copy")
	}
	b.(*GHA).Scope = Some("y")
	if Equal(a, b) || Format(a) != "type=gha,scope=x,foo=1" {
		t.Fatalf("Clone shares state")
	}
	if Equal(a, MustParse("type=inline")) || !Equal(nil, nil) || Equal(a, nil) {
		t.Fatalf("Equal across types or nil")
	}
	if !Equal(MustParse("type=gha,ignore-error=1"), &GHA{ExportOptions: ExportOptions{IgnoreError: spelled(true, "1")}}) {
		t.Fatalf("spelled values differ")
	}
	if Equal(MustParse("type=gha,ignore-error=1"), &GHA{ExportOptions: ExportOptions{IgnoreError: Some(true)}}) {
		t.Fatalf("different spellings compare equal before Normalize")
	}
	if !Equal(Normalize(MustParse("type=gha,ignore-error=1")), Normalize(&GHA{ExportOptions: ExportOptions{IgnoreError: Some(true)}})) {
		t.Fatalf("different spellings differ after Normalize")
	}
}
