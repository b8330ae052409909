package render

import (
	"errors"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"pgregory.net/rapid"
)

// TestRenderSpecBothDirections: one output holds both lists under the
// caller's name, and each consumer reads both back.
func TestRenderSpecBothDirections(t *testing.T) {
	const name = "svc_x9q"
	rapid.Check(t, func(rt *rapid.T) {
		from := rapid.SliceOfN(genEntry(), 1, 3).Draw(rt, "from")
		to := rapid.SliceOfN(genEntry(), 1, 3).Draw(rt, "to")
		for _, f := range Forms {
			text, err := RenderSpec(f, Spec{Name: name, From: from, To: to})
			switch f {
			case Canonical:
				if err == nil {
					rt.Fatalf("canonical form with both directions accepted")
				}
				continue
			case Buildx, Buildctl:
				a, _ := Render(f, cachespec.DirectionImport, from)
				b, _ := Render(f, cachespec.DirectionExport, to)
				if err != nil || text != strings.TrimSuffix(a, "\n")+" "+b {
					rt.Fatalf("%s: %q, %v; want %q %q", f, text, err, a, b)
				}
				continue
			}
			if err != nil {
				rt.Fatalf("%s: %v", f, err)
			}
			if (f == BakeHCL || f == BakeJSON || f == Compose) && !strings.Contains(text, name) {
				rt.Fatalf("%s: the name is not in\n%s", f, text)
			}
			back := strings.ReplaceAll(text, name, Target)
			same(rt, f, readBack(rt, f, cachespec.DirectionImport, back), from, text)
			same(rt, f, readBack(rt, f, cachespec.DirectionExport, back), to, text)
		}
	})
}

// TestRenderSpecRefuses: every form refuses each of the entries built in
// Go that Parse would refuse, in either list and at any position, with
// cachespec's error naming the attribute and the entry's index.
func TestRenderSpecRefuses(t *testing.T) {
	ref := cachespec.MustParse("ghcr.io/o/app:cache").(*cachespec.Registry).Ref
	bad := map[string]cachespec.Entry{
		"mode":               &cachespec.GHA{ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.Mode("maxx"))}},
		"compression":        &cachespec.Registry{Ref: ref, ExportOptions: cachespec.ExportOptions{Compression: cachespec.Some(cachespec.Compression("lz4"))}},
		"compression-level":  &cachespec.Local{Dest: cachespec.Some("d"), ExportOptions: cachespec.ExportOptions{CompressionLevel: cachespec.Some(99)}},
		"upload_parallelism": &cachespec.S3{Region: cachespec.Some("r"), Bucket: cachespec.Some("b"), UploadParallelism: cachespec.Some(0)},
		"dest":               &cachespec.Local{Dest: cachespec.Some("/tmp/a\nb")},
	}
	ok := cachespec.MustParse("type=inline")
	for key, e := range bad {
		for _, f := range Forms {
			for _, spec := range []Spec{{To: []cachespec.Entry{e}}, {From: []cachespec.Entry{ok, e}}, {To: []cachespec.Entry{ok, e}}} {
				out, err := RenderSpec(f, spec)
				var pe *cachespec.ParseError
				if !errors.As(err, &pe) || pe.Key != key || pe.Index != len(spec.From)+len(spec.To)-1 {
					t.Errorf("%s: RenderSpec(%s) = %q, %v; want the refusal of %s", key, f, out, err, key)
				}
			}
			if _, err := Render(f, cachespec.DirectionExport, []cachespec.Entry{e}); err == nil {
				t.Errorf("%s: Render(%s) printed an entry Validate refuses", key, f)
			}
		}
	}
	if _, err := RenderSpec(BakeHCL, Spec{Name: `a"b`, To: []cachespec.Entry{}}); err == nil {
		t.Errorf("a name bake cannot read was accepted")
	}
}

func TestEscapers(t *testing.T) {
	if got := EscapeCompose("a$b${c}"); got != "a$$b$${c}" {
		t.Errorf("EscapeCompose = %q", got)
	}
	if got := EscapeHCL("a${b}%{c}$d"); got != "a$${b}%%{c}$d" {
		t.Errorf("EscapeHCL = %q", got)
	}
}
