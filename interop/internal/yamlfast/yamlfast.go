// Package yamlfast reads YAML into go.yaml.in/yaml/v3's node tree several
// times cheaper than yaml.v3 does, for the common subset of YAML that CI
// and compose files are made of.
//
// [Unmarshal] tries a hand-written reader first. The moment that reader
// meets anything outside its subset, or anything it is not sure of (every
// error included), it gives up and hands the whole input to
// yaml.Unmarshal, so the tree and the errors are always yaml.v3's own.
// Comments are not kept: the comment fields of the nodes are left empty,
// on either path.
//
// # The subset
//
// One document (an optional leading "---" line, an optional final "..."
// line followed by blank lines only) made of:
//
//   - block mappings and block sequences at any depth and any
//     indentation, a sequence at its key's indentation ("key:\n- item"),
//     compact forms ("- key: v\n  key2: v2", "- - x") and empty values
//     (null scalars, placed right after their ':' or '-' as yaml.v3 places
//     them);
//   - plain scalars, multi-line ones included (folded as yaml.v3 folds
//     them), with their tags resolved as yaml.v3 resolves them;
//     single-line single-quoted and double-quoted scalars (every escape
//     yaml.v3 knows, but escaped line breaks); literal and folded block
//     scalars with any chomping and indentation indicator, blank lines,
//     tabs in their text and trailing blank lines kept, clipped or
//     stripped exactly as yaml.v3 does;
//   - one-line flow sequences and flow mappings of scalars ("[a, 'b']",
//     "{a: 1, b: "x"}", "[]", "{}", a trailing comma);
//   - comments and blank lines anywhere, non-ASCII text (columns count
//     characters, as yaml.v3 counts them).
//
// Anchors, aliases, tags, merge keys, complex keys ("? "), directives,
// several documents, duplicate keys, tabs outside scalars, "key :" with a
// space before the colon, keys longer than 1,000 bytes, multi-line quoted
// scalars, nested or multi-line flow collections, plain scalars in flow
// collections with ':', '?' or '#' in them, carriage returns, byte order
// marks, nesting deeper than 512 levels, control characters and anything
// else go to yaml.v3.
//
// # Speed
//
// Nodes come from slabs sized by the number of lines, Content slices are
// carved from one shared slice of pointers, and the value of every scalar
// that is a substring of the input is a substring of one string copy of
// it; values that must be built (escapes, block scalars, multi-line
// plain scalars) share one more string. See the section "Fast YAML
// reader" of docs/PERFORMANCE.md for the figures.
package yamlfast

import (
	"bytes"
	"encoding/binary"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Unmarshal decodes the first document of data into n exactly as
// yaml.Unmarshal(data, n) does for a *yaml.Node, except that comment
// fields (HeadComment, LineComment, FootComment) are left empty. The
// errors are yaml.v3's own.
func Unmarshal(data []byte, n *yaml.Node) error { return UnmarshalIn(nil, data, n) }

// Arena is the memory of the nodes of a tree UnmarshalIn reads, kept for
// the next tree it reads: a reader that reads file after file, and keeps
// none of a file's nodes once it is done with it, reads without
// allocating its nodes again. The zero Arena is ready to use; an Arena is
// not safe for concurrent use.
type Arena struct {
	slab []yaml.Node
	ptrs []*yaml.Node
}

// Poison overwrites the nodes a keeps with nodes that hold nothing of any
// document, for tests that check that no tree is used after its arena
// read another.
func (a *Arena) Poison() {
	s := a.slab[:cap(a.slab)]
	for i := range s {
		s[i] = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "\x00poisoned", Line: 1 << 20, Column: 1 << 20}
	}
	p := a.ptrs[:cap(a.ptrs)]
	for i := range p {
		p[i] = &poisoned
	}
}

// poisoned is what Poison points Content slices at.
var poisoned = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "\x00poisoned"}

// PoisonArenas, set by tests, makes the readers that read with arenas
// Poison them when they are done with a tree.
var PoisonArenas bool

