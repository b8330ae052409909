package cachespec

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestKeyOrder pins the canonical order of every backend's attributes.
func TestKeyOrder(t *testing.T) {
	export := []string{"mode", "ignore-error", "compression", "compression-level", "force-compression", "oci-mediatypes", "image-manifest"}
	want := map[Type][]string{
		TypeRegistry: {"ref", "registry.insecure"},
		TypeLocal:    {"dest", "src", "tag", "digest", "reset"},
		TypeInline:   {},
		TypeGHA:      {"scope", "url", "url_v2", "version", "timeout", "repository", "token", "ghtoken"},
		TypeS3: {"region", "bucket", "name", "prefix", "manifests_prefix", "blobs_prefix",
			"endpoint_url", "use_path_style", "access_key_id", "secret_access_key", "session_token",
			"upload_parallelism", "touch_refresh", "disable_accept_encoding", "retry_mode", "retry_max_attempts"},
		TypeAzBlob: {"account_url", "account_name", "container", "name", "prefix", "manifests_prefix", "blobs_prefix", "secret_access_key"},
	}
	for _, typ := range Types() {
		w := append(slices.Clone(want[typ]), export...)
		if got := KnownKeys(typ); !slices.Equal(got, w) {
			t.Errorf("KnownKeys(%s) = %q, want %q", typ, got, w)
		}
		var keys []string
		for _, sp := range Schema(typ) {
			keys = append(keys, sp.Key)
		}
		if !slices.Equal(keys, w) {
			t.Errorf("Schema(%s) keys = %q, want %q", typ, keys, w)
		}
		if got := newEntry(typ).keys(); !slices.Equal(got, w) {
			t.Errorf("%s keys() = %q, want %q", typ, got, w)
		}
	}
	if Schema(TypeInvalid) != nil || Schema(Type(99)) != nil || KnownKeys(TypeInvalid) != nil {
		t.Errorf("Schema or KnownKeys of an invalid Type is not nil")
	}
	s := Schema(TypeGHA)
	s[0].Key = "changed"
	if Schema(TypeGHA)[0].Key != "scope" {
		t.Errorf("Schema does not return a copy")
	}
}

// TestSchemaDirections holds the directions to the attributes BuildKit
// reads on one side only.
func TestSchemaDirections(t *testing.T) {
	exportOnly := []string{"mode", "ignore-error", "compression", "compression-level", "force-compression", "oci-mediatypes",
		"image-manifest", "dest", "reset", "repository", "ghtoken", "upload_parallelism", "touch_refresh"}
	importOnly := []string{"src", "digest"}
	for _, typ := range Types() {
		for _, sp := range Schema(typ) {
			want := DirectionUnknown
			switch {
			case slices.Contains(exportOnly, sp.Key):
				want = DirectionExport
			case slices.Contains(importOnly, sp.Key):
				want = DirectionImport
			}
			if sp.Direction != want {
				t.Errorf("%s %s: direction %v, want %v", typ, sp.Key, sp.Direction, want)
			}
			if sp.Doc == "" || strings.Contains(sp.Doc, "\n") {
				t.Errorf("%s %s: doc %q is not one line", typ, sp.Key, sp.Doc)
			}
		}
	}
}

// TestSchemaFields checks that every typed field of every backend is the
// field of exactly one attribute, and that the secret attributes are exactly
// the Secret fields.
func TestSchemaFields(t *testing.T) {
	for _, typ := range Types() {
		e := newEntry(typ)
		v := reflect.ValueOf(e).Elem()
		byAddr := map[uintptr]string{}
		for i, sp := range Schema(typ) {
			f := e.field(i)
			p := reflect.ValueOf(f).Pointer()
			if prev, dup := byAddr[p]; dup {
				t.Errorf("%s: %s and %s share a field", typ, prev, sp.Key)
			}
			byAddr[p] = sp.Key
			var want attrField
			if n := len(schemaOf(typ).keys) - len(exportAttrs); i < n {
				want = ownField(e, i)
			} else {
				want = exportAttrs[i-n].field(exportOptions(e))
			}
			if reflect.TypeOf(f) != reflect.TypeOf(want) || reflect.ValueOf(want).Pointer() != p {
				t.Errorf("%s %s: field(%d) is a %T, the table's field a %T elsewhere", typ, sp.Key, i, f, want)
			}
			path, ft, ok := findField(v, p)
			if !ok {
				t.Errorf("%s %s: the field is not one of %T", typ, sp.Key, e)
				continue
			}
			isSecret := ft == reflect.TypeFor[Secret]()
			if sp.Secret != isSecret || f.isSecret() != isSecret {
				t.Errorf("%s %s (%s %v): table secret %v, field secret %v", typ, sp.Key, path, ft, sp.Secret, f.isSecret())
			}
			if sp.Secret != slices.Contains(secretKeys, sp.Key) || !looksSecretKey(sp.Key) && sp.Secret {
				t.Errorf("%s %s: secret %v, but secretKeys %q", typ, sp.Key, sp.Secret, secretKeys)
			}
		}
		var walk func(v reflect.Value)
		walk = func(v reflect.Value) {
			for i := 0; i < v.NumField(); i++ {
				sf := v.Type().Field(i)
				switch {
				case sf.Anonymous:
					walk(v.Field(i))
				case sf.Type == reflect.TypeFor[Attributes]():
				default:
					if _, ok := byAddr[v.Field(i).Addr().Pointer()]; !ok {
						t.Errorf("%s: field %s has no row in the attribute table", typ, sf.Name)
					}
				}
			}
		}
		walk(v)
	}
	for _, k := range secretKeys {
		for _, typ := range Types() {
			if !slices.Contains(KnownKeys(typ), k) {
				continue
			}
			in := "type=" + typ.String() + "," + k + "=hunter2-not-a-word"
			if out := Redact(in); strings.Contains(out, "hunter2") {
				t.Errorf("Redact(%q) = %q", in, out)
			}
			e := MustParse(in)
			if s := e.String(); strings.Contains(s, "hunter2") {
				t.Errorf("String of %q = %q", in, s)
			}
		}
	}
}

