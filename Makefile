# Pieredze — make targets. Every target installs what it needs on a fresh Debian machine.
SHELL := /bin/bash
SWIFT ?= swift
BUILD_DIR ?= build
DB ?= $(BUILD_DIR)/pieredze.db
SHARED ?= ../shared
BIN_DEBUG = .build/debug/pieredze
BIN_RELEASE = .build/release/pieredze
LIB_RELEASE = .build/release/liblatvian.so
QUERY ?= pašvaldību reforma

.PHONY: report-demo bench-deps web-demo serve bench-serve
.PHONY: all build release test run clean deps bench bench-load bench-search bench-report eval eval-search report-demo check

all: build

# libsqlite3-dev provides sqlite3.h and the pkg-config file CSQLite builds against;
# libstemmer-dev provides Snowball's stemmers (libstemmer.h), for Russian words (CStemmer).
deps:
	@if [ ! -f /usr/include/sqlite3.h ] || ! pkg-config --exists sqlite3 2>/dev/null; then \
		echo "installing libsqlite3-dev (sqlite3.h missing)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsqlite3-dev pkg-config; \
	fi
	@if [ ! -f /usr/include/libstemmer.h ]; then \
		echo "installing libstemmer-dev (libstemmer.h missing)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libstemmer-dev; \
	fi

build: deps
	$(SWIFT) build

# The release binary links the Swift runtime and Foundation statically: a search is a process,
# and dynamic loading was about 10 ms of its start (make bench-search). The same flag makes
# .build/release/liblatvian.so (the tokenizer as an SQLite extension) self-contained.
RELEASE_FLAGS = -Xswiftc -static-stdlib

release: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS)

