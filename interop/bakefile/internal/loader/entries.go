package loader

import (
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/sirupsen/logrus"
	"github.com/tonistiigi/go-csvvalue"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/gocty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// The list attributes of a target decode as bake decodes them: a list or
// tuple whose empty strings and unknown elements are skipped, each element
// a CSV string or an object. The Go types are named as bake's, since the
// name of such a type appears in HCL's conversion messages.

// listOf checks that in is a list or tuple, as every list attribute must
// be, calls start with its length and each with every element bake does
// not skip. The list is made with that capacity, as bake makes it: which
// later appends share its array, and so what a merge leaves in it,
// depends on the capacity.
func listOf(in cty.Value, p cty.Path, want cty.Type, start func(n int), each func(cty.Value) error) error {
	got := in.Type()
	if !got.IsTupleType() && !got.IsListType() {
		return p.NewErrorf("%s", convert.MismatchMessage(got, cty.List(want)))
	}
	start(in.LengthInt())
	for it := in.ElementIterator(); it.Next(); {
		_, v := it.Element()
		if !v.IsKnown() || v.Type() == cty.String && v.AsString() == "" {
			continue
		}
		if err := each(v); err != nil {
			return err
		}
	}
	return nil
}

// stringMap is the type of an entry written as an object.
var stringMap = cty.Map(cty.String)

// readMap converts an object entry to a map of strings and returns its
// known elements.
func readMap(in cty.Value) (map[string]cty.Value, error) {
	conv, err := convert.Convert(in, stringMap)
	if err != nil {
		return nil, err
	}
	return conv.AsValueMap(), nil
}

// take removes key from m and reads it into dst when it is known.
func take(m map[string]cty.Value, key string, dst *string) error {
	v, ok := m[key]
	if !ok || !v.IsKnown() {
		return nil
	}
	delete(m, key)
	return gocty.FromCtyValue(v, dst)
}

// knownStrings is m's known elements as Go strings.
func knownStrings(m map[string]cty.Value) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v.IsKnown() {
			out[k] = v.AsString()
		}
	}
	return out
}

// withType is attrs plus type, as an entry is given back to HCL.
func withType(attrs map[string]string, extra map[string]string) cty.Value {
	vals := make(map[string]cty.Value, len(attrs)+len(extra))
	for k, v := range attrs {
		vals[k] = cty.StringVal(v)
	}
	for k, v := range extra {
		vals[k] = cty.StringVal(v)
	}
	return cty.MapVal(vals)
}

// dropRepeats removes the later repeats of s in place and returns the
// shortened slice. The order it leaves is bake's: going back from the
// second to last element, a later repeat of the element changes place
// with the last element, which is cut off. Elements beyond the returned
// length are the repeats, as bake leaves them in the shared array.
func dropRepeats[E any](s []E, same func(a, b E) bool) []E {
	for i := len(s) - 2; i >= 0; i-- {
		for j := i + 1; j < len(s); j++ {
			if same(s[i], s[j]) {
				last := len(s) - 1
				s[j], s[last] = s[last], s[j]
				s = s[:last]
				break
			}
		}
	}
	return s
}

// CacheEntry is one cache import or export as bake holds it: a type and
// its attributes, keys folded to lower case when read from CSV.
type CacheEntry struct {
	Type  string
	Attrs map[string]string
}

func sameCache(a, b *CacheEntry) bool { return a.Type == b.Type && maps.Equal(a.Attrs, b.Attrs) }

// CacheOptions is a cache-from or cache-to list.
type CacheOptions []*CacheEntry

// merge appends other to o, as bake merges cache-from lists.
func (o CacheOptions) merge(other CacheOptions) CacheOptions {
	switch {
	case other == nil:
		return o.normalize()
	case o == nil:
		return other.normalize()
	}
	return append(o, other...).normalize()
}

func (o CacheOptions) normalize() CacheOptions {
	if len(o) == 0 {
		return nil
	}
	return dropRepeats(o, sameCache)
}

// FromCtyValue reads a cache list: strings in CSV form (a ref list without
// "=" gives one entry per field) and objects.
func (o *CacheOptions) FromCtyValue(in cty.Value, p cty.Path) error {
	return listOf(in, p, stringMap, func(n int) { *o = make(CacheOptions, 0, n) }, func(v cty.Value) error {
		if v.Type() == cty.String {
			entries, err := ParseCacheEntry([]string{v.AsString()})
			if err != nil {
				return err
			}
			*o = append(*o, entries...)
			return nil
		}
		e, err := cacheFromObject(v)
		if err != nil {
			return err
		}
		*o = append(*o, e)
		return nil
	})
}

