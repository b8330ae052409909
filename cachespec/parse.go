package cachespec

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/buildxcache/buildxcache/refs"
)

// MaxValueLen is the longest value Parse accepts, in bytes. Real values are
// under 4 KiB even with an Actions runtime token in them.
const MaxValueLen = 16 << 10

// Parse reads one cache value, as written after --cache-from or --cache-to,
// into an entry. It has Buildx's semantics (see the package documentation)
// and refuses what Buildx would accept while doing something else than
// meant: duplicate keys, white space around keys, bare keywords, unknown
// types, values that do not fit their attribute's type, invalid refs. Every
// error is a *[ParseError].
//
// A value that is several comma-separated refs is refused with
// [ErrMultipleEntries]; [ParseList] splits it.
func Parse(s string) (Entry, error) {
	if err := checkText(s); err != nil {
		return nil, err
	}
	if strings.IndexByte(s, '=') < 0 {
		if strings.IndexByte(s, ',') < 0 && strings.IndexByte(s, '"') < 0 {
			return parseShorthand(s, field{text: s}) // one plain field
		}
		it := fieldIter{s: s}
		f, _, cerr := it.next()
		if cerr != nil {
			return nil, csvFailure(s, cerr)
		}
		if !it.done {
			return nil, newError(ErrMultipleEntries, s, "ref", 0, len(s),
				"several comma-separated refs in one value",
				"give each ref as its own value, or use ParseList")
		}
		return parseShorthand(s, f)
	}
	return parseFields(s)
}

// MustParse is like [Parse] but panics on error. It is intended for use in
// tests and examples with hard-coded values.
func MustParse(s string) Entry {
	e, err := Parse(s)
	if err != nil {
		panic("cachespec.MustParse(" + strconv.Quote(redactInput(s)) + "): " + err.Error())
	}
	return e
}

// ParseList reads a repeated flag with Buildx's list semantics: empty values
// are skipped, a value without "=" is one or more comma-separated registry
// refs (one entry each), any other value is one entry. Errors carry the
// index of the value in values.
func ParseList(values []string) ([]Entry, error) {
	var out []Entry
	for i, v := range values {
		if v == "" {
			continue
		}
		var err error
		out, err = appendValue(out, v)
		if err != nil {
			return nil, withIndex(err, i)
		}
	}
	return out, nil
}

// appendValue parses one list value, which may hold several refs.
func appendValue(out []Entry, v string) ([]Entry, error) {
	if err := checkText(v); err != nil {
		return out, err
	}
	if strings.IndexByte(v, '=') >= 0 {
		e, err := parseFields(v)
		if err != nil {
			return out, err
		}
		return append(out, e), nil
	}
	it := fieldIter{s: v}
	for {
		f, ok, cerr := it.next()
		if cerr != nil {
			return out, csvFailure(v, cerr)
		}
		if !ok {
			return out, nil
		}
		e, err := parseShorthand(v, f)
		if err != nil {
			return out, err
		}
		out = append(out, e)
	}
}

func withIndex(err error, i int) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		pe.Index = i
	}
	return err
}

// checkText refuses over-long values, invalid UTF-8 and control characters.
func checkText(s string) error {
	if len(s) > MaxValueLen {
		return newError(ErrTooLong, s[:64], "", MaxValueLen, len(s)-MaxValueLen,
			"value is "+strconv.Itoa(len(s))+" bytes, over the limit of "+strconv.Itoa(MaxValueLen),
			"shorten the value")
	}
	if s == "" {
		return newError(ErrEmpty, s, "", 0, 0, "empty cache value", `write a value such as "type=registry,ref=<image>"`)
	}
	if printableASCII(s) {
		return nil
	}
	for i := 0; i < len(s); {
		c := s[i]
		if textClass[c] == 0 {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			pe := newError(ErrInvalidText, sanitize(s), "", i, 1,
				"control character "+strconv.QuoteRune(rune(c))+" in value",
				"remove it; a value is one line of text")
			// A line break inside a value may join two values: removing
			// it would glue them, so only a trailing one is removed.
			if (c != '\n' && c != '\r') || strings.TrimRight(s[i:], "\r\n") == "" {
				pe.withEdit(i, 1, "")
			} else {
				pe.Fix = "give each line as its own value, or remove the line break; a value is one line of text"
			}
			return pe
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return newError(ErrInvalidText, sanitize(s), "", i, 1, "invalid UTF-8 in value", "write the value as UTF-8 text")
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return newError(ErrInvalidText, sanitize(s), "", i, n,
				"invisible character "+strconv.QuoteRune(r)+" in value", "remove it").withEdit(i, n, "")
		}
		i += n
	}
	return nil
}