// maxArena is the most nodes an Arena keeps (about 1.5 MB).
const maxArena = 10_000

// UnmarshalIn is Unmarshal with the nodes of the fast path taken from a
// (nil: allocated). The tree it reads into n is valid until the next
// UnmarshalIn with a: that one reuses its nodes. The scalars' values are
// strings of their own, which stay valid.
func UnmarshalIn(a *Arena, data []byte, n *yaml.Node) error {
	if n == nil {
		return yaml.Unmarshal(data, n)
	}
	if parse(a, data, n) {
		return nil
	}
	err := yaml.Unmarshal(data, n)
	clearComments(n)
	return err
}

// clearComments empties the comment fields of a tree.
func clearComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		clearComments(c)
	}
}

// maxDepth bounds the nesting the fast reader follows; deeper documents
// go to yaml.v3, which has limits of its own.
const maxDepth = 512

// maxKey is the longest simple key, in bytes, the fast reader accepts
// (YAML limits simple keys to 1024 characters).
const maxKey = 1000

// parse reads data with the fast reader and, when data is in the subset,
// stores the document in n and reports true; otherwise it leaves n alone
// and reports false.
func parse(a *Arena, data []byte, n *yaml.Node) (ok bool) {
	ascii, crlf, lines, ok := checkChars(data)
	if !ok {
		return false
	}
	s := string(data)
	if crlf {
		// yaml.v3 reads "\r\n" as one line break and gives "\n" for it
		// in values; a carriage return can only end a line, so no
		// column moves when the breaks are made "\n" first.
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	p := parsers.Get().(*parser)
	defer p.release()
	*p = parser{s: s, ascii: ascii, colStart: -1, lines: lines,
		stack: p.stack[:0], buf: p.buf[:0], built: p.built[:0]}
	// A line of a CI file makes two nodes, a few make three ("- key:
	// v"), flow collections more: the slabs start a little above two a
	// line, and grow by what the lines read so far make a line.
	want := 2*lines + lines/8 + 8
	p.arena = a
	if a != nil && cap(a.slab) >= want {
		p.slab, p.ptrs = a.slab[:0], a.ptrs[:0]
	} else {
		p.slab = make([]yaml.Node, 0, want)
		p.ptrs = make([]*yaml.Node, 0, want)
	}
	first, firstPtrs := p.slab, p.ptrs
	doc, ok := p.document()
	if !ok {
		return false
	}
	p.fixBuilt()
	*n = *doc
	if a != nil && cap(first) <= maxArena {
		a.slab, a.ptrs = first[:0], firstPtrs[:0] // the first slab, sized for files like this one
	}
	return true
}

// parsers keeps the scratch space of finished reads (their stacks and
// buffers) for the next ones.
var parsers = sync.Pool{New: func() any { return new(parser) }}

// maxScratch is the largest scratch buffer, in bytes, kept for reuse.
const maxScratch = 1 << 16

// release drops what the parser refers to and returns its scratch space
// to the pool.
func (p *parser) release() {
	clear(p.stack[:cap(p.stack)])
	clear(p.built[:cap(p.built)])
	stack, buf, built := p.stack[:0], p.buf[:0], p.built[:0]
	if cap(stack)*8 > maxScratch || cap(buf) > maxScratch || cap(built)*24 > maxScratch {
		return
	}
	*p = parser{stack: stack, buf: buf, built: built}
	parsers.Put(p)
}

// checkChars reports whether every character of data is one the fast
// reader handles the way yaml.v3 does (printable, no line break but '\n'
// and "\r\n", no byte order mark), whether all are ASCII, whether there
// is a "\r\n", and how many lines data has.
func checkChars(data []byte) (ascii, crlf bool, lines int, ok bool) {
	ascii = true
	lines = 1 + bytes.Count(data, []byte{'\n'})
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i, end := 0, 0; i < len(data); {
		if i >= end && i+8 <= len(data) {
			// Eight printable ASCII bytes at once: no high bit, none
			// below 0x20, none equal to 0x7f. Otherwise the eight are
			// looked at one by one.
			w := binary.LittleEndian.Uint64(data[i:])
			if (w|(w-0x20*ones)|((w^0x7f*ones)-ones))&highs == 0 {
				i += 8
				continue
			}
			end = i + 8
		}
		b := data[i]
		if b < utf8.RuneSelf {
			if b < 0x20 || b == 0x7f {
				switch {
				case b == '\n' || b == '\t':
				case b == '\r' && i+1 < len(data) && data[i+1] == '\n':
					crlf = true
				default:
					return false, false, 0, false
				}
			}
			i++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return false, false, 0, false
		case r == 0x2028 || r == 0x2029 || r == 0xfeff:
			return false, false, 0, false
		case r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd, r >= 0x10000 && r <= 0x10ffff:
		default:
			return false, false, 0, false
		}
		i += size
	}
	return ascii, crlf, lines, true
}

// built is a scalar whose value was built in the parser's buffer.
type built struct {
	n          *yaml.Node
	start, end int
}

// parser is the state of one fast read.
type parser struct {
	s     string // the input
	ascii bool   // whether s is all ASCII (columns are then byte offsets)

	// The current content line: pos is the offset of its first
	// non-space byte, col its column (0-based), line its line (0-based),
	// lineStart the offset of its first byte; eof is set at the end of
	// the document.
	pos, col, line, lineStart int
	eof                       bool
	started                   bool // past the document's start

	depth int
	lines int // the number of lines of s
	made  int // the number of nodes made

	// The last column computed: offset colOff on the line that starts at
	// colStart is at column colVal.
	colStart, colOff, colVal int

	arena *Arena       // where slab comes from, or nil
	slab  []yaml.Node  // nodes are carved from here
	ptrs  []*yaml.Node // Content slices are carved from here
	stack []*yaml.Node // children of the collections being read

	buf   []byte  // values that are not substrings of s
	built []built // the nodes whose Value lies in buf
}

// newNode returns a fresh node from the slab.
func (p *parser) newNode() *yaml.Node {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]yaml.Node, 0, p.more())
	}
	p.slab = p.slab[:len(p.slab)+1]
	p.made++
	n := &p.slab[len(p.slab)-1]
	if p.arena != nil {
		*n = yaml.Node{} // a node of the arena's last tree
	}
	return n
}

