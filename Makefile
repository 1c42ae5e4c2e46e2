# Handover: `make demo` runs the main job end to end; `make test` runs every test.
# Both install missing Debian packages and start private services first (scripts/).

SWIFT ?= $(shell command -v swift || echo /opt/swift/usr/bin/swift)
SERVICES := scripts/services.sh

.PHONY: deps services services-stop build build-release test demo demo-down demo-smoke bench chaos bench-smoke chaos-smoke lint clean

deps:
	scripts/install-deps.sh

services: deps
	$(SERVICES) start

services-stop:
	$(SERVICES) stop

build: deps
	$(SWIFT) build

build-release: deps
	$(SWIFT) build -c release

# The formatter's lint, unit and integration tests (serially: some restart the shared broker), then short
# runs of the demo, the benchmark and the chaos suite so they keep working.
test: services lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel
	$(MAKE) demo-smoke bench-smoke chaos-smoke

demo: services build-release
	scripts/demo.sh

# Stops the demo's workers and sandbox (pids under var/demo), then the private services.
demo-down:
	-scripts/demo.sh down
	-scripts/demo.sh down-smoke
	$(SERVICES) stop

# A short checked run of the demo (20 contacts, debug binaries) that fails when an expectation fails.
demo-smoke: services build
	scripts/demo.sh smoke

bench: services build-release
	HANDOVER_BIN_DIR=$$($(SWIFT) build -c release --show-bin-path) $$($(SWIFT) build -c release --show-bin-path)/handover-bench $(BENCH_ARGS)

chaos: services build-release
	HANDOVER_BIN_DIR=$$($(SWIFT) build -c release --show-bin-path) $$($(SWIFT) build -c release --show-bin-path)/handover-chaos $(CHAOS_ARGS)

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests

clean:
	rm -rf .build var demo-report.json bench/results chaos/results

# Small runs of the benchmark and chaos suites, so CI keeps them working (figures come from `make bench`).
bench-smoke: services build
	HANDOVER_BIN_DIR=$$($(SWIFT) build --show-bin-path) $$($(SWIFT) build --show-bin-path)/handover-bench --contacts 200 --instances 1 --raw-messages 2000

chaos-smoke: services build
	HANDOVER_BIN_DIR=$$($(SWIFT) build --show-bin-path) $$($(SWIFT) build --show-bin-path)/handover-chaos --contacts 200 --seconds 20