// ToCtyValue gives the list back to HCL, for a reference to another
// target's attribute.
func (o CacheOptions) ToCtyValue() cty.Value {
	return ctyList(o, stringMap, func(e *CacheEntry) cty.Value {
		if e == nil {
			return cty.NullVal(stringMap)
		}
		return withType(e.Attrs, map[string]string{"type": e.Type})
	})
}

// cacheFromObject reads an object entry: every value converted to a
// string, type taken out; keys are kept as written.
func cacheFromObject(in cty.Value) (*CacheEntry, error) {
	m, err := readMap(in)
	if err != nil {
		return nil, err
	}
	e := &CacheEntry{}
	if err := take(m, "type", &e.Type); err != nil {
		return nil, err
	}
	e.Attrs = knownStrings(m)
	if e.Type == "" {
		text, _ := ctyjson.Marshal(in, in.Type())
		return nil, typeRequired(string(text))
	}
	return e, nil
}

func typeRequired(text string) error {
	return fmt.Errorf("type required for %q", text)
}

// ParseCacheEntry reads cache values as bake reads a --cache-from or
// --cache-to flag and the strings of a cache list: empty values are
// skipped; a value without "=" is a list of registry refs, one entry per
// CSV field; any other is one CSV entry whose keys are folded to lower
// case, with a required type.
func ParseCacheEntry(in []string) (CacheOptions, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(CacheOptions, 0, len(in))
	for _, s := range in {
		if s == "" {
			continue
		}
		if strings.Contains(s, "=") {
			e, err := cacheFromText(s)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
			continue
		}
		fields, err := csvvalue.Fields(s, nil)
		if err != nil {
			return nil, err
		}
		for _, f := range fields {
			e, err := cacheFromText(f)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// cacheFromText reads one CSV entry; a single field without "=" is a
// registry ref.
func cacheFromText(s string) (*CacheEntry, error) {
	fields, err := csvvalue.Fields(s, nil)
	if err != nil {
		return nil, err
	}
	if len(fields) == 1 && !strings.Contains(fields[0], "=") {
		return &CacheEntry{Type: "registry", Attrs: map[string]string{"ref": fields[0]}}, nil
	}
	e := &CacheEntry{Attrs: map[string]string{}}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("invalid value %s", f)
		}
		if k = strings.ToLower(k); k == "type" {
			e.Type = v
		} else {
			e.Attrs[k] = v
		}
	}
	if e.Type == "" {
		return nil, typeRequired(s)
	}
	return e, nil
}

// ExportEntry is one output of a target.
type ExportEntry struct {
	Type        string
	Attrs       map[string]string
	Destination string
}

func sameExport(a, b *ExportEntry) bool {
	return a.Type == b.Type && a.Destination == b.Destination && maps.Equal(a.Attrs, b.Attrs)
}

// Exports is a target's output list.
type Exports []*ExportEntry

func (e Exports) normalize() Exports {
	if len(e) == 0 {
		return nil
	}
	return dropRepeats(e, sameExport)
}

// merge appends other to e as bake merges x-bake outputs: when one side
// is nil, the other is deduplicated in place and returned whole.
func (e Exports) merge(other Exports) Exports {
	switch {
	case other == nil:
		e.normalize()
		return e
	case e == nil:
		other.normalize()
		return other
	}
	return append(e, other...).normalize()
}

// FromCtyValue reads an output list of CSV strings and objects.
func (e *Exports) FromCtyValue(in cty.Value, p cty.Path) error {
	return listOf(in, p, stringMap, func(n int) { *e = make(Exports, 0, n) }, func(v cty.Value) error {
		var x ExportEntry
		if v.Type() == cty.String {
			if err := x.UnmarshalText([]byte(v.AsString())); err != nil {
				return p.NewError(err)
			}
		} else {
			m, err := readMap(v)
			if err != nil {
				return err
			}
			if err := take(m, "type", &x.Type); err != nil {
				return err
			}
			if err := take(m, "dest", &x.Destination); err != nil {
				return err
			}
			x.Attrs = knownStrings(m)
			if x.Type == "" {
				return errOutputType
			}
		}
		*e = append(*e, &x)
		return nil
	})
}

// ToCtyValue gives the list back to HCL.
func (e Exports) ToCtyValue() cty.Value {
	return ctyList(e, stringMap, func(x *ExportEntry) cty.Value {
		if x == nil {
			return cty.NullVal(stringMap)
		}
		return withType(x.Attrs, map[string]string{"type": x.Type, "dest": x.Destination})
	})
}

var errOutputType = errors.New("type is required for output")

// UnmarshalText reads an output in CSV form; a lone path is a local
// export ("-" a tar to stdout).
func (x *ExportEntry) UnmarshalText(text []byte) error {
	s := string(text)
	fields, err := csvvalue.Fields(s, nil)
	if err != nil {
		return err
	}
	*x = ExportEntry{Attrs: map[string]string{}}
	if len(fields) == 1 && fields[0] == s && !strings.HasPrefix(s, "type=") {
		x.Destination = s
		if s != "-" {
			x.Type = "local"
			return nil
		}
		x.Type = "tar"
	}
	if x.Type == "" {
		for _, f := range fields {
			k, v, ok := strings.Cut(f, "=")
			if !ok {
				return fmt.Errorf("invalid value %s", f)
			}
			switch strings.TrimSpace(strings.ToLower(k)) {
			case "type":
				x.Type = v
			case "dest":
				x.Destination = v
			default:
				x.Attrs[strings.TrimSpace(strings.ToLower(k))] = v
			}
		}
	}
	if x.Type == "" {
		return errOutputType
	}
	return nil
}

// parseExports reads x-bake outputs.
func parseExports(in []string) (Exports, error) {
	out := make(Exports, 0, len(in))
	for _, s := range in {
		if s == "" {
			continue
		}
		var x ExportEntry
		if err := x.UnmarshalText([]byte(s)); err != nil {
			return nil, err
		}
		out = append(out, &x)
	}
	return out, nil
}

// The attributes below are decoded only to accept and refuse what bake
// accepts and refuses, and to give other targets' references a value.

var secretType = cty.ObjectWithOptionalAttrs(map[string]cty.Type{
	"id": cty.String, "src": cty.String, "env": cty.String,
}, []string{"id", "src", "env"})

// Secret is one secret of a target.
type Secret struct{ ID, Src, Env string }

// Secrets is a target's secret list.
type Secrets []*Secret

// FromCtyValue reads a secret list.
func (s *Secrets) FromCtyValue(in cty.Value, p cty.Path) error {
	return listOf(in, p, secretType, func(n int) { *s = make(Secrets, 0, n) }, func(v cty.Value) error {
		x := &Secret{}
		if v.Type() == cty.String {
			if err := x.parse(v.AsString()); err != nil {
				return p.NewError(err)
			}
		} else {
			conv, err := convert.Convert(v, secretType)
			if err != nil {
				return err
			}
			x.ID, x.Src, x.Env = optString(conv, "id"), optString(conv, "src"), optString(conv, "env")
		}
		*s = append(*s, x)
		return nil
	})
}

func optString(obj cty.Value, name string) string {
	if v := obj.GetAttr(name); !v.IsNull() && v.IsKnown() {
		return v.AsString()
	}
	return ""
}

// ToCtyValue gives the list back to HCL.
func (s Secrets) ToCtyValue() cty.Value {
	return ctyList(s, secretType, func(x *Secret) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal(x.ID), "src": cty.StringVal(x.Src), "env": cty.StringVal(x.Env)})
	})
}

