package validate

import "strings"

var longScope = strings.Repeat("a", 17<<10)
