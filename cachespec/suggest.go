package cachespec

import (
	"strconv"
	"strings"
)

// Suggest returns the candidate nearest to s: an exact match after trimming
// white space and lower-casing, else the first candidate within edit
// distance 2 (ties go to the earlier candidate), else "". The result is
// deterministic.
func Suggest(s string, candidates []string) string {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, c := range candidates {
		if c == t {
			return c
		}
	}
	if len(t) < 2 {
		return ""
	}
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(t, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions), or
// max when it is at least max.
func editDistance(a, b string, max int) int {
	if d := len(a) - len(b); d >= max || -d >= max {
		return max
	}
	if len(a) > 64 || len(b) > 64 {
		return max
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= max {
			return max
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], max)
}

// typeFix suggests a type for an unknown one.
func typeFix(s string) string {
	fix, _ := typeSuggestion(s)
	return fix
}

// typeSuggestion returns typeFix's text and the type to write instead of
// s, or "" when there is no single one.
func typeSuggestion(s string) (fix, typ string) {
	if rest, ok := strings.CutPrefix(s, "type="); ok && lookupType(rest) != TypeInvalid {
		return `remove the repeated "type=": type=` + rest, rest
	}
	names := typeNames[1:]
	if c := Suggest(s, names); c != "" {
		return "did you mean " + strconv.Quote(c) + "? types are case-sensitive: type=" + c, c
	}
	return "use one of registry, local, inline, gha, s3, azblob", ""
}

// boolSuggestion returns the bool strconv.ParseBool reads for a word that
// means one without being one ("yes", "on", "enabled"), or "".
func boolSuggestion(val string) string {
	switch strings.ToLower(strings.TrimSpace(val)) {
	case "yes", "y", "on", "enable", "enabled":
		return "true"
	case "no", "n", "off", "disable", "disabled":
		return "false"
	}
	return ""
}

// valueSuggestion returns the value to write instead of val for key, when
// a near miss makes it certain, or "".
func valueSuggestion(key, val string) string {
	switch key {
	case "mode":
		if c := Suggest(val, []string{"min", "max", "maximum", "minimum"}); c != "" {
			return c[:3]
		}
	case "compression":
		c := Suggest(val, []string{"gzip", "zstd", "estargz", "uncompressed"})
		if c == "" {
			c = map[string]string{"zst": "zstd", "zstandard": "zstd", "gz": "gzip", "none": "uncompressed"}[strings.ToLower(strings.TrimSpace(val))]
		}
		return c
	case "retry_mode":
		return Suggest(val, []string{"standard", "adaptive"})
	}
	want, _ := numberFix(key, val)
	return want
}

// numberFix corrects a number or duration written without its unit, with
// the day unit Go durations lack, or with white space around it: the value
// to write and the fix that says so, or "" when none is certain.
func numberFix(key, val string) (want, fix string) {
	t := strings.TrimSpace(val)
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		switch {
		case isDurationKey(key):
			want = strconv.FormatInt(n, 10) + "s"
			return want, "add a unit: " + key + "=" + want
		case t != val:
			return t, "remove the white space: " + key + "=" + t
		}
		return "", ""
	}
	if d, ok := strings.CutSuffix(t, "d"); ok && isDurationKey(key) {
		if n, err := strconv.Atoi(d); err == nil && n > -1<<20 && n < 1<<20 {
			want = strconv.Itoa(24*n) + "h"
			return want, "Go durations have no day unit: " + key + "=" + want
		}
	}
	return "", ""
}

// valueFix suggests a correction for a value its typed field refused.
func valueFix(key, val string) string {
	switch key {
	case "mode":
		if c := Suggest(val, []string{"min", "max", "maximum", "minimum"}); c != "" {
			return "did you mean " + strconv.Quote(c[:3]) + "? write " + key + "=" + c[:3]
		}
		return `write mode=min or mode=max`
	case "compression":
		c := Suggest(val, []string{"gzip", "zstd", "estargz", "uncompressed"})
		if c == "" {
			c = map[string]string{"zst": "zstd", "zstandard": "zstd", "gz": "gzip", "none": "uncompressed"}[strings.ToLower(strings.TrimSpace(val))]
		}
		if c != "" {
			return "did you mean " + strconv.Quote(c) + "? write compression=" + c
		}
		return "write one of gzip, zstd, estargz, uncompressed"
	case "retry_mode":
		if c := Suggest(val, []string{"standard", "adaptive"}); c != "" {
			return "did you mean " + strconv.Quote(c) + "? write retry_mode=" + c
		}
		return "write retry_mode=standard or retry_mode=adaptive"
	case "digest":
		return `write the manifest digest, such as digest=sha256:<64 hex digits>, or drop it and use tag`
	case "account_url":
		return "write the storage account URL, such as https://<account>.blob.core.windows.net"
	}
	if _, fix := numberFix(key, val); fix != "" {
		return fix
	}
	t := strings.TrimSpace(val)
	if n, err := strconv.ParseInt(t, 10, 64); err == nil && n < 1 && (key == "upload_parallelism" || key == "retry_max_attempts" || key == "version") {
		return key + " must be at least 1"
	}
	switch boolWord(val) {
	case "true":
		return "write " + key + "=true"
	case "false":
		return "write " + key + "=false"
	}
	if isDurationKey(key) {
		return `write a Go duration with a unit: ns, us, ms, s, m, h (such as 10m)`
	}
	return "write a valid value for " + key
}

func isDurationKey(k string) bool { return k == "timeout" || k == "touch_refresh" }

// boolWord maps common spellings of yes and no that strconv.ParseBool
// refuses.
func boolWord(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "on", "enable", "enabled", "true", "t", "1":
		return "true"
	case "no", "n", "off", "disable", "disabled", "false", "f", "0":
		return "false"
	}
	return ""
}
