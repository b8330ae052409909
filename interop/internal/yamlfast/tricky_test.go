package yamlfast

import "testing"

// tricky are documents at the edges of the subset, where the fast reader
// must either agree with yaml.v3 or give up.
var tricky = []string{
	"a: b #c\n", "a: b#c\n", "- #c\n  a: 1\n", "a: |\n  x\n #c\n  y\n", "a:  \n", "\"a\":\n", "- a: 1\n  - b\n",
	"a:\n- b\n- c\n  d\n", "  a: 1\nb: 2\n", "--- |\n  x\n", "[\"a\": b]\n", "{a: b: c}\n", "a: |-", "a: |2\n x\n",
	"a: |1\n   x\n", "- |\n  x\n- y\n", "a: >\n  x\n\n\n  y\n", "a: >\n  x\n   y\n  z\n", "a: >\n   x\n  y\n",
	"a: |\n\n\n", "a: |\n  \n  x\n", "a: |\n   \n  x\n", "- - - x\n  - y\n- z\n", "a: x\n\n\n  y\n", "a: x\n  # c\n  y\n",
	"a: -x\nb: ?x\nc: :x\n", "a: x:\n", "a: x:y:\n", "- -\n", "- - \n", "-\n-\n", "a:\n  -\n  - b\n", "a: [a, b]  # c\n",
	"a: [a,b]\n", "a: [ a , b ]\n", "a: {a: 1,b: 2}\n", "a: {a:1}\n", "a: {'a': 1}\n", "a: {\"a\":1}\n", "a: ['a',\"b\"]\n",
	"a: [-1, -x]\n", "a: [.5, +1]\n", "a: [a b, c  d]\n", "a: [~, null, true]\n", "{}\n", "[]\n", "a: {}\n...\n",
	"a: 'x'\n  y\n", "a: \"x\"\n  y\n", "a: [x]\n  y\n", "a: |\n  x\n  y\n b\n", "k: v\n...", "k: v\n... \n",
	"k: v\n...\n---\n", "a: 1\n---", "#c\n---\n#c\na: 1\n", "---\n---\na: 1\n", "--- #c\n", "- ---\n", "a: ---\n",
	"a: ...\n", "---a: 1\n", "...a: 1\n", "a:\n  ---\n", "a: x\n---\n", "a: x\n...\n", "a: >\n  x\n...\n", "a:\n  b\n...\n",
	"é: é\n  é: é\n", "😀😀: 😀\n😀😀:\n", "a: 'é''é'\n", "- é\n- 😀: x\n  😀😀: y\n", "a:\n- é:\n  é2:\n",
	"a: |\n  é\n  😀\n", "a: [é, 😀]\n", "a: {é: 😀}\n", "- [é]\n-\n", "1: 2\n2: 1\n", "'1': a\n1: b\n",
	"null: a\n~: b\n", "a: 1e\n", "a: 0x\n", "a: 1_\n", "a: 08\n", "a: 0.1.2\n", "a: 2001-12-14 21:59:43.10 -5\n",
	"a: 2001-12-14\n  21:59:43.10\n", "a: 12:30\n", "a: +\n", "a: -\n", "a: .\n", "a: -.\n", "a: 1.\n", "a: .e1\n",
	"a: 0b\n", "a: -0b1\n", "a: -0o7\n", "a: 0o\n", "a: 9223372036854775808\n", "a: -9223372036854775809\n",
	"a: 18446744073709551616\n", "a: Yes\n", "a: NO\n", "a: On\n", "a: y\n", "a: <<\n", "a: <x\n", "'<<': 1\n",
	"a: |+\n\n", "a: |-\n\n  x\n\n", "a: >+\n  x\n\n\nb: 1\n", "a: >\n\n\n  x\n\n\n  y\n", "a: >\n  x\n\n   y\n\n  z\n",
	"a: |\n\tx\n", "a: |\n  \tx\n", "a: |\n x\n\t\n", "a: |\n  x\n \t\n", "a: >\n  x\n  \ty\n  z\n",
	"a: b\n\n# c\n\n  d\n", "a:\n\n\n  b: 1\n", "a:\n  # c\n  b: 1\n", "a:\n# c\n  b: 1\n", "- a\n  # c\n- b\n",
	"a:\n  - b\n  c: 1\n", "a:\n  - b\nc: 1\n", "a:\n- b\nc: 1\n", "- a:\n  - b\n  c: 1\n", "- a:\n  - b\n- c\n",
	"a: 'x' # c\n", "a: \"x\"   #c\n", "a: 'x'  \n", "a: \"\"\n", "a: ''''\n", "a: '''\n", "a: \"\\\"\n",
	"a: \"\\x\"\n", "a: \"\\u12\"\n", "a: \"\\U00110000\"\n", "a: \"\\udfff\"\n", "a: \"\\ue000\"\n", "a: \"\\x00\"\n",
	"a: \"\\\t\"\n", "a: \"x\ty\"\n", "a: 'x\ty'\n", "a: b\n\t\n", "a: b\n  \n", "a: b \n", "a: b\t#c\n",
	"\n\n\na: 1\n", "   \na: 1\n", "# c\n  a: 1\n  b: 2\n", "a:\n  b: 1\n   c: 2\n", "a:\n   b: 1\n  c: 2\n",
	"- a\n -b\n", "- a\n - b\n", "-a\n", "- a\n-b\n", "a:\n -\n  b\n", "a:\n  - - b\n    - c\n  - d\n",
}

// TestTricky: on the documents at the edges of the subset, Unmarshal and
// the fast reader agree with yaml.v3.
func TestTricky(t *testing.T) {
	taken := 0
	for _, doc := range tricky {
		if d := compare([]byte(doc)); d != "" {
			t.Errorf("%q: %s", doc, d)
		}
		ok, d := fastDiff([]byte(doc))
		if d != "" {
			t.Errorf("%q: fast reader: %s", doc, d)
		}
		if ok {
			taken++
		}
	}
	t.Logf("fast path for %d of %d", taken, len(tricky))
}
