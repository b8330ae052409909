package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/validate"
)

// rulesCase is one repository of testdata/realworld/rules (written for the
// tests, modelled on public files: see SOURCES.md there), linted from its
// root as a whole repository.
type rulesCase struct {
	dir string
	// enable names opt-in rules the case is linted with (a reviewer who
	// cares about the subject turns them on)
	enable []string
	// want are the findings at warning or error, "file:line:col severity
	// Rule", exactly
	want []string
	// expert are the findings an expert reviewer makes, "file:line Rule"
	// (the rule that reports it); those the linter does not report at
	// warning or error under default options count as missed in the figure
	expert []string
	// correct are the files an expert finds nothing wrong with
	correct []string
}

var rulesCorpus = []rulesCase{
	{dir: "env-cache-tag",
		want: []string{
			".github/workflows/docker-cache.yml:34:23 warning CacheRefFromRepositoryExpression",
			".github/workflows/docker-cache.yml:35:21 warning CacheRefFromRepositoryExpression",
			".github/workflows/docker-cache.yml:35:21 error CacheRefIsImageTag",
			".github/workflows/docker-cache.yml:42:23 warning CacheFromImageWithoutCache",
			".github/workflows/docker-cache.yml:42:23 warning CacheRefFromRepositoryExpression",
			".github/workflows/docker-cache.yml:43:21 warning CacheNeverRead",
			".github/workflows/docker-cache.yml:43:21 warning CacheRefFromRepositoryExpression",
		},
		expert: []string{
			".github/workflows/docker-cache.yml:35 CacheRefIsImageTag",
			".github/workflows/docker-cache.yml:42 CacheFromImageWithoutCache",
			".github/workflows/docker-cache.yml:43 CacheNeverRead",
			".github/workflows/docker-cache.yml:34 CacheRefFromRepositoryExpression",
		}},
	{dir: "xbake-demo",
		want:    []string{"docker-compose.yml:17:19 warning CacheNeverRead"},
		expert:  []string{"docker-compose.yml:17 CacheNeverRead"},
		correct: []string{".github/workflows/bake.yml"}},
	{dir: "release-gha", enable: []string{"GHACachePoisoning"},
		want: []string{
			".github/workflows/release.yml:23:23 warning GHACachePoisoning",
			".github/workflows/release.yml:23:32 warning WrongDirectionAttribute",
			".github/workflows/release.yml:28:23 warning GHACachePoisoning",
			".github/workflows/release.yml:29:21 warning CacheNeverRead",
		},
		expert: []string{
			".github/workflows/release.yml:23 WrongDirectionAttribute",
			".github/workflows/release.yml:29 CacheNeverRead",
			".github/workflows/release.yml:23 GHACachePoisoning",
		}},
	{dir: "sha-scope",
		want: []string{
			".github/workflows/ci.yml:21:23 warning CacheNeverWritten",
			".github/workflows/ci.yml:22:21 warning CacheKeyChangesWithEvent",
			".github/workflows/release.yml:23:21 warning CacheKeyChangesWithEvent",
		},
		expert: []string{
			".github/workflows/ci.yml:22 CacheKeyChangesWithEvent",
			".github/workflows/release.yml:23 CacheKeyChangesWithEvent",
		}},
	{dir: "local-cache",
		want: []string{
			".github/workflows/deploy.yml:17:37 warning LocalCacheNotPersisted",
			".github/workflows/matrix.yml:31:19 warning LocalCacheKeyShared",
		},
		expert: []string{
			".github/workflows/deploy.yml:17 LocalCacheNotPersisted",
			".github/workflows/matrix.yml:31 LocalCacheKeyShared",
		}},
	{dir: "bake-set",
		want: []string{
			".github/workflows/setup.yml:18:13 error InvalidBakeSet",
			".github/workflows/setup.yml:19:13 error InvalidBakeSet",
		},
		expert: []string{
			".github/workflows/setup.yml:18 InvalidBakeSet",
			".github/workflows/setup.yml:19 InvalidBakeSet",
		},
		correct: []string{"docker-bake.hcl"}},
	{dir: "image-cache",
		want:    []string{".github/workflows/ci.yml:17:37 warning CacheFromImageWithoutCache"},
		expert:  []string{".github/workflows/ci.yml:17 CacheFromImageWithoutCache"},
		correct: []string{".github/workflows/release.yml"}},
	{dir: "pain-points",
		want: []string{
			".github/workflows/ci.yml:19:23 warning GHAServiceV2NotBool",
			".github/workflows/ci.yml:20:49 warning CompressionIgnored",
			".github/workflows/ci.yml:24:78 warning S3EndpointNeedsOption",
			".github/workflows/ci.yml:25:76 warning S3EndpointNeedsOption",
			"docker-bake.hcl:8:29 warning BakeLocalCacheNeedsEntitlement",
			"docker-bake.hcl:9:29 warning BakeLocalCacheNeedsEntitlement",
			"docker-bake.hcl:9:29 warning LocalCacheGrowsUnbounded",
			"docker-bake.hcl:16:29 warning LocalCacheGrowsUnbounded",
		},
		expert: []string{
			".github/workflows/ci.yml:19 GHAServiceV2NotBool",
			".github/workflows/ci.yml:20 CompressionIgnored",
			".github/workflows/ci.yml:24 S3EndpointNeedsOption",
			".github/workflows/ci.yml:25 S3EndpointNeedsOption",
			"docker-bake.hcl:8 BakeLocalCacheNeedsEntitlement",
			"docker-bake.hcl:9 BakeLocalCacheNeedsEntitlement",
			"docker-bake.hcl:9 LocalCacheGrowsUnbounded",
			"docker-bake.hcl:16 LocalCacheGrowsUnbounded",
		}},
	{dir: "stage-refs",
		want: []string{
			"docker-bake.hcl:20:6 warning CacheNeverWritten",
			"docker-bake.hcl:23:16 warning CacheNeverRead",
			"docker-bake.hcl:32:6 warning CacheNeverWritten",
		},
		expert: []string{
			"docker-bake.hcl:20 CacheNeverWritten",
			"docker-bake.hcl:23 CacheNeverRead",
			"docker-bake.hcl:32 CacheNeverWritten",
		},
		correct: []string{".github/workflows/setup.yml"}},
	{dir: "clean",
		correct: []string{".github/workflows/ci.yml", "docker-bake.hcl", "docs/docker-bake.hcl", "ci/build.sh", "ci/s3-build.sh"}},
}

