package cachespec

import "errors"

// ParseActionInput reads the cache-from or cache-to input of
// docker/build-push-action as the action and Buildx read it: the input is
// split into items exactly as docker/actions-toolkit does
// ([SplitActionInput]), each item becomes one --cache-from / --cache-to
// value, and the values are read with [ParseList] semantics.
//
// An error names the item the way a person finds it: its Line is the
// 1-based line of the input where the item starts (the message says "line
// N"), and its Index the 0-based position of the item among the values, as
// in ParseList. Lines count from 1 and positions from 0 throughout this
// package, as in [SplitActionInput]'s ActionInputError.Line and
// diag.Diagnostic.Index.
//
// Two entries joined on one line ("type=local,src=a,type=local,src=b") are
// one item, and so one value with a duplicate key: refused with
// [ErrDuplicateKey] and a fix that splits them.
func ParseActionInput(input string) ([]Entry, error) {
	items, lines, err := splitActionInput(input)
	if err != nil {
		return nil, err
	}
	out, err := ParseList(items)
	var pe *ParseError
	if errors.As(err, &pe) && pe.Index >= 0 && pe.Index < len(lines) {
		pe.Line = lines[pe.Index]
	}
	return out, err
}

// FormatActionInput returns a build-push-action input block for entries: one
// entry per line in canonical form, quoted where actions-toolkit's reader
// needs it, ending with a newline, ready to be a YAML literal block
// ("cache-to: |"). ParseActionInput reads it back to the same entries.
// It REVEALS SECRETS, written as they are: pass credentials as
// expressions (${{ secrets.X }}) instead of literals in a workflow file.
// It refuses an entry [Validate] refuses.
func FormatActionInput(entries []Entry) (string, error) {
	items := make([]string, 0, len(entries))
	for _, e := range entries {
		b, err := e.AppendText(nil)
		if err != nil {
			return "", err
		}
		items = append(items, string(b))
	}
	return FormatActionInputItems(items)
}