// printableASCII reports whether every byte of s is printable ASCII (0x20 to
// 0x7e), eight bytes at a time: a byte below 0x20 sets its top bit in
// w-0x20, 0x7f sets it in w+1 and the rest have it in w. A borrow or carry
// can only mark more bytes, never hide one, and the caller then reads the
// value byte by byte.
func printableASCII(s string) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	if len(s) < 8 {
		for i := 0; i < len(s); i++ {
			if textClass[s[i]] != 0 {
				return false
			}
		}
		return true
	}
	var acc uint64
	for i := 0; i+8 <= len(s); i += 8 {
		w := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		acc |= (w - 0x20*lo) | (w + lo) | w
	}
	w := binary.LittleEndian.Uint64([]byte(s[len(s)-8:])) // the tail, overlapping
	acc |= (w - 0x20*lo) | (w + lo) | w
	return acc&hi == 0
}

// textClass is 0 for bytes that are valid text on their own (printable
// ASCII), 1 for control characters and the start of a multi-byte sequence.
var textClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if c < 0x20 || c >= 0x7f {
			t[c] = 1
		}
	}
	return t
}()

// sanitize makes an unprintable input safe to quote: invalid bytes become
// U+FFFD (strconv.Quote escapes the rest).
func sanitize(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

func csvFailure(s string, e *csvError) error {
	return newError(ErrSyntax, s, "", e.off, 1, e.reason,
		`quote a whole field ("dest=a,b"), never part of one, and double quotes inside it`)
}

// keywords are bare words that name a cache type or mode: as a ref they would
// be read as docker.io/library/<word>:latest.
func keywordFix(word string) (string, bool) {
	switch word {
	case "inline":
		return `write "type=inline"`, true
	case "local":
		return `write "type=local,dest=<dir>" (cache-to) or "type=local,src=<dir>" (cache-from)`, true
	case "gha":
		return `write "type=gha"`, true
	case "s3":
		return `write "type=s3,region=<region>,bucket=<bucket>"`, true
	case "azblob":
		return `write "type=azblob,account_url=<url>"`, true
	case "registry":
		return `write "type=registry,ref=<image>"`, true
	case "min", "max":
		return `write the mode as an attribute: "type=<backend>,...,mode=` + word + `"`, true
	}
	return "", false
}

// emptyField is the refusal of an empty field (or of "", an empty quoted
// one), whose fix removes it with the comma before it (or after it, for a
// leading one).
func emptyField(s string, f field) *ParseError {
	fix, n := "remove the extra comma", 0
	if f.quoted {
		fix, n = `remove the empty field ""`, f.inner-f.start+1
	}
	pe := newError(ErrSyntax, s, "", f.start, 0, "empty field", fix)
	switch {
	case f.start > 0 && s[f.start-1] == ',':
		pe.withEdit(f.start-1, n+1, "")
	case f.start+n < len(s) && s[f.start+n] == ',':
		pe.withEdit(f.start, n+1, "")
	}
	return pe
}

// parseShorthand reads one field of a value without "=" as a registry ref.
func parseShorthand(s string, f field) (Entry, error) {
	if f.text == "" {
		return nil, emptyField(s, f)
	}
	if fix, ok := keywordFix(f.text); ok {
		pe := newError(ErrAmbiguousShorthand, s, "ref", f.inner, len(f.text),
			strconv.Quote(f.text)+" is read as the image docker.io/library/"+f.text+":latest", fix)
		if f.text == "inline" || f.text == "gha" {
			// the only reading: the whole field becomes the type
			pe.withEdit(f.start, f.inner-f.start+len(f.text)+b2i(f.quoted), "type="+f.text)
		}
		return nil, pe
	}
	r, err := refs.Parse(f.text)
	if err != nil {
		return nil, refFailure(s, f.inner, f.text, err)
	}
	return &Registry{Ref: r}, nil
}

func refFailure(s string, off int, text string, err error) error {
	start := off
	fix := "write a valid image reference such as ghcr.io/owner/app:cache"
	n := len(text)
	var re *refs.Error
	if errors.As(err, &re) && re.Offset > 0 && re.Offset <= n {
		off += re.Offset // the span is the rest of the ref from the error
		n -= re.Offset
	}
	var fixed string // a corrected ref, when one is certain
	switch {
	case strings.Contains(text, "${{") || strings.Contains(text, "${") || strings.Contains(text, "$("):
		fix = "the value holds an unexpanded template; check it after expansion"
	case strings.TrimSpace(text) != text:
		fixed = strings.TrimSpace(text)
		fix = "remove the white space: " + strconv.Quote(fixed)
	case errors.Is(err, refs.ErrUppercase):
		fixed = lowerRepo(text)
		fix = "repository names must be lower-case: " + strconv.Quote(fixed)
	}
	if fixed != "" {
		if _, perr := refs.Parse(fixed); perr != nil {
			fixed = "" // not a ref either (and so holds no credentials to print)
		}
	}
	pe := newError(ErrInvalidRef, s, "ref", off, n, "invalid ref "+strconv.Quote(RedactText(text))+": "+refReason(err), fix)
	pe.Err = err
	if fixed != "" && start+len(text) <= len(s) && s[start:start+len(text)] == text {
		pe.withEdit(start, len(text), fixed)
	}
	return pe
}

// refReason is the bare reason of a refs error.
func refReason(err error) string {
	var re *refs.Error
	if errors.As(err, &re) && re.Err != nil {
		return strings.TrimPrefix(re.Err.Error(), "invalid reference format: ")
	}
	return err.Error()
}

// lowerRepo lower-cases the repository part of a ref, keeping the tag.
func lowerRepo(s string) string {
	name, rest := s, ""
	if i := strings.IndexAny(s, "@"); i >= 0 {
		name, rest = s[:i], s[i:]
	}
	if i := strings.LastIndexByte(name, ':'); i >= 0 && !strings.Contains(name[i:], "/") {
		name, rest = name[:i], name[i:]+rest
	}
	return strings.ToLower(name) + rest
}

// parseFields reads a value of key=value fields. The common value (no
// quotes, lower-case keys, no repeated key, every value valid) takes a fast
// path; anything else, and every error, is read by parseFieldsSlow, so the
// errors and their precedence are the slow path's.
//
// The fast path reads the value in one pass straight into the entry: with no
// quote in the value every comma separates fields, so the type field is the
// first one or the one after the first ",type=".
func parseFields(s string) (Entry, error) {
	if strings.IndexByte(s, '"') >= 0 {
		return parseFieldsSlow(s)
	}
	typStart := 0
	if !strings.HasPrefix(s, "type=") {
		i := strings.Index(s, ",type=")
		if i < 0 {
			return parseFieldsSlow(s)
		}
		typStart = i + 1
	}
	typEnd := strings.IndexByte(s[typStart:], ',')
	if typEnd < 0 {
		typEnd = len(s)
	} else {
		typEnd += typStart
	}
	typ := lookupType(s[typStart+len("type=") : typEnd])
	if typ == TypeInvalid {
		return parseFieldsSlow(s)
	}
	e := newEntry(typ)
	var seen uint64
	var extra extraBuilder
	for start := 0; ; {
		end := strings.IndexByte(s[start:], ',')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		if start != typStart {
			eq := strings.IndexByte(s[start:end], '=')
			if eq <= 0 {
				return parseFieldsSlow(s)
			}
			key, val := s[start:start+eq], s[start+eq+1:end]
			// A known key is lower-case ASCII; any other key is checked.
			if i := e.index(key); i >= 0 {
				if seen&(1<<uint(i)) != 0 || e.field(i).parse(val) != nil {
					return parseFieldsSlow(s)
				}
				seen |= 1 << uint(i)
			} else if key == "type" || slowKey(key) || !extra.add(key, val) {
				return parseFieldsSlow(s)
			}
		}
		if end == len(s) {
			break
		}
		start = end + 1
	}
	e.unknown().enc = string(extra.enc)
	if checkCompressionLevel(s, e) != nil {
		return parseFieldsSlow(s)
	}
	return e, nil
}

// slowKey reports whether key has a byte the fast path does not take.
func slowKey(key string) bool {
	for j := 0; j < len(key); j++ {
		if slowKeyByte[key[j]] {
			return true
		}
	}
	return false
}

// parseFieldsSlow reads any value of fields and reports what is wrong
// with it.
func parseFieldsSlow(s string) (Entry, error) {
	// Pass 1: find the type, check the shape of every field and refuse
	// duplicate keys (syntax first, typed values in pass 2).
	var (
		typ     Type
		typText string
		typOff  = -1
		refOff  = -1
		keys    keySet
		buf     [12]span
		spans   = buf[:0]
	)
	for it := (fieldIter{s: s}); ; {
		f, ok, cerr := it.next()
		if cerr != nil {
			return nil, csvFailure(s, cerr)
		}
		if !ok {
			break
		}
		key, val, err := splitField(s, f)
		if err != nil {
			return nil, err
		}
		spans = append(spans, span{key: key, val: val, start: int32(f.start), valOff: int32(f.inner + len(f.text) - len(val))})
		if !keys.add(key) {
			return nil, duplicate(s, key, firstOffset(s, key), f.start)
		}
		switch key {
		case "type":
			typOff, typText = f.start, val
		case "ref":
			refOff = f.start
		}
	}
	if typOff < 0 {
		if refOff >= 0 {
			// a ref and no type: a registry cache is the only reading
			return nil, newError(ErrMissingType, s, "type", 0, 0, "no type attribute", `add "type=registry," at the start`).withEdit(0, 0, "type=registry,")
		}
		return nil, newError(ErrMissingType, s, "type", 0, 0, "no type attribute", `add "type=<backend>"`)
	}
	if typText == "" {
		return nil, newError(ErrMissingType, s, "type", typOff, 5, "empty type", `write a backend: registry, local, inline, gha, s3 or azblob`)
	}
	if typ = lookupType(typText); typ == TypeInvalid {
		fix, want := typeSuggestion(typText)
		pe := newError(ErrUnknownType, s, "type", typOff+5, len(typText),
			"unknown cache type "+strconv.Quote(typText), fix)
		if want != "" && s[typOff:typOff+5+len(typText)] == "type="+typText {
			pe.withEdit(typOff+5, len(typText), want)
		}
		return nil, pe
	}

	// Pass 2: set the typed fields.
	e := newEntry(typ)
	var extra extraBuilder
	for n := range spans {
		sp := &spans[n]
		key, val := sp.key, sp.val
		if key == "type" {
			continue
		}
		valOff := int(sp.valOff)
		i := e.index(key)
		if i < 0 {
			extra.add(key, val)
			continue
		}
		if err := e.field(i).parse(val); err != nil {
			if key == "ref" {
				return nil, refFailure(s, valOff, val, err)
			}
			pe := newError(ErrInvalidValue, s, key, valOff, len(val),
				"invalid "+key+" "+quoteValue(key, val)+": "+err.Error(), valueFix(key, val))
			pe.Err = err
			want := valueSuggestion(key, val)
			if errors.Is(err, errBool) {
				want = boolSuggestion(val)
			}
			if want != "" && s[valOff:valOff+len(val)] == val {
				pe.withEdit(valOff, len(val), want)
			}
			return nil, pe
		}
	}
	e.unknown().enc = string(extra.enc)
	if err := checkCompressionLevel(s, e); err != nil {
		return nil, err
	}
	return e, nil
}

// slowKeyByte marks the bytes a key on the fast path does not have: upper
// case (Buildx lower-cases keys), white space and non-ASCII.
var slowKeyByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = 'A' <= c && c <= 'Z' || c == ' ' || c >= utf8.RuneSelf
	}
	return t
}()

