# Two commands do all the setup on a fresh machine: `make play` and `make test`.
# Both install from the lock files in requirements/ (every package pinned, with hashes), so a new
# upstream release never changes what a fresh clone installs. After changing dependencies in
# pyproject.toml, run `make lock` and commit requirements/*.txt.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
LOCKS := requirements/build.txt requirements/play.txt requirements/test.txt requirements/own-words.txt requirements/voice.txt
# Locks resolve from PyPI alone (no local wheel folders or mirrors), so their hashes hold anywhere.
COMPILE := env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(BIN)/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: play test bench clean screens lock web locale

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements/build.txt

# The game's own words in other languages: game/locale/LANG/LC_MESSAGES/rapport.po, compiled to .mo at
# install (the .mo files are not committed). `make locale` re-extracts the .pot, merges it into every .po and
# compiles them; translators edit the .po (docs/translating.md).
LOCALE := game/locale
PO := $(wildcard $(LOCALE)/*/LC_MESSAGES/rapport.po)
MO := $(PO:.po=.mo)
# Where the game's own words are (tests/test_i18n.py reads the same list).
LOCALE_SOURCES := game/ui game/play game/commands game/text_play.py game/cli.py game/ownwords/prompt.py \
	game/store game/engine/simulate.py game/engine/met.py game/scenario/lint_rules.py game/scenario/errors.py \
	game/scenario/validate.py game/scenario/check.py game/scenario/yamlread.py game/scenario/expr.py \
	game/scenario/pack.py game/scenario/images.py game/scenario/l10n.py game/engine/analysis.py \
	game/engine/claims.py game/engine/ending_grades.py game/scenario/lint.py game/scenario/builtin.py \
	game/web/build.py game/web/runtime.py game/web/sync.py game/web/static/app.js game/web/static/xapi.js

$(LOCALE)/%/LC_MESSAGES/rapport.mo: $(LOCALE)/%/LC_MESSAGES/rapport.po | $(STAMP)
	$(BIN)/pybabel -q compile -D rapport -d $(LOCALE) -l $*

$(STAMP): requirements/play.txt requirements/build.txt | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements/play.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(TEST_STAMP): requirements/test.txt requirements/build.txt | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements/test.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP) $@

locale: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output --project=Rapport --version=0.1.0 \
		--msgid-bugs-address= -c TRANSLATORS: -o $(LOCALE)/rapport.pot $(LOCALE_SOURCES)
	for po in $(PO); do lang=$$(basename $$(dirname $$(dirname $$po))); \
		$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -D rapport -d $(LOCALE) -l $$lang \
			-i $(LOCALE)/rapport.pot || exit 1; done
	$(BIN)/pybabel -q compile -D rapport -d $(LOCALE)

OWN_WORDS_STAMP := $(VENV)/.installed-own-words

# `make play OWN_WORDS=1` also installs the own-words extra (answer in your own words; about 40 MB, offline).
$(OWN_WORDS_STAMP): requirements/own-words.txt | $(STAMP)
	$(PIP) install --quiet --require-hashes -r requirements/own-words.txt
	touch $@

VOICE_STAMP := $(VENV)/.installed-voice

# `make play VOICE=1` also installs the voice extra (self-voicing: pyttsx3; it needs a speech engine such as espeak-ng).
$(VOICE_STAMP): requirements/voice.txt | $(STAMP)
	$(PIP) install --quiet --require-hashes -r requirements/voice.txt
	touch $@

play: $(STAMP) $(MO) $(if $(OWN_WORDS),$(OWN_WORDS_STAMP)) $(if $(VOICE),$(VOICE_STAMP))
	$(BIN)/rapport play $(ARGS)

test: $(TEST_STAMP) $(MO)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(TEST_STAMP) $(MO)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m benchmarks

screens: $(STAMP) $(MO)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/rapport screens --out screens

# The browser version of the shipped pack: a static site in build/web (npm ci installs the pinned Pyodide core).
web: $(STAMP) $(MO)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/rapport web build scenarios --out build/web

# Refresh the lock files from pyproject.toml (and requirements/build.in), e.g. after adding a dependency.
lock: | $(BIN)/python
	$(PIP) install --quiet pip-tools
	$(COMPILE) -o requirements/build.txt requirements/build.in
	$(COMPILE) -o requirements/play.txt pyproject.toml
	$(COMPILE) --extra own-words -o requirements/own-words.txt pyproject.toml
	$(COMPILE) --extra voice -o requirements/voice.txt pyproject.toml
	$(COMPILE) --extra test --extra own-words -o requirements/test.txt pyproject.toml

clean:
	rm -rf $(VENV) build *.egg-info
