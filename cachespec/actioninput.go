package cachespec

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxActionInputLen is the longest action input SplitActionInput accepts,
// in bytes.
const MaxActionInputLen = 1 << 20

// ActionInputError reports an action input that docker/actions-toolkit
// cannot read. Its message does not quote the input, which may hold
// secrets.
type ActionInputError struct {
	// Line is the 1-based line where the problem starts. Lines count from
	// 1 everywhere in this package (ParseError.Line too); positions of
	// values in a list (ParseError.Index) count from 0.
	Line int
	// Offset is the byte offset in the input.
	Offset int
	// Reason says what is wrong.
	Reason string
}

// Error returns a one-line message.
func (e *ActionInputError) Error() string {
	return "cachespec: action input line " + strconv.Itoa(e.Line) + ": " + e.Reason + " (at byte " + strconv.Itoa(e.Offset) + ")"
}

// SplitActionInput splits the cache-from or cache-to input of
// docker/build-push-action into the values the action passes to Buildx, one
// --cache-from / --cache-to each, exactly as the action reads them:
// docker/actions-toolkit's Util.getInputList(name, {ignoreComma: true}),
// which trims the input, parses it with csv-parse (relaxQuotes,
// relaxColumnCount, skipEmptyLines; the line ending is the first of \r\n,
// \n or \r found outside quotes), re-joins the fields of each line with
// ",", drops empty items and trims the rest (JavaScript's trim).
//
// So each line is one value, and commas inside a line stay in it:
//
//	input line                    value Buildx receives
//	type=gha,mode=max             type=gha,mode=max
//	type=gha , mode=max           type=gha , mode=max   (inner spaces kept)
//	type=local,"dest=a,b"         type=local,dest=a,b   (the field's quotes are removed)
//	type=local,"""dest=a,b"""     type=local,"dest=a,b"
//	# comment                     # comment             (not a comment)
//	a,b                           a,b                   (one value; Buildx splits the refs)
//	"   "                         ""                    (an empty value, which Buildx skips)
//
// A quote that is never closed is an error, as in csv-parse.
func SplitActionInput(input string) ([]string, error) {
	items, _, err := splitActionInput(input)
	if err != nil {
		return nil, err
	}
	return items, nil
}

// splitActionInput is SplitActionInput that also returns the 1-based line
// of the input where each item starts.
func splitActionInput(input string) ([]string, []int, error) {
	if len(input) > MaxActionInputLen {
		return nil, nil, &ActionInputError{Line: 1, Offset: MaxActionInputLen, Reason: "input is " + strconv.Itoa(len(input)) + " bytes, over the limit of " + strconv.Itoa(MaxActionInputLen)}
	}
	whole := input
	lead := len(input) - len(jsTrimLeft(input))
	input = jsTrim(input)
	if input == "" {
		return nil, nil, nil
	}
	records, starts, err := csvParse(input)
	if err != nil {
		err.Offset += lead
		err.Line = lineAt(whole, err.Offset)
		return nil, nil, err
	}
	var out []string
	var lines []int
	for i, rec := range records {
		item := strings.Join(rec, ",")
		if item == "" {
			continue
		}
		out = append(out, jsTrim(item))
		lines = append(lines, lineAt(whole, lead+starts[i]))
	}
	return out, lines, nil
}

// lineAt returns the 1-based line of byte off of s: one plus the line
// breaks (\r\n, \n or \r) before it.
func lineAt(s string, off int) int {
	s = s[:min(off, len(s))]
	return 1 + strings.Count(s, "\n") + strings.Count(s, "\r") - strings.Count(s, "\r\n")
}

