# Nimbus build and test entry points. Needs only cargo, the wasm32 target and npm packages: no cargo-leptos.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

SITE_DIR := target/site
WASM_TARGET := wasm32-unknown-unknown
# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3; exit }' Cargo.lock)
# wasm-split-cli (crates.io wasm_split_cli_support) splits the console's wasm at its lazy routes (app/src/routes.rs).
WASM_SPLIT_VERSION := 0.2.4
SPLIT_DIR := target/wasm-split
# Features wasm-opt may use: what rustc emits for wasm32 by default.
WASM_OPT_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
ARGS ?=

.PHONY: run demo build site site-release release wasm-size wasm-bindgen-cli lint test-rust e2e e2e-release compat bench test

## run: build the console and server (debug) and start Nimbus on 127.0.0.1:8080 with SQLite in ./data
run: build
	target/debug/nimbus --site-dir $(SITE_DIR) $(ARGS)

## demo: like run, with a small Simulator cloud built first (server/topologies/demo.toml)
demo: build
	target/debug/nimbus --site-dir $(SITE_DIR) $(ARGS) topology apply server/topologies/demo.toml
	target/debug/nimbus --site-dir $(SITE_DIR) $(ARGS)

## build: the wasm console into target/site, then the server binary
build: site
	cargo build -p server

## wasm-bindgen-cli: the wasm32 target, the wasm-bindgen CLI at the Cargo.lock version and wasm-split-cli, unless there
wasm-bindgen-cli:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi
	@if ! cargo install --list | grep -qx "wasm_split_cli_support v$(WASM_SPLIT_VERSION):"; then \
		echo "installing wasm-split-cli $(WASM_SPLIT_VERSION)"; \
		cargo install --locked wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary; \
	fi

# Assembles $(SITE_DIR) from a wasm file (linked with --emit-relocs, .cargo/config.toml): split at the lazy routes into
# the main module and one module per console area plus the chunks areas share, pkg/ (js, wasm modules, the split
# manifest the server reads for preload links), CSS and static assets.
define assemble_site
	rm -rf $(SITE_DIR)/pkg $(SPLIT_DIR)
	mkdir -p $(SITE_DIR)/pkg $(SPLIT_DIR)
	RUST_LOG=error wasm-split-cli --target web --out-name nimbus $(1) $(SPLIT_DIR)
	wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir $(SITE_DIR)/pkg --out-name nimbus \
		$(SPLIT_DIR)/nimbus.wasm
	python3 frontend/split_site.py assemble $(SPLIT_DIR) $(SITE_DIR)/pkg
	cp style/nimbus.css assets/* $(SITE_DIR)/
endef

## site: debug wasm build of the console
site: wasm-bindgen-cli
	cargo build -p frontend --lib --target $(WASM_TARGET)
	$(call assemble_site,target/$(WASM_TARGET)/debug/frontend.wasm)

## site-release: size-optimised wasm (with --cfg erase_components, as every build: .cargo/config.toml), then wasm-opt
## from npm's binaryen (Debian's is too old and breaks hydration)
site-release: wasm-bindgen-cli
	cargo build -p frontend --lib --target $(WASM_TARGET) --profile wasm-release
	$(call assemble_site,target/$(WASM_TARGET)/wasm-release/frontend.wasm)
	npm ci --prefix end2end --no-audit --no-fund
	ls $(SITE_DIR)/pkg/*.wasm | xargs -P 2 -I{} end2end/node_modules/.bin/wasm-opt -Oz $(WASM_OPT_FEATURES) -o {} {}
	@$(MAKE) --no-print-directory wasm-size

## wasm-size: the built console wasm in bytes, raw, gzip -9 and brotli -q 11 (Debian's brotli, when installed): the
## main module, what each console area adds, and all files
wasm-size:
	@python3 frontend/split_site.py sizes $(SITE_DIR)/pkg

## release: optimised console and server (target/release/nimbus)
release: site-release
	cargo build -p server --release

## lint: formatting and clippy on the host (server, app with ssr) and on wasm32 (frontend, app with hydrate)
lint:
	cargo fmt --all -- --check
	cargo clippy -p server -p migrations -p app --all-targets -- -D warnings
	cargo clippy -p frontend -p app --target $(WASM_TARGET) -- -D warnings

## test-rust: unit and integration tests (SQLite always; MariaDB/PostgreSQL when reachable)
test-rust:
	cargo test -p server -p migrations -p app

## e2e: Playwright in headless Debian chromium against a freshly started server
e2e: build
	@command -v $${CHROMIUM_PATH:-/usr/bin/chromium} >/dev/null || { echo "e2e needs Debian's chromium: apt-get install chromium (.ci/run does it)"; exit 1; }
	end2end/run.sh

## e2e-release: the Playwright suite against the release wasm (make site-release) served by the debug server
e2e-release: site-release
	cargo build -p server
	@command -v $${CHROMIUM_PATH:-/usr/bin/chromium} >/dev/null || { echo "e2e needs Debian's chromium: apt-get install chromium (.ci/run does it)"; exit 1; }
	end2end/run.sh

## compat: real clients (PyPI `cs` and apache-libcloud, in end2end/.venv) against a freshly started server, integration port on
compat:
	cargo build -p server
	port=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	NIMBUS_INTEGRATION_PORT=$$port INTEGRATION_URL=http://127.0.0.1:$$port \
		end2end/run.sh "$(CURDIR)/end2end/compat/cs_client.sh"

## bench: signature verification, signed listUsers load, 10,000 simulator hosts (listHosts, ping loop), placement, VMs (deploy into 1,000 hosts, listVirtualMachines at 10k/100k); release; prints figures
bench:
	cargo bench -p server --bench signature --bench api_load --bench hosts --bench placement --bench vms

## test: everything CI runs
test: lint test-rust e2e compat
