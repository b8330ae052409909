package cachespec

import (
	"fmt"
	"log/slog"
	"strconv"
)

// Key is a comparable identity of an entry, for de-duplication: two
// entries have the same Key exactly when BuildKit treats them the same
// (their [Normalize]d forms are equal). Entries are pointers, so they are
// not map keys themselves; a Key is:
//
//	seen := map[cachespec.Key]bool{}
//	for _, e := range entries {
//		if k := cachespec.KeyOf(e); !seen[k] {
//			seen[k] = true
//			...
//		}
//	}
//
// Every form of a Key a person may see (String, every fmt verb, slog) is
// redacted. The zero Key is the key of nil.
type Key struct{ text string }

// KeyOf returns the identity of e: its normalized canonical form.
func KeyOf(e Entry) Key {
	if e == nil {
		return Key{}
	}
	return Key{Format(Normalize(e))}
}

// String returns the normalized canonical form with secrets redacted.
func (k Key) String() string { return Redact(k.text) }

// GoString returns a redacted Go-syntax form for %#v.
func (k Key) GoString() string { return "cachespec.Key{" + strconv.Quote(k.String()) + "}" }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (k Key) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, k.GoString())
		return
	}
	fmt.Fprint(f, k.String())
}

// LogValue implements slog.LogValuer with the redacted form.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.String()) }

// Drop is an entry [NormalizeListDrops] left out, and the earlier entry
// that made it redundant.
type Drop struct {
	// Index is the position of the dropped entry in the input.
	Index int
	// Of is the position in the input of the earlier entry it repeats: the
	// first equal entry, or for an inline entry the first inline entry.
	Of int
	// Inline reports that the entry was dropped as a repeated inline entry
	// (BuildKit collapses them) rather than as an equal one.
	Inline bool
}

// NormalizeListDrops is [NormalizeList] that also says what it dropped:
// one Drop per entry left out (nil entries are skipped without one), in
// input order.
func NormalizeListDrops(entries []Entry) ([]Entry, []Drop) {
	out := make([]Entry, 0, len(entries))
	var drops []Drop
	firstInline := -1
	seen := make(map[Key]int, len(entries))
	for i, e := range entries {
		if e == nil {
			continue
		}
		n := Normalize(e)
		if n.Type() == TypeInline {
			if firstInline >= 0 {
				drops = append(drops, Drop{Index: i, Of: firstInline, Inline: true})
				continue
			}
			firstInline = i
		}
		k := Key{Format(n)}
		if j, dup := seen[k]; dup {
			drops = append(drops, Drop{Index: i, Of: j})
			continue
		}
		seen[k] = i
		out = append(out, n)
	}
	return out, drops
}

// Display returns the form of e to show a person: the redacted canonical
// form ([Entry.String]) without the attributes that are written as their
// default (mode=min, ignore-error=false, scope=buildkit, ...; see
// [Schema]), which say nothing BuildKit would not do anyway. An inline
// entry displays as "type=inline", since BuildKit ignores its attributes.
// Display(nil) is "".
func Display(e Entry) string {
	if e == nil {
		return ""
	}
	if e.Type() == TypeInline {
		return "type=inline"
	}
	n := Normalize(e)
	c := Clone(e)
	s := schemaOf(e.Type())
	for i, sp := range s.specs {
		f := c.field(i)
		if !sp.HasDefault || !f.present() {
			continue
		}
		def := sp.Default
		if j := s.follows[i]; j >= 0 && e.field(j).present() {
			def = n.field(j).spelling()
		}
		if n.field(i).spelling() == def {
			f.clear()
		}
	}
	return c.String()
}

// ImportOf returns the cache-from entry that imports what export, a
// cache-to entry, writes: a local dest becomes the src, and the
// attributes BuildKit reads only on export ([Schema]'s DirectionExport:
// mode, compression, gha repository and ghtoken, s3 upload_parallelism,
// ...) are dropped. Unknown attributes are kept. ok is false for an inline
// entry, which has no importer (import the image itself instead), and for
// nil.
func ImportOf(export Entry) (imp Entry, ok bool) {
	if export == nil || export.Type() == TypeInline {
		return nil, false
	}
	c := Clone(export)
	if l, isLocal := c.(*Local); isLocal && l.Dest.IsSet() {
		l.Src, l.Dest = l.Dest, Optional[string]{}
	}
	for i, sp := range schemaOf(c.Type()).specs {
		if sp.Direction == DirectionExport {
			c.field(i).clear()
		}
	}
	return c, true
}
