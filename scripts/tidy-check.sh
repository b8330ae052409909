#!/usr/bin/env bash
# Checks that go.mod and go.sum of both modules are tidy.
#
# go mod tidy ignores go.work, so for the interop module it would look the
# core module up at the version interop/go.mod requires, which is not
# published while it is being developed. The interop module is therefore
# checked as the workspace builds it: with a copy of its go.mod that
# replaces the core module by this checkout (go mod tidy -modfile), which
# needs no checksum of the core. Everything else in the copy is the
# committed go.mod and go.sum, so the check fails exactly when go mod tidy
# would change them. (TestGoInstallAtVersion in interop/internal/installtest
# installs the command with no replace at all.)
#
# With --write, the two modules are tidied instead of checked: the interop
# copy is tidied and written back without the replace.
set -euo pipefail
write=false
[ "${1:-}" = "--write" ] && write=true
cd "$(dirname "$0")/.."
root="$(pwd)"
GO="${GO:-go}"

if $write; then
	(cd "$root" && GOWORK=off "$GO" mod tidy)
else
	(cd "$root" && GOWORK=off "$GO" mod tidy -diff) || { echo "go mod tidy needed in ."; exit 1; }
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp interop/go.mod "$tmp/go.mod"
cp interop/go.sum "$tmp/go.sum"
core="$(GOWORK=off "$GO" -C "$root" list -m)"
version="$(GOWORK=off "$GO" -C interop mod edit -json | sed -n "/\"Path\": \"${core//\//\\/}\"/{n;s/.*\"Version\": \"\(.*\)\".*/\1/p}")"
if [ -z "$version" ]; then
	echo "interop/go.mod does not require $core"
	exit 1
fi
if $write; then
	(cd interop && GOWORK=off "$GO" mod edit -modfile="$tmp/go.mod" -replace="$core@$version=$root" &&
		GOWORK=off "$GO" mod tidy -modfile="$tmp/go.mod" &&
		GOWORK=off "$GO" mod edit -modfile="$tmp/go.mod" -dropreplace="$core@$version")
	cp "$tmp/go.mod" interop/go.mod
	cp "$tmp/go.sum" interop/go.sum
	exit 0
fi
(cd interop && GOWORK=off "$GO" mod edit -modfile="$tmp/go.mod" -replace="$core@$version=$root" &&
	GOWORK=off "$GO" mod tidy -diff -modfile="$tmp/go.mod") || { echo "go mod tidy needed in interop"; exit 1; }