// parse reads a secret in CSV form.
func (x *Secret) parse(value string) error {
	fields, err := csvvalue.Fields(value, nil)
	if err != nil {
		return fmt.Errorf("failed to parse csv secret: %w", err)
	}
	*x = Secret{}
	typ := ""
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		k = strings.ToLower(k)
		if !ok {
			return fmt.Errorf("invalid field '%s' must be a key=value pair", f)
		}
		switch k {
		case "type":
			if v != "file" && v != "env" {
				return fmt.Errorf("unsupported secret type %q", v)
			}
			typ = v
		case "id":
			x.ID = v
		case "source", "src":
			x.Src = v
		case "env":
			x.Env = v
		default:
			return fmt.Errorf("unexpected key '%s' in '%s'", k, f)
		}
	}
	if typ == "env" && x.Env == "" {
		x.Env, x.Src = x.Src, ""
	}
	return nil
}

var sshType = cty.ObjectWithOptionalAttrs(map[string]cty.Type{
	"id": cty.String, "paths": cty.List(cty.String),
}, []string{"id", "paths"})

// SSH is one ssh forward of a target.
type SSH struct {
	ID    string
	Paths []string
}

// SSHKeys is a target's ssh list.
type SSHKeys []*SSH

// FromCtyValue reads an ssh list; a string is "id" or "id=path,path".
func (s *SSHKeys) FromCtyValue(in cty.Value, p cty.Path) error {
	return listOf(in, p, sshType, func(n int) { *s = make(SSHKeys, 0, n) }, func(v cty.Value) error {
		x := &SSH{}
		if v.Type() == cty.String {
			id, paths, ok := strings.Cut(v.AsString(), "=")
			x.ID = id
			if ok {
				x.Paths = strings.Split(paths, ",")
			}
		} else {
			conv, err := convert.Convert(v, sshType)
			if err != nil {
				return err
			}
			x.ID = optString(conv, "id")
			if ps := conv.GetAttr("paths"); !ps.IsNull() && ps.IsKnown() {
				if err := gocty.FromCtyValue(ps, &x.Paths); err != nil {
					return err
				}
			}
		}
		*s = append(*s, x)
		return nil
	})
}

