# Thin wrappers around CMake and CTest: the README's commands.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
SAN_DIR ?= build-sanitize

.PHONY: all deps configure build run demo test test-sanitize clean

all: build

deps:
	@./scripts/setup-deps

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	./$(BUILD_DIR)/src/app/balcao

# The app against the emulator's demo phones (HEADLESS=1 for the JSON runner in this terminal).
demo: build
	BUILD_DIR=$(abspath $(BUILD_DIR)) ./scripts/demo

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The whole suite once more under AddressSanitizer + UndefinedBehaviorSanitizer.
test-sanitize: deps
	@cmake -S . -B $(SAN_DIR) -G Ninja -DBALCAO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(SAN_DIR) -j $(JOBS)
	@cd $(SAN_DIR) && ctest --output-on-failure -j $(JOBS) -LE emulator

clean:
	rm -rf $(BUILD_DIR) $(SAN_DIR)

# Benchmarks side by side with real Baileys 6.17.16 against the emulator (README "Performance"); not part of
# make test. Prints a markdown table and writes bench/results/latest.json. BENCH_FLAGS=--quick for a smoke run.
BENCH_FLAGS ?=
.PHONY: bench
bench: build
	@node bench/run.mjs --balcao $(BUILD_DIR)/src/app/balcao --storage-bench $(BUILD_DIR)/bench/balcao_storage_bench \
		--gui-bench $(BUILD_DIR)/bench/gui/balcao_gui_bench $(BENCH_FLAGS)
