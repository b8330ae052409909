// Package integrations tests the ways buildxcache runs where people
// already lint: the GitHub Action of action.yml, whose shell steps run here
// with the GitHub environment variables set and whose metadata and scripts
// actionlint checks, and the pre-commit hook of .pre-commit-hooks.yaml,
// run by the real pre-commit on a temporary repository.
package integrations
