# postcheck developer commands. Every target creates the local virtualenv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared/data

.PHONY: run test bench fuzz lint model eval messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

OUT := out

## run: install, then check the bundled example drafts and content plan; the scored plan and
## its HTML report go to out/ (git-ignored)
run: $(STAMP)
	$(BIN)/postcheck --fail-on never examples/draft_junk.txt examples/draft_useful.txt
	mkdir -p $(OUT)
	$(BIN)/postcheck --fail-on never examples/plan.csv -o $(OUT)/plan-scored.csv --report $(OUT)/plan.html
	@echo ""
	@echo "Готово. Оценённый контент-план: $(abspath $(OUT)/plan-scored.csv)"
	@echo "HTML-отчёт (откройте в браузере): $(abspath $(OUT)/plan.html)"
	@echo "Дальше: .venv/bin/postcheck ФАЙЛ — или source .venv/bin/activate, и тогда просто postcheck ФАЙЛ"

## test: install, then run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## bench: speed and memory numbers, ad-marking detection on tg-news-ads (prints them; no pass/fail)
bench: $(STAMP)
	$(BIN)/python -m bench.run --shared $(SHARED)
	$(BIN)/python -m bench.marking --shared $(SHARED)

## fuzz: thousands of generated drafts, tables and model files; tried/failed per input class,
## and the time of the worst inputs (prints, never fails; SCALE=0.1 for a quick run)
SCALE ?= 1
fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz --scale $(SCALE)

## lint: ruff
lint: $(STAMP)
	$(BIN)/ruff check classifier tests bench scripts

## model: rebuild the shipped model from corpora/ alone (the sources listed in corpora/sources.toml:
## the written corpus and the tg-news-ads posts copied there); deterministic
model: $(STAMP)
	$(BIN)/postcheck train corpora --out models/postcheck-model.npz

## eval: the evaluation protocol: corpus test split and tg-news-ads, with baselines
eval: $(STAMP)
	$(BIN)/python -m bench.evaluate --shared $(SHARED) --out reports

## messages: compile the Russian message catalogue (classifier/locale/ru/LC_MESSAGES/postcheck.po -> .mo)
messages: $(STAMP)
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) build dist *.egg-info reports $(OUT)
