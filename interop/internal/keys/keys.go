// Package keys recognises misspelled cache keys: the cache_from that bake
// ignores in an HCL or JSON target (where the key is cache-from), the
// cache-from that compose refuses (where it is cache_from). The readers of
// bake files and compose files report them with validate.IgnoredCacheKey or
// validate.FileSyntaxError, with the rename as fix.
package keys

import (
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
)

// Spelling is how a file format spells the two cache keys.
type Spelling struct {
	From, To string
}

// The spellings of the formats the readers read.
var (
	// Bake is the spelling of bake's HCL and JSON targets and of the
	// x-bake extension of compose files.
	Bake = Spelling{From: "cache-from", To: "cache-to"}
	// Compose is the spelling of a compose service's build section.
	Compose = Spelling{From: "cache_from", To: "cache_to"}
)

// Misspelled says whether key is a misspelling of s.From or s.To, and
// which one it means: the other format's spelling, another case, a space
// or a dot for the separator, no separator, or a typo within two edits of
// a key starting "cach" or "cahc" ("cache-form", "cahce-to"). The keys as
// s spells them, and other words ("cache", "caches", "x-cache"), are not
// misspellings.
func (s Spelling) Misspelled(key string) (want string, ok bool) {
	if key == s.From || key == s.To {
		return "", false
	}
	canon := strings.ToLower(strings.TrimSpace(key))
	canon = strings.NewReplacer("_", "-", " ", "-", ".", "-").Replace(canon)
	switch strings.ReplaceAll(canon, "-", "") {
	case "cachefrom":
		return s.From, true
	case "cacheto":
		return s.To, true
	}
	if !strings.HasPrefix(canon, "cach") && !strings.HasPrefix(canon, "cahc") {
		return "", false
	}
	switch cachespec.Suggest(canon, []string{"cache-from", "cache-to"}) {
	case "cache-from":
		return s.From, true
	case "cache-to":
		return s.To, true
	}
	return "", false
}

// Rename is the fix for a misspelled key: "rename it to <want>".
func Rename(want string) diag.Fix {
	return diag.Fix{Message: "rename it to " + want}
}

// RenameAt is Rename with the edit that makes it, for a key written
// plainly (not quoted, not escaped) at start of file: its len(key) bytes
// replaced by want. A key that is not written plainly gets Rename.
func RenameAt(file string, start diag.Pos, key, want string, plain bool) diag.Fix {
	f := Rename(want)
	if !plain || start.Line < 1 || start.Col < 1 {
		return f
	}
	end := start
	end.Col += len(key)
	if start.Offset > 0 || start.Line == 1 && start.Col == 1 {
		end.Offset += len(key)
	} else {
		start.Offset, end.Offset = 0, 0
	}
	f.Edits = []diag.TextEdit{{Range: diag.Range{File: file, Start: start, End: end}, NewText: want}}
	return f
}