// more returns the size of a new slab: the lines left times the nodes
// made per line so far, at least a quarter of the nodes made so far (so
// that long flow lines grow the slabs geometrically), and at least 16.
func (p *parser) more() int {
	return max((p.lines-p.line)*p.made/(p.line+1)+8, p.made/4, 16)
}

// content moves the children stacked since mark (at least one) into a
// Content slice.
func (p *parser) content(mark int) []*yaml.Node {
	k := len(p.stack) - mark
	if cap(p.ptrs)-len(p.ptrs) < k {
		p.ptrs = make([]*yaml.Node, 0, p.more()+k)
	}
	start := len(p.ptrs)
	p.ptrs = append(p.ptrs, p.stack[mark:]...)
	p.stack = p.stack[:mark]
	return p.ptrs[start : start+k : start+k]
}

// fixBuilt sets the values built in the buffer, all sharing one string.
func (p *parser) fixBuilt() {
	if len(p.built) == 0 {
		return
	}
	s := string(p.buf)
	for _, b := range p.built {
		b.n.Value = s[b.start:b.end]
	}
}

// column returns the column (0-based, in characters as yaml.v3 counts
// them) of offset i on the current line. On a line with non-ASCII text it
// counts on from the last offset it was asked about, so that the tokens of
// one long line cost linear time.
func (p *parser) column(i int) int {
	if p.ascii {
		return i - p.lineStart
	}
	if p.colStart != p.lineStart || i < p.colOff {
		p.colStart, p.colOff, p.colVal = p.lineStart, p.lineStart, 0
	}
	p.colVal += utf8.RuneCountInString(p.s[p.colOff:i])
	p.colOff = i
	return p.colVal
}