// span is one field of a value, split into key and value, with the byte
// offsets of the field and of its value (values are at most MaxValueLen).
type span struct {
	key, val      string
	start, valOff int32
}

// keySet detects repeated keys in linear time: a scan of a small array for
// the usual handful of keys, a map beyond that.
type keySet struct {
	small [8]string
	n     int
	set   map[string]struct{}
}

// add records key and reports whether it is new.
func (ks *keySet) add(key string) bool {
	if ks.set != nil {
		if _, dup := ks.set[key]; dup {
			return false
		}
		ks.set[key] = struct{}{}
		return true
	}
	for _, k := range ks.small[:ks.n] {
		if k == key {
			return false
		}
	}
	if ks.n < len(ks.small) {
		ks.small[ks.n] = key
		ks.n++
		return true
	}
	ks.set = make(map[string]struct{}, 2*len(ks.small))
	for _, k := range ks.small {
		ks.set[k] = struct{}{}
	}
	ks.set[key] = struct{}{}
	return true
}

// extraBuilder collects unknown attributes, in order.
type extraBuilder struct {
	enc  []byte
	keys keySet
}

// add appends key=val and reports whether key is new.
func (x *extraBuilder) add(key, val string) bool {
	if !x.keys.add(key) {
		return false
	}
	x.enc = strconv.AppendInt(x.enc, int64(len(key)), 10)
	x.enc = append(x.enc, ':')
	x.enc = append(x.enc, key...)
	x.enc = strconv.AppendInt(x.enc, int64(len(val)), 10)
	x.enc = append(x.enc, ':')
	x.enc = append(x.enc, val...)
	return true
}

