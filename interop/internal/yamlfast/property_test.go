package yamlfast

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// gen writes documents of the fast reader's subset.
type gen struct {
	t     *rapid.T
	sb    strings.Builder
	depth int
	keyN  int
}

// plainWords are plain scalars of every resolved kind, as CI files write
// them.
var plainWords = []string{
	"ubuntu-latest", "main", "actions/checkout@v4", "${{ github.sha }}",
	"${{ matrix.platform }}", "type=gha,mode=max", "a#b", "x:y", "http://example.com/a?b=c",
	"docker buildx build --push .", "1", "-1", "+2", "0", "007", "0x1F", "0o17", "0b101", "1_000",
	"1.5", ".5", "1e3", "-.inf", ".NaN", "true", "False", "TRUE", "yes", "no", "on", "off", "null",
	"Null", "~", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "1.24", "v1.2.3", "*.cache-from=x",
	"é", "😀 ship it", "名前", "a b  c", "-x", "?x", ":x", "a,b", "[x", "x]", "{a", "a'b", `a"b`,
	"a\\b", "%x", "x%", "!x", "a!", "&x", "x&", "x*", "<", "<x", "a: b", "a #b", ".", "..", "-",
	"---x", "...x", "[]", "{}", "@x",
}

// keyWords are mapping keys.
var keyWords = []string{
	"name", "on", "runs-on", "steps", "with", "cache-from", "x-bake", "1", "true", "null", "é",
	"😀", "a b", "if", "<", "2001-12-14", "1.5", "~", "y", "n",
}

// validPlain reports whether w is a plain scalar of the subset in block
// context (the words of plainWords that are not are written quoted).
func validPlain(w string) bool {
	if w == "" || strings.Contains(w, ": ") || strings.Contains(w, " #") || strings.HasSuffix(w, ":") {
		return false
	}
	switch w[0] {
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '-', '?', ':':
		if len(w) == 1 || w[1] == ' ' {
			return false
		}
	}
	if strings.HasPrefix(w, "---") || strings.HasPrefix(w, "...") {
		return len(w) > 3 && w[3] != ' '
	}
	return true
}

// validFlowPlain reports whether w is a plain scalar of the subset inside
// a flow collection.
func validFlowPlain(w string) bool {
	return validPlain(w) && !strings.ContainsAny(w, ",[]{}:?#") && w[0] != '-' || w == "-1"
}

func (g *gen) pick(label string, words []string) string {
	return rapid.SampledFrom(words).Draw(g.t, label)
}

func (g *gen) w(s string) { g.sb.WriteString(s) }

// single writes w single-quoted.
func single(w string) string { return "'" + strings.ReplaceAll(w, "'", "''") + "'" }

// double writes w double-quoted with some escapes.
func double(w string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`, "é", `\u00e9`, "😀", `\U0001F600`)
	return `"` + r.Replace(w) + `"`
}

// scalar writes an inline scalar; flow is set inside a flow collection.
func (g *gen) scalar(flow bool) string {
	w := g.pick("word", plainWords)
	style := rapid.IntRange(0, 3).Draw(g.t, "style")
	ok := validPlain(w)
	if flow {
		ok = validFlowPlain(w)
	}
	switch {
	case style == 0 && ok:
		return w
	case style == 1:
		return single(w)
	case style == 2:
		esc := rapid.SampledFrom([]string{"", `\0`, `\a`, `\b`, `\t`, "\\\t", `\n`, `\v`, `\f`, `\r`, `\e`, `\ `, `\"`,
			`\'`, `\\`, `\N`, `\_`, `\L`, `\P`, `\x41`, `\xe9`, `\u263A`, `\U0001F600`, `\U0010FFFF`}).Draw(g.t, "escape")
		q := double(w + rapid.SampledFrom([]string{"", "\t", "é"}).Draw(g.t, "extra"))
		return q[:len(q)-1] + esc + `"`
	default:
		if ok {
			return w
		}
		return single(w)
	}
}

// key writes a mapping key not yet used in its mapping.
func (g *gen) key() string {
	g.keyN++
	w := g.pick("key", keyWords) + fmt.Sprint(g.keyN)
	switch rapid.IntRange(0, 5).Draw(g.t, "keystyle") {
	case 0:
		return single(w)
	case 1:
		return double(w)
	}
	return w
}

// comment maybe writes a comment after a value.
func (g *gen) comment() string {
	if rapid.IntRange(0, 4).Draw(g.t, "comment") == 0 {
		return " # note: 'x' \"y\" #z"
	}
	return ""
}

// gap maybe writes blank and comment lines.
func (g *gen) gap(indent int) {
	for range rapid.IntRange(0, 2).Draw(g.t, "gap") {
		switch rapid.IntRange(0, 3).Draw(g.t, "gapkind") {
		case 0:
			g.w("\n")
		case 1:
			g.w(strings.Repeat(" ", rapid.IntRange(0, 8).Draw(g.t, "blanksp")) + "\n")
		default:
			g.w(strings.Repeat(" ", rapid.IntRange(0, indent+2).Draw(g.t, "csp")) + "# a comment: [x] {y} - z\n")
		}
	}
}

