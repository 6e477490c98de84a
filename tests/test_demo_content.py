"""The demo's words are data files, read against a schema: a broken file is named, not used."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from relapp.assets import resource_path
from relapp.services.demo.content import DemoContentError, load_demo_content, shipped


def test_the_shipped_demo_content_loads() -> None:
    content = shipped()
    assert len(content.families.families) >= 12
    pools, count = content.reflections.pools("no-such-section")
    assert (pools, count) == content.reflections.pools("reflection")
    assert {b.category for b in content.team_work.barriers} >= {"caseload-time"}


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("families.json", lambda d: d.update(surprise=1), "unknown field"),
        ("visits.json", lambda d: d.pop("purposes"), "missing required field"),
        ("reflections.json", lambda d: d["sections"]["feelings"].update(pools=["nope"]), "nope"),
        ("responses.json", lambda d: d["checkin_comments"].pop("warm"), "warm"),
        ("team-work.json", lambda d: d["barriers"][0].update(days_ago="soon"), "days_ago"),
    ],
)
def test_a_broken_file_is_named(tmp_path: Path, name: str, change, message: str) -> None:  # noqa: ANN001
    folder = tmp_path / "demo"
    shutil.copytree(resource_path("demo"), folder)
    document = json.loads((folder / name).read_text(encoding="utf-8"))
    change(document)
    (folder / name).write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DemoContentError, match=message) as caught:
        load_demo_content(folder)
    assert name in str(caught.value)