// isBlankz reports whether offset i is a space, a tab, a line break or
// the end of the input.
func (p *parser) isBlankz(i int) bool {
	if i >= len(p.s) {
		return true
	}
	c := p.s[i]
	return c == ' ' || c == '\t' || c == '\n'
}

// at returns the byte at offset i, or 0 past the end.
func (p *parser) at(i int) byte {
	if i < len(p.s) {
		return p.s[i]
	}
	return 0
}

// skipLines moves from the start of a line (offset i, line number line)
// to the next line that has content other than spaces and a comment,
// setting pos, col, line and lineStart, or eof. It reports false for
// what the fast reader does not handle there: tabs in indentation and
// document markers other than a final "...".
func (p *parser) skipLines(i int) bool {
	s := p.s
	for {
		p.lineStart = i
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			p.eof = true
			p.pos = i
			return true
		}
		switch s[i] {
		case '\n':
			i++
			p.line++
			continue
		case '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			continue
		case '\t':
			return false
		}
		p.pos = i
		p.col = i - p.lineStart
		if p.col == 0 && i+3 <= len(s) && p.isBlankz(i+3) &&
			(s[i:i+3] == "---" || s[i:i+3] == "...") {
			if s[i] == '-' {
				if !p.started {
					return true // the document's start
				}
				return false
			}
			// A final "...": only blank lines may follow.
			for j := i + 3; j < len(s); j++ {
				if s[j] != ' ' && s[j] != '\n' {
					return false
				}
			}
			p.eof = true
		}
		return true
	}
}

// endLine checks that only spaces and a comment follow offset i on its
// line and moves to the next content line.
func (p *parser) endLine(i int) bool {
	s := p.s
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j < len(s) && s[j] == '#' {
		if j == i {
			return false // a comment must follow a space
		}
		for j < len(s) && s[j] != '\n' {
			j++
		}
	}
	if j >= len(s) {
		p.eof = true
		p.pos = j
		return true
	}
	if s[j] != '\n' {
		return false
	}
	p.line++
	return p.skipLines(j + 1)
}

// document reads the whole input as one document.
func (p *parser) document() (*yaml.Node, bool) {
	if !p.skipLines(0) || p.eof {
		return nil, false
	}
	doc := p.newNode()
	doc.Kind = yaml.DocumentNode
	doc.Line, doc.Column = p.line+1, 1
	if p.col == 0 && len(p.s)-p.pos >= 3 && p.s[p.pos:p.pos+3] == "---" && p.isBlankz(p.pos+3) {
		p.started = true
		if !p.endLine(p.pos+3) || p.eof {
			return nil, false
		}
	} else {
		doc.Column = p.col + 1
	}
	p.started = true
	root, ok := p.node(-1, p.pos)
	if !ok || !p.eof {
		return nil, false
	}
	p.stack = append(p.stack, root)
	doc.Content = p.content(0)
	return doc, true
}

// node reads the node that starts at offset i of the current line (at or
// after pos) inside a block collection of column indent (-1 at the top):
// a block sequence, a block mapping, or a scalar or flow collection. It
// ends on the next content line.
func (p *parser) node(indent, i int) (*yaml.Node, bool) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, false
	}
	s := p.s
	switch s[i] {
	case '-':
		if p.isBlankz(i + 1) {
			return p.sequence(i)
		}
	case '|', '>':
		return p.blockScalar(indent, i)
	case '[', '{':
		n, end, ok := p.flow(i)
		if !ok || !p.endLine(end) {
			return nil, false
		}
		return n, true
	}
	k, end, ok := p.inlineScalar(i)
	if !ok {
		return nil, false
	}
	if end < len(s) && s[end] == ':' {
		return p.mapping(k, end)
	}
	if !p.endScalar(k, end, indent) {
		return nil, false
	}
	return k, true
}

