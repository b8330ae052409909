package yamlfast

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"pgregory.net/rapid"
)

// TestSubset: each construct of the subset takes the fast path and gives
// yaml.v3's tree.
func TestSubset(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"mapping", "a: 1\nb: x\n"},
		{"nested mappings", "a:\n  b:\n    c: d\n  e: f\ng: h\n"},
		{"odd indentation", "a:\n   b:\n        c: d\n   e: 1\n"},
		{"indented root", "  a: 1\n  b: 2\n"},
		{"sequence", "- a\n- b\n"},
		{"sequence at the key's indentation", "k:\n- a\n- b\nj: 1\n"},
		{"indented sequence", "k:\n    - a\n    - b\n"},
		{"compact mapping", "- a: 1\n  b: 2\n- c: 3\n"},
		{"compact mapping, wide", "-   a: 1\n    b: 2\n"},
		{"compact sequence", "- - a\n  - b\n- - - c\n"},
		{"sequence of mappings on the next line", "-\n  a: 1\n"},
		{"null value", "a:\nb: 1\n"},
		{"null value at the end", "a:"},
		{"null value before a dedent", "a:\n  b:\nc:\n"},
		{"null value with a comment", "a:   # c\nb:\n"},
		{"null entry", "-\n- b\n-"},
		{"null entry before a mapping", "- a:\n- b\n"},
		{"null entries of an indentless sequence", "k:\n- a:\n  b:\n"},
		{"plain words", "a: ubuntu-latest\nb: ${{ github.sha }}\nc: a#b\nd: x:y\ne: http://h/p?q=1\n"},
		{"resolved tags", "a: 1\nb: -1.5\nc: true\nd: null\ne: ~\nf: 2001-12-14\ng: 0x1F\nh: .inf\ni: 1_000\nj: 0o17\nk: yes\nl: False\n"},
		{"keys of other tags", "1: a\ntrue: b\nnull: c\n1.5: d\n"},
		{"empty key values", "'': a\n\"x\": b\n"},
		{"single-quoted", "a: 'it''s # not: a comment'\nb: ''\n"},
		{"double-quoted", `a: "x\ty\n\"z\" \\ \' \u00e9 \U0001F600 \x41 \0 \e \N \_ \L \P \a \b \v \f \r \ "` + "\n"},
		{"double-quoted with a tab escape", "a: \"x\\\ty\"\n"},
		{"quoted keys", "'a b': 1\n\"c\": 2\n"},
		{"quoted keys in a sequence", "- 'a': 1\n  \"b\": 2\n"},
		{"literal", "a: |\n  x\n   y\n\n  z\nb: 1\n"},
		{"literal, strip", "a: |-\n  x\n\n\nb: 1\n"},
		{"literal, keep", "a: |+\n  x\n\n\nb: 1\n"},
		{"literal, keep at the end", "a: |+\n  x\n\n"},
		{"literal without a final line break", "a: |\n  x"},
		{"literal with an indentation indicator", "a: |2\n   x\n  y\n"},
		{"literal with both indicators", "a: |-1\n  x\nb: >+2\n   y\n\n"},
		{"literal, indicators the other way", "a: |1-\n  x\n"},
		{"literal with tabs in its text", "a: |\n  x\ty\n  \tz\n"},
		{"literal with comment lines", "a: |\n  # not a comment\n  x\n# a comment\nb: 1\n"},
		{"literal in a sequence", "- |\n  x\n- >\n  y\n  z\n"},
		{"literal in an indentless sequence", "k:\n- |\n  x\n"},
		{"literal with a header comment", "a: | # c\n  x\n"},
		{"literal, empty", "a: |\nb: 1\n"},
		{"literal, empty at the end", "a: |"},
		{"literal, only blank lines", "a: |+\n\n  \n"},
		{"literal at the top", "|\n x\n"},
		{"literal with blank lines longer than its indentation", "a: |\n  x\n     \n  y\n"},
		{"folded", "a: >\n  x\n  y\n\n  z\n   w\n  v\n"},
		{"folded, strip and keep", "a: >-\n  x\n  y\nb: >+\n  z\n\n"},
		{"folded with leading blank lines", "a: >\n\n  x\n"},
		{"flow sequence", "a: [main, 'v*', \"x\", 1]\n"},
		{"flow sequence, trailing comma", "a: [a, b,]\n"},
		{"flow mapping", "a: {x: 1, 'y': \"z\"}\n"},
		{"empty flows", "a: []\nb: {}\nc: [ ]\n"},
		{"flow at the top", "[a, b]\n"},
		{"flow in a sequence", "- [a]\n- {b: c}\n"},
		{"comments and blank lines", "# head\n\na: 1 # line\n  # indented\n\n# between\nb: 2\n\n# foot\n"},
		{"blank lines of spaces", "a: 1\n   \n\nb: 2\n"},
		{"document start", "---\na: 1\n"},
		{"document start after comments", "# c\n\n---\na: 1"},
		{"document start with a comment", "--- # c\na: 1\n"},
		{"document end", "a: 1\n...\n"},
		{"document end, then blank lines", "a: 1\n...\n\n"},
		{"non-ASCII", "name: 😀 ship it\n😀: [é, 名前]\nk: {名: 前}\n\"é\": 'ü'\n"},
		{"non-ASCII before a null", "é: \n😀:\n"},
		{"multi-line plain", "a: docker buildx build\n  --push\n\n  --tag x\nb: 1\n"},
		{"multi-line plain in a sequence", "- docker build\n    --push .\n  # a comment\n- x\n"},
		{"multi-line plain, comment at the end", "a: x\n  y # c\nb: 1\n"},
		{"multi-line plain at the end", "a: x\n  y"},
		{"multi-line plain resolved", "a: 2001-12-14\n  21:59:43.10\n"},
		{"multi-line plain before an end marker", "a\n...\n"},
		{"plain on the next line", "a:\n  x\nb: 1\n"},
		{"plain at the top", "x\n"},
		{"multi-line plain at the top", "a\nb\n\n c\n"},
		{"long key", strings.Repeat("k", 1000) + ": v\n"},
		{"no final line break", "a: 1"},
		{"CRLF", "# c\r\na: 1\r\nb: |\r\n  x\r\n\r\n  y\r\nc: >-\r\n  x\r\n  y\r\nd: x\r\n  y\r\n\r\n  z\r\ne:\r\n- 'q'\r\n- [a, b]\r\n...\r\n"},
		{"many keys", strings.Repeat("x", 0) + "k1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\nk7: 7\nk8: 8\nk9: 9\nk10: 10\nk11: 11\nk12: 12\nk13: 13\nk14: 14\nk15: 15\nk16: 16\nk17: 17\nk18: 18\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			taken, d := fastDiff([]byte(tt.doc))
			if !taken {
				t.Fatalf("the fast reader fell back on %q", tt.doc)
			}
			if d != "" {
				t.Fatalf("%q: %s", tt.doc, d)
			}
		})
	}
}

