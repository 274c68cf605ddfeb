"""The SCORM 1.2 package (`rapport web build --scorm`) against a real SCORM runtime: scorm-again.

A small test LMS (`scorm_lms.html`) puts scorm-again's `Scorm12API` on `window.API` and opens the package's
launch page in an iframe, all served from 127.0.0.1 out of the unzipped package. The expected grade, choice
ids and node ids come from the engine playing the same keys, never from the page. Skipped like
test_browser.py where Chromium or Playwright is absent.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game.engine.scoring import debrief
from game.engine.session import Session
from game.scenario import load_pack

from .conftest import PACK
from .test_browser import ARGS, BOOT_MS, CHROMIUM, SCENARIO, _need_browser, serving

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def package(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from game.web.build import scorm_package

    return scorm_package(site, tmp_path_factory.mktemp("scorm") / "course.zip")


def _manifest(package: Path) -> ET.Element:
    with zipfile.ZipFile(package) as z:
        return ET.fromstring(z.read("imsmanifest.xml"))


def _launch(package: Path) -> str:
    [res] = _manifest(package).iter(f"{CP}resource")
    return str(res.get("href"))


def test_the_manifest_is_scorm_1_2_and_names_every_file(package: Path) -> None:
    root = _manifest(package)
    assert root.tag == f"{CP}manifest" and root.get("identifier")
    assert root.findtext(f"{CP}metadata/{CP}schema") == "ADL SCORM"
    assert root.findtext(f"{CP}metadata/{CP}schemaversion") == "1.2"
    orgs = root.find(f"{CP}organizations")
    assert orgs is not None
    org = orgs.find(f"{CP}organization[@identifier='{orgs.get('default')}']")
    assert org is not None and org.findtext(f"{CP}title")
    items = list(org.iter(f"{CP}item"))
    resources = {r.get("identifier"): r for r in root.iter(f"{CP}resource")}
    assert items and all(i.get("identifierref") in resources for i in items)
    with zipfile.ZipFile(package) as z:
        names = set(z.namelist())
    for res in resources.values():
        assert res.get(f"{ADLCP}scormtype") == "sco" and res.get("type") == "webcontent"
        assert res.get("href") in names  # the launch page is in the zip
        listed = {f.get("href") for f in res.iter(f"{CP}file")}
        assert listed == names - {"imsmanifest.xml"}  # every file named, none missing


# ----------------------------------------------------------------------------- the test LMS

@pytest.fixture(scope="module")
def lms(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test LMS page, scorm-again's runtime and the unzipped package under one loopback server."""
    from game.web.build import install_npm_packages, npm_folder

    runtime = install_npm_packages(npm_folder()) / "scorm-again" / "dist" / "scorm12.js"
    assert runtime.is_file(), f"{runtime} is missing: scorm-again is a devDependency `npm ci` installs"
    root = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(package) as z:
        z.extractall(root / "course")
    shutil.copyfile(runtime, root / "scorm12.js")
    shutil.copyfile(HERE / "scorm_lms.html", root / "lms.html")
    with serving(root) as origin:
        yield origin


@pytest.fixture(scope="module")
def browser(lms: str) -> Iterator[Any]:
    sync_playwright = _need_browser()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Learner:
    """One browser profile (one machine) in the test LMS: a fresh context has no IndexedDB of its own."""

    def __init__(self, browser: Any, lms: str, launch: str, saved: dict[str, Any] | None = None) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("request", lambda r: None if r.url.startswith(lms) or r.url.startswith(("blob:", "data:"))
                     else self.problems.append(f"outside request {r.url}"))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("console", lambda m: self.problems.append(m.text) if "LMS refused" in m.text else None)
        script = f"window.LAUNCH = {launch + '?in-order'!r};"
        if saved is not None:
            import json

            script += f"window.SAVED = {json.dumps(saved)};"
        self.page.add_init_script(script)
        self.page.goto(f"{lms}/lms.html")
        self.sco = self.page.frame_locator("iframe")

    def wait(self, view: str, timeout: float = 30_000) -> None:
        self.sco.locator(f"body[data-view={view}]").wait_for(timeout=timeout)

    def cmi(self) -> dict[str, Any]:
        """What the runtime holds, as an LMS would store it."""
        return self.page.evaluate("API.renderCMIToJSONObject()")["cmi"]  # type: ignore[no-any-return]

    def press_choice(self, pressed: list[int]) -> None:
        n = self.sco.locator(".option").count()
        key = 2 if n >= 2 else 1
        before = self.sco.locator(".counter").inner_text()
        self.page.keyboard.press(str(key))
        self.sco.locator(".counter").filter(has_not_text=before).wait_for()
        pressed.append(key)

    def play_to_ending(self, pressed: list[int]) -> None:
        while self.sco.locator("body[data-view=dialogue] .ending").count() == 0:
            self.press_choice(pressed)
            assert len(pressed) < 60

    def play_to_debrief(self, pressed: list[int]) -> None:
        self.play_to_ending(pressed)
        self.page.keyboard.press("Enter")  # See your debrief
        self.wait("debrief")

    def close(self) -> None:
        self.context.close()
        assert self.problems == []


def _engine(pressed: list[int]) -> tuple[int, list[tuple[str, str]]]:
    """The grade and (interaction id, choice id) per decision that the engine gives the same keys."""
    [sc] = [s for s in load_pack(PACK).scenarios if s.id == SCENARIO]
    s = Session(sc, mode="practice", in_order=True)
    for key in pressed:
        s.choose(key)
    assert s.finished
    return debrief(s).grade, [(f"{d.node_id}-{d.step + 1}", d.choice_id) for d in s.log]


