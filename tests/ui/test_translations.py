"""User-visible text goes through Qt's translation mechanism, and the English .ts is current."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "relapp_en.ts"


def messages(path: Path) -> set[tuple[str, str]]:
    tree = ET.parse(path)
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    }


def test_the_english_ts_file_lists_every_translatable_string(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in (ROOT / "relapp" / "ui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run(
        [str(lupdate), *sources, "-ts", str(fresh), "-no-obsolete"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    missing = messages(fresh) - messages(TS)
    assert not missing, (
        f"{len(missing)} strings are not in {TS.name}; regenerate it (see the README), e.g. "
        f"{sorted(missing)[:3]}"
    )
    assert len(messages(TS)) > 500