// csvParse reads s as csv-parse 7 does with the options build-push-action
// uses: delimiter ",", quote and escape `"`, relax_quotes,
// relax_column_count, skip_empty_lines, no comments, no trimming.
func csvParse(s string) ([][]string, []int, *ActionInputError) {
	var (
		starts     []int // the offset where each record starts
		recStart   int
		records    [][]string
		record     []string
		field      []byte
		quoting    bool
		wasQuoting bool
		escaping   bool
		rd         string // the record delimiter, once found
		quoteStart int
	)
	// discover returns the line ending at i, if any.
	discover := func(i int) string {
		switch {
		case strings.HasPrefix(s[i:], "\r\n"):
			return "\r\n"
		case i < len(s) && s[i] == '\n':
			return "\n"
		case i < len(s) && s[i] == '\r':
			return "\r"
		}
		return ""
	}
	isRD := func(i int) int {
		if rd != "" && strings.HasPrefix(s[i:], rd) {
			return len(rd)
		}
		return 0
	}
	onField := func() {
		record = append(record, string(field))
		field = field[:0]
		wasQuoting = false
	}
	onRecord := func() {
		records = append(records, record)
		starts = append(starts, recStart)
		record = nil
	}
	for pos := 0; pos < len(s); pos++ {
		if !quoting && rd == "" {
			rd = discover(pos)
		}
		c := s[pos]
		if escaping {
			escaping = false
		} else {
			if quoting && c == '"' && pos+1 < len(s) && s[pos+1] == '"' {
				escaping = true
				continue
			}
			if c == '"' {
				if quoting {
					next := pos + 1
					nextRD := 0
					if rd == "" {
						if d := discover(next); d != "" {
							rd = d
							nextRD = len(d)
						}
					} else {
						nextRD = isRD(next)
					}
					if next >= len(s) || s[next] == ',' || nextRD > 0 {
						quoting, wasQuoting = false, true
						continue
					}
					// relax_quotes: the quotes become part of the field.
					quoting, wasQuoting = false, true
					field = append([]byte{'"'}, field...)
				} else if len(field) == 0 {
					quoting = true
					quoteStart = pos
					continue
				}
			}
			if !quoting {
				if n := isRD(pos); n > 0 {
					if !(!wasQuoting && len(record) == 0 && len(field) == 0) {
						onField()
						onRecord()
					}
					pos += n - 1
					if len(record) == 0 && len(field) == 0 {
						recStart = pos + 1
					}
					continue
				}
				if c == ',' {
					onField()
					continue
				}
			}
		}
		field = append(field, c)
	}
	if quoting {
		return nil, nil, &ActionInputError{Line: lineAt(s, quoteStart), Offset: quoteStart, Reason: "a quote is never closed"}
	}
	if wasQuoting || len(record) > 0 || len(field) > 0 {
		onField()
		onRecord()
	}
	return records, starts, nil
}

// jsSpace reports whether r is white space to JavaScript's String.trim: the
// ECMAScript WhiteSpace and LineTerminator code points.
func jsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff':
		return true
	}
	return r >= '\u2000' && r <= '\u200a'
}

func jsTrimLeft(s string) string { return strings.TrimLeftFunc(s, jsSpace) }

func jsTrim(s string) string { return strings.TrimFunc(s, jsSpace) }

// QuoteActionInputItem returns the line that, as its own line of an action
// input, SplitActionInput (and docker/actions-toolkit) reads back as item.
// Most items are written as they are; an item whose quotes or commas the
// reader would change is written as one quoted field. It fails for an
// empty item, one with leading or trailing white space (the reader trims
// it), and one with a line break.
func QuoteActionInputItem(item string) (string, error) {
	switch {
	case item == "":
		return "", &ActionInputError{Line: 1, Reason: "an empty value cannot be written as an input line"}
	case jsTrim(item) != item:
		return "", &ActionInputError{Line: 1, Reason: "a value with surrounding white space cannot be written as an input line: the action trims it"}
	case strings.ContainsAny(item, "\r\n") || strings.ContainsRune(item, '\u2028') || strings.ContainsRune(item, '\u2029') || !utf8.ValidString(item):
		return "", &ActionInputError{Line: 1, Reason: "a value with a line break or invalid UTF-8 cannot be written as an input line"}
	}
	if got, err := SplitActionInput(item); err == nil && len(got) == 1 && got[0] == item {
		return item, nil
	}
	q := `"` + strings.ReplaceAll(item, `"`, `""`) + `"`
	if got, err := SplitActionInput(q); err == nil && len(got) == 1 && got[0] == item {
		return q, nil
	}
	return "", &ActionInputError{Line: 1, Reason: "the value cannot be written so that the action reads it back unchanged"}
}

// FormatActionInputItems returns an action input block: each item on its
// own line (see QuoteActionInputItem), ending with a newline, so it can be
// a YAML literal block ("cache-to: |").
func FormatActionInputItems(items []string) (string, error) {
	var b strings.Builder
	for i, it := range items {
		line, err := QuoteActionInputItem(it)
		if err != nil {
			err.(*ActionInputError).Line = i + 1
			return "", err
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String(), nil
}
