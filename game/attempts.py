"""What every layer agrees on about an interrupted attempt, in a leaf module (no imports).

The store raises `AttemptGone` (its `ResumeMismatch` and `AttemptStateError` are kinds of it) when an
attempt can never be picked up again; the play controller catches it through the `ResultsSource` protocol
without importing the store, and says `CHANGED_SINCE`.
"""

# What a front end says when an interrupted attempt no longer replays ({n}: the decision it stopped at).
CHANGED_SINCE = "This scenario has changed since you stopped at decision {n}, so it starts again from the beginning."


class AttemptGone(Exception):
    """An interrupted attempt cannot be continued: its choices no longer retrace it (the scenario file
    changed since), or it was closed meanwhile."""


__all__ = ["CHANGED_SINCE", "AttemptGone"]
