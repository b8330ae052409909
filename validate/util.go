package validate

import "strings"

// fieldSpan returns the byte offset and length of the first CSV field of s
// whose key, lower-cased and with a leading quote removed, is key; or 0, 0.
func fieldSpan(s, key string) (int, int) {
	start := 0
	inQuote := false
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '"':
				inQuote = !inQuote
				continue
			case ',':
				if inQuote {
					continue
				}
			default:
				continue
			}
		}
		f := s[start:i]
		k, _, _ := strings.Cut(strings.TrimPrefix(f, `"`), "=")
		if strings.EqualFold(strings.TrimSpace(k), key) {
			return start, len(f)
		}
		start = i + 1
	}
	return 0, 0
}
