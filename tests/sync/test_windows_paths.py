"""What Windows asks of paths, tested here: drive letters and spaces, OneDrive and SharePoint
folders, long paths (over MAX_PATH), file systems without hard links, and names Windows
refuses. Windows' own rules are applied through ``ntpath``/``PureWindowsPath``, which follow
them on any platform; the release workflow runs this file on Windows as well."""

from __future__ import annotations

import errno
import re
from pathlib import Path, PureWindowsPath

import pytest

from relapp import files
from relapp.paths import WINDOWS_LONG_PREFIX, system_path
from relapp.store.location import cloud_folder_of, windows_root
from relapp.sync import publish
from relapp.sync.locations import is_object_url, location
from relapp.sync.transport import ObjectPath

ORG = "OneDrive - Essex County Council"
DEEP = "C:\\Users\\Jo Smith\\Essex County Council\\Early Help North - Documents\\" + "\\".join(
    ["Relapp shared folder for the Early Help North locality team"] * 4
)


def test_long_windows_paths_get_the_prefix_and_short_ones_stay_as_they_are() -> None:
    assert len(DEEP) > 260
    assert system_path(DEEP, windows=True) == WINDOWS_LONG_PREFIX + DEEP
    # Forward slashes and dots are cleaned before the prefix turns Windows' cleaning off.
    messy = DEEP.replace("\\", "/") + "/./devices/../devices"
    assert system_path(messy, windows=True) == WINDOWS_LONG_PREFIX + DEEP + "\\devices"
    share = "\\\\fileserver\\Early Help$\\" + "x" * 250
    assert (
        system_path(share, windows=True)
        == WINDOWS_LONG_PREFIX + "UNC\\fileserver\\Early Help$\\" + "x" * 250
    )
    short = "C:\\Users\\Jo Smith\\Shared Drive\\Relapp"
    assert system_path(short, windows=True) == short
    assert system_path(WINDOWS_LONG_PREFIX + DEEP, windows=True) == WINDOWS_LONG_PREFIX + DEEP
    assert system_path("/srv/" + "x" * 300, windows=False) == "/srv/" + "x" * 300


def test_a_long_path_on_a_local_drive_is_not_taken_for_a_network_share() -> None:
    assert windows_root("C:\\Users\\Jo\\AppData\\Local\\Relapp") == ("C:", False)
    assert windows_root(WINDOWS_LONG_PREFIX + "C:\\Users\\Jo\\AppData") == ("C:", False)
    assert windows_root("\\\\fileserver\\team\\Relapp") == ("\\\\fileserver\\team", True)
    assert windows_root(WINDOWS_LONG_PREFIX + "UNC\\fileserver\\team\\x") == (
        "\\\\fileserver\\team",
        True,
    )


@pytest.mark.parametrize(
    ("folder", "synced"),
    [
        (f"C:\\Users\\Jo Smith\\{ORG}\\Relapp\\profile", ORG),
        ("C:\\Users\\Jo Smith\\OneDrive\\Documents\\Relapp", "OneDrive"),
        ("C:\\Users\\Jo Smith\\Dropbox\\Relapp", "Dropbox"),
        # A SharePoint library the OneDrive client syncs, found by its sync root.
        ("c:\\users\\jo smith\\essex county council\\Early Help - Documents\\p", "sync-root"),
        ("C:\\Users\\Jo Smith\\AppData\\Local\\Relapp\\Relapp\\profile", None),
        ("D:\\Relapp profiles\\Jo Smith", None),
    ],
)
def test_profiles_in_onedrive_or_sharepoint_folders_are_refused(folder: str, synced) -> None:
    root = "C:\\Users\\Jo Smith\\Essex County Council\\Early Help - Documents"
    found = cloud_folder_of(folder, windows=True, sync_roots=[root])
    assert found == (root if synced == "sync-root" else synced)


