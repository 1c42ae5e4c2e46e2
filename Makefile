# Handover: `make demo` runs the main job end to end; `make test` runs every test.
# Both install missing Debian packages and start private services first (scripts/).

SWIFT ?= $(shell command -v swift || echo /opt/swift/usr/bin/swift)
SERVICES := scripts/services.sh

.PHONY: deps services services-stop build build-release test demo demo-down bench chaos lint clean

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

demo-down:
	-scripts/demo.sh down
	$(SERVICES) stop

bench: services build-release
	scripts/bench.sh

chaos: services build-release
	scripts/chaos.sh

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests

clean:
	rm -rf .build var demo-report.json bench/results chaos/results
