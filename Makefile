# Wraps CMake and CTest, as Neovim's Makefile does.
#   make demo    install what is missing, build, run the demo
#   make test    install what is missing, build, run every test
#   make check   the normal build's tests only (quick)

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
# seconds of fresh fuzzing, shared by all targets, after the corpus replay
FUZZ_BUDGET ?= 480

.PHONY: all deps build check asan fuzz test demo bench clean

all: build

deps:
	@tools/deps.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

check: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# the C unit tests and the specs once more under ASan+UBSan
asan:
	@CC=clang cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug \
		-DLUABGP_SANITIZE=ON -DLUABGP_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) -L unit

# replay every corpus, then fuzz every target within FUZZ_BUDGET seconds
fuzz:
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DLUABGP_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)
	tools/fuzz.sh $(FUZZ_BUILD)/ctest/fuzz ctest/fuzz/corpus $(FUZZ_BUDGET)

test: deps
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory fuzz

demo: deps build
	@examples/quickstart/demo.sh $(BUILD)/luabgp

bench: deps build
	@bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
