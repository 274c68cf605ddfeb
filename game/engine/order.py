"""The order a node's options are shown in, and the ids that name choices everywhere else.

Options are shuffled once per attempt: the order at a node is a pure function
of the attempt's seed and the node's id (`random.Random(f"{seed}:{node}")`),
never of the path taken or of global random state, so resuming, rewinding and
reviewing an attempt show exactly what the player saw. `shuffle: false` on the
scenario or a node keeps the file's order; a node's `shuffle: true` turns it
back on under a scenario's false. Authors checking a path play `--in-order`.
"""

from __future__ import annotations

import random
import secrets

from game.scenario.model import Choice, Ending, Node, Scenario
from game.store.records import position_id

SEED_LIMIT = 2**31  # seeds fit the database's INTEGER and a JSON number anywhere


def new_seed() -> int:
    """A fresh seed for a new attempt, from the operating system's randomness: two fresh installs,
    or two attempts, do not start from the same seed (global `random` state is never used)."""
    return secrets.randbelow(SEED_LIMIT)


def choice_id(choice: Choice, index: int) -> str:
    """A choice's id: its explicit `id`, else its 1-based position in the file ("1", "2", ...)."""
    return choice.id or position_id(index)


def shuffles(scenario: Scenario, node: Node) -> bool:
    """Whether this node's options are shuffled: the node's `shuffle`, else the scenario's, else yes."""
    if node.shuffle is not None:
        return node.shuffle
    return scenario.shuffle is not False


def perspective_of(ending: Ending | None) -> dict[str, str]:
    """An ending's `perspective`: character id -> what that person thought."""
    return dict(ending.perspective) if ending is not None else {}


def reflect_of(scenario: Scenario) -> str | list[str] | None:
    """A scenario's `reflect`: a question or a list of them."""
    return scenario.reflect


def display_order(scenario: Scenario, node_id: str, seed: int, *, in_order: bool = False) -> tuple[int, ...]:
    """The file indexes of the node's choices in the order they are shown for this seed.

    Every choice of the node takes part (not only those on offer), so a choice keeps its place relative
    to the others whatever conditions hide; the options on offer are shown in this order.
    """
    node = scenario.nodes[node_id]
    order = list(range(len(node.choices or ())))
    if not in_order and len(order) > 1 and shuffles(scenario, node):
        random.Random(f"{seed}:{node_id}").shuffle(order)
    return tuple(order)


__all__ = ["SEED_LIMIT", "choice_id", "display_order", "new_seed", "perspective_of", "reflect_of", "shuffles"]
