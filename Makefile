# Dateline: the two commands a newcomer needs.
#   make demo  - install what is missing, build a release binary, serve the demo site on :8080
#   make test  - install what is missing, build (debug, sanitizers) and run every test through CTest
.PHONY: deps demo test build-release build-debug clean bench

JOBS ?= $(shell nproc)
DEMO_DB ?= demo.db
LISTEN ?= 127.0.0.1:8080

deps:
	bash scripts/install-deps.sh

build-release: deps
	cmake --preset release -DDATELINE_TESTS=OFF
	cmake --build build/release -j $(JOBS) --target dateline

build-debug: deps
	cmake --preset debug -DDATELINE_TESTS=ON
	cmake --build build/debug -j $(JOBS)

demo: build-release
	./build/release/src/cli/dateline --db $(DEMO_DB) serve --demo --listen $(LISTEN)

test: build-debug
	ctest --preset debug -j $(JOBS)

# Load tests and micro-benchmarks (never part of `make test`): bench/run.sh builds release with
# -DDATELINE_BENCH=ON, installs the references it needs (nginx, wrk, hugo, WordPress) and writes
# docs/performance.md. BENCH_ARTICLES=10000 for a quicker run (default 100000).
bench: deps
	BENCH_ARTICLES=$(BENCH_ARTICLES) JOBS=$(JOBS) bash bench/run.sh

clean:
	rm -rf build
