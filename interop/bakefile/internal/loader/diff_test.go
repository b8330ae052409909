package loader

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/docker/buildx/bake"
	"github.com/docker/buildx/util/buildflags"
	"github.com/hashicorp/hcl/v2"
	"pgregory.net/rapid"
)

// The differential test: every input is loaded by this package and by
// Buildx's own bake loader (bake.ParseFiles, Config.ResolveTarget), and the
// two must accept and refuse the same definitions, with the same message,
// and resolve every target to the same values for the fields the reader
// uses.

// expensive is the outcome of a definition over the limits.
const expensive = "too expensive"

var diffBuiltins = map[string]string{"BAKE_CMD_CONTEXT": "cwd://", "BAKE_LOCAL_PLATFORM": "linux/amd64"}

// outcome is what a loader made of a definition, in a form both give.
type outcome struct {
	err     string
	targets map[string]string // name: the resolved fields, or the resolution error
	groups  map[string]string // name: its targets and groups, sorted
	renamed map[string]string // label: the names it defines, sorted
}

func cacheText(typ string, attrs map[string]string) string {
	var b strings.Builder
	b.WriteString(strconv.Quote(typ))
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		fmt.Fprintf(&b, " %q=%q", k, attrs[k])
	}
	return b.String()
}

func ptr(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return strconv.Quote(*s)
}

func ours(files []File, vars map[string]string) (out outcome) {
	defer func() {
		if r := recover(); r != nil {
			out = outcome{err: fmt.Sprintf("panic: %v", r)}
		}
	}()
	cfg, renamed, err := ParseFiles(files, diffBuiltins, vars)
	if _, ok := TooExpensive(err); ok {
		return outcome{err: expensive}
	}
	if err != nil {
		return outcome{err: errText(err)}
	}
	out = outcome{targets: map[string]string{}, groups: map[string]string{}, renamed: map[string]string{}}
	for _, t := range cfg.Targets {
		rt, err := cfg.ResolveTarget(t.Name)
		if _, ok := TooExpensive(err); ok {
			return outcome{err: expensive}
		}
		if err != nil {
			out.targets[t.Name] = "error: " + err.Error()
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "context=%s dockerfile=%s tags=%q platforms=%q inherits=%q\n", ptr(rt.Context), ptr(rt.Dockerfile), rt.Tags, rt.Platforms, t.Inherits)
		for _, e := range rt.CacheFrom {
			fmt.Fprintf(&b, "from %s\n", cacheText(e.Type, e.Attrs))
		}
		for _, e := range rt.CacheTo {
			fmt.Fprintf(&b, "to %s\n", cacheText(e.Type, e.Attrs))
		}
		for _, o := range rt.Outputs {
			fmt.Fprintf(&b, "out %s dest=%q\n", cacheText(o.Type, o.Attrs), o.Destination)
		}
		out.targets[t.Name] = b.String()
	}
	for _, g := range cfg.Groups {
		ts, gs := cfg.ResolveGroup(g.Name)
		out.groups[g.Name] = fmt.Sprint(slices.Sorted(slices.Values(ts)), slices.Sorted(slices.Values(gs)))
	}
	for k, v := range renamed {
		out.renamed[k] = fmt.Sprint(slices.Sorted(slices.Values(v)))
	}
	return out
}

