# vlogger-gpu: `make deps` once (installs Debian/Ubuntu packages), then `make` and `make test`.
SWIFT ?= swift
SHELL := /bin/bash
export XDG_RUNTIME_DIR ?= $(CURDIR)/.build/xdg-runtime

DEB_PACKAGES = libvulkan-dev mesa-vulkan-drivers glslc glslang-tools spirv-tools vulkan-validationlayers vulkan-tools \
	libavcodec-dev libavformat-dev libswscale-dev libswresample-dev libsndfile1-dev \
	libespeak-ng-dev espeak-ng libpocketsphinx-dev pocketsphinx-en-us pocketsphinx-testdata pkg-config

.PHONY: all build debug test module-graph lint format bench devices deps clean fuzz docs train-env train-data train

all: build

## Release build of the CLI: .build/release/vlogger-gpu (shaders are compiled and embedded by the build).
build:
	$(SWIFT) build -c release --product vlogger-gpu

debug:
	$(SWIFT) build

## Every test: the module graph, kernel conformance (GPU vs CPU reference) and runtime tests, on the default Vulkan
## device (lavapipe where there is no GPU) with the validation layer and synchronization validation on.
test: $(XDG_RUNTIME_DIR) module-graph
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

## Package.swift's dependencies are exactly what the sources import; Motion, Body and Media reach no Vulkan.
module-graph:
	python3 Scripts/check-module-graph.py

## The style of .swift-format (4 spaces, 120 columns, ordered imports, no semicolons, ...): any finding fails.
## `make format` rewrites the sources to it.
SWIFT_SOURCES = Package.swift Sources Tests Plugins
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(SWIFT_SOURCES)

format:
	$(SWIFT) format format --in-place --recursive --parallel $(SWIFT_SOURCES)

bench: build $(XDG_RUNTIME_DIR)
	.build/release/vlogger-gpu bench kernels

devices: build $(XDG_RUNTIME_DIR)
	.build/release/vlogger-gpu devices

## Every picture under docs/: README's four (rendered frames, motion plot, pose sheet, analyze preview) and the contact
## sheets under docs/sheets/ (mouth shapes, a blink, a grayscale photo, a close-up and a group, a translate dub), for
## looking at. Needs Pillow and PyAV (pip install pillow av).
docs: build $(XDG_RUNTIME_DIR)
	python3 docs/make_sheets.py

## libFuzzer + AddressSanitizer on every parser of untrusted input (Sources/vlogger-fuzz), FUZZ_SECONDS each
## (default 60; FUZZ_RUNS=N stops each after N inputs), seeds from Tests/Fuzz/. Its own build folder, so the normal build is untouched. Inputs that crash
## are saved in .build/fuzz/crashes/TARGET/; replay one with `swift run vlogger-fuzz TARGET FILE`.
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= -1
FUZZ_TARGETS ?= tflite image audio video motion safetensors phonemes
FUZZ_BUILD = .build/fuzz
# Every module gets AddressSanitizer and libFuzzer's coverage; only vlogger-fuzz calls libFuzzer's driver (linked
# without its main, which would clash with the build tools' own). ASan's leak check is off: the Swift runtime and
# FFmpeg keep process-lifetime caches it would report.
FUZZ_RUNTIME = $(shell dirname $$(dirname $$(realpath $$(command -v $(SWIFT)))))/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a
FUZZ_FLAGS = -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
	-Xswiftc -DFUZZING -Xswiftc -use-ld=lld -Xlinker $(wildcard $(FUZZ_RUNTIME)) -Xlinker -lstdc++
fuzz: $(XDG_RUNTIME_DIR)
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) build --scratch-path $(FUZZ_BUILD) --product vlogger-fuzz $(FUZZ_FLAGS)
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$target $(FUZZ_BUILD)/crashes/$$target || exit 1; \
		if [ $$target = tflite ]; then cp -n Models/face_detection_short_range.tflite $(FUZZ_BUILD)/corpus/tflite/; fi; \
		seeds=Tests/Fuzz/$$target; [ -d $$seeds ] || seeds=; \
		echo "== fuzz $$target ($(FUZZ_SECONDS) s)"; \
		VLOGGER_FUZZ_TARGET=$$target ASAN_OPTIONS=detect_leaks=0 TMPDIR=$$(test -d /dev/shm && echo /dev/shm || echo $${TMPDIR:-/tmp}) \
			$(FUZZ_BUILD)/debug/vlogger-fuzz \
			$(FUZZ_BUILD)/corpus/$$target $$seeds -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) -timeout=20 -rss_limit_mb=4096 \
			-artifact_prefix=$(FUZZ_BUILD)/crashes/$$target/ -print_final_stats=1 2>&1 | \
			grep -E '^(INFO: Seed|#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' ; \
		status=$${PIPESTATUS[0]}; [ "$$status" = 0 ] || { echo "fuzz $$target: found a failure (exit $$status)"; exit 1; }; \
	done

$(XDG_RUNTIME_DIR):
	mkdir -p -m 700 $@

## Installs the system packages (Debian 12 / Ubuntu 22.04+). Needs root or sudo.
deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $(DEB_PACKAGES)

clean:
	$(SWIFT) package clean

## The speech-to-mouth model (Training/, PyTorch on the CPU): `make train-env` once (a venv with
## Training/requirements.txt), `make train-data` (eSpeak speech in 24 voices of 23 languages through
## `vlogger-gpu motion --speech-out`, about 4 hours of audio, Training/data), `make train` (Training/runs/base:
## model.pt, log.jsonl and the safetensors export; Models/speech_to_mouth.safetensors is such an export).
TRAIN_PYTHON = Training/.venv/bin/python
train-env: $(TRAIN_PYTHON)
$(TRAIN_PYTHON): Training/requirements.txt
	python3 -m venv Training/.venv
	Training/.venv/bin/pip install -r Training/requirements.txt
	touch $(TRAIN_PYTHON)

train-data: build train-env
	$(TRAIN_PYTHON) Training/make_data.py --binary .build/release/vlogger-gpu --out Training/data

train: train-env
	$(TRAIN_PYTHON) Training/train.py --data Training/data --out Training/runs/base
	$(TRAIN_PYTHON) Training/export.py weights Training/runs/base/model.pt Training/runs/base/speech_to_mouth.safetensors

