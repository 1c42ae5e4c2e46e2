# Handover: `make demo` runs the main job end to end; `make test` runs every test.
# Both install missing Debian packages and start private services first (scripts/).

SWIFT ?= $(shell command -v swift || echo /opt/swift/usr/bin/swift)
SERVICES := scripts/services.sh

.PHONY: deps services services-stop build build-release test demo demo-down demo-smoke bench chaos lint clean

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

test: services
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

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
	scripts/bench.sh

chaos: services build-release
	scripts/chaos.sh

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests

clean:
	rm -rf .build var demo-report.json bench/results chaos/results
