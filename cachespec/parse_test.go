package cachespec

import (
	"errors"
	"strings"
	"testing"
)

// parseTest is one row: an input and either the canonical form it parses to
// or the failure it must produce.
type parseTest struct {
	in   string // the value given to Parse
	want string // Format of the entry; "" when Parse must fail
	kind *Kind  // the error kind when Parse must fail
	key  string // the error's Key when Parse must fail
	off  int    // the error's Offset when Parse must fail
}

var parseTests = []parseTest{
	// The ref shorthand.
	{in: "user/app:cache", want: "type=registry,ref=user/app:cache"},
	{in: "ghcr.io/acme/app", want: "type=registry,ref=ghcr.io/acme/app"},
	{in: `"user/app:cache"`, want: "type=registry,ref=user/app:cache"},
	{in: "localhost:5000/app@sha256:" + strings.Repeat("a", 64), want: "type=registry,ref=localhost:5000/app@sha256:" + strings.Repeat("a", 64)},
	{in: "inline", kind: ErrAmbiguousShorthand, key: "ref", off: 0},
	{in: "gha", kind: ErrAmbiguousShorthand, key: "ref"},
	{in: "local", kind: ErrAmbiguousShorthand, key: "ref"},
	{in: "s3", kind: ErrAmbiguousShorthand, key: "ref"},
	{in: "azblob", kind: ErrAmbiguousShorthand, key: "ref"},
	{in: "registry", kind: ErrAmbiguousShorthand, key: "ref"},
	{in: "max", kind: ErrAmbiguousShorthand, key: "ref"},
	{in: "min", kind: ErrAmbiguousShorthand, key: "ref"},
	{in: "user/app:a,user/app:b", kind: ErrMultipleEntries, key: "ref"},
	{in: "User/App:cache", kind: ErrInvalidRef, key: "ref"},
	{in: " user/app", kind: ErrInvalidRef, key: "ref"},
	{in: "ghcr.io/${{ github.repository }}:cache", kind: ErrInvalidRef, key: "ref"},
	{in: `"a""b"`, kind: ErrInvalidRef, key: "ref"},
	{in: ",", kind: ErrMultipleEntries},
	{in: "a,", kind: ErrMultipleEntries},

	// Syntax.
	{in: "", kind: ErrEmpty},
	{in: "type=registry,ref=x,", kind: ErrSyntax, off: 20},
	{in: "type=local,,dest=x", kind: ErrSyntax, off: 11},
	{in: `type=local,dest="a,b"`, kind: ErrSyntax, off: 16},
	{in: `type=local,"dest=a,b`, kind: ErrSyntax, off: 11},
	{in: `type=local,"dest=a"b`, kind: ErrSyntax, off: 18},
	{in: `type=local,"dest=a,b"`, want: `type=local,"dest=a,b"`},
	{in: `type=local,"dest=a""b"`, want: `type=local,"dest=a""b"`},
	{in: "user/app:cache,mode=max", kind: ErrSyntax, off: 0},
	{in: "type=gha,=x", kind: ErrSyntax, off: 9},
	{in: "type=gha,mode", kind: ErrSyntax, off: 9},
	{in: "type=gha\n", kind: ErrInvalidText, off: 8},
	{in: "type=gha,scope=a\x00", kind: ErrInvalidText, off: 16},
	{in: "type=gha,scope=\xff", kind: ErrInvalidText, off: 15},
	{in: "type=gha,scope=a\u200bb", want: "type=gha,scope=a\u200bb"},
	{in: "type=gha,scope=\u0085", kind: ErrInvalidText, off: 15},
	{in: "type=gha,scope=" + strings.Repeat("a", MaxValueLen), kind: ErrTooLong, off: MaxValueLen},

	// Type.
	{in: "ref=user/app:cache", kind: ErrMissingType, key: "type"},
	{in: "mode=max", kind: ErrMissingType, key: "type"},
	{in: "type=,ref=x", kind: ErrMissingType, key: "type", off: 0},
	{in: "type=regsitry,ref=x", kind: ErrUnknownType, key: "type", off: 5},
	{in: "type=Registry,ref=x", kind: ErrUnknownType, key: "type", off: 5},
	{in: "type=type=local,dest=x", kind: ErrUnknownType, key: "type", off: 5},
	{in: "type=gha ", kind: ErrUnknownType, key: "type", off: 5},
	{in: "TYPE=local,DEST=/x", want: "type=local,dest=/x"},
	{in: "type=registry,type=local,dest=x", kind: ErrDuplicateKey, key: "type", off: 14},

	// Keys.
	{in: "type=gha, mode=max", kind: ErrKeyWhitespace, key: "mode", off: 9},
	{in: "type=gha,mode =max", kind: ErrKeyWhitespace, key: "mode", off: 9},
	{in: " type=gha", kind: ErrKeyWhitespace, key: "type", off: 0},
	{in: "type=gha,scope=a,scope=b", kind: ErrDuplicateKey, key: "scope", off: 17},
	{in: "type=gha,scope=a,SCOPE=b", kind: ErrDuplicateKey, key: "scope", off: 17},
	{in: "type=local,mode=max,src=/a,type=local,mode=max,src=/b", kind: ErrDuplicateKey, key: "type", off: 27},
	{in: "type=gha,foo=1,foo=2", kind: ErrDuplicateKey, key: "foo", off: 15},
	{in: "type=gha,cache-mode=max,Foo=Bar", want: "type=gha,cache-mode=max,foo=Bar"},
	{in: "type=registry,ref=a=b", kind: ErrInvalidRef, key: "ref", off: 19},

	// registry.
	{in: "type=registry,ref=ghcr.io/acme/app:cache,mode=max,ignore-error=true,compression=zstd,compression-level=3,force-compression=true,oci-mediatypes=true,image-manifest=true,registry.insecure=true",
		want: "type=registry,ref=ghcr.io/acme/app:cache,registry.insecure=true,mode=max,ignore-error=true,compression=zstd,compression-level=3,force-compression=true,oci-mediatypes=true,image-manifest=true"},
	{in: "type=registry", want: "type=registry"},
	{in: "type=registry,ref=", kind: ErrInvalidRef, key: "ref", off: 18},
	{in: "type=registry,ref=Acme/app", want: "type=registry,ref=Acme/app"}, // "Acme" is a registry host to distribution/reference
	{in: "type=registry,ref=acme/App", kind: ErrInvalidRef, key: "ref", off: 23},
	{in: "type=registry,ref=x,registry.insecure=yes", kind: ErrInvalidValue, key: "registry.insecure", off: 38},
	{in: "type=registry,ref=x,oci-mediatypes=1,image-manifest=F", want: "type=registry,ref=x,oci-mediatypes=1,image-manifest=F"},
	{in: "type=registry,ref=x,oci-mediatypes=on", kind: ErrInvalidValue, key: "oci-mediatypes", off: 35},
	{in: "type=registry,ref=x,image-manifest=", kind: ErrInvalidValue, key: "image-manifest", off: 35},

	// Shared export options.
	{in: "type=gha,mode=min", want: "type=gha,mode=min"},
	{in: "type=gha,mode=maxx", kind: ErrInvalidValue, key: "mode", off: 14},
	{in: "type=gha,mode=MAX", kind: ErrInvalidValue, key: "mode", off: 14},
	{in: "type=gha,mode=", kind: ErrInvalidValue, key: "mode", off: 14},
	{in: "type=gha,mode=max ", kind: ErrInvalidValue, key: "mode", off: 14},
	{in: "type=gha,ignore-error=True", want: "type=gha,ignore-error=True"},
	{in: "type=gha,ignore-error=yes", kind: ErrInvalidValue, key: "ignore-error", off: 22},
	{in: "type=registry,ref=x,compression=estargz", want: "type=registry,ref=x,compression=estargz"},
	{in: "type=registry,ref=x,compression=uncompressed", want: "type=registry,ref=x,compression=uncompressed"},
	{in: "type=registry,ref=x,compression=ZSTD", kind: ErrInvalidValue, key: "compression", off: 32},
	{in: "type=registry,ref=x,compression=nydus", kind: ErrInvalidValue, key: "compression"},
	{in: "type=registry,ref=x,compression-level=9", want: "type=registry,ref=x,compression-level=9"},
	{in: "type=registry,ref=x,compression-level=-2", want: "type=registry,ref=x,compression-level=-2"},
	{in: "type=registry,ref=x,compression-level=10", kind: ErrInvalidValue, key: "compression-level", off: 20},
	{in: "type=registry,ref=x,compression=zstd,compression-level=22", want: "type=registry,ref=x,compression=zstd,compression-level=22"},
	{in: "type=registry,ref=x,compression=zstd,compression-level=23", kind: ErrInvalidValue, key: "compression-level"},
	{in: "type=registry,ref=x,compression=uncompressed,compression-level=99", want: "type=registry,ref=x,compression=uncompressed,compression-level=99"},
	{in: "type=registry,ref=x,compression-level= 3", kind: ErrInvalidValue, key: "compression-level", off: 38},
	{in: "type=registry,ref=x,compression-level=99999999999999999999", kind: ErrInvalidValue, key: "compression-level"},
	{in: "type=registry,ref=x,force-compression=", want: "type=registry,ref=x,force-compression="},
	{in: "type=registry,ref=x,force-compression=maybe", kind: ErrInvalidValue, key: "force-compression"},

	// local.
	{in: "type=local,src=/tmp/.buildx-cache", want: "type=local,src=/tmp/.buildx-cache"},
	{in: "type=local,dest=/tmp/c,mode=max,tag=v1,reset=true", want: "type=local,dest=/tmp/c,tag=v1,reset=true,mode=max"},
	{in: "type=local,src=/c,digest=sha256:" + strings.Repeat("0", 64), want: "type=local,src=/c,digest=sha256:" + strings.Repeat("0", 64)},
	{in: "type=local,src=/c,digest=sha256:abc", kind: ErrInvalidValue, key: "digest", off: 25},
	{in: "type=local,src=/c,tag=", want: "type=local,src=/c,tag="},
	{in: "type=local,dest=/c,reset=y", kind: ErrInvalidValue, key: "reset"},
	{in: "type=local,dest=a b", want: "type=local,dest=a b"},
	{in: "type=local,ref=/c", want: "type=local,ref=/c"},

	// inline.
	{in: "type=inline", want: "type=inline"},
	{in: "type=inline,mode=max", want: "type=inline,mode=max"},

	// gha.
	{in: "type=gha,scope=app,url=https://c.example/,url_v2=https://r.example/,version=2,timeout=5m,repository=o/r,token=t0k,ghtoken=g0k,mode=max",
		want: "type=gha,scope=app,url=https://c.example/,url_v2=https://r.example/,version=2,timeout=5m,repository=o/r,token=t0k,ghtoken=g0k,mode=max"},
	{in: "type=gha,scope=", want: "type=gha,scope="},
	{in: "type=gha,version=0", kind: ErrInvalidValue, key: "version"},
	{in: "type=gha,version=two", kind: ErrInvalidValue, key: "version"},
	{in: "type=gha,timeout=600", kind: ErrInvalidValue, key: "timeout", off: 17},
	{in: "type=gha,timeout=1d", kind: ErrInvalidValue, key: "timeout"},
	{in: "type=gha,timeout=-1s", want: "type=gha,timeout=-1s"},

	// s3.
	{in: "type=s3,region=us-east-1,bucket=b,name=a;b,prefix=p/,manifests_prefix=m/,blobs_prefix=bl/,endpoint_url=http://127.0.0.1:9000,use_path_style=true,access_key_id=AK,secret_access_key=SK,session_token=ST,upload_parallelism=8,touch_refresh=1h,disable_accept_encoding=true,retry_mode=adaptive,retry_max_attempts=5,mode=max,compression=zstd",
		want: "type=s3,region=us-east-1,bucket=b,name=a;b,prefix=p/,manifests_prefix=m/,blobs_prefix=bl/,endpoint_url=http://127.0.0.1:9000,use_path_style=true,access_key_id=AK,secret_access_key=SK,session_token=ST,upload_parallelism=8,touch_refresh=1h,disable_accept_encoding=true,retry_mode=adaptive,retry_max_attempts=5,mode=max,compression=zstd"},
	{in: "type=s3,bucket=", want: "type=s3,bucket="},
	{in: "type=s3,touch_refresh=1d", kind: ErrInvalidValue, key: "touch_refresh"},
	{in: "type=s3,use_path_style=yes", kind: ErrInvalidValue, key: "use_path_style"},
	{in: "type=s3,disable_accept_encoding=yes", kind: ErrInvalidValue, key: "disable_accept_encoding"},
	{in: "type=s3,upload_parallelism=0", kind: ErrInvalidValue, key: "upload_parallelism"},
	{in: "type=s3,retry_mode=legacy", kind: ErrInvalidValue, key: "retry_mode"},
	{in: "type=s3,retry_max_attempts=0", kind: ErrInvalidValue, key: "retry_max_attempts"},

	// azblob.
	{in: "type=azblob,account_url=https://acct.blob.core.windows.net,account_name=acct,container=c,name=n,prefix=p,manifests_prefix=m,blobs_prefix=b,secret_access_key=k,mode=max",
		want: "type=azblob,account_url=https://acct.blob.core.windows.net,account_name=acct,container=c,name=n,prefix=p,manifests_prefix=m,blobs_prefix=b,secret_access_key=k,mode=max"},
	{in: "type=azblob,account_url=http://[::1", kind: ErrInvalidValue, key: "account_url"},
}

