# The two commands of the README's quick start, and a few more for developers.
# Each target first makes sure GLPK (libglpk-dev) is installed.

SWIFT ?= swift
OUT ?= out
SAMPLE ?= Fixtures/sample-en.csv
SAMPLE_CONFIG ?= Fixtures/sample/kring.yaml
# One optimised build serves the main job, the tests (with testing enabled, for their
# @testable imports) and CI's checks, so nothing is compiled twice.
RELEASE = -c release -Xswiftc -enable-testing

.PHONY: run test glpk build release benchmark format

## Plans the bundled sample batch into $(OUT)/ (the main job).
run: glpk
	$(SWIFT) build $(RELEASE) --product kring
	.build/release/kring plan $(SAMPLE) -c $(SAMPLE_CONFIG) -o $(OUT) --force

## Runs the whole test suite; Python's icalendar checks the calendars Kring writes, and
## openpyxl the workbooks. The formation gate holds generated batches to the figures in
## Benchmarks/formation-gate/.
test: glpk
	@Scripts/ensure-test-tools.sh
	KRING_FORMATION_GATE=1 \
	KRING_REQUIRE_ICALENDAR=$$(python3 -c 'import icalendar' 2>/dev/null && echo 1 || echo 0) \
	KRING_REQUIRE_OPENPYXL=$$(python3 -c 'import openpyxl' 2>/dev/null && echo 1 || echo 0) \
	$(SWIFT) test $(RELEASE)

glpk:
	@Scripts/ensure-glpk.sh

build: glpk
	$(SWIFT) build

release: glpk
	$(SWIFT) build $(RELEASE) --product kring

## Runs the package-benchmark suites (release build) in Benchmarks/.
benchmark: glpk
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Benchmarks
