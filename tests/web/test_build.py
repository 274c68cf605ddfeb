"""`rapport web build` (game/web/build.py) and compiled packs (game/play/compiled.py), without a browser."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path

import pytest

from game.cli import main
from game.engine.scoring import debrief
from game.engine.session import Session
from game.play.compiled import CompiledPackError, pack_from_data, pack_to_data
from game.scenario import load_pack
from game.scenario.l10n import language_maps

from .conftest import PACK, REPO


def _play(sc: object, seed: int, picks: random.Random) -> Session:
    s = Session(sc, mode="assessment", seed=seed)  # type: ignore[arg-type]
    while not s.finished:
        s.choose(picks.randint(1, len(s.options())))
    return s


def test_a_compiled_pack_plays_exactly_as_the_yaml_files() -> None:
    pack = load_pack(PACK)
    again = pack_from_data(json.loads(json.dumps(pack_to_data(pack))))
    assert [s.id for s in again.scenarios] == [s.id for s in pack.scenarios]
    for a, b in zip(pack.scenarios, again.scenarios):
        assert a == b
        assert set(a.conditions) == set(b.conditions) and set(a.origin.requires) == set(b.origin.requires)
        for seed in range(12):  # random paths, the same choices on both: the same debrief
            x, y = _play(a, seed, random.Random(seed)), _play(b, seed, random.Random(seed))
            assert debrief(x).to_dict() == debrief(y).to_dict()


def test_a_compiled_pack_carries_every_language_for_the_browsers_xapi() -> None:
    # The browser reads no catalogs: its statements' language maps come from pack.json, made at build time
    # from the pack's l10n/*.po, so they are the desktop's (the shipped pack has English and Spanish).
    pack = load_pack(PACK)
    again = pack_from_data(json.loads(json.dumps(pack_to_data(pack))))
    for a, b in zip(pack.scenarios, again.scenarios):
        desk = language_maps(a)
        assert sorted(desk.title) == ["en", "es"], a.id
        assert b.origin.languages == desk
        node = next(n for n, cs in desk.choices.items() if cs)
        assert all(sorted(m) == ["en", "es"] for m in desk.choices[node].values()), (a.id, node)


def test_a_compiled_pack_of_another_kind_is_refused_with_a_sentence() -> None:
    with pytest.raises(CompiledPackError, match="not a compiled Rapport pack"):
        pack_from_data({"kind": "rapport-export"})
    with pytest.raises(CompiledPackError, match="version 99"):
        pack_from_data({"kind": "rapport-compiled-pack", "version": 99})


def test_the_site_holds_everything_it_loads(site: Path) -> None:
    for name in ("index.html", "app.js", "app.css", "theme.css", "pack.json", "py/rapport.zip",
                 "pyodide/pyodide.mjs", "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip",
                 "fonts/Lato-Regular.ttf", "rapport-site.json"):
        assert (site / name).is_file(), name
    pack = json.loads((site / "pack.json").read_text(encoding="utf-8"))
    assert len(pack["scenarios"]) == len(load_pack(PACK).scenarios)
    for sc in pack["scenarios"]:  # every face in every mood, and every setting, drawn at build time
        for cid in sc.get("characters", {}):
            assert (site / "img" / "portraits" / sc["id"] / f"{cid}_neutral.png").is_file()
        if sc.get("setting"):
            assert (site / "img" / "backgrounds" / f"{sc['setting']}.png").is_file()
    assert (site / "img/backgrounds").is_dir() and any((site / "img/backgrounds").iterdir())
    text = (site / "index.html").read_text() + (site / "app.js").read_text()
    assert "http://" not in text and "https://" not in text  # nothing is fetched from anywhere else


def test_the_python_bundle_has_no_window_no_yaml_and_no_pydantic(site: Path) -> None:
    names = zipfile.ZipFile(site / "py" / "rapport.zip").namelist()
    assert "game/play/controller.py" in names and "game/web/runtime.py" in names
    assert any(n.startswith("transitions/") for n in names) and "six.py" in names
    assert not [n for n in names if n.startswith("game/ui/") or n.startswith("game/commands/")]
    assert "game/scenario/pack.py" not in names and "game/scenario/yamlread.py" not in names


def test_the_site_stays_within_its_size_budget(site: Path) -> None:
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    assert total <= 15 * 2**20, f"{total / 2**20:.1f} MB"


def test_pyodide_is_pinned_with_integrity_hashes() -> None:
    lock = json.loads((REPO / "game" / "web" / "package-lock.json").read_text())
    spec = json.loads((REPO / "game" / "web" / "package.json").read_text())["dependencies"]["pyodide"]
    entry = lock["packages"]["node_modules/pyodide"]
    assert entry["version"] == spec and entry["integrity"].startswith("sha512-")
    assert all(p.get("integrity") for k, p in lock["packages"].items() if k)


def test_a_broken_pack_stops_the_build_with_its_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "bad.yaml").write_text("title: Bad\nsummary: x\nnodes: {}\nendings: {}\n", encoding="utf-8")
    assert main(["web", "build", str(tmp_path / "pack"), "--out", str(tmp_path / "site")]) != 0
    err = capsys.readouterr().err
    assert "the pack has errors" in err and "bad.yaml:" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_the_build_never_writes_into_a_folder_it_did_not_make(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["web", "build", str(PACK), "--out", str(tmp_path)]) != 0
    assert "other files in it" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_site_without_an_lrs_names_none(site: Path) -> None:
    assert json.loads((site / "lrs.json").read_text(encoding="utf-8")) == {}


@pytest.mark.parametrize(("args", "says"), [
    (["--lrs", "https://key:secret@lrs.example.org/xAPI"], "holds a user name or password"),
    (["--lrs", "ftp://lrs.example.org/xAPI"], "http:// or https://"),
    (["--lrs-homepage", "https://school.example"], "give --lrs URL with it"),
    (["--lrs", "https://lrs.example.org/xAPI", "--lrs-homepage", "school"], "--lrs-homepage 'school'"),
])
def test_an_lrs_the_site_cannot_use_stops_the_build_with_a_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str) -> None:
    assert main(["web", "build", str(PACK), "--out", str(tmp_path / "site"), *args]) != 0
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err and "secret" not in err
    assert not (tmp_path / "site").exists()


def test_the_lrs_address_goes_into_the_site_without_credentials() -> None:
    from game.web.build import lrs_settings

    assert lrs_settings("https://lrs.example.org/xAPI/", "https://school.example") == {
        "endpoint": "https://lrs.example.org/xAPI", "homepage": "https://school.example"}
