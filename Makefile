# The two commands of the README: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
PROXY_BIN := $(CARGO_TARGET_DIR)/server/cmp-proxy
NATIVE_CRATES := -p cmp-api -p cmp-sim -p cmp-proxy -p cmp-e2e -p cmp-testpg

.PHONY: run test setup setup-build spa proxy fmt-check clippy test-native test-wasm test-e2e check-deploy bench clean

## make run: install what is missing, build the SPA, start the proxy with the embedded simulator.
## Alert rules are evaluated every 30 s here (10 min by default), so a demo shows one soon.
run: setup-build spa proxy
	CMP_ALERT_INTERVAL=$${CMP_ALERT_INTERVAL:-30s} CMP_DIST_DIR=$(CURDIR)/dist $(PROXY_BIN)

## make test: install what is missing, then every check and test the project has.
test: setup fmt-check clippy test-native test-wasm test-e2e check-deploy
	@echo "make test: all checks passed"

setup:
	@scripts/setup.sh

setup-build:
	@scripts/setup.sh build

spa:
	trunk build --release

proxy:
	cargo build --profile server -p cmp-proxy -p cmp-sim

fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy $(NATIVE_CRATES) --all-targets -- -D warnings
	cargo clippy -p cmp-dashboard --target wasm32-unknown-unknown --all-targets -- -D warnings
	# The release build's page groups (src/split.rs) exist only with the "split" feature.
	cargo clippy -p cmp-dashboard --target wasm32-unknown-unknown --features split --lib -- -D warnings
	# cmp-api's tests use proptest, which is native-only; its library is what the SPA ships.
	cargo clippy -p cmp-api --target wasm32-unknown-unknown --lib -- -D warnings

test-native:
	cargo test -p cmp-api -p cmp-sim -p cmp-proxy
	# The rules of the tabs' shared live stream are pure: they run natively too.
	cargo test -p cmp-dashboard --test tab_relay --test alert_form

test-wasm:
	cargo test -p cmp-dashboard --target wasm32-unknown-unknown

check-deploy:
	scripts/check-deploy-examples.sh

# The journeys use the debug proxy that test-native already built: same code, no second
# optimised build of the whole server stack in CI.
test-e2e: spa
	cargo build -p cmp-proxy
	CMP_E2E_PROXY_BIN=$(CARGO_TARGET_DIR)/debug/cmp-proxy CMP_E2E_DIST=$(CURDIR)/dist \
	  cargo test -p cmp-e2e --tests -- --ignored --test-threads=1

clean:
	rm -rf dist
	cargo clean
