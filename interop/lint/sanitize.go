package lint

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/buildxcache/buildxcache/diag"
)

// Text that reaches a terminal, a CI log or a review comment is made inert
// before any writer prints it: file names and messages can hold anything a
// file name or a cache value can hold.
//
// sanitize replaces every control character (C0, DEL, C1), every Unicode
// bidirectional override or isolate, and every byte that is not valid UTF-8
// by its escaped text: "\x1b" for ESC, "\u202e" for RIGHT-TO-LEFT OVERRIDE,
// "\n" for a newline, U+FFFD for a byte of invalid UTF-8. With keepLines, a
// newline and a tab are kept as they are, for formats that escape them
// themselves (JSON) or by a rule of their own (GitHub's workflow commands).
func sanitize(s string, keepLines bool) string {
	if !needsSanitizing(s, keepLines) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case unsafeRune(r, keepLines):
			b.WriteString(escapeRune(r))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsSanitizing reports whether sanitize would change s.
func needsSanitizing(s string, keepLines bool) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++ // printable ASCII, most of every text: safe
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r, keepLines) {
			return true
		}
		i += n
	}
	return false
}

// escapeRune returns the escaped text of a rune sanitize replaces: "\n",
// "\r" and "\t" for those, "\xNN" for the other ASCII control characters,
// "\uNNNN" for the others.
func escapeRune(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	const hex = "0123456789abcdef"
	if r < 0x80 {
		return `\x` + string(hex[r>>4]) + string(hex[r&0xf])
	}
	return `\u` + strconv.FormatInt(int64(r)+0x10000, 16)[1:]
}

// unsafeRune reports whether r must not be printed as it is.
func unsafeRune(r rune, keepLines bool) bool {
	switch {
	case r == '\n' || r == '\t':
		return !keepLines
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidirectional formatting characters
	case r == '\u2028' || r == '\u2029':
		return true // line and paragraph separators
	}
	return false
}

// sanitized returns a copy of d whose human-facing text (file, message,
// rule, subject, fix messages and displayed fixes) is sanitized. Edits'
// NewText is kept exact: it is the text a tool writes into the file, and
// the formats that carry it are JSON, which escapes it.
func sanitized(d diag.Diagnostic, keepLines bool) diag.Diagnostic {
	d.Range.File = sanitize(d.Range.File, false)
	d.Message = sanitize(d.Message, keepLines)
	d.Rule = sanitize(d.Rule, false)
	d.Subject = sanitize(d.Subject, false)
	if len(d.Fixes) > 0 {
		fixes := make([]diag.Fix, len(d.Fixes))
		for i, f := range d.Fixes {
			f.Message = sanitize(f.Message, keepLines)
			f.Fixed = sanitize(f.Fixed, keepLines)
			if len(f.Edits) > 0 {
				edits := make([]diag.TextEdit, len(f.Edits))
				for j, e := range f.Edits {
					e.Range.File = sanitize(e.Range.File, false)
					edits[j] = e
				}
				f.Edits = edits
			}
			fixes[i] = f
		}
		d.Fixes = fixes
	}
	return d
}
