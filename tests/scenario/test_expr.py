"""expr: the condition language, parsed once by its own parser and evaluated over a state, never by eval."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from game.scenario import expr
from game.scenario.expr import MAX_DEPTH, MAX_LENGTH, ExprError, Names, compile_condition

NAMES = Names(
    principles=frozenset({"communication", "reciprocity"}),
    characters=frozenset({"maya", "sam-2", "1ana", "7"}),
    nodes=frozenset({"pitch", "follow-up", "2b", "2-b", "3"}),
)


@dataclass
class S:
    flags: Mapping[str, bool | int] = field(default_factory=dict)
    scores: Mapping[str, int] = field(default_factory=dict)
    rapport: Mapping[str, int] = field(default_factory=dict)
    visited: frozenset[str] | set[str] = frozenset()


def holds(text: str, state: S | None = None) -> bool:
    return compile_condition(text, NAMES)(state or S())


@pytest.mark.parametrize("text, state, want", [
    ("promised", S(flags={"promised": True}), True),
    ("promised", S(), False),  # a flag never set reads as false
    ("count >= 2", S(flags={"count": 2}), True),
    ("count == 0", S(), True),
    ("reciprocity >= 2", S(scores={"reciprocity": 2}), True),
    ("reciprocity > 2", S(scores={"reciprocity": 2}), False),
    ("maya.rapport > 0", S(rapport={"maya": 1}), True),
    ("sam-2.rapport < 0", S(rapport={"sam-2": -1}), True),
    ("visited(pitch)", S(visited=frozenset({"pitch"})), True),
    ("visited(follow-up)", S(), False),
    ("not visited(pitch)", S(), True),
    ("true", S(), True),
    ("false", S(), False),
    ("a == true", S(flags={"a": True}), True),
    ("a != false", S(flags={"a": False}), False),
    ("-1 < 0", S(), True),
    ("a or b and c", S(flags={"a": True}), True),        # and binds tighter than or
    ("(a or b) and c", S(flags={"a": True}), False),
    ("not a and b", S(flags={"b": True}), True),         # not binds tighter than and
    ("not (a and b)", S(flags={"a": True, "b": True}), False),
    ("not not a", S(flags={"a": 1}), True),
    ("  a  ", S(flags={"a": 1}), True),
    ("communication <= -1 or maya.rapport >= 3", S(scores={"communication": -1}), True),
    # ids may start with a digit; where an id is expected, such a word is the id
    ("visited(2b)", S(visited=frozenset({"2b"})), True),
    ("visited(2-b)", S(), False),
    ("visited(3)", S(visited=frozenset({"3"})), True),
    ("1ana.rapport >= 1", S(rapport={"1ana": 1}), True),
    ("7.rapport < 0", S(rapport={"7": -2}), True),
    ("3 > 2", S(), True),  # elsewhere digits are a number, even when a node has that id
    ("a >= -1000000 and a <= 1000000", S(), True),
])
def test_evaluation(text: str, state: S, want: bool) -> None:
    assert holds(text, state) is want


def test_names_read() -> None:
    cond = compile_condition("promised and reciprocity >= 1 and maya.rapport > 0 and visited(pitch) and promised",
                             NAMES)
    assert cond.flags == {"promised"}
    assert cond.flag_offsets == {"promised": 0}
    assert cond.principles == {"reciprocity"}
    assert cond.characters == {"maya"}
    assert cond.visits == {"pitch"}
    assert cond.source.startswith("promised and")


@pytest.mark.parametrize("text, offset, fragment", [
    ("", 0, "the condition is empty"),
    ("a = 1", 2, "use `==` to compare"),
    ("a && b", 2, "write `and` instead of `&&`"),
    ("a || b", 2, "write `or` instead of `||`"),
    ("!a", 0, "write `not` before a condition"),
    ("a b", 2, "join conditions with `and` or `or`"),
    ("(a", 2, "expected `)` to close the `(`, found the end of the condition"),
    ("a ==", 4, "expected a name or a number, found the end of the condition"),
    ("1 < a < 3", 6, "compare two values at a time"),
    ("and a", 0, "`and` needs a condition before it"),
    ("maya.score > 1", 5, "a character has only `.rapport`"),
    ("mya.rapport > 1", 0, "there is no character `mya` (did you mean `maya`?)"),
    ("visited(pich)", 8, "there is no node `pich` (did you mean `pitch`?)"),
    ("visited pitch", 8, "expected `(` after visited"),
    ("visited(4)", 8, "visited(4): there is no node `4`"),
    ("visited(-3)", 8, "visited() takes a node id"),
    ("2b", 0, "a flag name cannot start with a digit; to test a visit to node `2b`, write `visited(2b)`"),
    ("1ana > 0", 0, "to read the character's rapport, write `1ana.rapport`"),
    ("a > 5x", 4, "`5x` is not a whole number"),
    ("2c.rapport > 0", 0, "there is no character `2c`"),
    ("a > 1.5", 4, "`1.5`: conditions use whole numbers, not decimals"),
    ("a-b", 0, "flag names use letters, digits and `_` only"),
    ("a > 12345678", 4, "whole numbers from -1000000 to 1000000"),
    ("a > 1000001", 4, "whole numbers from -1000000 to 1000000"),
    ("a > -1000001", 4, "whole numbers from -1000000 to 1000000"),
    ("a < 9999999", 4, "whole numbers from -1000000 to 1000000"),
    ("a > 'x'", 4, "unexpected `'`"),
    ("__import__('os')", 11, "unexpected `'`"),
    ("__import__(os)", 10, "unexpected `(`"),
])
def test_errors_have_offsets(text: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExprError) as info:
        compile_condition(text, NAMES)
    assert info.value.offset == offset
    assert fragment in info.value.message


@pytest.mark.parametrize("name", ["visited", "true", "false", "and", "or", "not", "2x", "1"])
def test_flags_no_condition_can_read(name: str) -> None:
    why = expr.unreadable_flag(name)
    assert why is not None and f"`{name}`" in why
    try:  # a condition that mentions it either fails or means something else (`true`, the number 1)
        assert name not in compile_condition(f"{name} == 1", NAMES).flags
    except ExprError:
        pass


@pytest.mark.parametrize("name", ["met", "x2", "_x", "visited_panel", "true_story"])
def test_flags_a_condition_can_read(name: str) -> None:
    assert expr.unreadable_flag(name) is None
    assert compile_condition(name, NAMES).flags == {name}


def test_length_and_depth_are_capped() -> None:
    with pytest.raises(ExprError, match="characters long"):
        compile_condition("a or " * (MAX_LENGTH // 5) + "a", NAMES)
    with pytest.raises(ExprError, match="nests more than"):
        compile_condition("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1), NAMES)
    with pytest.raises(ExprError, match="nests more than"):
        compile_condition("not " * (MAX_DEPTH + 1) + "a", NAMES)
    assert holds("(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH, S(flags={"a": 1}))


def test_long_flat_conditions_do_not_recurse() -> None:
    text = " and ".join(f"f{i}" for i in range(60))
    assert len(text) < MAX_LENGTH
    assert holds(text, S(flags={f"f{i}": 1 for i in range(60)}))


def test_never_uses_eval_or_exec() -> None:
    tree = ast.parse(inspect.getsource(expr))
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not called & {"eval", "exec", "compile", "__import__", "getattr"}
