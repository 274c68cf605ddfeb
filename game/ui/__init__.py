"""The pygame-ce front end of Rapport.

Entry points (imported lazily, so `import game.ui` does not open a window):

- `game.ui.window.run(pack_dirs, scenario=None, settings_path=None, player=None, workshop=False, results=None,
  watch=False) -> int` opens the window and plays until it closes. `workshop` is the facilitator's
  projected mode (`workshop.py`, `reveal.py`, `screens/discussion.py`); `watch` reloads the scenario
  file `scenario` whenever it is saved (`watch.py`).
- `game.ui.screens.render_all(out_dir, pack_dirs, size=(1280, 800)) -> list[Path]` renders every
  screen headless into PNG files by driving the real scenes (workshop.png, reveal.png and
  discussion.png come from a workshop-mode run).
- `game.ui.results.ResultsSource` is what the UI needs from a history store;
  `game.play.store_results.StoreResults` implements it on `game.store` (the command line makes it;
  the window only sees the protocol).
"""
