"""Cross-reference checks that the models cannot make alone: every one an error with a position.

Targets, principles, patterns, characters, speakers, assets, conditions, node
kinds and loops. All problems are collected in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from game.i18n import _
from game.scenario.errors import Finding, did_you_mean, known_list, known_names
from game.scenario.expr import Condition, ExprError, Names, compile_condition, unreadable_flag
from game.scenario.model import NODE_KINDS, Node, Scenario
from game.scenario.yamlread import Document, Path

AssetExists = Callable[[str, str], bool]  # (kind "portraits"|"backgrounds", key) -> bool


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: a typo of a principle is one or two edits away; a real flag name is further."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


class Checker:
    def __init__(self, doc: Document, scenario: Scenario, principles: Iterable[str], patterns: Iterable[str],
                 asset_exists: AssetExists):
        self.doc = doc
        self.sc = scenario
        self.principles = frozenset(principles)
        self.patterns = frozenset(patterns)
        self.asset_exists = asset_exists
        self.findings: list[Finding] = []
        self.conditions: dict[tuple[str, str, int], Condition] = {}
        self.requires: dict[str, Condition] = {}  # node or ending id -> its parsed `requires`

    def error(self, path: Path, code: str, message: str, *, key: bool = False) -> None:
        line, col = self.doc.key_pos(path) if key else self.doc.pos(path)
        self.findings.append(Finding(self.doc.file, line, col, "error", code, message))

    # ------------------------------------------------------------------ entry
    def run(self) -> list[Finding]:
        sc = self.sc
        node_ids = set(sc.nodes)
        ending_ids = set(sc.endings)
        for eid in ending_ids & node_ids:
            self.error(("endings", eid), "duplicate-id",
                       _("`{id}` is both a node and an ending; node and ending ids share one namespace, rename one.")
                       .format(id=eid),
                       key=True)
        self.targets = node_ids | ending_ids
        self.names = Names(self.principles, frozenset(sc.characters), frozenset(node_ids))
        if sc.start is not None:
            if sc.start in ending_ids and sc.start not in node_ids:
                self.error(("start",), "unknown-target",
                           _("`start: {start}` names an ending; start must name a node.").format(start=sc.start))
            elif sc.start not in node_ids:
                self.error(("start",), "unknown-target",
                           _("`start: {start}` names no node{hint}.").format(
                               start=sc.start, hint=did_you_mean(sc.start, node_ids)))
        for i, p in enumerate(sc.focus):
            if p not in self.principles:
                self.error(("focus", i), "unknown-principle", self._unknown_principle(p))
        if sc.setting is not None:
            self._asset(("setting",), "backgrounds", sc.setting)
        for cid, ch in sc.characters.items():
            if cid in ("narrator", "you"):
                self.error(("characters", cid), "reserved-id",
                           _("`{id}` is reserved for the speaker `{id}`; give this character another id.").format(id=cid),
                           key=True)
            if ch.portrait is not None:
                self._asset(("characters", cid, "portrait"), "portraits", ch.portrait)
        for nid, node in sc.nodes.items():
            self._node(nid, node)
        for eid in sc.endings:
            self._ending(eid)
        self._names_never_set()
        self._loops()
        return self.findings

    # ------------------------------------------------------------ pieces
    def _unknown_principle(self, p: str) -> str:
        return _("unknown principle `{principle}`{hint}; {known}.").format(
            principle=p, hint=did_you_mean(p, self.principles), known=known_names("principles", self.principles))

    def _asset(self, path: Path, kind: str, key: str) -> None:
        if not self.asset_exists(kind, key):
            where = f"assets/{kind}/{key}.png"
            message = (_("unknown portrait `{key}`: no {where} in the pack or built-in portrait. "
                         "Add the PNG, or remove the key to draw an avatar.") if kind == "portraits"
                       else _("unknown background `{key}`: no {where} in the pack or built-in setting. "
                              "Add the PNG, or remove the key."))
            self.error(path, "unknown-asset", message.format(key=key, where=where))

    def _target(self, path: Path, target: str, *, endings_only: bool = False) -> None:
        pool = set(self.sc.endings) if endings_only else self.targets
        if target not in pool:
            hint = did_you_mean(target, pool)
            if endings_only and target in self.sc.nodes:
                hint = _("; `{target}` is a node, so use `next: {target}` to go there").format(target=target)
            message = _("`{target}` names no ending{hint}.") if endings_only else _("`{target}` names no node or ending{hint}.")
            self.error(path, "unknown-target", message.format(target=target, hint=hint))

    def _parse(self, path: Path, text: str) -> Condition | None:
        try:
            return compile_condition(text, self.names)
        except ExprError as exc:
            line, col = self.doc.column_of(path, exc.offset)
            self.findings.append(Finding(self.doc.file, line, col, "error", "bad-expression",
                                         _("bad condition `{condition}`: {problem}.").format(
                                             condition=text, problem=exc.message)))
            return None

    def _condition(self, path: Path, text: str, key: tuple[str, str, int]) -> None:
        cond = self._parse(path, text)
        if cond is not None:
            self.conditions[key] = cond

    def _requirement(self, path: Path, text: str | None, target: str) -> None:
        """`requires` on a node or ending: the same grammar as `if`, parsed now, kept apart from the `if`s."""
        if text is not None:
            cond = self._parse(path, text)
            if cond is not None:
                self.requires[target] = cond

    def _ending(self, eid: str) -> None:
        ending = self.sc.endings[eid]
        base: Path = ("endings", eid)
        self._requirement(base + ("requires",), ending.requires, eid)
        for cid in ending.perspective:
            if cid not in self.sc.characters:
                self.error(base + ("perspective", cid), "unknown-character",
                           _("`perspective` names unknown character `{character}`{hint}; {known}.").format(
                               character=cid, hint=did_you_mean(cid, self.sc.characters),
                               known=known_names("characters", self.sc.characters)), key=True)

    def _choice_ids(self, nid: str, node: Node) -> None:
        """Explicit choice ids: never a bare number (that is a position), and unique within the node."""
        seen: dict[str, int] = {}
        for i, choice in enumerate(node.choices or []):
            if choice.id is None:
                continue
            path: Path = ("nodes", nid, "choices", i, "id")
            if choice.id.isdigit():
                self.error(path, "bad-id",
                           _("choice id `{id}` is a bare number, which would clash with a choice's position "
                             "(a choice without `id` is called `1`, `2`, ...); use a word, like `option-{id}`.")
                           .format(id=choice.id))
            elif choice.id in seen:
                self.error(path, "duplicate-id",
                           _("choice id `{id}` is already used by choice {n} of node `{node}`; "
                             "give each choice of a node its own id.").format(id=choice.id, n=seen[choice.id], node=nid))
            else:
                seen[choice.id] = i + 1

    def _node(self, nid: str, node: Node) -> None:
        base: Path = ("nodes", nid)
        kinds = [k for k in NODE_KINDS if getattr(node, k) is not None]
        if len(kinds) != 1:
            if not kinds:
                msg = _("node `{node}` has none of `choices`, `branch`, `next` or `end`; "
                        "give it exactly one so the conversation can go on.").format(node=nid)
            else:
                msg = _("node `{node}` has {kinds}; a node has exactly one of `choices`, `branch`, `next` or `end`.")\
                    .format(node=nid, kinds=_(" and ").join(f"`{k}`" for k in kinds))
            self.error(base, "node-kind", msg, key=True)
        if node.speaker not in ("narrator", "you") and node.speaker not in self.sc.characters:
            self.error(base + ("speaker",), "unknown-character",
                       _("unknown speaker `{speaker}`{hint}; use `narrator`, `you` or a character id ({known}).")
                       .format(speaker=node.speaker, hint=did_you_mean(node.speaker, self.sc.characters),
                               known=known_list(self.sc.characters)))
        if node.setting is not None:
            self._asset(base + ("setting",), "backgrounds", node.setting)
        self._requirement(base + ("requires",), node.requires, nid)
        self._choice_ids(nid, node)
        if node.next is not None:
            self._target(base + ("next",), node.next)
        if node.end is not None:
            self._target(base + ("end",), node.end, endings_only=True)
        for i, entry in enumerate(node.branch or []):
            p = base + ("branch", i)
            self._target(p + ("to",), entry.to)
            last = i == len(node.branch or []) - 1
            if entry.if_ is not None:
                self._condition(p + ("if",), entry.if_, (nid, "branch", i))
                if last:
                    self.error(p + ("if",), "branch-last-if",
                               _("the last `branch` entry must have no `if`, so that some path is always taken; "
                                 "add a final entry with only `to:`."), key=True)
        for i, choice in enumerate(node.choices or []):
            p = base + ("choices", i)
            self._target(p + ("to",), choice.to)
            if choice.if_ is not None:
                self._condition(p + ("if",), choice.if_, (nid, "choice", i))
            for pid in choice.score:
                if pid not in self.principles:
                    self.error(p + ("score", pid), "unknown-principle", self._unknown_principle(pid), key=True)
            for cid in choice.rapport:
                if cid not in self.sc.characters:
                    self.error(p + ("rapport", cid), "unknown-character",
                               _("unknown character `{character}`{hint}; {known}.").format(
                                   character=cid, hint=did_you_mean(cid, self.sc.characters),
                                   known=known_names("characters", self.sc.characters)), key=True)
            for flag in choice.set:
                if flag in self.principles:
                    self.error(p + ("set", flag), "flag-name",
                               _("`{flag}` is a principle, so it cannot be a flag; choose another flag name.")
                               .format(flag=flag), key=True)
                elif "-" in flag:
                    self.error(p + ("set", flag), "flag-name",
                               _("flag `{flag}`: flag names use lowercase letters, digits and `_` (no `-`).")
                               .format(flag=flag), key=True)
                elif (why := unreadable_flag(flag)) is not None:  # `visited`, `true`, `and`..., `2x`
                    self.error(p + ("set", flag), "flag-name",
                               _("flag `{flag}`: {problem}.").format(flag=flag, problem=why), key=True)
            pats = choice.patterns
            for j, pat in enumerate(pats):
                if pat not in self.patterns:
                    where = p + (("pattern",) if isinstance(choice.pattern, str) else ("pattern", j))
                    self.error(where, "unknown-pattern",
                               _("unknown pattern `{pattern}`{hint}; {known}.").format(
                                   pattern=pat, hint=did_you_mean(pat, self.patterns),
                                   known=known_names("patterns", self.patterns)))

    def _names_never_set(self) -> None:
        """A bare name no choice sets is a flag that is always false; near a principle, or a character's
        name, it is an unknown principle or a missing `.rapport` (the spec's "unknown name"), so an error."""
        set_flags = {f for node in self.sc.nodes.values() for c in node.choices or [] for f in c.set}
        placed: list[tuple[Path, Condition]] = [
            (("nodes", nid, "choices" if where == "choice" else "branch", i, "if"), cond)
            for (nid, where, i), cond in self.conditions.items()]
        placed += [(("nodes" if target in self.sc.nodes else "endings", target, "requires"), cond)
                   for target, cond in self.requires.items()]
        for path, cond in placed:
            for flag in sorted(cond.flags - set_flags, key=lambda f: cond.flag_offsets.get(f, 0)):
                close = [p for p in sorted(self.principles) if _edits(flag, p) <= 2]
                if flag in self.sc.characters:
                    problem = _("`{flag}` is a character; write `{flag}.rapport` to read their rapport").format(
                        flag=flag)
                elif close:
                    problem = _("unknown principle `{flag}` (did you mean `{principle}`?); "
                                "no choice sets a flag of that name either").format(flag=flag, principle=close[0])
                else:
                    continue
                line, col = self.doc.column_of(path, cond.flag_offsets.get(flag, 0))
                self.findings.append(Finding(self.doc.file, line, col, "error", "bad-expression",
                                             _("bad condition `{condition}`: {problem}.").format(
                                                 condition=cond.source, problem=problem)))

    def _edges(self, nid: str) -> list[tuple[str, Path]]:
        """The node's exits that can close a loop (an `end` leads to an ending), with where each is written."""
        base: Path = ("nodes", nid)
        return [(x.to, base + x.path) for x in self.sc.nodes[nid].successors() if x.kind != "end"]

    def _loops(self) -> None:
        """Iterative DFS; report each loop once, at the edge that closes it."""
        WHITE, GREY, BLACK = 0, 1, 2
        colour = {n: WHITE for n in self.sc.nodes}
        reported: set[frozenset[str]] = set()
        for root in self.sc.nodes:
            if colour[root] != WHITE:
                continue
            stack: list[tuple[str, list[tuple[str, Path]]]] = [(root, self._edges(root))]
            trail = [root]
            colour[root] = GREY
            while stack:
                nid, edges = stack[-1]
                if not edges:
                    colour[nid] = BLACK
                    stack.pop()
                    trail.pop()
                    continue
                target, path = edges.pop(0)
                if target not in colour:
                    continue  # an ending or an unknown target
                if colour[target] == GREY:
                    cycle = trail[trail.index(target):] + [target]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        self.error(path, "loop",
                                   _("this creates a loop: {cycle}. Conversations move forward, "
                                     "so point one of these to a later node or an ending.").format(
                                         cycle=" → ".join(cycle)))
                elif colour[target] == WHITE:
                    colour[target] = GREY
                    trail.append(target)
                    stack.append((target, self._edges(target)))