def test_drive_letters_are_folders_and_only_s3_urls_are_object_storage() -> None:
    for text in ("C:\\Shared Drive\\Relapp", "c:/Shared Drive/Relapp", "\\\\server\\share\\R"):
        assert not is_object_url(text)
        assert isinstance(location(text), Path)
    assert is_object_url("  S3://council-relapp/early-help ")
    assert isinstance(location(Path("C:/x")), Path)
    assert not isinstance(location("D:\\s3 exports"), ObjectPath)


@pytest.mark.parametrize("error", [errno.EINVAL, errno.EACCES, errno.EPERM, errno.EXDEV])
def test_without_hard_links_a_file_is_still_published_once_and_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    def no_links(src, dst):  # noqa: ANN001, ANN202 - FAT, exFAT and some shares
        raise OSError(error, "hard links are not supported here")

    monkeypatch.setattr(files.os, "link", no_links)
    folder = tmp_path / "USB stick" / "Relapp team"
    written = publish.publish(folder, "000001-abc.rlb", b"first")
    assert written.read_bytes() == b"first"
    with pytest.raises(publish.AlreadyPublished):
        publish.publish(folder, "000001-abc.rlb", b"second")
    assert written.read_bytes() == b"first"
    assert sorted(p.name for p in folder.iterdir()) == ["000001-abc.rlb"]


WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)


def windows_refuses(name: str) -> str | None:
    if re.search(r'[<>:"/\\|?*\x00-\x1f]', name):
        return "a character Windows does not allow"
    if WINDOWS_RESERVED.match(name):
        return "a device name"
    if name.endswith((".", " ")):
        return "a trailing dot or space"
    if len(name) > 255:
        return "longer than 255 characters"
    return None


# The longest path Relapp adds under the shared folder a person chooses. With the \\?\ prefix
# there is no limit at all; the budget keeps paths readable in Explorer too.
RELATIVE_BUDGET = 160


def test_every_name_relapp_writes_is_one_windows_accepts(team, tmp_path: Path) -> None:
    from relapp.store.backups import take_backup
    from tests.sync.helpers import edit_family, family

    sup = team.people["sup"]
    pra = team.join("pra", "Sam Practitioner", "practitioner")
    created = family(pra, "The Lark family")
    edit_family(pra, created.id, "The Lark-Hughes family")
    team.sync(rounds=2)
    take_backup(pra.vault, "before-import")
    names = [(path, path.relative_to(team.central)) for path in Path(team.central).rglob("*")] + [
        (path, path.relative_to(team.base)) for path in team.base.rglob("*")
    ]
    assert len(names) > 20
    refused = {str(rel): why for path, rel in names if (why := windows_refuses(path.name))}
    assert refused == {}
    longest = max(
        (rel for _path, rel in names if rel.parts[0].startswith("relapp-team-")),
        key=lambda r: len(str(r)),
    )
    assert len(str(PureWindowsPath(longest))) <= RELATIVE_BUDGET, longest
    assert sup.vault is not None


def test_a_team_works_in_a_shared_folder_deeper_than_max_path(tmp_path: Path) -> None:
    """A council's document library path is long: on Windows this passes only through the
    long-path prefix; everywhere it runs the whole journey on a real deep folder."""
    from relapp.services import team as team_service
    from relapp.services.profile import create_profile
    from tests.conftest import PASSPHRASE
    from tests.sync.helpers import family

    central = tmp_path.joinpath(*["Early Help North - Documents - Relapp shared"] * 6)
    central.mkdir(parents=True)
    assert len(str(central)) > 260
    sup, _code = create_profile(tmp_path / "sup", "Pat Supervisor", "supervisor", PASSPHRASE)
    pra, _code = create_profile(tmp_path / "pra", "Sam Practitioner", "practitioner", PASSPHRASE)
    try:
        _folder, _org = team_service.create(sup, central, "Early Help North")
        team_service.join(pra, central)
        team_service.approve_request(sup, pra.vault.device_id[-8:], "practitioner")
        created = family(pra, "The Lark family")
        for _ in range(2):
            team_service.sync_once(pra)
            team_service.sync_once(sup)
        assert sup.vault.get(created.id) is not None
    finally:
        sup.close()
        pra.close()
