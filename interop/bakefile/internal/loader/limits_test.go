package loader

import (
	"errors"
	"strings"
	"testing"
)

func TestOperatorChain(t *testing.T) {
	tests := []struct {
		src  string
		json bool
		want int
	}{
		{`a = 1 + 2 * 3`, false, 2},
		{"a = 1 + 2\nb = 3 + 4 + 5", false, 2},               // a line end outside brackets ends the expression
		{"a = (1 +\n 2 +\n 3)", false, 2},                    // inside brackets it does not
		{`a = "x-y+z*w ${1 + 2 + 3} ${4 - 5}"`, false, 2},    // string text does not count; each template on its own
		{`a = "$${1+1+1}"`, false, 0},                        // an escaped template is text
		{`a = "\"${1+1}\""`, false, 1},                       // escaped quotes stay in the string
		{"# 1+1+1+1\n// 2+2+2\n/* 3+3+3 */ a = 1", false, 0}, // comments do not count
		{`cache-from = no-cache`, false, 0},                  // dashes of identifiers are not operators
		{`a = x == y && z != w || !v`, false, 5},             // ==, &&, !, ||, ! (the = of != is not counted again)
		{`a = c ? 1 : d ? 2 : 3`, false, 4},                  // conditionals
		{`{"a": 1, "b": [1, 2], "c": "-+-+-"}`, true, 0},     // JSON: only templates count
		{`{"a": "${1+1+1}", "b": "${2*2}"}`, true, 2},        // each template on its own
		{`{"a": "${1+1+1}", "b": "${2*2}"}`, false, 3},       // as HCL, a key's colon adds to its template
		{`a = "${` + strings.Repeat("1+", 5000) + `1}"`, false, 5000},
		{`a = [` + strings.Repeat(`true?"a":`, 700) + `"b"]`, false, 1400},
		{`a = "unterminated ${1+`, false, 1},
		{`/* unterminated 1+1+1`, false, 0},
	}
	for _, tt := range tests {
		if got := OperatorChain([]byte(tt.src), tt.json); got != tt.want {
			t.Errorf("OperatorChain(%.60q, json %v) = %d, want %d", tt.src, tt.json, got, tt.want)
		}
	}
}

func TestTooExpensiveMarkerCannotBeWritten(t *testing.T) {
	err := tooExpensive("the matrix of target %q has more than %d combinations", "a", MaxLegs)
	why, ok := TooExpensive(errors.New("docker-bake.hcl:1,1: Invalid block; " + err.Error()))
	if !ok || why != `the matrix of target "a" has more than 256 combinations` {
		t.Errorf("TooExpensive(wrapped) = %q, %v", why, ok)
	}
	// a file's own message cannot pass for a limit: the marker is random
	for _, text := range []string{"too expensive", "\x1e\x1e", "bake file too expensive to evaluate", ""} {
		if _, ok := TooExpensive(errors.New(text)); ok {
			t.Errorf("TooExpensive(%q) = true", text)
		}
	}
	if _, ok := TooExpensive(nil); ok {
		t.Error("TooExpensive(nil) = true")
	}
}

func TestGuardsAreInstalledOncePerEvaluation(t *testing.T) {
	// two calls of bcrypt in two evaluations: each evaluation has its own
	// budget, so that an earlier definition does not spend a later one's
	src := "target \"a\" {\n  tags = [" + strings.Repeat(`bcrypt("x", 4), `, MaxBcryptCalls) + "]\n}\n"
	for i := range 2 {
		if _, _, err := ParseFiles([]File{{Name: "docker-bake.hcl", Data: []byte(src)}}, nil, nil); err != nil {
			t.Fatalf("evaluation %d: %v", i, err)
		}
	}
	over := "target \"a\" {\n  tags = [" + strings.Repeat(`bcrypt("x", 4), `, MaxBcryptCalls+1) + "]\n}\n"
	_, _, err := ParseFiles([]File{{Name: "docker-bake.hcl", Data: []byte(over)}}, nil, nil)
	if why, ok := TooExpensive(err); !ok || why != "bcrypt is called more than 8 times" {
		t.Errorf("%d calls: %v", MaxBcryptCalls+1, err)
	}
}
