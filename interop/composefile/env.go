package composefile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/template"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/internal/envmap"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// dotEnv returns env extended with the project's .env file, the file
// docker compose reads from the project directory: when path is a file on
// disk and a .env file is next to it, its variables are known, after env's
// (the environment takes precedence over .env, as in docker compose), and
// ${VAR} in it expands from env and the lines above. A .env file that
// cannot be read or parsed gives a diagnostic, as docker compose refuses
// it, and is not used.
func dotEnv(path string, env cachespec.Env) (cachespec.Env, *diag.Diagnostic) {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return env, nil
	}
	p := filepath.Join(filepath.Dir(path), ".env")
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		return env, nil
	}
	data, d := source.ReadFile(p)
	if d != nil {
		return env, d
	}
	vars, err := dotenv.UnmarshalBytesWithLookup(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), func(k string) (string, bool) {
		return envmap.Lookup(env, k)
	})
	if err != nil {
		d := validate.FileSyntaxError.At(diag.Range{File: p}, "docker compose cannot read this .env file: "+err.Error())
		return env, &d
	}
	return func(k string) (string, bool) {
		if v, ok := envmap.Lookup(env, k); ok {
			return v, true
		}
		v, ok := vars[k]
		return v, ok
	}, nil
}

// substitute interpolates s as compose does, except that a variable the
// mapping does not know, and that has no default to take, is kept as
// written: a template, whose value is unknown, rather than the blank
// compose makes of it. ${VAR:?message} of an unset variable is kept too,
// rather than refused.
func substitute(s string, m template.Mapping) (string, error) {
	return template.SubstituteWithOptions(s, m, template.WithoutLogging,
		template.WithReplacementFunction(func(sub string, m template.Mapping, cfg *template.Config) (string, error) {
			value, applied, err := template.DefaultReplacementAppliedFunc(sub, m, cfg)
			var missing *template.MissingRequiredError
			switch {
			case err != nil && !asMissing(err, &missing):
				return value, err
			case err != nil, !applied && !known(sub, m):
				return sub, nil
			}
			return value, nil
		}))
}

// known reports whether the variable of a template (${NAME...} or $NAME)
// is set in m.
func known(sub string, m template.Mapping) bool {
	name := strings.TrimPrefix(sub, "$")
	if strings.HasPrefix(name, "{") {
		name = strings.TrimPrefix(name, "{")
		if i := strings.IndexAny(name, ":-?+}"); i >= 0 {
			name = name[:i]
		}
	}
	if name == "$" || name == "" {
		return true // an escaped $
	}
	_, ok := m(name)
	return ok
}

// filled is m with unset variables set to fill ("" is what compose makes
// of them).
func filled(m template.Mapping, fill string) template.Mapping {
	return func(k string) (string, bool) {
		if v, ok := m(k); ok {
			return v, true
		}
		return fill, true
	}
}

func asMissing(err error, target **template.MissingRequiredError) bool {
	return errors.As(err, target)
}