// blockScalar writes a block scalar's header and lines for a node in a
// collection of column parent.
func (g *gen) blockScalar(parent int) {
	g.w(rapid.SampledFrom([]string{"|", ">"}).Draw(g.t, "bs"))
	chomp := rapid.SampledFrom([]string{"", "-", "+"}).Draw(g.t, "chomp")
	ind := rapid.IntRange(0, 3).Draw(g.t, "indind")
	base := parent + 1 + rapid.IntRange(0, 2).Draw(g.t, "bsextra")
	if ind > 0 {
		base = max(parent, 0) + ind
		if parent < 0 {
			base = ind
		}
		if rapid.Bool().Draw(g.t, "indfirst") {
			g.w(fmt.Sprint(ind) + chomp)
		} else {
			g.w(chomp + fmt.Sprint(ind))
		}
	} else {
		g.w(chomp)
	}
	g.w(g.comment() + "\n")
	lines := rapid.IntRange(0, 5).Draw(g.t, "bslines")
	content := false // whether a content line was written
	for range lines {
		switch rapid.IntRange(0, 6).Draw(g.t, "bsline") {
		case 0:
			g.w("\n")
		case 1:
			// Before the first content line, a blank line longer than
			// the content's indentation would set it.
			most := base
			if content || ind > 0 {
				most = base + 2
			}
			g.w(strings.Repeat(" ", rapid.IntRange(0, most).Draw(g.t, "bsblank")) + "\n")
		case 2:
			if content || ind > 0 {
				g.w(strings.Repeat(" ", base+rapid.IntRange(1, 3).Draw(g.t, "more")) + "more indented\n")
				continue
			}
			fallthrough
		default:
			line := rapid.SampledFrom([]string{"docker buildx build \\", "--cache-to type=gha,mode=max", "# not a comment",
				"key: value", "- item", "tab\there", "😀 é", "${{ github.sha }}", "'quoted' \"x\"", "trailing  "}).Draw(g.t, "bstext")
			g.w(strings.Repeat(" ", base) + line + "\n")
			content = true
		}
	}
	for range rapid.IntRange(0, 2).Draw(g.t, "bstrail") {
		g.w("\n")
	}
}