// TestSchemaDefaults checks that Normalize fills in exactly the defaults of
// the table.
func TestSchemaDefaults(t *testing.T) {
	for _, typ := range Types() {
		n := Normalize(newEntry(typ))
		for i, sp := range Schema(typ) {
			f := n.field(i)
			switch {
			case sp.HasDefault && (!f.present() || f.spelling() != sp.Default):
				t.Errorf("Normalize(type=%s): %s present %v, %q; want the default %q", typ, sp.Key, f.present(), f.spelling(), sp.Default)
			case !sp.HasDefault && f.present():
				t.Errorf("Normalize(type=%s): %s=%q, which has no default", typ, sp.Key, f.spelling())
			case !sp.HasDefault && sp.Default != "":
				t.Errorf("type=%s: %s has Default %q without HasDefault", typ, sp.Key, sp.Default)
			}
			if sp.HasDefault {
				// The default is a canonical spelling of a valid value.
				g := newEntry(typ).field(i)
				if err := g.parse(sp.Default); err != nil {
					t.Errorf("type=%s: default %s=%q does not parse: %v", typ, sp.Key, sp.Default, err)
				}
				g.canonicalize()
				if g.spelling() != sp.Default {
					t.Errorf("type=%s: default %s=%q is not canonical (%q)", typ, sp.Key, sp.Default, g.spelling())
				}
			}
		}
	}
	// image-manifest follows oci-mediatypes.
	for _, typ := range []Type{TypeRegistry, TypeLocal} {
		e := MustParse("type=" + typ.String() + ",oci-mediatypes=0")
		if got := exportOptions(Normalize(e)).ImageManifest.Text(); got != "false" {
			t.Errorf("type=%s,oci-mediatypes=0: image-manifest=%q, want false", typ, got)
		}
	}
}

// TestPropertySchemaRoundTrip checks that every attribute of every table
// reads into its field and prints back through Format, AppendText and Attrs.
func TestPropertySchemaRoundTrip(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		for _, typ := range Types() {
			for i, sp := range Schema(typ) {
				k := sp.Key
				text := genFieldText(t, newEntry(typ).field(i), typ.String()+"-"+k)
				if k == "compression-level" {
					text = "3" // in range whatever the compression
				}
				in := "type=" + typ.String() + "," + string(appendField(nil, k, text))
				e, err := Parse(in)
				if err != nil {
					t.Fatalf("Parse(%q): %v", in, err)
				}
				f := e.field(i)
				if !f.present() || f.spelling() != text && k != "ref" {
					t.Fatalf("Parse(%q): field %s present %v, %q", in, k, f.present(), f.spelling())
				}
				if got := e.Attrs(); len(got) != 1 || got[k] != f.spelling() {
					t.Fatalf("Attrs(%q) = %v", in, got)
				}
				if got, want := Format(e), "type="+typ.String()+","+string(appendField(nil, k, f.spelling())); got != want {
					t.Fatalf("Format(Parse(%q)) = %q, want %q", in, got, want)
				}
				if b, err := e.AppendText(nil); err != nil || string(b) != Format(e) {
					t.Fatalf("AppendText(Parse(%q)) = %q, %v", in, b, err)
				}
			}
		}
	})
}

// TestDocAgrees checks the hand-written parts of the package documentation
// that restate the tables: every default appears in the Normalization
// section, and every secret key in the Secrets section.
func TestDocAgrees(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	section := func(name string) string {
		i := strings.Index(doc, "// # "+name+"\n")
		if i < 0 {
			t.Fatalf("doc.go has no %s section", name)
		}
		s := doc[i+1:]
		if j := strings.Index(s, "\n// # "); j >= 0 {
			s = s[:j]
		}
		return s
	}
	norm, secrets := section("Normalization"), section("Secrets")
	for _, typ := range Types() {
		for _, sp := range Schema(typ) {
			if sp.HasDefault && !strings.Contains(norm, sp.Key+"="+sp.Default) {
				t.Errorf("the Normalization section does not show the %s default %s=%s", typ, sp.Key, sp.Default)
			}
			if sp.Secret && !strings.Contains(secrets, sp.Key) {
				t.Errorf("the Secrets section does not name %s %s", typ, sp.Key)
			}
		}
	}
}
