"""Terminal play: for screen-reader users and machines without a display.

Input is read only at decisions, one line each, so a scripted session is one
number per line: `printf '1\\n3\\n2\\n' | rapport play --text FILE`. Narration,
replies and scene breaks are printed without waiting. A blank or invalid line
asks again; `r` goes back one decision (practice mode); `q` or the end of the
input stops cleanly. Output is plain text, with a little colour only when it
goes to a terminal.

The streams are parameters, so tests drive a whole playthrough with StringIO.
A `recorder` (the store's `Recorder`, or anything with the same methods) is
told about every decision, rewind, the debrief, or an abandoned attempt.

`play_or_continue` first offers to continue an interrupted attempt (one the
store kept in progress after a crash, Ctrl-C or a closed terminal): "You
stopped at decision 4 of ... Continue? [Y/n]". It asks only when the input is
a terminal (or when told to): a script piped in keeps its first line for the
first decision, so it starts over, and the new attempt closes the old one.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from game.engine.order import new_seed
from game.engine.scoring import Debrief
from game.engine.session import Beat, Mode, Option, Session
from game.i18n import N_, _, ngettext, short_datetime
from game.play.controller import PlayController, Resumed
from game.play.effects import rapport_changes, score_changes
from game.play.results import NullResults, ResumePoint
from game.scenario.model import Scenario
from game.scenario.pack import Pack
from game.termwrap import fit
from game.textsafe import for_terminal

BOLD, DIM, CYAN, GREEN, YELLOW, RED, RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[32m", "\x1b[33m", "\x1b[31m", "\x1b[0m"
_OWN_STYLES = re.compile("(" + "|".join(re.escape(c) for c in (BOLD, DIM, CYAN, GREEN, YELLOW, RED, RESET)) + ")")


def _safe(text: str) -> str:
    """Text for the terminal: our own colour codes pass, every other control character (from a
    scenario, a name or a file) is shown as a visible escape instead of acting on the terminal."""
    parts = _OWN_STYLES.split(text)
    return "".join(part if i % 2 else for_terminal(part) for i, part in enumerate(parts))
OUTCOME_COLOUR = {"success": GREEN, "mixed": YELLOW, "setback": RED}
# An ending's outcome and a scenario's difficulty as text play writes them, in lower case ("(success)").
OUTCOME_LABEL = {"success": N_("success"), "mixed": N_("mixed"), "setback": N_("setback")}
DIFFICULTY_LABEL = {"beginner": N_("beginner"), "intermediate": N_("intermediate"), "advanced": N_("advanced")}
REVIEW_PROMPT_CHARS = 90


def _numbers(n: int) -> str:
    return "1" if n == 1 else f"1-{n}"


def _type_hint(n: int) -> str:
    return _("Type 1") if n == 1 else _("Type a number from 1 to {n}").format(n=n)


def _difficulty(level: str) -> str:
    label = DIFFICULTY_LABEL.get(level)
    return _(label) if label is not None else level


def _outcome(outcome: str | None) -> str:
    """An ending's outcome in the player's language ("success" in the catalog's words); an unknown one as it is."""
    label = OUTCOME_LABEL.get(outcome or "")
    return _(label) if label is not None else str(outcome)


class _Stop(Exception):
    """The input ended, or the player typed q."""


@dataclass(frozen=True)
class TextResult:
    """How a text playthrough ended: finished (with its debrief) or stopped early."""

    finished: bool
    ending_id: str | None
    debrief: Debrief | None
    decisions: int


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class TextUI:
    """Reading lines and writing plain text, with colour only on a terminal."""

    def __init__(self, inp: TextIO, out: TextIO, color: bool | None = None, width: int | None = None):
        self.inp = inp
        self.width = width  # columns to wrap at; None: the terminal's width, asked at each line (it can change)
        self.out = out
        if color is None:
            color = _isatty(out) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        self.color = color
        self.echo = not _isatty(inp)  # piped input is not echoed by a terminal: echo it so the transcript reads

    def say(self, text: str = "") -> None:
        self.out.write(fit(_safe(text), self.width) + "\n")

    def style(self, text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if self.color and text else text

    def ask(self, prompt: str) -> str:
        """One line of input, stripped; raises _Stop at the end of the input."""
        shown = _safe(prompt)
        bare = shown.rstrip(" ")
        self.out.write(fit(bare, self.width) + shown[len(bare):])  # the space after "Your choice (1-3):" stays
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.out.write("\n")
            raise _Stop("end of input")
        answer = line.strip()
        if self.echo:
            self.out.write(for_terminal(answer) + "\n")
        return answer


class TextPlay:
    """One playthrough in the terminal, drawn from a `PlayController` (which owns the session and recording)."""

    def __init__(self, scenario: Scenario, *, mode: Mode = "practice", inp: TextIO | None = None,
                 out: TextIO | None = None, recorder: Any = None, color: bool | None = None,
                 seed: int | None = None, in_order: bool = False, controller: PlayController | None = None,
                 recording: bool | None = None, own_words: Any = None, width: int | None = None):
        self.scenario = scenario
        self.own_words = own_words  # a game.ownwords.prompt.OwnWords: the player types their answers
        self.ui = TextUI(inp if inp is not None else sys.stdin, out if out is not None else sys.stdout, color,
                         width)
        self.recording = recorder is not None if recording is None else recording
        if controller is None:  # a new attempt, recorded by `recorder` (or not at all)
            controller = PlayController(RecorderResults(recorder), seed=seed, in_order=in_order)
            controller.select(scenario)
            controller.begin(mode)
        controller.problem = self._problem
        self.play = controller
        assert controller.session is not None
        self.session: Session = controller.session
        self.mode: Mode = self.session.mode
        # A continued attempt has its recorded choices replayed into the session: play picks up there.
        self.resumed = controller.resumed

    # ---------------------------------------------------------------- names
    def name_of(self, speaker: str) -> str | None:
        if speaker == "narrator":
            return None
        if speaker == "you":
            return _("You")
        ch = self.scenario.characters.get(speaker)
        return ch.name if ch is not None else speaker

    def show_beat(self, beat: Beat) -> None:
        ui = self.ui
        if beat.scene:
            ui.say()
            ui.say(ui.style(f"--- {beat.scene} ---", BOLD))
        if not beat.text:
            return
        who = self.name_of(beat.speaker)
        ui.say()
        ui.say(f"{ui.style(who + ':', BOLD)} {beat.text}" if who else beat.text)

    def show_options(self, options: list[Option]) -> None:
        self.ui.say()
        for o in options:
            self.ui.say(f"  {o.number}. {o.text}")

    # ---------------------------------------------------------------- flow
    def briefing(self) -> None:
        sc, ui = self.scenario, self.ui
        ui.say(ui.style(sc.title, BOLD))
        ui.say(sc.summary)
        if sc.goal:
            ui.say(_("Goal: {goal}").format(goal=sc.goal))
        how = (_("Type what you would say or do, in your own words (? lists the choices)")
               if self.own_words is not None else _("Type the number of a choice"))
        if self.mode == "practice":
            ui.say(_("Practice mode: the coach comments after each choice. {how}; r goes back one decision; "
                     "q stops.").format(how=how))
        else:
            ui.say(_("Assessment mode: the coach's comments wait until the debrief. {how}; q stops.").format(how=how))

    def run(self) -> TextResult:
        s = self.session
        try:
            self.briefing()
            if self.resumed:
                self.picking_up()
            else:
                for beat in s.opening:
                    self.show_beat(beat)
            while not s.finished:
                self.decide()
        except _Stop as stop:
            return self._stopped(quit=stop.args == ("quit",))
        late: list[tuple[Exception, bool]] = []  # a problem saving the result is told after the debrief
        self.play.problem = lambda exc, last: late.append((exc, last))
        d = self.play.finish()
        self.play.problem = self._problem
        self.show_debrief(d)
        for exc, last in late:
            self._problem(exc, last)
        self.play.close()
        return TextResult(True, s.ending_id, d, len(s.log))

    def picking_up(self) -> None:
        """Where a continued attempt stands: the last choice made, then the line the player stopped at."""
        s, ui = self.session, self.ui
        ui.say()
        ui.say(ui.style(_("Picking up at decision {n}.").format(n=len(s.log) + 1), BOLD) if not s.finished
               else ui.style(_("Picking up where you stopped."), BOLD))
        if s.log:
            ui.say(_("Your last choice: {choice}").format(choice=s.log[-1].text))
        beat = s.current_beat
        if beat is not None and not s.finished:
            self.show_beat(beat)

    def _stopped(self, quit: bool = False) -> TextResult:
        """The player typed q (their choices are kept to continue, as the window's Leave keeps them), or the
        input ended (a script ran out: the attempt is closed)."""
        n = len(self.session.log)
        if quit and n and self.recording:
            self.ui.say(ngettext("Stopped at decision {next}. Your {n} choice is kept: play this scenario again to "
                                 "continue from here.",
                                 "Stopped at decision {next}. Your {n} choices are kept: play this scenario again "
                                 "to continue from here.", n).format(next=n + 1, n=n))
            self.play.leave()
            return TextResult(False, None, None, n)
        self.ui.say(_("Stopped before the end; nothing more to show."))
        self.play.abandon()
        return TextResult(False, None, None, n)

    def decide(self) -> None:
        ui = self.ui
        picked = self._read_choice(self.session.options())
        if picked is None:  # went back a decision
            return
        number, said = picked
        practice = self.mode == "practice"
        step = self.play.choose(number, said=said)
        if step.reply is not None:
            self.show_beat(step.reply)
        if practice and step.decision.feedback:
            ui.say()
            ui.say(ui.style(_("Coach:"), CYAN) + " " + step.decision.feedback)
        if practice:
            self.show_effects(step.decision)
        for beat in step.beats:
            self.show_beat(beat)
        if step.ending is not None:
            e = step.ending
            ui.say()
            ui.say(ui.style(f"=== {e.title} ({_outcome(e.outcome)}) ===", OUTCOME_COLOUR.get(e.outcome, BOLD)))
            ui.say(e.text)

    def show_effects(self, decision: Any) -> None:
        """What the choice did, as the window's coach's note shows it: the score chips ("+2 Reciprocity"),
        who warmed or cooled, and any mistake pattern it showed. Practice mode only, like the coach."""
        ui = self.ui
        pack = self.scenario.pack
        chips = score_changes(decision, pack.principles if pack is not None else {})
        moods = rapport_changes(decision, self.scenario.characters)
        patterns = pack.patterns if pack is not None else {}
        shown = [patterns[p] for p in decision.patterns if p in patterns]
        if not (chips or moods or shown):
            return
        ui.say()
        if chips:
            ui.say("  ".join(ui.style(f"{v:+d} {name}", GREEN if v > 0 else RED) for name, v in chips))
        if moods:
            ui.say(" ".join(moods))
        for pat in shown:
            ui.say(ui.style(_("Pattern:"), YELLOW) + f" {pat.name}. {pat.summary}")

    def _read_choice(self, options: list[Option]) -> tuple[int, str | None] | None:
        """The option the player takes (its number, and their own words for it), or None after going back."""
        s, ui = self.session, self.ui
        n = len(options)
        practice = self.mode == "practice"
        hint = (_("{type_hint}, or r to go back.") if practice and s.log else _("{type_hint}.")).format(
            type_hint=_type_hint(n))
        if self.own_words is None:
            self.show_options(options)
        while True:
            if self.own_words is not None:
                from game.ownwords.prompt import Cancelled

                try:
                    picked: tuple[int, str | None] = self.own_words.answer(options, ui.say, ui.ask,
                                                                           ("q", "quit", "exit", "r"))
                    return picked
                except Cancelled as c:
                    answer = c.word
            else:
                answer = ui.ask(_("Your choice ({numbers}): ").format(numbers=_numbers(n)))
            low = answer.lower()
            if low in ("q", "quit", "exit"):
                raise _Stop("quit")
            if low == "r":
                if not practice:
                    ui.say(_("Going back is only possible in practice mode.") + " " + hint)
                    continue
                if not s.log:
                    ui.say(_("This is the first decision; there is nothing to go back to.") + " " + hint)
                    continue
                self.rewind()
                return None
            if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= n:
                return int(answer), None
            ui.say(hint)

    def _save(self, write: Any, *args: Any, last: bool = False) -> None:
        """Save through the recorder; a full disk is told to the player and the game plays on."""
        try:
            write(*args)
        except Exception as exc:
            self._problem(exc, last)

    def _problem(self, exc: Exception, last: bool) -> None:
        """The controller could not record: a full disk is told to the player; anything else is raised."""
        from game.store.recorder import ResultsNotSaved

        if not isinstance(exc, ResultsNotSaved):
            raise exc
        if last:
            self.ui.say(ngettext(
                "Not saved: the disk is full, so {n} change of this attempt (its last choices and its result) "
                "could not be saved. Free some disk space before you play again.",
                "Not saved: the disk is full, so {n} changes of this attempt (its last choices and its result) "
                "could not be saved. Free some disk space before you play again.", exc.unsaved).format(n=exc.unsaved))
        else:
            self.ui.say(_("Note: {problem}.").format(problem=exc))

    def rewind(self) -> None:
        k = len(self.session.log) - 1
        beat = self.play.rewind(k)
        self.ui.say(_("Back to decision {n}.").format(n=k + 1))
        if beat is not None:
            self.show_beat(beat)

    # --------------------------------------------------------------- debrief
    def show_debrief(self, d: Debrief) -> None:
        ui = self.ui
        ui.say()
        ui.say(ui.style(_("Debrief: {title}").format(title=d.title), BOLD))
        ui.say(_("Ending: {ending} ({outcome})").format(ending=d.ending_title, outcome=_outcome(d.outcome)))
        ui.say(_("Grade: {grade} out of 100 (your total {total}; the best path scores {best}, the worst {worst})")
               .format(grade=d.grade, total=f"{d.total:+d}", best=f"{d.best_total:+d}", worst=f"{d.worst_total:+d}"))
        if d.perspective:
            ui.say()
            ui.say(ui.style(_("Their side"), BOLD))
            for side in d.perspective:
                ui.say(f"  {side.name}: {side.text}")
        ui.say()
        ui.say(ui.style(_("Principles: your score, then the worst and best this scenario allows"), BOLD))
        width = max((len(p.name) for p in d.principles), default=0)
        for p in d.principles:
            mark = " " + _("(focus)") if p.in_focus else ""
            span = _("worst {worst}, best {best}").format(worst=f"{p.worst:>+3d}", best=f"{p.best:>+3d}")
            ui.say(f"  {p.name:<{width}}  {p.score:>+4d}   {span}{mark}")
        ui.say()
        if d.patterns:
            ui.say(ui.style(_("Patterns you showed"), BOLD))
            for pat in d.patterns:
                times = _("once") if pat.count == 1 else ngettext("{n} time", "{n} times", pat.count).format(
                    n=pat.count)
                ui.say(f"  {pat.name} ({times}): {pat.summary}")
                if pat.tip:
                    ui.say("    " + _("Tip: {tip}").format(tip=pat.tip))
        else:
            ui.say(_("No mistake patterns showed up. Well done."))
        ui.say()
        ui.say(ui.style(_("Your decisions"), BOLD))
        for r in d.decisions:
            prompt = " ".join(r.prompt.split())
            if len(prompt) > REVIEW_PROMPT_CHARS:
                prompt = prompt[: REVIEW_PROMPT_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
            ui.say(f"  {r.step + 1}. {prompt}" if prompt else f"  {r.step + 1}. ({r.node_id})")
            ui.say("     " + _("You chose: {choice}").format(choice=r.chosen_text)
                   + ("  " + _("(the best choice)") if r.was_best else ""))
            if r.said:
                ui.say("     " + _("You said: \u201c{said}\u201d").format(said=r.said))
            if r.feedback:
                ui.say("     " + _("Coach: {feedback}").format(feedback=r.feedback))
            if not r.was_best:
                ui.say("     " + _("Best choice: {choice}").format(choice=r.best_text))
                if r.best_feedback:
                    ui.say("     " + _("Why: {why}").format(why=r.best_feedback))
        if d.reflect:
            ui.say()
            ui.say(ui.style(_("To think about"), BOLD))
            for n, q in enumerate(d.reflect, start=1):
                ui.say(f"  {n}. {q}")


def new_session(scenario: Scenario, mode: Mode = "practice", seed: int | None = None,
                in_order: bool = False) -> Session:
    """A new attempt's session: a fresh random seed unless one is given (tests, reproducing a report)."""
    return Session(scenario, mode=mode, seed=new_seed() if seed is None else seed, in_order=in_order)


def play_text(scenario: Scenario, *, mode: Mode = "practice", inp: TextIO | None = None, out: TextIO | None = None,
              recorder: Any = None, color: bool | None = None, seed: int | None = None,
              in_order: bool = False, width: int | None = None) -> TextResult:
    """Play one scenario in the terminal (or on any pair of text streams). Options are shuffled from `seed`
    (a fresh random one when None) unless `in_order`. Lines wrap at `width` columns (None: the terminal's)."""
    return TextPlay(scenario, mode=mode, inp=inp, out=out, recorder=recorder, color=color, seed=seed,
                    in_order=in_order, width=width).run()


@dataclass(frozen=True)
class Interrupted:
    """An attempt the store kept in progress: what the offer to continue says, and how it is done."""

    decisions: int  # live decisions recorded: the player stopped at decision `decisions + 1`
    stopped: datetime  # local time of the last one
    mode: Mode  # the attempt goes on in the mode it was started in
    seed: int
    in_order: bool  # its options were shown in file order: resuming shows them so again
    reopen: Callable[[], Any]  # the attempt's recorder, reopened (`replay(session)`, then decision/finish/...)
    discard: Callable[[], None]  # start over: the attempt is abandoned, its decisions kept
    attempt_id: int = 0


def interrupted_attempt(db: Any, player: str | None, scenario: Scenario, *, sender: Any = None) -> Interrupted | None:
    """The player's interrupted attempt of `scenario` in the results database `db`, or None."""
    from game.store import Recorder, default_player_name
    from game.store.recorder import continuable

    who = (player or "").strip() or default_player_name()
    found = continuable(db, who, scenario)
    if found is None:
        return None
    a, stopped = found

    def reopen() -> Any:
        rec = Recorder.reopen(db, a.id, scenario=scenario, sender=sender)
        rec.close_others()
        return rec

    def discard() -> None:
        if db.attempt(a.id).status == "in_progress":
            Recorder.reopen(db, a.id, sender=sender).abandon()

    mode: Mode = "assessment" if a.mode == "assessment" else "practice"
    return Interrupted(a.decision_count, stopped, mode, a.seed or 0, a.in_order, reopen,
                       discard, a.id)


class RecorderResults(NullResults):
    """The controller's `ResultsSource` over text play's recorders: one `recorder` given for the whole play,
    or one made by `make(session)` for each new attempt, or the `interrupted` attempt's, reopened to go on.

    The recorder is anything with the store's `Recorder` methods (decision, finish, abandon; rewind if it
    has one). Leaving mid-way (`suspend`) writes nothing: the attempt stays in progress to continue."""

    def __init__(self, recorder: Any = None, make: Callable[[Session], Any] | None = None,
                 interrupted: Interrupted | None = None) -> None:
        self.recorder = recorder
        self.make = make
        self.interrupted = interrupted
        self._reopened: Any = None

    def begin(self, session: Any, player: str | None, workshop: bool) -> None:
        if self.make is not None:
            self.recorder = self.make(session)

    def decision(self, session: Any, decision: Any) -> None:
        if self.recorder is not None:
            self.recorder.decision(decision)

    def rewind(self, session: Any, k: int) -> None:
        if self.recorder is not None and hasattr(self.recorder, "rewind"):
            self.recorder.rewind(k)

    def finish(self, session: Any, debrief: Any) -> None:
        if self.recorder is not None:
            self.recorder.finish(debrief)

    def abandon(self, session: Any) -> None:
        if self.recorder is not None:
            self.recorder.abandon()

    def resumable(self, scenario_id: str, player: str | None) -> ResumePoint | None:
        i = self.interrupted
        if i is None:
            return None
        return ResumePoint(i.attempt_id, scenario_id, i.decisions, i.stopped, i.mode, i.seed, i.in_order)

    def replay(self, point: ResumePoint, session: Any) -> None:
        if self.interrupted is None:
            raise LookupError(f"no recorded attempt {point.attempt_id} to replay")
        self._reopened = self.interrupted.reopen()
        self._reopened.replay(session)

    def resume(self, point: ResumePoint, session: Any) -> None:
        self.recorder = self._reopened

    def discard(self, point: ResumePoint) -> None:
        if self.interrupted is not None:
            self.interrupted.discard()


def play_or_continue(scenario: Scenario, *, mode: Mode = "practice",
                     new_recorder: Callable[[Session], Any] | None = None, interrupted: Interrupted | None = None,
                     inp: TextIO | None = None, out: TextIO | None = None, color: bool | None = None,
                     seed: int | None = None, in_order: bool = False, ask: bool | None = None,
                     own_words: Any = None, width: int | None = None) -> TextResult:
    """Play `scenario`, first offering to continue `interrupted` (see `interrupted_attempt`).

    `ask`: None asks only when the input is a terminal; without asking, a new attempt starts (and the
    store closes the interrupted one). Continue replays the recorded choices into a fresh session with
    the attempt's mode and seed, and records on into the same attempt; when they no longer retrace it
    (the scenario file changed), one line says so and a new attempt starts. `new_recorder` makes the
    recorder for a new attempt from its session (its seed and order), only once the player has chosen
    (making it closes the interrupted one). A new attempt draws a fresh seed unless `seed` is given.
    """
    inp = inp if inp is not None else sys.stdin
    out = out if out is not None else sys.stdout
    ui = TextUI(inp, out, color, width)
    results = RecorderResults(make=new_recorder, interrupted=interrupted)
    play = PlayController(results, seed=seed, in_order=in_order)
    play.select(scenario)
    recording = new_recorder is not None or interrupted is not None
    point = play.interrupted()
    if point is not None and interrupted is not None and (ask if ask is not None else _isatty(inp)):
        try:
            go_on = _ask_to_continue(ui, scenario, interrupted, mode)
        except _Stop:
            return TextResult(False, None, None, 0)  # nothing started: the attempt stays there to continue
        if go_on:
            went = play.continue_attempt(point)
            if went.outcome is Resumed.UNREADABLE:  # the database could not be read just now: keep the attempt
                ui.say(_("Your earlier attempt could not be read just now ({problem}); it is kept. Try again in "
                         "a moment.").format(problem=went.error))
                return TextResult(False, None, None, 0)
            if went.ok:
                return TextPlay(scenario, inp=inp, out=out, color=color, controller=play, recording=True,
                                own_words=own_words, width=width).run()
            ui.say(went.note)  # the file changed since: the attempt can never be picked up again
            ui.say()
        else:
            play.discard(point)
    play.begin(mode)
    return TextPlay(scenario, inp=inp, out=out, color=color, controller=play, recording=recording,
                    own_words=own_words, width=width).run()


def _ask_to_continue(ui: TextUI, scenario: Scenario, interrupted: Interrupted, mode: Mode) -> bool:
    """True to continue, False to start over; raises _Stop at the end of the input."""
    when = short_datetime(interrupted.stopped)
    n, title = interrupted.decisions + 1, scenario.title
    if interrupted.mode == mode:
        ui.say(_("You stopped at decision {n} of {title} on {when}.").format(n=n, title=title, when=when))
    elif interrupted.mode == "assessment":
        ui.say(_("You stopped at decision {n} of {title} on {when}, in assessment mode.").format(
            n=n, title=title, when=when))
    else:
        ui.say(_("You stopped at decision {n} of {title} on {when}, in practice mode.").format(
            n=n, title=title, when=when))
    # The answers: y/n in English always work; the language's own yes and no (s/n in Spanish) too.
    yes_words = {"", "y", "yes", *_("y|yes").lower().split("|")}
    no_words = {"n", "no", *_("n|no").lower().split("|")}
    while True:
        answer = ui.ask(_("Continue? [Y/n] ")).lower()
        if answer in yes_words:
            ui.say()
            return True
        if answer in no_words:
            ui.say(_("Starting over."))
            ui.say()
            return False
        if answer in ("q", "quit", "exit"):
            raise _Stop("quit")
        ui.say(_("Type y to continue where you stopped, or n to start over."))


def pick_scenario(pack: Pack, *, inp: TextIO | None = None, out: TextIO | None = None,
                  color: bool | None = None, width: int | None = None) -> Scenario | None:
    """List a pack's scenarios (broken files with their first error) and read a number; None at end of input."""
    ui = TextUI(inp if inp is not None else sys.stdin, out if out is not None else sys.stdout, color, width)
    ui.say(ui.style(_("Scenarios in {pack}").format(pack=pack.title), BOLD))
    for n, sc in enumerate(pack.scenarios, start=1):
        level = _difficulty(sc.difficulty)
        about = (ngettext("{level}, about {n} minute", "{level}, about {n} minutes", sc.minutes)
                 .format(level=level, n=sc.minutes) if sc.minutes else level)
        ui.say(f"  {n}. {sc.title} ({about}): {sc.summary}")
    if pack.broken:
        ui.say()
        ui.say(_("Broken files (fix them to play them):"))
        for b in pack.broken:
            ui.say(f"  {b.first_error}")
    if not pack.scenarios:
        ui.say(_("There is no playable scenario here."))
        return None
    n = len(pack.scenarios)
    try:
        while True:
            answer = ui.ask(_("Choose a scenario ({numbers}): ").format(numbers=_numbers(n)))
            if answer.lower() in ("q", "quit", "exit"):
                return None
            if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= n:
                ui.say()
                return pack.scenarios[int(answer) - 1]
            ui.say(_("{type_hint}.").format(type_hint=_type_hint(n)))
    except _Stop:
        return None


__all__ = ["Interrupted", "RecorderResults", "TextPlay", "TextResult", "TextUI", "interrupted_attempt", "new_session",
           "pick_scenario", "play_or_continue", "play_text"]