// inlineScalar reads a single-line plain or quoted scalar at offset i
// in block context. It returns the node and the offset after it: for a
// plain scalar, of the ": " that ends it (a key), of the space before
// " #", or of the line's end; for a quoted one, right after the quote.
// A quoted scalar is followed by ':' only as a key.
func (p *parser) inlineScalar(i int) (*yaml.Node, int, bool) {
	s := p.s
	switch s[i] {
	case '\'', '"':
		n, end, ok := p.quoted(i)
		if !ok {
			return nil, 0, false
		}
		if end < len(s) && s[end] == ':' && !p.isBlankz(end+1) {
			return nil, 0, false
		}
		return n, end, true
	case '-', '?', ':':
		if p.isBlankz(i + 1) {
			return nil, 0, false
		}
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '\t':
		return nil, 0, false
	}
	j := i
	end := i // after the last non-space byte
	for j < len(s) {
		c := s[j]
		if !plainStop[c] {
			j++
			end = j
			continue
		}
		if c == '\n' {
			break
		}
		if c == ':' && p.isBlankz(j+1) {
			break
		}
		if c == ' ' {
			if j+1 < len(s) && s[j+1] == '#' {
				break
			}
			j++
			continue
		}
		if c == '\t' {
			return nil, 0, false
		}
		j++
		end = j
	}
	if j < len(s) && s[j] == ':' && end != j {
		return nil, 0, false // "key :" (fall back)
	}
	n := p.newNode()
	n.Kind = yaml.ScalarNode
	n.Value = s[i:end]
	n.Tag = plainTag(n.Value)
	if n.Tag == "" {
		return nil, 0, false
	}
	n.Line, n.Column = p.line+1, p.column(i)+1
	if j < len(s) && s[j] == ':' {
		return n, j, true
	}
	return n, end, true
}

// plainStop marks the bytes a plain scalar's scan stops to look at.
var plainStop = [256]bool{'\n': true, ':': true, ' ': true, '\t': true}

// sequence reads a block sequence whose first "-" is at offset i.
func (p *parser) sequence(i int) (*yaml.Node, bool) {
	n := p.newNode()
	n.Kind = yaml.SequenceNode
	n.Tag = "!!seq"
	n.Line, n.Column = p.line+1, p.column(i)+1
	c := p.col // sequences start their line, or follow "- " on it
	if i != p.pos {
		c = p.column(i)
	}
	mark := len(p.stack)
	s := p.s
	for {
		// s[i] is a "-" followed by a blank.
		j := i + 1
		for j < len(s) && s[j] == ' ' {
			j++
		}
		var item *yaml.Node
		if j >= len(s) || s[j] == '\n' || s[j] == '#' {
			line, col := p.line+1, p.column(i)+2
			if !p.endLine(i + 1) {
				return nil, false
			}
			if !p.eof && p.col > c {
				var ok bool
				if item, ok = p.node(c, p.pos); !ok {
					return nil, false
				}
			} else {
				item = p.null(line, col)
			}
		} else {
			var ok bool
			if item, ok = p.node(c, j); !ok {
				return nil, false
			}
		}
		p.stack = append(p.stack, item)
		if p.eof || p.col < c {
			break
		}
		if p.col > c {
			return nil, false
		}
		if s[p.pos] != '-' || !p.isBlankz(p.pos+1) {
			break
		}
		i = p.pos
	}
	n.Content = p.content(mark)
	return n, true
}

// null returns an empty value: a null scalar at the given position.
func (p *parser) null(line, col int) *yaml.Node {
	n := p.newNode()
	n.Kind = yaml.ScalarNode
	n.Tag = "!!null"
	n.Line, n.Column = line, col
	return n
}

