package yamlx

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The messages of YAML parsers and of compose-go's schema:
//
//	yaml: line 2: did not find expected node content
//	yaml: line 3, column 13: unknown anchor 'nope' referenced
//	services.a.build additional properties 'cache-from', 'cache-to' not allowed
//	services.a.build.cache_from must be a array
//	services.a.cache_to false schema
var (
	lineRe       = regexp.MustCompile(`\bline (\d+)(?:, column (\d+))?`)
	additionalRe = regexp.MustCompile(`(\S+) additional propert(?:y|ies) ((?:'[^']*'(?:, )?)+) not allowed`)
	quotedRe     = regexp.MustCompile(`'([^']*)'`)
	pathRe       = regexp.MustCompile(`\bservices\.\S+`)
)

// ErrorLine returns the line, and the column when it is given, that a YAML
// parser's message names ("line 2: ...", "line 3, column 13: ..."); 0
// when the message names none.
func ErrorLine(msg string) (line, col int) {
	m := lineRe.FindStringSubmatch(msg)
	if m == nil {
		return 0, 0
	}
	line, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		col, _ = strconv.Atoi(m[2])
	}
	return line, col
}

// UnknownKeys returns the mapping and the keys that a compose schema
// message refuses as unknown: "services.a.build additional properties
// 'cache-from', 'cache-to' not allowed" gives "services.a.build" and
// [cache-from cache-to]. It returns "" and nil for another message.
func UnknownKeys(msg string) (path string, keys []string) {
	m := additionalRe.FindStringSubmatch(msg)
	if m == nil {
		return "", nil
	}
	for _, q := range quotedRe.FindAllStringSubmatch(m[2], -1) {
		keys = append(keys, q[1])
	}
	return m[1], keys
}

// ErrorKey returns the key node of doc that a compose-go message is about:
// the first unknown key of an "additional properties" message, else the
// last key of the first services path the message names
// ("services.a.build.cache_from must be a array" names cache_from under
// services.a.build). Service names may hold dots (see [KeyAt]). It returns
// nil when the message names no key that doc has.
func ErrorKey(doc *yaml.Node, msg string) *yaml.Node {
	if doc == nil {
		return nil
	}
	if path, keys := UnknownKeys(msg); len(keys) > 0 {
		return KeyAt(doc, strings.Split(path, "."), keys[0])
	}
	if p := pathRe.FindString(msg); p != "" {
		parts := strings.Split(strings.TrimRight(p, ":,.;"), ".")
		return KeyAt(doc, parts[:len(parts)-1], parts[len(parts)-1])
	}
	return nil
}

// ErrorPos locates a compose-go or YAML error message in doc (which may be
// nil): at the key it names ([ErrorKey]), else at the line it names
// ([ErrorLine]); 0, 0 when neither is known.
func ErrorPos(doc *yaml.Node, msg string) (line, col int) {
	if n := ErrorKey(doc, msg); n != nil {
		return n.Line, n.Column
	}
	return ErrorLine(msg)
}
