package buildxcache_test

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/validate"
)

// TestDocExample checks the module's complete example in doc.go: its
// values pass validate without a diagnostic, and the output it shows is
// what BuildxArgs prints.
func TestDocExample(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	values := func(name string) []string {
		m := regexp.MustCompile(name + `Raw := \[\]string\{([^}]*)\}`).FindSubmatch(src)
		if m == nil {
			t.Fatalf("doc.go has no %sRaw", name)
		}
		var out []string
		for _, q := range regexp.MustCompile(`"[^"]*"`).FindAll(m[1], -1) {
			s, _ := strconv.Unquote(string(q))
			out = append(out, s)
		}
		return out
	}
	fromRaw, toRaw := values("from"), values("to")
	if ds := validate.Check(validate.Build{CacheFrom: fromRaw, CacheTo: toRaw}); len(ds) > 0 {
		t.Errorf("the example's values have diagnostics: %v", ds)
	}
	from, err1 := cachespec.ParseList(fromRaw)
	to, err2 := cachespec.ParseList(toRaw)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	args := append(cachespec.BuildxArgs(cachespec.DirectionImport, from), cachespec.BuildxArgs(cachespec.DirectionExport, to)...)
	if want := "//\t// " + fmt.Sprint(args) + "\n"; !strings.Contains(string(src), want) {
		t.Errorf("doc.go does not show the output %q", want)
	}
}