func init() {
	seen := map[string]bool{}
	for _, tt := range parseTests {
		if seen[tt.in] {
			panic("duplicate parse test input " + tt.in)
		}
		seen[tt.in] = true
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tt := range parseTests {
		name := tt.in
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, err := Parse(tt.in)
			if tt.want != "" {
				if err != nil {
					t.Fatalf("Parse(%q): unexpected error %v", tt.in, err)
				}
				if got := Format(e); got != tt.want {
					t.Fatalf("Format(Parse(%q)) = %q, want %q", tt.in, got, tt.want)
				}
				again, err := Parse(tt.want)
				if err != nil || !Equal(again, e) {
					t.Fatalf("Parse(%q) = %v, %v; want %v", tt.want, again, err, e)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse(%q) = %q, want error %v", tt.in, Format(e), tt.kind)
			}
			if e != nil {
				t.Errorf("Parse(%q) returned an entry with an error", tt.in)
			}
			checkParseError(t, err, tt.in, tt.kind, tt.key, tt.off)
		})
	}
}

// checkParseError asserts the kind, key and offset of err, and that its
// message is one line naming a fix.
func checkParseError(t *testing.T, err error, in string, kind *Kind, key string, off int) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v: not %v", err, kind)
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T is not a *ParseError", err)
	}
	if key != "" && pe.Key != key {
		t.Errorf("error %v: key %q, want %q", err, pe.Key, key)
	}
	if off >= 0 && pe.Offset != off && (off != 0 || key == "" || kind == ErrAmbiguousShorthand) {
		t.Errorf("error %v: offset %d, want %d", err, pe.Offset, off)
	}
	if pe.Offset < 0 || pe.Offset > len(in) {
		t.Errorf("error %v: offset %d outside the input", err, pe.Offset)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") || !strings.HasPrefix(msg, "cachespec: ") || pe.Fix == "" || !strings.Contains(msg, pe.Fix) {
		t.Errorf("error message %q: want one line, prefixed, with a fix", msg)
	}
	if pe.Rule() == "" {
		t.Errorf("error %v has no rule", err)
	}
}