func theirs(files []File, vars map[string]string) (out outcome) {
	defer func() {
		if r := recover(); r != nil {
			out = outcome{err: fmt.Sprintf("panic: %v", r)}
		}
	}()
	bf := make([]bake.File, len(files))
	for i, f := range files {
		bf[i] = bake.File{Name: f.Name, Data: f.Data}
	}
	cfg, meta, err := bake.ParseFiles(bf, diffBuiltins, vars)
	if err != nil {
		return outcome{err: errText(err)}
	}
	out = outcome{targets: map[string]string{}, groups: map[string]string{}, renamed: map[string]string{}}
	for _, t := range cfg.Targets {
		inherits := slices.Clone(t.Inherits)
		rt, err := cfg.ResolveTarget(t.Name, nil, &bake.EntitlementConf{})
		if err != nil {
			out.targets[t.Name] = "error: " + err.Error()
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "context=%s dockerfile=%s tags=%q platforms=%q inherits=%q\n", ptr(rt.Context), ptr(rt.Dockerfile), rt.Tags, rt.Platforms, inherits)
		for _, e := range rt.CacheFrom {
			fmt.Fprintf(&b, "from %s\n", cacheText(e.Type, e.Attrs))
		}
		for _, e := range rt.CacheTo {
			fmt.Fprintf(&b, "to %s\n", cacheText(e.Type, e.Attrs))
		}
		for _, o := range rt.Outputs {
			fmt.Fprintf(&b, "out %s dest=%q\n", cacheText(o.Type, o.Attrs), o.Destination)
		}
		out.targets[t.Name] = b.String()
	}
	for _, g := range cfg.Groups {
		ts, gs := cfg.ResolveGroup(g.Name)
		out.groups[g.Name] = fmt.Sprint(slices.Sorted(slices.Values(ts)), slices.Sorted(slices.Values(gs)))
	}
	if meta != nil {
		for k, v := range meta.Renamed["target"] {
			out.renamed[k] = fmt.Sprint(slices.Sorted(slices.Values(v)))
		}
	}
	return out
}

// errText is an error's text; HCL's diagnostics, which bake gathers in
// the order of a map, are listed each on its own, sorted.
func errText(err error) string {
	var diags hcl.Diagnostics
	if !errors.As(err, &diags) {
		return err.Error()
	}
	var all []string
	for _, d := range diags {
		all = append(all, d.Error())
	}
	slices.Sort(all)
	return strings.Join(all, "\n")
}

// same reports how two outcomes differ, or "".
func same(a, b outcome) string {
	if a.err != b.err {
		return fmt.Sprintf("refusal: ours %q, bake's %q", a.err, b.err)
	}
	for _, m := range [][2]map[string]string{{a.targets, b.targets}, {a.groups, b.groups}, {a.renamed, b.renamed}} {
		for _, k := range slices.Sorted(maps.Keys(m[1])) {
			if m[0][k] != m[1][k] {
				return fmt.Sprintf("%q: ours\n%s\nbake's\n%s", k, m[0][k], m[1][k])
			}
		}
		for k := range m[0] {
			if _, ok := m[1][k]; !ok {
				return fmt.Sprintf("%q: only ours has it", k)
			}
		}
	}
	return ""
}

func checkSame(t interface {
	Helper()
	Fatalf(string, ...any)
}, label string, files []File, vars map[string]string) {
	t.Helper()
	// bake itself visits maps (compose services, matrix keys, attributes)
	// in random order, so that which of several errors it reports varies
	// from run to run: a difference must persist over several runs of both
	// a definition over the loader's limits is refused where bake would
	// spend minutes or run out of memory: bake is not run on it
	mine := ours(files, vars)
	if mine.err == expensive {
		return
	}
	d := same(mine, theirs(files, vars))
	for i := 0; i < 30 && d != ""; i++ {
		if same(ours(files, vars), theirs(files, vars)) == "" {
			d = ""
		}
	}
	if d != "" {
		var b strings.Builder
		for _, f := range files {
			fmt.Fprintf(&b, "--- %s\n%s\n", f.Name, f.Data)
		}
		t.Fatalf("%s: the loaders differ: %s\ninput:\n%s", label, d, b.String())
	}
}

