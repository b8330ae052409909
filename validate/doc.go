// Package validate finds the mistakes in a build's cache configuration that
// Buildx or BuildKit accept but that do not do what was meant, and the ones
// they refuse.
//
// [Check] takes a [Build]: its raw cache-from and cache-to values, as
// written, plus whatever is known of the build around them: the tags, push
// and load, the platforms, the CI event and whether the run is for a fork,
// the builder (driver, BuildKit version, nodes), the kind of workflow step
// and the client's environment. [CheckAll] checks several builds that run
// together, each on its own and then against each other (shared gha scopes,
// registry refs and s3 or azblob names). Both return [Diagnostics], sorted
// and without duplicates; each [Diagnostic] carries a stable rule name, a
// [Severity], the value's direction and index, the byte offset and length of
// the finding in the raw value, and a suggested [Fix]. [Options] disable
// rules, enable opt-in ones and override severities.
//
// Values may hold templates (GitHub expressions such as
// ${{ github.repository }}, ${VAR}, $VAR, $(VAR)). Each template is replaced
// by a representative word before checking, so only problems that no
// expansion could fix are reported; some rules also report templates known
// to misbehave, such as a cache ref built from github.repository, whose
// capitals BuildKit refuses.
//
// Unknown context is nil or empty, and never yields an error-severity
// diagnostic that needs it: such rules stay silent or report a lower
// severity. The rules are data ([Rules], [Lookup]); the catalogue in
// docs/rules.md is generated from them ([RulesMarkdown]).
package validate