// quoteValue quotes a value for a message, or redacts it for a secret key.
func quoteValue(key, val string) string {
	if looksSecretKey(key) || looksSecretValue(val) {
		return Redacted
	}
	return strconv.Quote(val)
}

func newEntry(t Type) Entry {
	switch t {
	case TypeRegistry:
		return &Registry{}
	case TypeLocal:
		return &Local{}
	case TypeInline:
		return &Inline{}
	case TypeGHA:
		return &GHA{}
	case TypeS3:
		return &S3{}
	case TypeAzBlob:
		return &AzBlob{}
	}
	return nil
}

func indexKey(keys []string, key string) int {
	for i, k := range keys {
		if k == key {
			return i
		}
	}
	return -1
}

// splitField splits a field at its first "=" and lower-cases the key, as
// Buildx does, refusing empty keys and keys with surrounding white space.
func splitField(s string, f field) (key, val string, err error) {
	// Fast path: a lower-case ASCII key without white space, which is
	// almost every key; one scan finds the "=" and checks the key.
	t := f.text
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == '=' {
			if i > 0 && t[0] != ' ' && t[i-1] != ' ' {
				return t[:i], t[i+1:], nil
			}
			break
		}
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || c == '\t' {
			break
		}
	}
	k, v, ok := strings.Cut(f.text, "=")
	if !ok {
		if f.text == "" {
			return "", "", emptyField(s, f)
		}
		pe := newError(ErrSyntax, s, "", f.inner, len(f.text),
			"field "+quoteField(f.text)+" has no \"=\"", "")
		word := strings.TrimSpace(f.text)
		typ := typeOfValue(s)
		switch kfix, isKeyword := keywordFix(word); {
		case word == "min" || word == "max":
			pe.Fix = "write the mode as an attribute: mode=" + word
			if word == f.text && !hasKey(s, "mode") {
				pe.withEdit(f.inner, len(f.text), "mode="+word)
			}
		case isKeyword:
			pe.Fix = kfix
		case typ == TypeRegistry || typ == TypeInvalid && !hasKey(s, "type"):
			// the registry shorthand, on the one backend that has a ref
			if _, err := refs.Parse(f.text); err == nil {
				if hasKey(s, "ref") {
					pe.Fix = "give each ref as its own value (one per flag or per line)"
				} else {
					pe.Fix = `give the ref as an attribute: "ref=` + f.text + `"`
					pe.withEdit(f.inner, 0, "ref=")
				}
			}
		}
		if pe.Fix == "" {
			pe.Fix = "write key=value"
			if typ.IsValid() {
				if own := ownKeys(typ); len(own) > 0 {
					pe.Fix += "; type=" + typ.String() + " reads " + strings.Join(own, ", ")
				}
			}
		}
		return "", "", pe
	}
	if k == "" {
		return "", "", newError(ErrSyntax, s, "", f.inner, 1, "empty key", "write key=value")
	}
	if t := strings.TrimSpace(k); t != k {
		lead := strings.Index(k, t)
		pe := newError(ErrKeyWhitespace, s, toLower(t), f.inner, len(k),
			"key "+strconv.Quote(k)+" has white space around it, so BuildKit ignores it",
			"write the key without the white space around it: "+quoteFixField(toLower(t), v)+" (the key starts at byte "+strconv.Itoa(f.inner+lead)+")")
		if s[f.inner:f.inner+len(k)] == k {
			pe.withEdit(f.inner, len(k), t)
		}
		return "", "", pe
	}
	return toLower(k), v, nil
}