// TestFallback: each construct outside the subset makes the fast reader
// give up, and Unmarshal then gives yaml.v3's tree and error.
func TestFallback(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"empty", ""},
		{"only comments", "# c\n\n"},
		{"only a start marker", "---\n"},
		{"content on the start marker's line", "--- a\n"},
		{"two documents", "a: 1\n---\nb: 2\n"},
		{"content after the end marker", "a: 1\n...\nb\n"},
		{"comment after the end marker", "a: 1\n...\n# c\n"},
		{"directive", "%YAML 1.2\n---\na: 1\n"},
		{"anchor", "a: &x 1\n"},
		{"alias", "a: &x 1\nb: *x\n"},
		{"merge key", "a: &x {b: 1}\nc:\n  <<: *x\n"},
		{"merge key written plainly", "<<: {b: 1}\n"},
		{"tag", "a: !x 1\n"},
		{"standard tag", "a: !!str 1\n"},
		{"complex key", "? a\n: b\n"},
		{"tab indentation", "a:\n\tb: 1\n"},
		{"tab after a colon", "a:\tb\n"},
		{"tab in a plain scalar", "a: b\tc\n"},
		{"tab after a value", "a: b\t\n"},
		{"tab in a blank line", "a: 1\n\t\nb: 2\n"},
		{"duplicate keys", "a: 1\na: 2\n"},
		{"duplicate keys, many", "k1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\nk7: 7\nk8: 8\nk9: 9\nk10: 10\nk11: 11\nk12: 12\nk13: 13\nk14: 14\nk15: 15\nk16: 16\nk17: 17\nk1: 18\n"},
		{"duplicate keys, quoted", "a: 1\n'a': 2\n"},
		{"duplicate keys, escaped", "\"\\u0061\": 1\na: 2\n"},
		{"duplicate flow keys", "{a: 1, a: 2}\n"},
		{"carriage return", "a: 1\rb: 2\r"},
		{"carriage return at the end", "a: 1\r"},
		{"carriage return before a line break", "a: 1\r\r\n"},
		{"byte order mark", "\ufeffa: 1\n"},
		{"control character", "a: \x01\n"},
		{"delete character", "a: \x7f\n"},
		{"invalid UTF-8", "a: \xff\n"},
		{"next line character", "a: x\u0085y\n"},
		{"line separator", "a: x\u2028y\n"},
		{"multi-line double-quoted", "a: \"x\n  y\"\n"},
		{"multi-line single-quoted", "a: 'x\n  y'\n"},
		{"escaped line break", "a: \"x\\\n  y\"\n"},
		{"unknown escape", "a: \"\\q\"\n"},
		{"escaped slash", "a: \"\\/\"\n"},
		{"surrogate escape", "a: \"\\ud800\"\n"},
		{"short escape", "a: \"\\u00\"\n"},
		{"bad hex escape", "a: \"\\x4g\"\n"},
		{"unclosed quote", "a: 'x\n"},
		{"unclosed quote at the end", "a: \"x"},
		{"junk after a quoted scalar", "a: \"x\" y\n"},
		{"comment right after a quote", "a: 'x'#c\n"},
		{"quoted key without a space", "\"a\":b\n"},
		{"nested flow", "a: [[1]]\n"},
		{"multi-line flow", "a: [1,\n  2]\n"},
		{"flow mapping without a value", "{a}\n"},
		{"flow pair in a sequence", "[a: b]\n"},
		{"empty flow entry", "[a, , b]\n"},
		{"flow plain with a colon", "[http://x]\n"},
		{"flow plain with a comment", "[a #b]\n"},
		{"flow key", "[a]: b\n"},
		{"flow mapping value missing", "{a: }\n"},
		{"space before a colon", "a : b\n"},
		{"key too long", strings.Repeat("k", 1001) + ": v\n"},
		{"mapping on a value's line", "a: b: c\n"},
		{"sequence on a value's line", "a: - b\n"},
		{"sequence after a mapping", "a: 1\n- b\n"},
		{"mapping after a sequence", "- a\nb: 1\n"},
		{"bad indentation", "a:\n  b: 1\n c: 2\n"},
		{"more indented key", "a: 1\n  b: 2\n"},
		{"more indented entry", "- a\n  - b\n"},
		{"multi-line key", "a: b\n  c: d\n"},
		{"continuation starting an entry", "a: b\n  - c\n"},
		{"block scalar indicator 0", "a: |0\n  x\n"},
		{"block scalar junk", "a: |x\n  x\n"},
		{"block scalar comment without a space", "a: |#c\n  x\n"},
		{"block scalar tab indentation", "a: |\n \tx\n"},
		{"reserved indicator", "a: @x\n"},
		{"backquote", "a: `x`\n"},
		{"percent value", "a: %x\n"},
		{"question mark value", "a: ? b\n"},
		{"colon value", "a: : b\n"},
		{"too deep", strings.Repeat("- ", maxDepth+1) + "x\n"},
		{"escape at the end", "a: \"x\\"},
		{"hex escape at the end", "a: \"\\u0"},
		{"unclosed flow at the end", "a: [b"},
		{"flow entry missing at the end", "a: [x,"},
		{"flow value missing at the end", "a: {x: "},
		{"flow dash", "a: [-]\n"},
		{"flow dash and space", "a: [- x]\n"},
		{"flow dash and dot", "a: [-.5]\n"},
		{"flow merge key", "a: [<<]\n"},
		{"tab in a continuation", "a: b\n  c\td\n"},
		{"tab after a continuation's comment", "a: b\n  c #x\n\td\n"},
		{"tab after a null entry", "-\n\tx\n"},
		{"anchor in an entry on the next line", "-\n  &a x\n"},
		{"more indented after a flow entry", "- [a]\n  b\n"},
		{"more indented after a quoted entry", "- 'a'\n  b\n"},
		{"error: unclosed flow", "a: [b\n"},
		{"error: bad alias", "a: *nope\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n yaml.Node
			if parse(nil, []byte(tt.doc), &n) {
				t.Fatalf("the fast reader took %q", tt.doc)
			}
			if d := compare([]byte(tt.doc)); d != "" {
				t.Fatalf("%q: %s", tt.doc, d)
			}
		})
	}
}