def _policy_keys() -> list[int]:
    """The keys `Learner.press_choice` presses (the second option where there are two or more), by the engine."""
    [sc] = [s for s in load_pack(PACK).scenarios if s.id == SCENARIO]
    s, keys = Session(sc, mode="practice", in_order=True), []
    while not s.finished:
        keys.append(2 if len(s.options()) >= 2 else 1)
        s.choose(keys[-1])
    return keys


def _interactions(cmi: dict[str, Any]) -> list[tuple[str, str]]:
    got = cmi["interactions"]
    rows = [got[str(i)] for i in range(len(got))]
    assert all(r["type"] == "fill-in" for r in rows)
    return [(r["id"], r["student_response"]) for r in rows]


def _start(learner: Learner) -> None:
    learner.wait("list", BOOT_MS)
    learner.sco.locator(f"[data-scenario={SCENARIO}]").focus()
    learner.page.keyboard.press("Enter")
    learner.wait("briefing")
    learner.page.keyboard.press("Enter")  # Start
    learner.wait("dialogue")


def test_a_scenario_played_in_the_lms_reports_grade_status_and_each_decision(browser: Any, lms: str,
                                                                             package: Path) -> None:
    learner = Learner(browser, lms, _launch(package))
    _start(learner)
    cmi = learner.cmi()
    assert cmi["core"]["lesson_status"] == "incomplete" and cmi["core"]["exit"] == "suspend"
    assert SCENARIO in cmi["suspend_data"]
    pressed: list[int] = []
    learner.play_to_debrief(pressed)
    grade, decisions = _engine(pressed)
    cmi = learner.cmi()
    assert cmi["core"]["score"]["raw"] == str(grade)
    assert (cmi["core"]["score"]["min"], cmi["core"]["score"]["max"]) == ("0", "100")
    assert cmi["core"]["lesson_status"] == "completed"  # no mastery score from the LMS: completed, not graded
    assert cmi["suspend_data"] == "" and cmi["core"]["exit"] == ""
    assert _interactions(cmi) == decisions
    assert learner.page.evaluate("commits") > len(pressed)  # a commit after every decision and at the end
    learner.close()


def test_the_attempt_resumes_from_suspend_data_on_another_machine(browser: Any, lms: str, package: Path) -> None:
    first = Learner(browser, lms, _launch(package))
    _start(first)
    pressed: list[int] = []
    first.press_choice(pressed)
    first.press_choice(pressed)
    saved = first.cmi()
    first.close()
    assert saved["core"]["exit"] == "suspend" and saved["suspend_data"]
    assert len(saved["interactions"]) == 2
    # The next session, as an LMS starts it: the kept cmi, entry "resume", and this time a mastery score.
    saved["core"]["entry"] = "resume"
    saved["core"].pop("session_time", None)
    saved["student_data"]["mastery_score"] = "100"
    second = Learner(browser, lms, _launch(package), saved)  # a fresh profile: only the LMS has the attempt
    second.wait("dialogue", BOOT_MS)
    assert "Picking up at decision 3." in second.sco.locator(".transcript").inner_text()
    assert second.sco.locator(".counter").inner_text().startswith("Decision 3")
    second.play_to_debrief(pressed)
    grade, decisions = _engine(pressed)
    assert grade < 100, "the path chosen should miss the best grade, so the mastery score of 100 fails it"
    cmi = second.cmi()
    assert cmi["core"]["score"]["raw"] == str(grade)
    assert cmi["core"]["lesson_status"] == "failed"
    assert _interactions(cmi) == decisions  # the two from the first session, then this session's
    assert second.sco.locator(".review > li").count() == len(pressed)
    second.close()


def test_a_grade_at_the_lms_mastery_score_passes(browser: Any, lms: str, package: Path) -> None:
    keys = _policy_keys()
    grade, _ = _engine(keys)
    learner = Learner(browser, lms, _launch(package), {"student_data": {"mastery_score": str(grade)}})
    _start(learner)
    pressed: list[int] = []
    learner.play_to_debrief(pressed)
    assert pressed == keys
    cmi = learner.cmi()
    assert cmi["core"]["score"]["raw"] == str(grade) and cmi["core"]["lesson_status"] == "passed"
    learner.close()


def test_closing_on_the_ending_screen_keeps_the_committed_grade(browser: Any, lms: str, package: Path) -> None:
    learner = Learner(browser, lms, _launch(package))
    _start(learner)
    pressed: list[int] = []
    learner.play_to_ending(pressed)  # the ending is on screen; "See your debrief" is never pressed
    grade, decisions = _engine(pressed)
    committed = learner.page.evaluate("committed")["cmi"]  # what the LMS holds as of the last commit
    assert committed["core"]["score"]["raw"] == str(grade)
    assert committed["core"]["lesson_status"] == "completed"
    assert committed["suspend_data"] == "" and committed["core"]["exit"] == ""
    assert _interactions(committed) == decisions
    assert learner.page.evaluate("finishes") == 0
    learner.page.evaluate("document.querySelector('iframe').remove()")  # the learner closes the course
    learner.page.wait_for_function("finishes === 1")  # pagehide: LMSFinish
    cmi = learner.cmi()
    assert cmi["core"]["score"]["raw"] == str(grade) and cmi["core"]["lesson_status"] == "completed"
    learner.close()