// ToCtyValue gives the list back to HCL.
func (s SSHKeys) ToCtyValue() cty.Value {
	return ctyList(s, sshType, func(x *SSH) cty.Value {
		paths := ctyList(x.Paths, cty.String, cty.StringVal)
		return cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal(x.ID), "paths": paths})
	})
}

// Attest is one attestation of a target.
type Attest struct {
	Type     string
	Disabled bool
	Attrs    map[string]string
}

// Attests is a target's attest list.
type Attests []*Attest

// FromCtyValue reads an attest list.
func (a *Attests) FromCtyValue(in cty.Value, p cty.Path) error {
	return listOf(in, p, stringMap, func(n int) { *a = make(Attests, 0, n) }, func(v cty.Value) error {
		x := &Attest{}
		if v.Type() == cty.String {
			if err := x.parse(v.AsString()); err != nil {
				return p.NewError(err)
			}
		} else {
			conv, err := convert.Convert(v, stringMap)
			if err != nil {
				return err
			}
			x.Attrs = map[string]string{}
			for it := conv.ElementIterator(); it.Next(); {
				k, ev := it.Element()
				if !ev.IsKnown() {
					continue
				}
				switch key := k.AsString(); key {
				case "type":
					x.Type = ev.AsString()
				case "disabled":
					b, err := strconv.ParseBool(ev.AsString())
					if err != nil {
						return err
					}
					x.Disabled = b
				default:
					x.Attrs[key] = ev.AsString()
				}
			}
		}
		*a = append(*a, x)
		return nil
	})
}

// ToCtyValue gives the list back to HCL.
func (a Attests) ToCtyValue() cty.Value {
	return ctyList(a, stringMap, func(x *Attest) cty.Value {
		extra := map[string]string{"type": x.Type}
		if x.Disabled {
			extra["disabled"] = "true"
		}
		return withType(x.Attrs, extra)
	})
}

// parse reads an attestation in CSV form.
func (x *Attest) parse(in string) error {
	fields, err := csvvalue.Fields(in, nil)
	if err != nil {
		return err
	}
	x.Attrs = map[string]string{}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return fmt.Errorf("invalid value %s", f)
		}
		switch strings.TrimSpace(strings.ToLower(k)) {
		case "type":
			x.Type = v
		case "disabled":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("invalid value %s: %w", f, err)
			}
			x.Disabled = b
		default:
			x.Attrs[k] = v
		}
	}
	if x.Type == "" {
		return errors.New("attestation type not specified")
	}
	return nil
}

// PolicyConfig is one policy of a target, as its fields.
type PolicyConfig struct{ Fields map[string]string }

// PolicyConfigs is a target's policy list.
type PolicyConfigs []PolicyConfig