// quoteFixField quotes key=val for a fix, with the value redacted for a
// credential key or value and shortened when long.
func quoteFixField(key, val string) string {
	if looksSecretKey(key) || looksSecretValue(val) {
		return strconv.Quote(key + "=" + Redacted)
	}
	if len(val) > 40 {
		cut := 40
		for cut > 0 && val[cut]&0xC0 == 0x80 {
			cut--
		}
		return strconv.Quote(key+"="+val[:cut]) + "..."
	}
	return strconv.Quote(key + "=" + val)
}

// typeOfValue returns the backend a value's type field names, or
// TypeInvalid; it is used only to word errors.
func typeOfValue(s string) Type {
	it := fieldIter{s: s}
	for {
		f, ok, err := it.next()
		if err != nil || !ok {
			return TypeInvalid
		}
		if k, v, found := strings.Cut(f.text, "="); found && toLower(k) == "type" {
			return lookupType(v)
		}
	}
}

// hasKey reports whether a field of s has the key (lower-cased) key.
func hasKey(s, key string) bool {
	_, _, ok := FieldSpan(s, key)
	return ok
}

// ownKeys returns the keys of backend t's own attributes, without the
// shared export attributes.
func ownKeys(t Type) []string {
	keys := schemaOf(t).keys
	return keys[:len(keys)-len(exportAttrs)]
}

