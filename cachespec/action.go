package cachespec

// ParseActionInput reads the cache-from or cache-to input of
// docker/build-push-action as the action and Buildx read it: the input is
// split into items exactly as docker/actions-toolkit does
// ([SplitActionInput]), each item becomes one --cache-from / --cache-to
// value, and the values are read with [ParseList] semantics. An error's
// Index is the item's position.
//
// Two entries joined on one line ("type=local,src=a,type=local,src=b") are
// one item, and so one value with a duplicate key: refused with
// [ErrDuplicateKey] and a fix that splits them.
func ParseActionInput(input string) ([]Entry, error) {
	items, err := SplitActionInput(input)
	if err != nil {
		return nil, err
	}
	return ParseList(items)
}

// FormatActionInput returns a build-push-action input block for entries: one
// entry per line in canonical form, quoted where actions-toolkit's reader
// needs it, ending with a newline, ready to be a YAML literal block
// ("cache-to: |"). ParseActionInput reads it back to the same entries.
// Secrets are written as they are: pass them as expressions
// (${{ secrets.X }}) instead of literals in a workflow file.
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