// testInputs are the bake files the reader's tests use: its testdata, and
// the definitions written in its test files (a [][2]string of file names
// and contents, or a string holding a target, a group or services).
func testInputs(t *testing.T) map[string][]File {
	t.Helper()
	out := map[string][]File{}
	dir := filepath.Join("..", "..")
	for _, name := range []string{"docker-bake.hcl", "docker-bake.json", "compose.yaml"} {
		data, err := os.ReadFile(filepath.Join(dir, "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		out["testdata/"+name] = []File{{Name: name, Data: data}}
	}
	tests, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	fset := token.NewFileSet()
	for _, path := range tests {
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		str := func(e ast.Expr) (string, bool) {
			lit, ok := e.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return "", false
			}
			s, err := strconv.Unquote(lit.Value)
			return s, err == nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				at, ok := n.Type.(*ast.ArrayType)
				if !ok {
					return true
				}
				if inner, ok := at.Elt.(*ast.ArrayType); !ok || fmt.Sprint(inner.Elt) != "string" {
					return true
				}
				var files []File
				for _, el := range n.Elts {
					pair, ok := el.(*ast.CompositeLit)
					if !ok || len(pair.Elts) != 2 {
						return true
					}
					name, ok1 := str(pair.Elts[0])
					data, ok2 := str(pair.Elts[1])
					if !ok1 || !ok2 {
						return true
					}
					files = append(files, File{Name: name, Data: []byte(data)})
				}
				if len(files) > 0 {
					out[fmt.Sprintf("%s:%d", filepath.Base(path), fset.Position(n.Pos()).Line)] = files
				}
				return false
			case *ast.BasicLit:
				s, ok := str(n)
				if !ok {
					return true
				}
				name := ""
				switch {
				case strings.Contains(s, "services:"):
					name = "compose.yaml"
				case strings.HasPrefix(strings.TrimSpace(s), "{") && strings.Contains(s, `"target"`):
					name = "docker-bake.json"
				case strings.Contains(s, `target "`) || strings.Contains(s, `group "`):
					name = "docker-bake.hcl"
				default:
					return true
				}
				out[fmt.Sprintf("%s:%d", filepath.Base(path), fset.Position(n.Pos()).Line)] = []File{{Name: name, Data: []byte(s)}}
			}
			return true
		})
	}
	return out
}

func TestSameAsBakeOnTestInputs(t *testing.T) {
	inputs := testInputs(t)
	if len(inputs) < 40 {
		t.Fatalf("found %d test inputs; the extraction is broken", len(inputs))
	}
	vars := map[string]string{"TAG": "v1", "REGISTRY": "ghcr.io/acme"}
	for _, label := range slices.Sorted(maps.Keys(inputs)) {
		checkSame(t, label, inputs[label], vars)
		checkSame(t, label+" without vars", inputs[label], nil)
	}
}

// Generated definitions: targets, groups, inherits chains, variables,
// cache entries of both forms, outputs, matrices and several files.

var (
	genIdent = rapid.SampledFrom([]string{"a", "b", "c", "base", "app", "web", "_common", "x-y"})
	genScope = rapid.SampledFrom([]string{"app", "web", "${SCOPE}", "${TAG}", "main"})
	genKey   = rapid.SampledFrom([]string{"scope", "mode", "ref", "Scope", "dest", "src", "url", "token", "compression"})
	genValue = rapid.SampledFrom([]string{"max", "min", "ghcr.io/o/a:cache", "/tmp/c", "a,b", `q"x`, "", "${SCOPE}", "1"})
)

// broken says whether the definition being generated may hold values
// bake refuses; about a third do, so that most definitions are accepted
// and compared whole.
var broken = rapid.IntRange(0, 2)

func genCacheString(t *rapid.T, bad bool) string {
	form := rapid.IntRange(0, 6).Draw(t, "form")
	if !bad && form == 3 {
		form = 0
	}
	switch form {
	case 0:
		return "type=gha,scope=" + genScope.Draw(t, "scope")
	case 1:
		return "ghcr.io/o/" + genIdent.Draw(t, "img") + ":cache"
	case 2:
		return "ghcr.io/o/a:c1,ghcr.io/o/b:c2"
	case 3:
		return "scope=" + genScope.Draw(t, "scope") // no type
	case 4:
		return `type=local,"dest=/tmp/a,b"`
	case 5:
		return "TYPE=registry,REF=ghcr.io/o/a:cache,mode=max"
	default:
		v := genValue.Draw(t, "v")
		if !bad && strings.Contains(v, `"`) {
			v = "q"
		}
		return "type=" + rapid.SampledFrom([]string{"gha", "registry", "s3", "local", "inline"}).Draw(t, "type") + "," + genKey.Draw(t, "k") + "=" + v
	}
}

