#!/usr/bin/env bash
# Tags a release of both modules: scripts/release.sh v0.2.0
#
# interop/go.mod replaces the core by this checkout (replace ... => ../) so
# that a clone builds and tidies with no module of this repository
# published; go install ...@version refuses a module with a replace. The
# release commit therefore requires the core at the version and drops the
# replace, both modules are tagged on it (vX.Y.Z and interop/vX.Y.Z), and the
# next commit puts the replace back. TestGoInstallAtVersion
# (interop/internal/installtest) installs from modules published this way.
set -euo pipefail
cd "$(dirname "$0")/.."
v="${1:?usage: scripts/release.sh vX.Y.Z}"
core=github.com/buildxcache/buildxcache
[[ $v =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "not a version: $v"; exit 2; }
git diff --quiet && git diff --cached --quiet || { echo "commit or stash your changes first"; exit 2; }
(cd interop && GOWORK=off go mod edit -require="$core@$v" -dropreplace="$core")
git commit -q -am "Release $v"
git tag "$v"
git tag "interop/$v"
(cd interop && GOWORK=off go mod edit -replace="$core=../")
git commit -q -am "Develop after $v: interop uses the core of this checkout"
echo "tagged $v and interop/$v; push them with: git push origin $v interop/$v"