// corpusFigure lints every case of the rules corpus and returns the expert
// findings reported at warning or error under default options (and
// under the case's opt-in rules), their number, and the errors reported
// on correct files.
func corpusFigure(t *testing.T, optIn bool) (found, total int, cleanErrors []string) {
	t.Helper()
	root := filepath.Join("testdata", "realworld", "rules")
	for _, c := range rulesCorpus {
		dir := filepath.Join(root, c.dir)
		opts := Options{}
		if optIn {
			opts.Validate.Enable = c.enable
		}
		r := Paths([]string{dir}, opts)
		reported := map[string]bool{}
		for _, d := range r.Diagnostics {
			rel, _ := filepath.Rel(dir, d.Range.File)
			rel = filepath.ToSlash(rel)
			if d.Severity >= validate.SeverityWarning {
				reported[fmt.Sprintf("%s:%d %s", rel, d.Range.Start.Line, d.Rule)] = true
			}
			if d.Severity == validate.SeverityError && slices.Contains(c.correct, rel) {
				cleanErrors = append(cleanErrors, c.dir+"/"+rel+": "+d.Rule)
			}
		}
		for _, e := range c.expert {
			total++
			if reported[e] {
				found++
			}
		}
	}
	return found, total, cleanErrors
}

// TestRealWorldRules lints each repository of the rules corpus from its
// root (a whole repository) and asserts every finding at warning and
// error, and that its correct files have none.
func TestRealWorldRules(t *testing.T) {
	root := filepath.Join("testdata", "realworld", "rules")
	for _, c := range rulesCorpus {
		t.Run(c.dir, func(t *testing.T) {
			dir := filepath.Join(root, c.dir)
			r := Paths([]string{dir}, Options{Validate: validate.Options{Enable: c.enable}})
			var got []string
			for _, d := range r.Diagnostics {
				if d.Severity < validate.SeverityWarning {
					continue
				}
				rel, _ := filepath.Rel(dir, d.Range.File)
				got = append(got, fmt.Sprintf("%s:%d:%d %s %s", filepath.ToSlash(rel), d.Range.Start.Line, d.Range.Start.Col, d.Severity, d.Rule))
				for _, ok := range c.correct {
					if filepath.ToSlash(rel) == ok {
						t.Errorf("correct file %s: %s", ok, d.Message)
					}
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			for _, f := range c.correct {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
					t.Errorf("correct file %s: %v", f, err)
				}
			}
		})
	}
}

// figureLine is how SOURCES.md states the figure.
var figureLine = regexp.MustCompile(`(\d+) of the (\d+) expert findings \((\d+)%\) are reported at warning or error with the default options, (\d+) of (\d+) with the cases' opt-in rules enabled; (\d+) errors on the correct files`)

// TestRealWorldRulesFigure computes the corpus figure and checks that
// SOURCES.md states it: the share of expert findings reported at warning
// or error (at least 90% with the cases' opt-in rules), and no error on
// any correct file.
func TestRealWorldRulesFigure(t *testing.T) {
	def, total, cleanDef := corpusFigure(t, false)
	opt, _, cleanOpt := corpusFigure(t, true)
	t.Logf("%d of the %d expert findings reported at warning or error (default options), %d with opt-in rules; errors on correct files: %v", def, total, opt, cleanOpt)
	if len(cleanDef)+len(cleanOpt) > 0 {
		t.Errorf("errors on correct files: %v %v", cleanDef, cleanOpt)
	}
	if opt*10 < total*9 {
		t.Errorf("%d of %d expert findings reported, want at least 90%%", opt, total)
	}
	want := fmt.Sprintf("%d of the %d expert findings (%d%%) are reported at warning or error with the default options, %d of %d with the cases' opt-in rules enabled; %d errors on the correct files", def, total, def*100/total, opt, total, len(cleanDef))
	for _, p := range []string{filepath.Join("testdata", "realworld", "rules", "SOURCES.md"), filepath.Join("..", "..", "docs", "architecture.md")} {
		doc, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m := figureLine.FindStringSubmatch(strings.Join(strings.Fields(string(doc)), " "))
		if m == nil || m[0] != want {
			t.Errorf("%s does not state the figure; want the line:\n%s", p, want)
		}
	}
}