func hclString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func genCacheElem(t *rapid.T, bad bool) string {
	if rapid.Bool().Draw(t, "object") {
		var items []string
		types := []string{"gha", "registry", "local", ""}
		if !bad {
			types = types[:3]
		}
		if !bad || rapid.IntRange(0, 4).Draw(t, "typed") > 0 {
			items = append(items, "type = "+hclString(rapid.SampledFrom(types).Draw(t, "type")))
		}
		for i := range rapid.IntRange(0, 3).Draw(t, "attrs") {
			items = append(items, fmt.Sprintf("%q = %s", genKey.Draw(t, fmt.Sprint("k", i)), hclString(genValue.Draw(t, fmt.Sprint("v", i)))))
		}
		if rapid.IntRange(0, 8).Draw(t, "number") == 0 {
			items = append(items, "mode = 1")
		}
		return "{ " + strings.Join(items, ", ") + " }"
	}
	return hclString(genCacheString(t, bad))
}

func genTarget(t *rapid.T, names []string, i int, bad bool) string {
	var b strings.Builder
	name := names[i]
	fmt.Fprintf(&b, "target %q {\n", name)
	if rapid.IntRange(0, 5).Draw(t, "matrix") == 0 {
		legs := []string{"", `, "r"`, `, "p"`}
		fmt.Fprintf(&b, "  matrix = { v = [\"p\", \"q\"%s] }\n", rapid.SampledFrom(legs[:2+boolInt(bad)]).Draw(t, "legs"))
		if !bad || rapid.Bool().Draw(t, "named") {
			fmt.Fprintf(&b, "  name = \"%s-${v}\"\n", name)
		}
	}
	if i > 0 && rapid.Bool().Draw(t, "inherits") {
		var parents []string
		for range rapid.IntRange(1, 2).Draw(t, "parents") {
			parents = append(parents, strconv.Quote(names[rapid.IntRange(0, len(names)-1).Draw(t, "parent")]))
		}
		if bad && rapid.IntRange(0, 10).Draw(t, "missing") == 0 {
			parents = append(parents, `"missing"`)
		}
		fmt.Fprintf(&b, "  inherits = [%s]\n", strings.Join(parents, ", "))
	}
	for _, attr := range []string{"cache-from", "cache-to"} {
		switch rapid.IntRange(0, 6).Draw(t, attr) {
		case 0:
		case 1:
			fmt.Fprintf(&b, "  %s = []\n", attr)
		case 2:
			fmt.Fprintf(&b, "  %s = CACHE\n", attr)
		case 5: // another target's resolved value, through HCL
			fmt.Fprintf(&b, "  %s = target.%s.%s\n", attr, names[rapid.IntRange(0, len(names)-1).Draw(t, "ref")], attr)
		case 6: // a user function
			fmt.Fprintf(&b, "  %s = [cache(%s)]\n", attr, hclString(genScope.Draw(t, "fscope")))
		default:
			var elems []string
			for range rapid.IntRange(1, 4).Draw(t, "elems") {
				elems = append(elems, genCacheElem(t, bad))
			}
			if rapid.IntRange(0, 4).Draw(t, "repeat") == 0 {
				elems = append(elems, elems[0])
			}
			fmt.Fprintf(&b, "  %s = [%s]\n", attr, strings.Join(elems, ", "))
		}
	}
	if rapid.Bool().Draw(t, "tags") {
		fmt.Fprintf(&b, "  tags = [\"ghcr.io/o/%s:${TAG}\", \"\", \"ghcr.io/o/%s:${TAG}\"]\n", name, name)
	}
	if rapid.Bool().Draw(t, "platforms") {
		b.WriteString(`  platforms = ["linux/amd64", "linux/arm64", "linux/amd64"]` + "\n")
	}
	switch rapid.IntRange(0, 5).Draw(t, "output") {
	case 1:
		b.WriteString(`  output = ["type=registry"]` + "\n")
	case 2:
		b.WriteString(`  output = [{ type = "image", push = "true" }, "type=docker"]` + "\n")
	case 3:
		b.WriteString(`  output = ["./out", "-"]` + "\n")
	case 4:
		if bad {
			b.WriteString(`  output = ["dest=x"]` + "\n")
		}
	}
	if rapid.IntRange(0, 3).Draw(t, "context") == 0 {
		b.WriteString("  context = \"./ctx\"\n  dockerfile = \"\"\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func genVariables(t *rapid.T) string {
	var b strings.Builder
	b.WriteString("variable \"TAG\" {\n  default = \"latest\"\n}\n")
	b.WriteString("function \"cache\" {\n  params = [scope]\n  result = \"type=gha,scope=${scope}\"\n}\n")
	switch rapid.IntRange(0, 3).Draw(t, "scope") {
	case 0, 3:
		b.WriteString("variable \"SCOPE\" {}\n")
	case 1:
		b.WriteString("variable \"SCOPE\" {\n  type = string\n  default = \"main\"\n  validation {\n    condition = SCOPE != \"bad\"\n    error_message = \"SCOPE must not be bad\"\n  }\n}\n")
	case 2:
		b.WriteString("variable \"SCOPE\" {\n  default = upper(\"s\")\n}\n")
	}
	switch rapid.IntRange(0, 2).Draw(t, "cache") {
	case 0:
		b.WriteString("variable \"CACHE\" {\n  default = [\"type=gha,scope=v\", { type = \"registry\", ref = \"ghcr.io/o/v:cache\" }]\n}\n")
	case 1:
		b.WriteString("variable \"CACHE\" {\n  type = list(string)\n  default = [\"type=gha\"]\n}\n")
	default:
		b.WriteString("variable \"CACHE\" {\n  default = [\"type=gha\"]\n}\n")
	}
	return b.String()
}

func genDefinition(t *rapid.T) ([]File, map[string]string) {
	names := rapid.SliceOfNDistinct(genIdent, 1, 5, func(s string) string { return s }).Draw(t, "names")
	bad := broken.Draw(t, "broken") == 0
	nfiles := rapid.IntRange(1, 3).Draw(t, "files")
	bodies := make([]strings.Builder, nfiles)
	bodies[0].WriteString(genVariables(t))
	for i := range names {
		f := rapid.IntRange(0, nfiles-1).Draw(t, "file")
		bodies[f].WriteString(genTarget(t, names, i, bad))
		if rapid.IntRange(0, 4).Draw(t, "again") == 0 { // another block of the same target, in the last file
			bodies[nfiles-1].WriteString(genTarget(t, names, i, bad))
		}
	}
	if rapid.Bool().Draw(t, "group") {
		var members []string
		for range rapid.IntRange(1, 3).Draw(t, "members") {
			members = append(members, strconv.Quote(rapid.SampledFrom(append(names, "other")).Draw(t, "member")))
		}
		fmt.Fprintf(&bodies[0], "group \"default\" {\n  targets = [%s]\n}\n", strings.Join(members, ", "))
	}
	files := make([]File, nfiles)
	for i := range files {
		files[i] = File{Name: fmt.Sprintf("docker-bake.%d.hcl", i), Data: []byte(bodies[i].String())}
	}
	if rapid.IntRange(0, 2).Draw(t, "json") == 0 {
		files = append(files, File{Name: "docker-bake.override.json", Data: []byte(genJSON(t, names, bad))})
	}
	if rapid.IntRange(0, 4).Draw(t, "compose") == 0 {
		files = append([]File{{Name: "compose.yaml", Data: []byte(genCompose(t, names, bad))}}, files...)
	}
	vars := map[string]string{}
	if rapid.Bool().Draw(t, "env") {
		scopes := []string{"env", "", "bad"}
		vars["SCOPE"] = rapid.SampledFrom(scopes[:2+boolInt(bad)]).Draw(t, "SCOPE")
	}
	if bad && rapid.IntRange(0, 3).Draw(t, "json env") == 0 {
		vars["CACHE_JSON"] = rapid.SampledFrom([]string{`["type=gha,scope=j"]`, `[{"type":"local","src":"/c"}]`, `nope`}[:2+boolInt(bad)]).Draw(t, "CACHE_JSON")
	}
	return files, vars
}

// genJSON is a JSON bake file over some of the targets: cache lists of
// strings (templates included) and objects, inherits, tags, outputs.
func genJSON(t *rapid.T, names []string, bad bool) string {
	var targets []string
	for _, n := range names[:rapid.IntRange(1, len(names)).Draw(t, "json targets")] {
		var attrs []string
		for _, attr := range []string{"cache-from", "cache-to"} {
			if !rapid.Bool().Draw(t, "json "+attr) {
				continue
			}
			var elems []string
			for range rapid.IntRange(0, 3).Draw(t, "json elems") {
				if rapid.Bool().Draw(t, "json object") {
					elems = append(elems, fmt.Sprintf(`{"type": %q, %q: %q}`, rapid.SampledFrom([]string{"gha", "registry", ""}[:2+boolInt(bad)]).Draw(t, "json type"), genKey.Draw(t, "json key"), genValue.Draw(t, "json value")))
				} else {
					elems = append(elems, strconv.Quote(genCacheString(t, bad)))
				}
			}
			attrs = append(attrs, fmt.Sprintf("%q: [%s]", attr, strings.Join(elems, ", ")))
		}
		if rapid.Bool().Draw(t, "json inherits") {
			attrs = append(attrs, fmt.Sprintf(`"inherits": [%q]`, rapid.SampledFrom(names).Draw(t, "json parent")))
		}
		if rapid.Bool().Draw(t, "json tags") {
			attrs = append(attrs, `"tags": ["ghcr.io/o/j:${TAG}"]`)
		}
		if rapid.IntRange(0, 3).Draw(t, "json output") == 0 {
			attrs = append(attrs, `"output": ["type=image,push=true"]`)
		}
		targets = append(targets, fmt.Sprintf("%q: {%s}", n, strings.Join(attrs, ", ")))
	}
	return fmt.Sprintf(`{"target": {%s}}`, strings.Join(targets, ", "))
}

func genCompose(t *rapid.T, names []string, bad bool) string {
	var b strings.Builder
	b.WriteString("services:\n")
	for _, n := range names[:rapid.IntRange(1, len(names)).Draw(t, "services")] {
		fmt.Fprintf(&b, "  %s:\n    image: ghcr.io/o/%s\n    build:\n      context: .\n", strings.ReplaceAll(n, "_", "u"), n)
		if rapid.Bool().Draw(t, "cache_from") {
			fmt.Fprintf(&b, "      cache_from: [%q]\n", genCacheString(t, bad))
		}
		if rapid.Bool().Draw(t, "x-bake") {
			fmt.Fprintf(&b, "      x-bake:\n        cache-to: %s\n        platforms: linux/amd64 linux/arm64\n", rapid.SampledFrom([]string{`type=gha,mode=max`, `["type=registry,ref=r/x:c"]`, `"scope=x"`}[:2+boolInt(bad)]).Draw(t, "xto"))
			if rapid.IntRange(0, 3).Draw(t, "xout") == 0 {
				b.WriteString("        output: type=registry\n")
			}
		}
	}
	return b.String()
}

func TestSameAsBakeGenerated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		files, vars := genDefinition(t)
		checkSame(t, "generated", files, vars)
	})
}