// quoteField quotes a field without "=" for a message, redacting it when it
// looks like a credential.
func quoteField(s string) string {
	if looksSecretValue(s) {
		return Redacted
	}
	return strconv.Quote(s)
}

func duplicate(s, key string, first, again int) error {
	fix := "write it once; to give two entries, use two values (one per flag or per line)"
	if key == "type" && again > 0 && again <= len(s) {
		fix = "two entries are joined on one line; give them as two values (one per flag or per line): " +
			strconv.Quote(redactInput(s[:again-1])) + " and " + strconv.Quote(redactInput(s[again:]))
	}
	pe := newError(ErrDuplicateKey, s, key, again, 0,
		"duplicate key "+strconv.Quote(key)+" (first at byte "+strconv.Itoa(first)+")", fix)
	if key == "type" && again > 0 && again <= len(s) && s[again-1] == ',' {
		// two entries joined: the comma between them becomes a line break,
		// the separator of the values of an action input or a list; a
		// caller that knows how the next value is written where this one
		// is replaces the "\n"
		pe.withEdit(again-1, 1, "\n")
	}
	return pe
}

// firstOffset finds the first field whose key is key.
func firstOffset(s, key string) int {
	it := fieldIter{s: s}
	for {
		f, ok, _ := it.next()
		if !ok {
			return 0
		}
		if k, _, found := strings.Cut(f.text, "="); found && toLower(k) == key {
			return f.start
		}
	}
}

// checkCompressionLevel refuses levels the compression cannot take: gzip and
// estargz fail at export time outside -2..9 ("gzip: invalid compression
// level"), and BuildKit documents 0..22 for zstd.
func checkCompressionLevel(s string, e Entry) error {
	o := exportOptions(e)
	lvl, ok := o.CompressionLevel.Get()
	if !ok {
		return nil
	}
	lo, hi := -2, 9
	switch c := o.Compression.Or(CompressionGzip); c {
	case CompressionZstd:
		lo, hi = 0, 22
	case CompressionUncompressed:
		return nil
	}
	if lvl < lo || lvl > hi {
		off, n, _ := FieldSpan(s, "compression-level") // the level with its compression
		return newError(ErrInvalidValue, s, "compression-level", off, n,
			"compression-level "+strconv.Itoa(lvl)+" is out of range "+strconv.Itoa(lo)+".."+strconv.Itoa(hi)+" for "+string(o.Compression.Or(CompressionGzip)),
			"use a level from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
	}
	return nil
}

// exportOptions returns the export options of e.
func exportOptions(e Entry) *ExportOptions {
	switch e := e.(type) {
	case *Registry:
		return &e.ExportOptions
	case *Local:
		return &e.ExportOptions
	case *Inline:
		return &e.ExportOptions
	case *GHA:
		return &e.ExportOptions
	case *S3:
		return &e.ExportOptions
	case *AzBlob:
		return &e.ExportOptions
	}
	return &ExportOptions{}
}

// b2i is 1 for true.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
