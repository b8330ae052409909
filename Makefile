# The one test command is `make test`: every test of every module.
# Tools and downloads go to $(CACHE_DIR), outside the clone, keyed by version.

GO        ?= go
CACHE_DIR ?= $(HOME)/.cache/buildxcache
MODULES   := . interop
FUZZTIME  ?= 5m

.PHONY: tidy all test oracle tools test-core test-interop e2e lint fmt-check vet vet-windows tidy-check example fuzz bench

all: test

## test: vet, format and tidy checks, then the tests of every module,
## then the end-to-end tests against a real BuildKit daemon
test: lint oracle tools test-core test-interop e2e

## oracle: install the real @docker/actions-toolkit the action-input tests compare with
oracle:
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "WARNING: npm not found: the tests against the real actions-toolkit will be SKIPPED"; \
	elif ! npm ci --prefix scripts/actions-toolkit --no-audit --no-fund --loglevel=error; then \
		echo "WARNING: npm ci failed: the tests against the real actions-toolkit will be SKIPPED"; \
	fi

## tools: pre-commit and shellcheck from Debian's packages (as root), for the
## pre-commit hook's test and actionlint's script checks; actionlint itself
## is installed from the module proxy by its test
TOOLS_APT := pre-commit shellcheck
tools:
	@if command -v pre-commit >/dev/null 2>&1 && command -v shellcheck >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q $(TOOLS_APT) >/dev/null 2>&1 || \
		{ apt-get update -q >/dev/null && apt-get install -y -q $(TOOLS_APT) >/dev/null; } || \
		echo "WARNING: apt-get could not install $(TOOLS_APT): the pre-commit test will be SKIPPED"; \
	else \
		echo "WARNING: $(TOOLS_APT) not installed (needs root and apt-get): the pre-commit test will be SKIPPED"; \
	fi

test-core:
	$(GO) test -count=1 ./...

test-interop:
	cd interop && $(GO) test -count=1 ./...

## e2e: install (first time only) and start buildkitd, a registry, an S3
## server and Azurite; run the TestE2E tests; stop the services. On a
## machine that cannot run buildkitd (not root, not Linux) the tests are
## skipped with a loud message.
E2E := scripts/e2e/e2e.sh
e2e:
	@if ! why="$$(bash $(E2E) check)"; then \
		echo "#####################################################################"; \
		echo "## WARNING: end-to-end tests SKIPPED: this machine cannot run buildkitd: $$why"; \
		echo "#####################################################################"; \
		exit 0; \
	fi; \
	bash $(E2E) install && bash $(E2E) start || { bash $(E2E) stop; exit 1; }; \
	start=$$(date +%s); \
	(cd interop && E2E_REQUIRED=1 $(GO) test -count=1 -v -parallel 32 -run '^TestE2E' ./e2e/); rc=$$?; \
	echo "e2e tests: $$(( $$(date +%s) - start )) s"; \
	bash $(E2E) stop; exit $$rc

## lint: gofmt, go vet (and, for the core module, go vet for Windows) and go
## mod tidy must be clean in every module
lint: fmt-check vet tidy-check

fmt-check:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	@for m in $(MODULES); do (cd $$m && $(GO) vet ./...) || exit 1; done
	@GOOS=windows $(GO) vet ./...

## vet-windows: go vet of every module for Windows (the interop module takes
## minutes to build for it from a cold cache, so make test vets only the core)
vet-windows:
	@for m in $(MODULES); do (cd $$m && GOOS=windows $(GO) vet ./...) || exit 1; done

## tidy-check: go mod tidy -diff in each module; the interop module as the
## workspace (go.work) builds it, see scripts/tidy-check.sh
tidy-check:
	@GO=$(GO) bash scripts/tidy-check.sh

## tidy: go mod tidy both modules (interop against this checkout of the core)
tidy:
	@GO=$(GO) bash scripts/tidy-check.sh --write

## example: the main job: lint the bundled example directory with the CLI
example:
	$(GO) -C interop run ./cmd/buildxcache lint ../examples/ci || test $$? -eq 1

## fuzz: run every fuzz target for FUZZTIME each
fuzz:
	$(GO) test ./refs -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./cachespec -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./cachespec -run='^$$' -fuzz='^FuzzParseList$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./cachespec -run='^$$' -fuzz='^FuzzParseJSON$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./cachespec -run='^$$' -fuzz='^FuzzSplitActionInput$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./cachespec -run='^$$' -fuzz='^FuzzFastPath$$' -fuzztime=$(FUZZTIME)
	cd interop && $(GO) test ./compat -run='^$$' -fuzz='^FuzzBuildx$$' -fuzztime=$(FUZZTIME)
	cd interop && $(GO) test ./workflow -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME)

## bench: the side-by-side benchmarks against Buildx and distribution/reference
bench:
	mkdir -p $(CACHE_DIR) && cd interop && $(GO) test -run='^$$' -bench=. -benchmem -count=6 ./compat/ | tee $(CACHE_DIR)/bench.txt
	cd interop && $(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da -col /impl $(CACHE_DIR)/bench.txt
