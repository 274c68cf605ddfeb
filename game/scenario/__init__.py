"""The authoring contract: YAML in, a validated scenario model (or findings) out. Never imports pygame."""

from game.scenario.errors import Finding, ScenarioError
from game.scenario.model import Character, Choice, Ending, Node, Scenario
from game.scenario.pack import BrokenFile, Pack, load_pack, load_scenario, load_scenario_text

__all__ = [
    "BrokenFile", "Character", "Choice", "Ending", "Finding", "Node", "Pack", "Scenario", "ScenarioError",
    "load_pack", "load_scenario", "load_scenario_text",
]
