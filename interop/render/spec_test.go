package render

import (
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

func TestRenderSpecRefuses(t *testing.T) {
	bad := &cachespec.GHA{ExportOptions: cachespec.ExportOptions{Mode: cachespec.Some(cachespec.Mode("maxx"))}}
	for _, f := range Forms {
		if _, err := RenderSpec(f, Spec{To: []cachespec.Entry{bad}}); err == nil {
			t.Errorf("%s printed an entry Validate refuses", f)
		}
		if _, err := Render(f, cachespec.DirectionExport, []cachespec.Entry{bad}); err == nil {
			t.Errorf("Render(%s) printed an entry Validate refuses", f)
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
