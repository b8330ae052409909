package loader

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/docker/buildx/bake/hclparser"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/gocty"
)

// The limits of what one definition may ask the loader to evaluate. Real
// bake files are far below them; a file above them is refused as too
// expensive, with [TooExpensive], rather than evaluated for minutes or
// until memory runs out.
const (
	// MaxLegs bounds the combinations of one target's matrix.
	MaxLegs = 256
	// MaxTargets bounds the targets and groups of a definition, matrix
	// legs included.
	MaxTargets = 1000
	// MaxInherits bounds the depth of a target's chain of parents.
	MaxInherits = 64
	// MaxElements bounds the elements that setproduct makes in all, over
	// a definition (range itself stops at 1024).
	MaxElements = 100000
	// MaxBcryptCost is the highest bcrypt cost evaluated (bcrypt's
	// default); each step doubles the time.
	MaxBcryptCost = 10
	// MaxBcryptCalls bounds the bcrypt calls of a definition.
	MaxBcryptCalls = 8
)

const (
	maxLegs     = MaxLegs
	maxTargets  = MaxTargets
	maxInherits = MaxInherits
)

// marker tags the loader's own refusals in the text of the errors that
// HCL wraps them in. It is random, so that no file can write it.
var marker = sync.OnceValue(func() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "\x1e" + hex.EncodeToString(b) + "\x1e"
})

func tooExpensive(format string, args ...any) error {
	return errors.New(marker() + fmt.Sprintf(format, args...) + marker())
}

// TooExpensive says whether err is the loader refusing a definition over
// one of its limits, and which.
func TooExpensive(err error) (reason string, ok bool) {
	if err == nil {
		return "", false
	}
	m := marker()
	_, rest, ok := strings.Cut(err.Error(), m)
	if !ok {
		return "", false
	}
	reason, _, _ = strings.Cut(rest, m)
	return reason, true
}

// originals are the functions bake's evaluator starts with.
var originals = sync.OnceValue(hclparser.Stdlib)

// guardFunctions replaces, in the root context of one evaluation, the
// functions whose cost grows with their arguments without a bound of
// their own (bcrypt, setproduct) with checked ones sharing one budget. It is called before
// the first block is evaluated; variable defaults, evaluated earlier, are
// bounded by checkCost.
func guardFunctions(root *hcl.EvalContext) {
	if root == nil || root.Functions == nil || root.Functions["setproduct"] != originals()["setproduct"] {
		return // already guarded, or not bake's context
	}
	b := &budget{}
	for name, check := range map[string]func([]cty.Value) error{
		"bcrypt":     b.bcrypt,
		"setproduct": b.setproduct,
	} {
		if orig, ok := root.Functions[name]; ok {
			root.Functions[name] = checked(orig, check)
		}
	}
}

// checked is orig with check run on the arguments first.
func checked(orig function.Function, check func([]cty.Value) error) function.Function {
	return function.New(&function.Spec{
		Description: orig.Description(),
		Params:      orig.Params(),
		VarParam:    orig.VarParam(),
		Type:        orig.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := check(args); err != nil {
				return cty.NilVal, err
			}
			return orig.Call(args)
		},
	})
}

// budget is what one evaluation has spent.
type budget struct {
	elements, bcrypts int
}

func (b *budget) spend(name string, n float64) error {
	if n > MaxElements || float64(b.elements)+n > MaxElements {
		return tooExpensive("%s would make more than %d elements", name, MaxElements)
	}
	b.elements += int(n)
	return nil
}

func (b *budget) bcrypt(args []cty.Value) error {
	if b.bcrypts++; b.bcrypts > MaxBcryptCalls {
		return tooExpensive("bcrypt is called more than %d times", MaxBcryptCalls)
	}
	if len(args) > 1 && args[1].IsKnown() && !args[1].IsNull() {
		var cost int
		if err := gocty.FromCtyValue(args[1], &cost); err == nil && cost > MaxBcryptCost {
			return tooExpensive("bcrypt is called with cost %d, above %d", cost, MaxBcryptCost)
		}
	}
	return nil
}

func (b *budget) setproduct(args []cty.Value) error {
	n := 1.0
	for _, a := range args {
		if !a.IsKnown() || a.IsNull() || !a.CanIterateElements() {
			return nil
		}
		n *= float64(a.LengthInt())
	}
	return b.spend("setproduct", n)
}

// costly finds, in source text, a call to a function the budget guards.
var costly = regexp.MustCompile(`\b(bcrypt|setproduct)\s*\(`)

