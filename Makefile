# Two commands do all set-up on a fresh machine with Python 3.11:
#   make book   builds the HTML book into _build/html
#   make test   runs every test (unit, doctest, property, notebooks, widgets, lint, strict build)
#   make pdf    builds the PDF edition into _build/latex (needs TeX: see the README)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test lab clean venv freeze bench pdf

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build -W -n --keep-going .
	@echo "The book is built: open $(CURDIR)/_build/html/index.html"

pdf: $(STAMP)
	$(BIN)/jupyter-book build -W -n --keep-going --builder pdflatex .
	@echo "The PDF is built: $(CURDIR)/_build/latex/likelihood-book.pdf"

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile

lab: $(STAMP)
	$(BIN)/jupyter lab book/

clean:
	rm -rf _build .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

bench: $(STAMP)
	$(BIN)/python tools/bench.py

# Keeps the comment block at the top of requirements.txt (it explains holds such as jsonschema's).
freeze: $(STAMP)
	{ sed -n '/^#/!q;p' requirements.txt; \
	  echo "-e ."; $(BIN)/python -m pip freeze --exclude-editable; } > requirements.txt.new
	mv requirements.txt.new requirements.txt