# The tests also run the sqlite3 shell, to check liblatvian.so as other programs use it, and
# headless Chromium, to load the web pages in a real browser.
test: deps
	@command -v sqlite3 >/dev/null || (echo "installing sqlite3 (the shell)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3)
	@command -v chromium >/dev/null || (echo "installing chromium (the web pages' browser test)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	$(SWIFT) build
	PIEREDZE_SHARED=$(abspath $(SHARED)) $(SWIFT) test

# The main job on a default database built from migrations/ and seeds/.
run: build
	@mkdir -p $(BUILD_DIR)
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	@echo "$(DB) is a demo database, rebuilt from migrations/ and seeds/ on every make run (your own: pieredze init)"
	$(BIN_DEBUG) init --db $(DB)
	$(BIN_DEBUG) load --db $(DB) seeds
	$(BIN_DEBUG) check --db $(DB)
	$(BIN_DEBUG) list --db $(DB)
	@echo
	@echo '$$ pieredze search "$(QUERY)"'
	@$(BIN_DEBUG) search --db $(DB) "$(QUERY)" || true
	@echo
	@echo "The program is $(BIN_DEBUG); put it on your PATH with: export PATH=\"$(CURDIR)/.build/debug:\$$PATH\""
	@echo "or install it with: make install (PREFIX=$(PREFIX)). This demo database: --db $(DB) or PIEREDZE_DB=$(DB)."

# The release binary in $(DESTDIR)$(PREFIX)/bin and the tokenizer extension in
# $(DESTDIR)$(PREFIX)/lib (for other SQLite programs: .load liblatvian).
PREFIX ?= /usr/local
DESTDIR ?=
.PHONY: install
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib
	install -m 755 $(BIN_RELEASE) $(DESTDIR)$(PREFIX)/bin/pieredze
	install -m 644 $(LIB_RELEASE) $(DESTDIR)$(PREFIX)/lib/liblatvian.so
	@echo "installed $(DESTDIR)$(PREFIX)/bin/pieredze and $(DESTDIR)$(PREFIX)/lib/liblatvian.so"

clean:
	rm -rf .build $(BUILD_DIR)

# ---- benchmarks (ratios against baselines measured in the same run) ----
BENCH = .build/release/pieredze-bench
BENCH_ARGS = --data $(BUILD_DIR)/bench --shared $(SHARED) --binary $(BIN_RELEASE)

bench-deps: release
	@command -v sqlite3 >/dev/null && [ -x /usr/bin/time ] || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 time)
	@command -v sqlite-utils >/dev/null || pip install -q sqlite-utils

# Everything: loading at 10,000 and 100,000 notes, the tokenizer's cost, search latency, the HTML report.
bench: bench-deps
	$(BENCH) all $(BENCH_ARGS)

bench-load: bench-deps
	$(BENCH) load $(BENCH_ARGS)
	$(BENCH) tokenizer $(BENCH_ARGS)

bench-search: bench-deps
	$(BENCH) search $(BENCH_ARGS)

bench-report: bench-deps
	$(BENCH) report $(BENCH_ARGS)

# The stemmer's conflation quality on ../shared/eval/latvian (prints the summary line).
eval: release
	python3 $(SHARED)/eval/latvian/conflation_eval.py --cmd "$(BIN_RELEASE) analyze --stem" | tail -n 1

# Search relevance on the development set ../shared/eval/latvian/relevance: its notes loaded into a
# fresh database (their `topic` becomes `topics: [topic]`), then the evaluator runs
# `pieredze search --format ids --limit 10` with default settings (prints nDCG@10 and recall@10).
EVAL_SEARCH_DIR = $(BUILD_DIR)/eval-search
RELEVANCE = $(SHARED)/eval/latvian/relevance
eval-search: release
	@rm -rf $(EVAL_SEARCH_DIR) && mkdir -p $(EVAL_SEARCH_DIR)
	@python3 -c 'import json, sys; [print(json.dumps({**{k: v for k, v in n.items() if k != "topic"}, "topics": [n["topic"]]}, ensure_ascii=False)) for n in map(json.loads, sys.stdin)]' \
	  < $(RELEVANCE)/notes.jsonl > $(EVAL_SEARCH_DIR)/notes.jsonl
	@$(BIN_RELEASE) load --db $(EVAL_SEARCH_DIR)/eval.db $(EVAL_SEARCH_DIR)/notes.jsonl > /dev/null
	python3 $(RELEVANCE)/relevance_eval.py --cmd "$(BIN_RELEASE) search --db $(EVAL_SEARCH_DIR)/eval.db --format ids --limit 10 {query}" | tail -n 1

# The seeds' report on administrative-territorial reform in every format, in build/report-demo/,
# and the HTML printed to A4 PDF by headless Chromium (--print-to-pdf), each page a PNG
# (pdftoppm, 60 dpi) to look at as a person would; prints the page counts.
REPORT_DIR = $(BUILD_DIR)/report-demo
report-demo: release
	@command -v chromium >/dev/null || (echo "installing chromium"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	@command -v pdftoppm >/dev/null || (echo "installing poppler-utils (pdftoppm)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils)
	@rm -rf $(REPORT_DIR) && mkdir -p $(REPORT_DIR)
	$(BIN_RELEASE) init --db $(REPORT_DIR)/seeds.db
	$(BIN_RELEASE) load --db $(REPORT_DIR)/seeds.db seeds
	for f in md html json csv; do \
	  $(BIN_RELEASE) report --db $(REPORT_DIR)/seeds.db --topic administrativi-teritoriala-reforma \
	    --format $$f -o $(REPORT_DIR)/administrativi-teritoriala-reforma.$$f || exit 1; done
	$(BIN_RELEASE) report --db $(REPORT_DIR)/seeds.db --topic starptautiska-sadarbiba --format html \
	  -o $(REPORT_DIR)/starptautiska-sadarbiba.html
	$(BIN_RELEASE) report --db $(REPORT_DIR)/seeds.db --format html -o $(REPORT_DIR)/all-topics.html
	$(BIN_RELEASE) report --db $(REPORT_DIR)/seeds.db --lang ru --format html -o $(REPORT_DIR)/all-topics.ru.html
	for r in administrativi-teritoriala-reforma starptautiska-sadarbiba all-topics all-topics.ru; do \
	  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
	    --print-to-pdf=$(CURDIR)/$(REPORT_DIR)/$$r.pdf file://$(CURDIR)/$(REPORT_DIR)/$$r.html 2>/dev/null || exit 1; \
	  pdftoppm -png -r 60 $(REPORT_DIR)/$$r.pdf $(REPORT_DIR)/$$r-page || exit 1; \
	  echo "$$r.pdf: $$(ls $(REPORT_DIR)/$$r-page-*.png | wc -l) page(s)"; \
	done
	@echo "reports, PDFs and page images (*-page-N.png) in $(REPORT_DIR)"

# The loaders' mutation test (Tests/PieredzeKitTests/LoaderFuzzTests.swift) run long: FUZZ_CASES
# mutated seeds and generated notes (make test runs 3,000). Prints the number of executions and
# every finding; each finding's input is copied to $(BUILD_DIR)/fuzz-findings.
FUZZ_CASES ?= 200000
.PHONY: fuzz
fuzz: deps
	PIEREDZE_SHARED=$(abspath $(SHARED)) PIEREDZE_FUZZ_CASES=$(FUZZ_CASES) \
	  PIEREDZE_FUZZ_FINDINGS=$(abspath $(BUILD_DIR))/fuzz-findings \
	  $(SWIFT) test --filter LoaderFuzzTests

# `pieredze serve` on the seeds (read-only; add ARGS=--allow-writes for the forms): open the
# address it prints in a browser; Ctrl-C stops it.
SERVE_DB = $(BUILD_DIR)/serve.db
serve: build
	@mkdir -p $(BUILD_DIR)
	@rm -f $(SERVE_DB) $(SERVE_DB)-wal $(SERVE_DB)-shm
	$(BIN_DEBUG) init --db $(SERVE_DB)
	$(BIN_DEBUG) load --db $(SERVE_DB) seeds
	$(BIN_DEBUG) serve --db $(SERVE_DB) $(ARGS)

# The web pages in a real browser: a database from migrations/ and seeds/ (build/web-demo.db),
# the server on a free loopback port, screenshots of the start page, a search with facets, a
# note, a topic and the new-note form at desktop width and 390 px wide in build/web-*.png.
WEB_DEMO_DB = $(BUILD_DIR)/web-demo.db
web-demo: build
	@command -v chromium >/dev/null || (echo "installing chromium"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	@mkdir -p $(BUILD_DIR)
	@rm -f $(WEB_DEMO_DB) $(WEB_DEMO_DB)-wal $(WEB_DEMO_DB)-shm
	$(BIN_DEBUG) init --db $(WEB_DEMO_DB)
	$(BIN_DEBUG) load --db $(WEB_DEMO_DB) seeds
	bash scripts/web-demo.sh $(BIN_DEBUG) $(WEB_DEMO_DB) $(BUILD_DIR)

# The server under load: 100,000 generated notes, wrk (1, 4 and 16 connections, rotating over the
# 50 queries of $(SHARED)/bench/queries.tsv and the questions of bench/search-questions.txt)
# against /api/search and the /search page, and Datasette (pip, in a venv) with liblatvian.so on
# the same database and queries; prints the ratios and both servers' peak memory. No result cache.
bench-serve: release
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	@command -v curl >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl)
	@/usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv)
	bash scripts/bench-serve.sh $(BIN_RELEASE) .build/release/liblatvian.so $(SHARED) $(BUILD_DIR)/bench