// TestFallbackClearsComments: a tree that yaml.v3 reads has no comments
// either.
func TestFallbackClearsComments(t *testing.T) {
	var n yaml.Node
	if err := Unmarshal([]byte("# head\na: &x 1 # line\n# foot\n"), &n); err != nil {
		t.Fatal(err)
	}
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		if n.HeadComment != "" || n.LineComment != "" || n.FootComment != "" {
			t.Errorf("a comment is left: %+v", n)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&n)
	if n.Content[0].Content[1].Anchor != "x" {
		t.Errorf("the fallback lost the anchor")
	}
}

// TestErrorsAreYAMLv3s: the error of an input yaml.v3 refuses is its own,
// word for word.
func TestErrorsAreYAMLv3s(t *testing.T) {
	for _, doc := range []string{"a: [b\n", "a: b: c\n", "a:\n\tb\n", "a: 'x\n", "a: 1\n b: 2\n", "- a\nb: 1\n", "\"\\q\"\n"} {
		var want, got yaml.Node
		wantErr := yaml.Unmarshal([]byte(doc), &want)
		gotErr := Unmarshal([]byte(doc), &got)
		if wantErr == nil || gotErr == nil || gotErr.Error() != wantErr.Error() {
			t.Errorf("%q: error %v, want %v", doc, gotErr, wantErr)
		}
	}
}