// flow writes a one-line flow collection.
func (g *gen) flow() string {
	n := rapid.IntRange(0, 4).Draw(g.t, "flown")
	var items []string
	if rapid.Bool().Draw(g.t, "flowseq") {
		for range n {
			items = append(items, g.scalar(true))
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	for range n {
		items = append(items, g.key()+": "+g.scalar(true))
	}
	return "{" + strings.Join(items, ", ") + "}"
}

// value writes what follows "key:" in a mapping of column c.
func (g *gen) value(c int) {
	kind := rapid.IntRange(0, 9).Draw(g.t, "valuekind")
	if g.depth > 4 && kind >= 6 {
		kind = 0
	}
	switch kind {
	case 0, 1, 2:
		g.w(" " + g.scalar(false) + g.comment() + "\n")
	case 3:
		// A multi-line plain scalar.
		g.w(" docker buildx build" + "\n")
		for range rapid.IntRange(1, 3).Draw(g.t, "cont") {
			if rapid.Bool().Draw(g.t, "contblank") {
				g.w("\n")
			}
			g.w(strings.Repeat(" ", c+1+rapid.IntRange(0, 3).Draw(g.t, "contsp")) + g.pick("contword", []string{"--push", "--tag x:1", "é", "${{ a }}", "a#b", "x:y"}) + "\n")
		}
	case 4:
		g.w(g.comment() + "\n") // null
	case 5:
		g.w(" ")
		g.blockScalar(c)
	case 6:
		g.w(" " + g.flow() + g.comment() + "\n")
	case 7:
		g.w(g.comment() + "\n")
		g.gap(c)
		g.mapping(c + rapid.IntRange(1, 4).Draw(g.t, "mapind"))
	case 8:
		g.w(g.comment() + "\n")
		g.gap(c)
		g.sequence(c + rapid.IntRange(1, 3).Draw(g.t, "seqind"))
	default:
		g.w("\n")
		g.sequence(c) // at the key's indentation
	}
}

// mapping writes a block mapping at column c, starting on a new line.
func (g *gen) mapping(c int) {
	g.depth++
	defer func() { g.depth-- }()
	n := rapid.IntRange(1, 4).Draw(g.t, "mapn")
	for i := range n {
		if i > 0 {
			g.gap(c)
		}
		g.w(strings.Repeat(" ", c))
		g.mappingPair(c)
	}
}

// mappingPair writes "key: value" at column c, the indentation written.
func (g *gen) mappingPair(c int) {
	g.w(g.key() + ":")
	g.value(c)
}

// sequence writes a block sequence at column c, starting on a new line.
func (g *gen) sequence(c int) {
	g.depth++
	defer func() { g.depth-- }()
	n := rapid.IntRange(1, 4).Draw(g.t, "seqn")
	for i := range n {
		if i > 0 {
			g.gap(c)
		}
		g.w(strings.Repeat(" ", c) + "-")
		g.entry(c)
	}
}

// entry writes what follows the "-" of a sequence entry at column c.
func (g *gen) entry(c int) {
	kind := rapid.IntRange(0, 7).Draw(g.t, "entrykind")
	if g.depth > 4 && kind >= 4 {
		kind = 0
	}
	switch kind {
	case 0, 1:
		g.w(" " + g.scalar(false) + g.comment() + "\n")
	case 2:
		g.w(g.comment() + "\n") // null
	case 3:
		g.w(" ")
		g.blockScalar(c)
	case 4:
		// A compact mapping.
		sp := rapid.IntRange(1, 3).Draw(g.t, "compactsp")
		g.w(strings.Repeat(" ", sp))
		mc := c + 1 + sp
		g.depth++
		g.mappingPair(mc)
		for range rapid.IntRange(0, 2).Draw(g.t, "compactn") {
			g.gap(mc)
			g.w(strings.Repeat(" ", mc))
			g.mappingPair(mc)
		}
		g.depth--
	case 5:
		// A compact sequence.
		g.w(" -")
		g.depth++
		g.entry(c + 2)
		g.depth--
	case 6:
		g.w(" " + g.flow() + "\n")
	default:
		g.w("\n")
		g.mapping(c + rapid.IntRange(1, 3).Draw(g.t, "entryind"))
	}
}

// document draws a whole document of the subset.
func document(t *rapid.T) string {
	g := &gen{t: t}
	g.gap(0)
	if rapid.Bool().Draw(t, "start") {
		g.w("---" + g.comment() + "\n")
		g.gap(0)
	}
	c := rapid.IntRange(0, 2).Draw(t, "rootind")
	switch rapid.IntRange(0, 5).Draw(t, "rootkind") {
	case 0:
		g.sequence(c)
	case 1:
		g.w(g.scalar(false) + "\n")
	case 2:
		g.w(g.flow() + "\n")
	default:
		g.mapping(c)
	}
	g.gap(0)
	if rapid.IntRange(0, 5).Draw(t, "end") == 0 {
		g.w("...\n")
	}
	doc := g.sb.String()
	if rapid.IntRange(0, 3).Draw(t, "nonl") == 0 {
		doc = strings.TrimRight(doc, "\n")
	}
	if rapid.IntRange(0, 4).Draw(t, "crlf") == 0 {
		doc = strings.ReplaceAll(doc, "\n", "\r\n")
	}
	return doc
}

// TestPropertyFastPath: the fast reader takes every generated document of
// the subset, and gives yaml.v3's tree.
func TestPropertyFastPath(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		doc := document(t)
		taken, d := fastDiff([]byte(doc))
		if !taken {
			t.Fatalf("the fast reader fell back on\n%s", doc)
		}
		if d != "" {
			t.Fatalf("%s\non\n%s", d, doc)
		}
	})
}

// mutators are the bytes the mutations insert.
var mutators = []string{"\t", "&a ", "*a", "!", "!!str ", "? ", ":", ": ", "#", " #", "'", `"`, " ", "\n", "-", "- ",
	"[", "]", "{", "}", ",", "|", ">", "\r", "\r\n", "x", "é", "\ufeff", "---\n", "...", "<<: ", "%YAML 1.2\n", "\\", "\x00", "  "}

// mutate applies random edits to doc.
func mutate(t *rapid.T, doc string) string {
	for range rapid.IntRange(1, 4).Draw(t, "edits") {
		lines := strings.SplitAfter(doc, "\n")
		switch rapid.IntRange(0, 4).Draw(t, "edit") {
		case 0, 1:
			at := rapid.IntRange(0, len(doc)).Draw(t, "at")
			doc = doc[:at] + rapid.SampledFrom(mutators).Draw(t, "ins") + doc[at:]
		case 2:
			if len(doc) == 0 {
				continue
			}
			at := rapid.IntRange(0, len(doc)-1).Draw(t, "delat")
			n := rapid.IntRange(1, min(4, len(doc)-at)).Draw(t, "deln")
			doc = doc[:at] + doc[at+n:]
		case 3:
			i := rapid.IntRange(0, len(lines)-1).Draw(t, "swapi")
			j := rapid.IntRange(0, len(lines)-1).Draw(t, "swapj")
			lines[i], lines[j] = lines[j], lines[i]
			doc = strings.Join(lines, "")
		default:
			i := rapid.IntRange(0, len(lines)-1).Draw(t, "dupi")
			lines = append(lines[:i+1], lines[i:]...)
			doc = strings.Join(lines, "")
		}
	}
	return doc
}

// TestPropertyMutated: on generated documents and random edits of them,
// Unmarshal gives yaml.v3's tree and yaml.v3's error text.
func TestPropertyMutated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		doc := document(t)
		if rapid.IntRange(0, 5).Draw(t, "mutate") > 0 {
			doc = mutate(t, doc)
		}
		if d := compare([]byte(doc)); d != "" {
			t.Fatalf("%s\non %q", d, doc)
		}
	})
}
