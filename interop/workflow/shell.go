package workflow

import (
	"strings"

	"github.com/buildxcache/buildxcache/interop/internal/shellcmd"
	"github.com/buildxcache/buildxcache/validate"
)

// maskExpressions replaces each GitHub expression (validate.Expressions)
// in a script by a shell-neutral word of the same length (so byte offsets
// are kept) and returns the replacements to undo in extracted words. The
// runner substitutes expressions into a run: script before the shell sees
// it; an unclosed "${{" is left to the shell.
func maskExpressions(script string) (string, []mask) {
	var locs [][2]int
	for _, e := range validate.Expressions(script) {
		if e.Closed {
			locs = append(locs, [2]int{e.Start, e.End})
		}
	}
	if len(locs) == 0 {
		return script, nil
	}
	var b strings.Builder
	masks := make([]mask, 0, len(locs))
	last := 0
	for i, l := range locs {
		orig := script[l[0]:l[1]]
		ph := placeholder(i, len(orig))
		b.WriteString(script[last:l[0]])
		b.WriteString(ph)
		masks = append(masks, mask{ph: ph, orig: orig})
		last = l[1]
	}
	b.WriteString(script[last:])
	return b.String(), masks
}

type mask struct{ ph, orig string }

// placeholder builds "GHXnnnGGG..." of length n (n >= 6, the shortest
// expression "${{x}}"), unique per index.
func placeholder(i, n int) string {
	id := "GHX" + itoa(i) + "Q"
	if len(id) > n {
		id = id[:n]
	}
	return id + strings.Repeat("Q", n-len(id))
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}

// unmask restores the expressions masked in s. Each "GHX" is read with
// the index written after it, so the work is linear in s whatever the
// number of masks; a placeholder cut short (an index longer than its
// expression) is restored by trying every mask, longest index first, as
// before.
func unmask(s string, masks []mask) string {
	if len(masks) == 0 || !strings.Contains(s, "GHX") {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "GHX")
		if j < 0 {
			break
		}
		at := i + j
		k := at + 3
		idx := 0
		for k < len(s) && '0' <= s[k] && s[k] <= '9' && idx < len(masks) {
			idx = idx*10 + int(s[k]-'0')
			k++
		}
		if k == at+3 || idx >= len(masks) || !strings.HasPrefix(s[at:], masks[idx].ph) {
			if k > at+3 && (k == len(s) || s[k] != 'Q') {
				return unmaskAll(s, masks) // a placeholder cut short
			}
			i = at + 3
			continue
		}
		b.WriteString(s[last:at])
		b.WriteString(masks[idx].orig)
		i = at + len(masks[idx].ph)
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// unmaskAll is unmask by trying every mask.
func unmaskAll(s string, masks []mask) string {
	for j := len(masks) - 1; j >= 0; j-- {
		s = strings.ReplaceAll(s, masks[j].ph, masks[j].orig)
	}
	return s
}

// moves returns the directories a run: script moves elsewhere with mv
// (its sources, not its destination), as written; nil when the shell
// parser refuses the script. The parse is kept in the step's memo for the
// reading of its builds and calls.
func (r *reader) moves(script string) []string {
	p := r.script(script)
	if p.err != nil {
		return nil
	}
	return shellcmd.Moves(p.file, p.masked, p.options())
}
