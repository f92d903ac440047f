# Thin wrappers around CMake and CTest: the README's commands.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
SAN_DIR ?= build-sanitize
# make test also builds the libFuzzer targets with clang-14 (in $(BUILD_DIR)/fuzz) and runs each briefly.
FUZZ_SMOKE ?= ON
FUZZ_SECONDS ?= 300
SOAK_SECONDS ?= 600

.PHONY: all deps configure build run demo test test-sanitize fuzz soak clean format

all: build

deps:
	@./scripts/setup-deps

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DBALCAO_FUZZ_SMOKE=$(FUZZ_SMOKE) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	./$(BUILD_DIR)/src/app/balcao

# The app against the emulator's demo phones (HEADLESS=1 for the JSON runner in this terminal).
demo: build
	BUILD_DIR=$(abspath $(BUILD_DIR)) ./scripts/demo

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The whole suite once more under AddressSanitizer + UndefinedBehaviorSanitizer (the emulator's own Node
# suite and the fuzzers, already sanitized, are not run twice).
test-sanitize: deps
	@cmake -S . -B $(SAN_DIR) -G Ninja -DBALCAO_SANITIZE=ON -DBALCAO_FUZZ_SMOKE=OFF -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(SAN_DIR) -j $(JOBS)
	@cd $(SAN_DIR) && ctest --output-on-failure -j $(JOBS) -LE emulator

# Every fuzz target for FUZZ_SECONDS each (make test runs them for a few seconds); crashes are left in
# $(BUILD_DIR)/tests/fuzz/work/<target>/crashes.
fuzz: build
	@set -e; for f in $$(sed -n 's/^set(BALCAO_FUZZ_TARGETS \(.*\))/\1/p' tests/fuzz/targets.cmake); do \
	    echo "fuzz_$$f: $(FUZZ_SECONDS) s"; \
	    tests/fuzz/run-fuzzer $(BUILD_DIR)/fuzz/tests/fuzz/fuzz_$$f tests/fuzz/corpus/$$f \
	        $(BUILD_DIR)/tests/fuzz/work/$$f $(FUZZ_SECONDS); \
	done

# The fault soak for SOAK_SECONDS (make test runs a short one).
soak: build
	@BALCAO_SOAK_SECONDS=$(SOAK_SECONDS) ./$(BUILD_DIR)/tests/integration/tst_soak

clean:
	rm -rf $(BUILD_DIR) $(SAN_DIR)

# Applies .clang-format to the C++ sources (CI checks it with scripts/check-format).
format:
	@./scripts/check-format --fix

# Benchmarks side by side with real Baileys 6.17.16 against the emulator (README "Performance"); not part of
# make test. Prints a markdown table and writes bench/results/latest.json. BENCH_FLAGS=--quick for a smoke run.
# The numbers linked for it (up to 1,000 on each side) are kept in BENCH_STATE: the first run links them (tens of
# minutes), later runs start from them. Delete the folder to link afresh.
BENCH_STATE ?= $(BUILD_DIR)/bench-state
BENCH_FLAGS ?=
.PHONY: bench
bench: build
	@node bench/run.mjs --balcao $(BUILD_DIR)/src/app/balcao --storage-bench $(BUILD_DIR)/bench/balcao_storage_bench \
		--gui-bench $(BUILD_DIR)/bench/gui/balcao_gui_bench --state $(BENCH_STATE) $(BENCH_FLAGS)
