package workflow

import (
	"testing"

	"github.com/buildxcache/buildxcache/validate"
)

// TestForkFromConditions checks that fork-ness is decided where the
// workflow shows it, so that CacheExportFromForkPR can be an error.
func TestForkFromConditions(t *testing.T) {
	const tmpl = `on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        if: %s
        with:
          push: true
          tags: ghcr.io/acme/app:latest
          cache-to: type=registry,ref=ghcr.io/acme/app:buildcache,mode=max
`
	for _, c := range []struct {
		cond  string
		event string
		fork  string // "true", "false" or "nil"
		sev   validate.Severity
	}{
		{"github.event.pull_request.head.repo.fork", "pull_request", "true", validate.SeverityError},
		{"${{ github.event.pull_request.head.repo.fork }}", "pull_request", "true", validate.SeverityError},
		{"github.event.pull_request.head.repo.fork == true", "pull_request", "true", validate.SeverityError},
		{"github.event.pull_request.head.repo.full_name != github.repository", "pull_request", "true", validate.SeverityError},
		{"github.event_name == 'pull_request' && github.event.pull_request.head.repo.fork", "pull_request", "true", validate.SeverityError},
		// excluding forks excludes the pull request events
		{"!github.event.pull_request.head.repo.fork", "push", "nil", validate.SeverityInvalid},
		{"github.event.pull_request.head.repo.fork == false", "push", "nil", validate.SeverityInvalid},
		// an || may let other runs in: unknown
		{"github.event.pull_request.head.repo.fork || github.event_name == 'push'", "push", "nil", validate.SeverityInvalid},
		{"always()", "pull_request", "nil", validate.SeverityWarning}, // forks and branches alike
	} {
		f := Parse("w.yml", []byte(fmtCond(tmpl, c.cond)))
		if len(f.Builds) != 1 || len(f.Diagnostics) != 0 {
			t.Fatalf("%s: %d builds, %v", c.cond, len(f.Builds), f.Diagnostics)
		}
		b := f.Builds[0]
		fork := "nil"
		if b.CI.Fork != nil {
			fork = map[bool]string{true: "true", false: "false"}[*b.CI.Fork]
		}
		if b.CI.Event != c.event || fork != c.fork {
			t.Errorf("if: %s: event %q fork %s, want %q %s", c.cond, b.CI.Event, fork, c.event, c.fork)
		}
		var got validate.Severity
		for _, d := range validate.Check(b) {
			if d.Rule == "CacheExportFromForkPR" {
				got = d.Severity
			}
		}
		if got != c.sev {
			t.Errorf("if: %s: CacheExportFromForkPR at %v, want %v", c.cond, got, c.sev)
		}
	}
}

// fmtCond puts the quoted condition in place of %s.
func fmtCond(tmpl, cond string) string {
	out := []byte{}
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] == '%' && i+1 < len(tmpl) && tmpl[i+1] == 's' {
			out = append(out, "\""+cond+"\""...)
			i++
			continue
		}
		out = append(out, tmpl[i])
	}
	return string(out)
}
