package lint

import (
	"slices"
	"strings"
	"sync"

	"github.com/buildxcache/buildxcache/cachespec"
	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
)

// What a lint run prints is redacted at output time: a message can quote a
// value from anywhere (a loader's refusal of a value it substituted from the
// environment, a panic value, a matrix leg's name, a fix that rewrites a
// value), so no layer that makes a message can be trusted to have redacted
// it. Every text a writer prints goes through the run's redactor, which
// replaces
//
//   - every secret value known from the builds of the run: the values
//     cachespec.SecretValues finds in each build's cache values and tags,
//     as the reader handed them over (environment, matrix and variable
//     values substituted), and Options.Secrets;
//   - and what cachespec.RedactText finds by its shape: a value after a
//     credential key ("token=", "secret_access_key": ...), the password of
//     a user:password@ URL or ref, credential-looking words.
//
// Known secrets shorter than minKnownSecret bytes are replaced only where
// RedactText finds them next to their key: replacing every occurrence of a
// one-letter value would make every message unreadable.
const minKnownSecret = 4

// redactor redacts printed text; a nil *redactor redacts by shape only.
type redactor struct {
	rep *strings.Replacer
	// clean holds texts this redactor returned, which it gives back as
	// they are: a diagnostic's text is redacted when the run ends and
	// again by the writer that prints it, and the same message comes from
	// every leg of a matrix
	mu    sync.Mutex
	clean map[string]struct{}
}

// maxClean bounds a redactor's clean texts; past it, texts are redacted
// afresh.
const maxClean = 1 << 16

// newRedactor returns the redactor of the known secrets.
func newRedactor(secrets []string) *redactor {
	x := &redactor{clean: map[string]struct{}{}}
	var long []string
	for _, s := range secrets {
		if len(s) >= minKnownSecret && s != cachespec.Redacted {
			long = append(long, s)
		}
	}
	if len(long) == 0 {
		return x
	}
	// longest first, so that a secret holding another one is replaced whole
	slices.SortFunc(long, func(a, b string) int { return len(b) - len(a) })
	long = slices.Compact(long)
	pairs := make([]string, 0, 2*len(long))
	for _, s := range long {
		pairs = append(pairs, s, cachespec.Redacted)
	}
	x.rep = strings.NewReplacer(pairs...)
	return x
}

// text returns s redacted. Redacting its result again gives the result.
func (x *redactor) text(s string) string {
	if x == nil {
		return cachespec.RedactText(s)
	}
	if s == "" {
		return s
	}
	x.mu.Lock()
	_, ok := x.clean[s]
	x.mu.Unlock()
	if ok {
		return s
	}
	if x.rep != nil {
		s = x.rep.Replace(s)
	}
	s = cachespec.RedactText(s)
	x.mu.Lock()
	if len(x.clean) < maxClean {
		x.clean[s] = struct{}{}
	}
	x.mu.Unlock()
	return s
}

// diagnostic returns d with its message, subject, fix messages and
// displayed fixes redacted. The edits' NewText is kept exact: it is what
// --fix writes into the file, which already holds the secret.
func (x *redactor) diagnostic(d diag.Diagnostic) diag.Diagnostic {
	d.Message = x.text(d.Message)
	d.Subject = x.text(d.Subject)
	if len(d.Fixes) > 0 {
		fixes := slices.Clone(d.Fixes)
		for i := range fixes {
			fixes[i].Message = x.text(fixes[i].Message)
			fixes[i].Fixed = x.text(fixes[i].Fixed)
		}
		d.Fixes = fixes
	}
	return d
}

// printed returns d as a writer prints it: redacted (diagnostic), and,
// for a fix one of whose edits would print a secret, without its edits,
// since printing them would print the secret and redacting them would
// suggest writing "[redacted]" into the file; the fix's message and
// corrected value (redacted) still say what to do.
func (x *redactor) printed(d diag.Diagnostic) diag.Diagnostic {
	d = x.diagnostic(d)
	for i, f := range d.Fixes {
		for _, e := range f.Edits {
			if x.text(e.NewText) != e.NewText {
				d.Fixes[i].Edits = nil
				break
			}
		}
	}
	return d
}

// all returns ds redacted (diagnostic), in a new slice.
func (x *redactor) all(ds diag.Diagnostics) diag.Diagnostics {
	out := make(diag.Diagnostics, len(ds))
	for i, d := range ds {
		out[i] = x.diagnostic(d)
	}
	return out
}

// secretsOf returns the secrets written in the builds of files.
func secretsOf(files ...[]source.File) []string {
	var out []string
	for _, fs := range files {
		for _, f := range fs {
			for _, b := range f.Builds {
				for _, vs := range [...][]string{b.CacheFrom, b.CacheTo, b.Tags} {
					for _, v := range vs {
						out = append(out, cachespec.SecretValues(v)...)
					}
				}
				for _, es := range [...][]cachespec.Entry{b.CacheFromEntries, b.CacheToEntries} {
					for _, e := range es {
						if e != nil {
							out = append(out, cachespec.SecretValues(cachespec.Format(e))...)
						}
					}
				}
			}
		}
	}
	return out
}

// EnvSecrets returns the secrets an environment holds, for
// Options.Secrets: the value of every variable whose name names a
// credential (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, ACTIONS_RUNTIME_TOKEN,
// NPM_AUTH, AZURE_STORAGE_SAS_TOKEN, DEPLOY_KEY), and the secrets written in any value shaped like
// a cache value (cachespec.SecretValues: "type=s3,secret_access_key=..."
// in a variable a bake file or a compose file substitutes). environ is in
// the form of os.Environ.
func EnvSecrets(environ []string) []string {
	var out []string
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || v == "" {
			continue
		}
		if envSecretName(k) {
			out = append(out, v)
		}
		out = append(out, cachespec.SecretValues(v)...)
	}
	return out
}

// Redact returns s with every secret known from the run's builds (and
// Options.Secrets) and every credential RedactText finds replaced by
// "[redacted]": what a tool printing anything beside the writers' output
// (a diff, a note) passes its text through.
func (r Result) Redact(s string) string { return r.secrets.text(s) }

// envSecretWords are the words of an environment variable's name that make
// its value a secret. The near misses and short parts cachespec.IsSecretKey
// also takes for a cache attribute are left out: PWD is the working
// directory, and a path in every message would be redacted.
var envSecretWords = [...]string{"token", "secret", "password", "passwd", "credential", "auth", "sas", "signature", "connection_string", "apikey", "api_key", "private_key", "access_key"}

// envSecretName reports whether an environment variable's name says its
// value is a secret.
func envSecretName(k string) bool {
	k = strings.ToLower(k)
	for _, w := range envSecretWords {
		if strings.Contains(k, w) {
			return true
		}
	}
	return strings.HasSuffix(k, "_key") || strings.HasSuffix(k, "_pat")
}
