# BounceWorker: `make demo` runs the demo, `make test` runs the whole test suite (with the format check).
SWIFT ?= swift
SWIFT_FORMAT ?= $(SWIFT) format
CONFIGURATION ?= debug
BIN = .build/$(CONFIGURATION)/bounce-worker
FORMATTED = Package.swift Sources Tests

.PHONY: all deps build release demo test bench format format-check clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c $(CONFIGURATION)

release:
	$(MAKE) build CONFIGURATION=release

demo: build
	$(BIN) demo

test: deps format-check
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Classifier micro-benchmarks (ordo-one/benchmark, its own package in Benchmarks/). Prints the table.
bench: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark --no-progress

format:
	$(SWIFT_FORMAT) format --in-place --recursive --configuration .swift-format $(FORMATTED)

format-check:
	$(SWIFT_FORMAT) lint --strict --recursive --configuration .swift-format $(FORMATTED)

clean:
	rm -rf .build
