# The two commands of the README's quick start, and a few more for developers.
# Each target first makes sure GLPK (libglpk-dev) is installed.

SWIFT ?= swift
OUT ?= out
SAMPLE ?= Fixtures/sample-en.csv

.PHONY: run test glpk build release benchmark format

## Plans the bundled sample batch into $(OUT)/ (the main job).
run: glpk
	$(SWIFT) build -c release --product kring
	.build/release/kring form $(SAMPLE) -o $(OUT) --force

## Runs the whole test suite.
test: glpk
	$(SWIFT) test

glpk:
	@Scripts/ensure-glpk.sh

build: glpk
	$(SWIFT) build

release: glpk
	$(SWIFT) build -c release --product kring

## Runs the package-benchmark suites (release build) in Benchmarks/.
benchmark: glpk
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Benchmarks