// mapping reads a block mapping whose first key k has been read; colon
// is the offset of the ':' after it.
func (p *parser) mapping(k *yaml.Node, colon int) (*yaml.Node, bool) {
	n := p.newNode()
	n.Kind = yaml.MappingNode
	n.Tag = "!!map"
	n.Line, n.Column = k.Line, k.Column
	c := k.Column - 1
	mark := len(p.stack)
	s := p.s
	for {
		if p.column(colon)-(k.Column-1) > maxKey {
			return nil, false
		}
		p.keyValue(k)
		p.stack = append(p.stack, k)
		v, ok := p.value(c, colon)
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, v)
		if p.eof || p.col < c {
			break
		}
		if p.col > c {
			return nil, false
		}
		var end int
		k, end, ok = p.inlineScalar(p.pos)
		if !ok || end >= len(s) || s[end] != ':' {
			return nil, false
		}
		colon = end
	}
	if hasDuplicates(p.stack[mark:]) {
		return nil, false
	}
	n.Content = p.content(mark)
	return n, true
}

// keyValue sets the value of key k now if it was built in the buffer,
// for hasDuplicates to compare.
func (p *parser) keyValue(k *yaml.Node) {
	if last := len(p.built) - 1; last >= 0 && p.built[last].n == k {
		k.Value = string(p.buf[p.built[last].start:p.built[last].end])
		p.built = p.built[:last]
	}
}

// hasDuplicates reports whether two keys of a mapping's pairs have the
// same value.
func hasDuplicates(pairs []*yaml.Node) bool {
	if len(pairs) <= 32 {
		for i := 0; i < len(pairs); i += 2 {
			for j := i + 2; j < len(pairs); j += 2 {
				if pairs[i].Value == pairs[j].Value {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]struct{}, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		if _, dup := seen[pairs[i].Value]; dup {
			return true
		}
		seen[pairs[i].Value] = struct{}{}
	}
	return false
}

// value reads the value after the ':' at offset colon of a key in a
// mapping of column c.
func (p *parser) value(c, colon int) (*yaml.Node, bool) {
	s := p.s
	j := colon + 1
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j >= len(s) || s[j] == '\n' || s[j] == '#' {
		line, col := p.line+1, p.column(colon)+2
		if !p.endLine(colon + 1) {
			return nil, false
		}
		switch {
		case !p.eof && p.col > c:
			return p.node(c, p.pos)
		case !p.eof && p.col == c && s[p.pos] == '-' && p.isBlankz(p.pos+1):
			return p.sequence(p.pos)
		}
		return p.null(line, col), true
	}
	switch s[j] {
	case '|', '>':
		return p.blockScalar(c, j)
	case '[', '{':
		n, end, ok := p.flow(j)
		if !ok || !p.endLine(end) {
			return nil, false
		}
		return n, true
	}
	n, end, ok := p.inlineScalar(j)
	if !ok || (end < len(s) && s[end] == ':') || !p.endScalar(n, end, c) {
		return nil, false
	}
	return n, true
}

// plainTag returns the tag yaml.v3 resolves a plain scalar to, or ""
// for the merge key, which the fast reader leaves to yaml.v3.
func plainTag(v string) string {
	if v == "" {
		return "!!null"
	}
	switch v[0] {
	case 'y', 'Y', 'n', 'N', 'o', 'O':
		// In yaml.v3's table of special values only as "null", "Null"
		// and "NULL".
		switch v {
		case "null", "Null", "NULL":
			return "!!null"
		}
		return "!!str"
	case 't', 'T':
		switch v {
		case "true", "True", "TRUE":
			return "!!bool"
		}
		return "!!str"
	case 'f', 'F':
		switch v {
		case "false", "False", "FALSE":
			return "!!bool"
		}
		return "!!str"
	case '~':
		if v == "~" {
			return "!!null"
		}
		return "!!str"
	case '<':
		if v == "<<" {
			return ""
		}
		return "!!str"
	case '+', '-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		n := yaml.Node{Kind: yaml.ScalarNode, Value: v}
		return n.ShortTag()
	}
	return "!!str"
}