// FromCtyValue reads a policy list of CSV strings and objects.
func (pc *PolicyConfigs) FromCtyValue(in cty.Value, p cty.Path) error {
	return listOf(in, p, stringMap, func(n int) { *pc = make(PolicyConfigs, 0, n) }, func(v cty.Value) error {
		var fields []string
		switch {
		case v.Type() == cty.String:
			fs, err := csvvalue.Fields(v.AsString(), nil)
			if err != nil {
				return err
			}
			fields = fs
		case v.Type().IsObjectType() || v.Type().IsMapType():
			for k, ev := range v.AsValueMap() {
				if ev.IsNull() || !ev.IsKnown() || ev.Type() == cty.String && ev.AsString() == "" {
					continue
				}
				switch ev.Type() {
				case cty.String:
					fields = append(fields, k+"="+ev.AsString())
				case cty.Bool:
					fields = append(fields, fmt.Sprintf("%s=%t", k, ev.True()))
				case cty.Number:
					fields = append(fields, k+"="+ev.AsBigFloat().Text('f', -1))
				default:
					return errors.New(convert.MismatchMessage(ev.Type(), cty.String))
				}
			}
		default:
			return p.NewErrorf("%s", convert.MismatchMessage(v.Type(), stringMap))
		}
		cfg, err := policyFields(fields)
		if err != nil {
			return err
		}
		*pc = append(*pc, cfg)
		return nil
	})
}

// policyFields checks a policy's fields as bake does.
func policyFields(fields []string) (PolicyConfig, error) {
	cfg := PolicyConfig{Fields: map[string]string{}}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return PolicyConfig{}, fmt.Errorf("invalid value %s", f)
		}
		k = strings.TrimSpace(strings.ToLower(k))
		var err error
		switch k {
		case "filename":
			if v == "" {
				return PolicyConfig{}, fmt.Errorf("invalid value %s", f)
			}
		case "reset", "disabled", "strict":
			_, err = strconv.ParseBool(v)
		case "log-level":
			_, err = logrus.ParseLevel(v)
		default:
			return PolicyConfig{}, fmt.Errorf("invalid value %s", f)
		}
		if err != nil {
			return PolicyConfig{}, fmt.Errorf("invalid value %s: %w", f, err)
		}
		cfg.Fields[k] = v
	}
	return cfg, nil
}

// ToCtyValue gives the list back to HCL.
func (pc PolicyConfigs) ToCtyValue() cty.Value {
	return ctyList(pc, stringMap, func(c PolicyConfig) cty.Value {
		if len(c.Fields) == 0 {
			return cty.MapValEmpty(cty.String)
		}
		return withType(c.Fields, nil)
	})
}

var resourcesType = cty.ObjectWithOptionalAttrs(map[string]cty.Type{
	"memory": cty.String, "memory-swap": cty.String,
	"cpu-shares": cty.Number, "cpu-period": cty.Number, "cpu-quota": cty.Number,
	"cpuset-cpus": cty.String, "cpuset-mems": cty.String,
}, []string{"memory", "memory-swap", "cpu-shares", "cpu-period", "cpu-quota", "cpuset-cpus", "cpuset-mems"})

// ResourcesConfig is a target's resources object, kept as HCL gave it.
type ResourcesConfig struct {
	val cty.Value
	set bool
}

// FromCtyValue reads a resources object; the CPU values are integers.
func (r *ResourcesConfig) FromCtyValue(in cty.Value, p cty.Path) error {
	conv, err := convert.Convert(in, resourcesType)
	if err != nil {
		return p.NewError(err)
	}
	for _, k := range []string{"cpu-shares", "cpu-period", "cpu-quota"} {
		if v := conv.GetAttr(k); !v.IsNull() && v.IsKnown() {
			var n int64
			if err := gocty.FromCtyValue(v, &n); err != nil {
				return p.NewError(err)
			}
		}
	}
	r.val, r.set = conv, true
	return nil
}

// ToCtyValue gives the object back to HCL.
func (r *ResourcesConfig) ToCtyValue() cty.Value {
	if r == nil || !r.set {
		return cty.NullVal(resourcesType)
	}
	return r.val
}

// CacheEntryFromValue reads a cache entry written as an object, as bake
// reads one element of a cache list.
func CacheEntryFromValue(v cty.Value) (*CacheEntry, error) { return cacheFromObject(v) }

// ctyList gives a list back to HCL: each element through val, an empty
// list of elem when there is none.
func ctyList[T any](xs []T, elem cty.Type, val func(T) cty.Value) cty.Value {
	if len(xs) == 0 {
		return cty.ListValEmpty(elem)
	}
	vals := make([]cty.Value, len(xs))
	for i, x := range xs {
		vals[i] = val(x)
	}
	return cty.ListVal(vals)
}
