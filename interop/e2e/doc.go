// Package e2e holds the end-to-end tests: cache entries parsed or built
// with cachespec, converted by package buildkit, drive real builds on a
// real BuildKit daemon with a real registry, S3 server, Azure Blob
// emulator and Actions cache server (act's, speaking the v1 cache API),
// started by scripts/e2e/e2e.sh; `make e2e` does it all. The
// tests assert from the solve status (cached vertices, vertex errors) and
// from what lands in the registry, never from log text. EVIDENCE.md lists
// each verified behaviour with its test.
package e2e