// TestParseCacheEntrySameAsBuildflags pins the CSV reading of one value.
func TestParseCacheEntrySameAsBuildflags(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.Custom(func(t *rapid.T) string { return genCacheString(t, true) }), rapid.StringMatching(`[a-zA-Z=,"/: ]{0,24}`)).Draw(t, "value")
		got, err1 := ParseCacheEntry([]string{s})
		want, err2 := buildflags.ParseCacheEntry([]string{s})
		if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
			t.Fatalf("%q: ours %v, buildflags %v", s, err1, err2)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d entries, buildflags %d", s, len(got), len(want))
		}
		for i := range got {
			if got[i].Type != want[i].Type || !maps.Equal(got[i].Attrs, want[i].Attrs) {
				t.Fatalf("%q: entry %d %v, buildflags %v", s, i, got[i], want[i])
			}
		}
	})
}

// TestGeneratedDefinitionsAreMostlyAccepted keeps the generator honest: a
// generator whose definitions bake mostly refuses would test little.
func TestGeneratedDefinitionsAreMostlyAccepted(t *testing.T) {
	accepted, total := 0, 0
	rapid.Check(t, func(t *rapid.T) {
		files, vars := genDefinition(t)
		total++
		if theirs(files, vars).err == "" {
			accepted++
		}
	})
	if accepted*3 < total {
		t.Errorf("bake accepts %d of %d generated definitions; want at least a third", accepted, total)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
