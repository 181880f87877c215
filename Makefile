# vlogger-gpu: `make deps` once (installs Debian/Ubuntu packages), then `make` and `make test`.
SWIFT ?= swift
export XDG_RUNTIME_DIR ?= $(CURDIR)/.build/xdg-runtime

DEB_PACKAGES = libvulkan-dev mesa-vulkan-drivers glslc glslang-tools spirv-tools vulkan-validationlayers vulkan-tools \
	libavcodec-dev libavformat-dev libswscale-dev libswresample-dev libsndfile1-dev \
	libespeak-ng-dev espeak-ng libpocketsphinx-dev pocketsphinx-en-us pocketsphinx-testdata pkg-config

.PHONY: all build debug test bench devices deps clean

all: build

## Release build of the CLI: .build/release/vlogger-gpu (shaders are compiled and embedded by the build).
build:
	$(SWIFT) build -c release --product vlogger-gpu

debug:
	$(SWIFT) build

## Every test: kernel conformance (GPU vs CPU reference) and runtime tests, on the default Vulkan
## device (lavapipe where there is no GPU) with the validation layer and synchronization validation on.
test: $(XDG_RUNTIME_DIR)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: build $(XDG_RUNTIME_DIR)
	.build/release/vlogger-gpu bench kernels

devices: build $(XDG_RUNTIME_DIR)
	.build/release/vlogger-gpu devices

$(XDG_RUNTIME_DIR):
	mkdir -p -m 700 $@

## Installs the system packages (Debian 12 / Ubuntu 22.04+). Needs root or sudo.
deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $(DEB_PACKAGES)

clean:
	$(SWIFT) package clean