// TestSlabs: trees larger than the first slabs' estimate (long flow
// sequences make more than two nodes a line) are read whole, and one
// read's nodes are not another's.
func TestSlabs(t *testing.T) {
	doc := "a: [" + strings.Repeat("x, ", 500) + "y]\nb: [" + strings.Repeat("z, ", 300) + "w]\n"
	taken, d := fastDiff([]byte(doc))
	if !taken || d != "" {
		t.Fatalf("taken %v, diff %s", taken, d)
	}
	var n1, n2 yaml.Node
	if err := Unmarshal([]byte("a: 'x''y'\n"), &n1); err != nil {
		t.Fatal(err)
	}
	if err := Unmarshal([]byte("b: 'z''w'\n"), &n2); err != nil {
		t.Fatal(err)
	}
	if v := n1.Content[0].Content[1].Value; v != "x'y" {
		t.Errorf("the first tree's value changed to %q", v)
	}
	n1.Content[0].Content = append(n1.Content[0].Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "extra"})
	if len(n2.Content[0].Content) != 2 || n2.Content[0].Content[1].Value != "z'w" {
		t.Errorf("appending to one tree changed another")
	}
}

// naiveCheckChars is checkChars one rune at a time, as yaml.v3's reader
// judges them.
func naiveCheckChars(data []byte) (ascii, crlf bool, lines int, ok bool) {
	ascii, lines = true, 1
	s := string(data)
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return false, false, 0, false
		case r == '\n':
			lines++
		case r == '\r' && strings.HasPrefix(s[i:], "\r\n"):
			crlf = true
		case r == '\t', r >= 0x20 && r <= 0x7e:
		case r == 0x85, r == 0x2028, r == 0x2029, r == 0xfeff, r == '\r':
			return false, false, 0, false
		case r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd, r >= 0x10000 && r <= 0x10ffff:
		default:
			return false, false, 0, false
		}
		if r >= 0x80 {
			ascii = false
		}
	}
	return ascii, crlf, lines, true
}

