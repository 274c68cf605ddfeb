"""The browser front end: `rapport web build` (build.py) and what runs in the page (runtime.py)."""