// checkCost bounds what is evaluated before the guarded functions are in
// place: the variable blocks, the function blocks (which a variable's
// default may call) and global attributes. There, a call to bcrypt or
// setproduct must have constant arguments within the limits (in JSON
// files, where calls are templates, it is refused).
func checkCost(files []*hcl.File) error {
	for _, f := range files {
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			if costly.Match(f.Bytes) && jsonEarlyCall(f) {
				return tooExpensive("a variable, function or global attribute calls bcrypt or setproduct")
			}
			continue
		}
		b := &budget{}
		var exprs []hclsyntax.Expression
		for _, a := range body.Attributes {
			exprs = append(exprs, a.Expr)
		}
		for _, blk := range body.Blocks {
			if blk.Type != "variable" && blk.Type != "function" {
				continue
			}
			_ = hclsyntax.VisitAll(blk.Body, func(n hclsyntax.Node) hcl.Diagnostics {
				if a, ok := n.(*hclsyntax.Attribute); ok {
					exprs = append(exprs, a.Expr)
				}
				return nil
			})
		}
		for _, e := range exprs {
			var err error
			_ = hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
				call, ok := n.(*hclsyntax.FunctionCallExpr)
				if !ok || err != nil {
					return nil
				}
				var check func([]cty.Value) error
				switch call.Name {
				case "bcrypt":
					check = b.bcrypt
				case "setproduct":
					check = b.setproduct
				default:
					return nil
				}
				args := make([]cty.Value, len(call.Args))
				for i, a := range call.Args {
					v, diags := a.Value(nil)
					if diags.HasErrors() || !v.IsWhollyKnown() {
						err = tooExpensive("a variable, function or global attribute calls %s with arguments that are not constants", call.Name)
						return nil
					}
					args[i] = v
				}
				err = check(args)
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonEarlyCall says whether a JSON file's variable or function blocks or
// global attributes call a guarded function.
func jsonEarlyCall(f *hcl.File) bool {
	content, rest, _ := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "target", LabelNames: []string{"name"}},
		{Type: "group", LabelNames: []string{"name"}},
		{Type: "function", LabelNames: []string{"name"}},
	}})
	if content == nil {
		return true
	}
	in := func(r hcl.Range) bool {
		return r.Start.Byte >= 0 && r.End.Byte <= len(f.Bytes) && r.Start.Byte <= r.End.Byte &&
			costly.Match(f.Bytes[r.Start.Byte:r.End.Byte])
	}
	for _, blk := range content.Blocks {
		if blk.Type == "variable" || blk.Type == "function" {
			if attrs, _ := blk.Body.JustAttributes(); attrs != nil {
				for _, a := range attrs {
					if in(a.Range) {
						return true
					}
				}
			}
		}
	}
	if rest != nil {
		attrs, _ := rest.JustAttributes()
		for _, a := range attrs {
			if in(a.Range) {
				return true
			}
		}
	}
	return false
}

// MaxOperators bounds the operators of one expression (binary, unary,
// conditional): HCL's parser and evaluator recurse once per operator
// without a limit, and a long enough chain overflows the stack, which no
// recover catches.
const MaxOperators = 1000

// OperatorChain returns the largest number of operators in one expression
// of an HCL file, or of one template of a JSON file: operators outside
// string literals and comments, and inside each ${...} of a string,
// counted from the last line end outside brackets; in JSON (json true)
// only the operators of templates count. It reads the bytes once and
// does not parse.
func OperatorChain(data []byte, json bool) int {
	most, n := 0, 0
	// frames: 'c' code in brackets, 's' string, 'i' interpolation
	var frames []byte
	top := func() byte {
		if len(frames) == 0 {
			return 'c'
		}
		return frames[len(frames)-1]
	}
	brackets := 0 // open ( and [ in code since the last reset
	interps := 0
	count := func() {
		if json && interps == 0 {
			return
		}
		if n++; n > most {
			most = n
		}
	}
	identChar := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		if top() == 's' {
			switch {
			case c == '\\':
				i++
			case c == '"':
				frames = frames[:len(frames)-1]
			case c == '$' && i+1 < len(data) && data[i+1] == '$':
				i++
			case (c == '$' || c == '%') && i+1 < len(data) && data[i+1] == '{':
				frames = append(frames, 'i')
				interps++
				i++
			}
			continue
		}
		switch c {
		case '"':
			frames = append(frames, 's')
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case '/':
			if i+1 < len(data) && data[i+1] == '/' {
				for i < len(data) && data[i] != '\n' {
					i++
				}
				i--
			} else if i+1 < len(data) && data[i+1] == '*' {
				end := strings.Index(string(data[i+2:]), "*/")
				if end < 0 {
					return most
				}
				i += end + 3
			} else {
				count()
			}
		case '{':
			frames = append(frames, 'c')
		case '}':
			if len(frames) > 0 {
				if top() == 'i' {
					n = 0 // a template's expression ends
					interps--
				}
				frames = frames[:len(frames)-1]
			}
		case '(', '[':
			brackets++
		case ')', ']':
			brackets = max(brackets-1, 0)
		case '\n':
			if brackets == 0 && top() != 'i' {
				n = 0
			}
		case '+', '*', '%', '?', ':', '<', '>', '!':
			count()
		case '&', '|', '=':
			if i+1 < len(data) && data[i+1] == c {
				count()
				i++
			}
		case '-':
			if i == 0 || !identChar(data[i-1]) || data[i-1] >= '0' && data[i-1] <= '9' {
				count()
			}
		}
	}
	return most
}