// TestPropertyCheckChars: the eight-bytes-at-once check agrees with one
// rune at a time.
func TestPropertyCheckChars(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := rapid.SliceOfN(rapid.SampledFrom([]byte("ab: -\n\t#'\"")), 0, 40).Draw(t, "base")
		for range rapid.IntRange(0, 3).Draw(t, "odd") {
			at := rapid.IntRange(0, len(base)).Draw(t, "at")
			ins := rapid.SampledFrom([]string{"\x00", "\x1f", "\x7f", "\x80", "\xff", "\r", "\r\n", "é", "\u0085", "\u00a0", "\u2028",
				"\ufeff", "\ufffd", "\U0001F600", "\xed\xa0\x80", "\xef\xbf\xbe", string([]byte{byte(rapid.IntRange(0, 255).Draw(t, "b"))})}).Draw(t, "ins")
			base = append(base[:at], append([]byte(ins), base[at:]...)...)
		}
		a1, c1, l1, ok1 := checkChars(base)
		a2, c2, l2, ok2 := naiveCheckChars(base)
		if ok1 != ok2 || (ok1 && (a1 != a2 || c1 != c2 || l1 != l2)) {
			t.Fatalf("%q: checkChars %v %v %d %v, one at a time %v %v %d %v", base, a1, c1, l1, ok1, a2, c2, l2, ok2)
		}
	})
}

// TestNilNode: a nil target gets yaml.v3's answer, panic or error alike.
func TestNilNode(t *testing.T) {
	run := func(f func([]byte, *yaml.Node) error) (msg string) {
		defer func() {
			if r := recover(); r != nil {
				msg = fmt.Sprint("panic: ", r)
			}
		}()
		return fmt.Sprint(f([]byte("a: 1\n"), nil))
	}
	want := run(func(d []byte, n *yaml.Node) error { return yaml.Unmarshal(d, n) })
	if got := run(Unmarshal); got != want {
		t.Errorf("Unmarshal(nil) = %s, want %s", got, want)
	}
}

// TestOverwrites: Unmarshal replaces the whole target, as yaml.v3 does.
func TestOverwrites(t *testing.T) {
	for _, doc := range []string{"a: 1\n", "a: &x 1\n"} {
		got := yaml.Node{Kind: yaml.SequenceNode, Anchor: "old", Content: []*yaml.Node{{Value: "old"}}}
		want := got
		if err := Unmarshal([]byte(doc), &got); err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatal(err)
		}
		stripComments(&want)
		if d := deepDiff(&got, &want); d != "" {
			t.Errorf("%q: %s", doc, d)
		}
	}
}

// TestPropertyPlainTag: plainTag resolves a plain scalar as yaml.v3
// does, and leaves only the merge key to it.
func TestPropertyPlainTag(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.OneOf(
			rapid.SampledFrom(append(plainWords, "", "~", "~x", "<<", "<", "n", "nul", "NULL", "Null", "nULL", "t", "tru",
				"True", "tRUE", "f", "FALSE", "fAlse", "o", "Off", "y", "Y", "+", "-", ".", "+.inf", "-.Inf", ".nan", "0.", "1e",
				"1__0", "0x_1", "+0b1", "-0o7", "2001-1-1", "2001-12-14 21:59:43.10 -5")),
			rapid.StringMatching(`[-+.0-9eExobA-F_:tTfFnNyY~<]{0,8}`),
		).Draw(t, "v")
		got := plainTag(v)
		want := (&yaml.Node{Kind: yaml.ScalarNode, Value: v}).ShortTag()
		if v == "<<" {
			want = ""
		}
		if got != want {
			t.Fatalf("plainTag(%q) = %q, yaml.v3 resolves %q", v, got, want)
		}
	})
}
