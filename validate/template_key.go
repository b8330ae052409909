package validate

import (
	"strings"

	"github.com/buildxcache/buildxcache/refs"
)

// normTemplate is a template's text with the spelling that does not change
// its value removed: the white space inside a GitHub expression
// (${{ env.X }} is ${{env.X}}), the braces of a shell variable ($VAR is
// ${VAR}). The same normalised text is the same value at run time.
func normTemplate(t template) string {
	switch t.kind {
	case kindGitHub:
		body := strings.TrimSuffix(strings.TrimPrefix(t.text, "${{"), "}}")
		return "${{" + strings.Join(strings.Fields(body), " ") + "}}"
	case kindVar:
		if len(t.text) > 1 && t.text[1] != '{' {
			return "${" + t.text[1:] + "}"
		}
	}
	return t.text
}

// templateText returns s with each template's text normalised
// (normTemplate), so that two values compare equal when they are the same
// text at run time.
func templateText(s string) string {
	ts := findTemplates(s)
	if len(ts) == 0 {
		return s
	}
	var b strings.Builder
	prev := 0
	for _, t := range ts {
		b.WriteString(s[prev:t.start])
		b.WriteString(normTemplate(t))
		prev = t.end
	}
	b.WriteString(s[prev:])
	return b.String()
}

// refKey returns an image reference with templates in a form that is the
// same for two references that name the same image at run time: the
// templates normalised, and the reference qualified (docker.io/,
// library/, :latest) when its templates leave the registry and the
// repository's first part literal. A reference that is not valid whatever
// its templates hold is compared as written (templates normalised).
func refKey(ref string) string {
	ts := findTemplates(ref)
	if len(ts) == 0 {
		if r, err := refs.Parse(ref); err == nil {
			return r.Qualified()
		}
		return ref
	}
	text := templateText(ref)
	if ts[0].start == 0 || strings.Contains(ref, "zq") {
		return text // a template may hold the registry: compare as written
	}
	// each distinct template becomes one placeholder valid in a ref
	ph := map[string]string{}
	var order []string
	var b strings.Builder
	prev := 0
	for _, t := range ts {
		b.WriteString(ref[prev:t.start])
		n := normTemplate(t)
		p, ok := ph[n]
		if !ok {
			p = "zq" + letters(len(order))
			ph[n] = p
			order = append(order, n)
		}
		b.WriteString(p)
		prev = t.end
	}
	b.WriteString(ref[prev:])
	r, err := refs.Parse(b.String())
	if err != nil {
		return text
	}
	out := r.Qualified()
	for i := len(order) - 1; i >= 0; i-- {
		out = strings.ReplaceAll(out, "zq"+letters(i), order[i])
	}
	return out
}

// letters writes n in base 26 with the letters a to z.
func letters(n int) string {
	s := string(rune('a' + n%26))
	for n /= 26; n > 0; n /= 26 {
		s = string(rune('a'+n%26)) + s
	}
	return s
}
