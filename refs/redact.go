package refs

import "strings"

// redacted replaces a password in an Error's Input.
const redacted = "[redacted]"

// shown returns s as an Error quotes it: with the password of a
// user:password@ part ("https://user:pass@host/repo", "user:pass@host/repo")
// replaced by "[redacted]", so that printing an Error never prints a
// credential.
func shown(s string) string {
	auth, at0 := s, 0
	if i := strings.Index(s, "://"); i >= 0 {
		at0 = i + 3
		auth = s[at0:]
		if j := strings.IndexAny(auth, "/?#"); j >= 0 {
			auth = auth[:j]
		}
		at := strings.LastIndexByte(auth, '@')
		if at < 0 {
			return s
		}
		c := strings.IndexByte(auth[:at], ':')
		if c < 0 {
			return s
		}
		return s[:at0+c+1] + redacted + s[at0+at:]
	}
	at := strings.IndexByte(auth, '@')
	if at <= 0 || strings.Contains(auth[:at], "/") || !strings.Contains(auth[at+1:], "/") {
		return s
	}
	c := strings.IndexByte(auth[:at], ':')
	if c < 0 || c+1 == at {
		return s
	}
	return s[:c+1] + redacted + s[at:]
}
