"""The master keys and the server secret: taken from the environment when set, otherwise
kept in private files in the data folder, created once and shared by every process."""

import stat
from pathlib import Path

import pytest

from crossroads.platform.config import Settings
from crossroads.platform.secrets import add_master_key, load_master_keys, load_secret_key
from crossroads.security.encryption import format_key, new_key


def test_the_files_are_created_on_first_use_readable_by_their_owner_only(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path / "data")

    keys = load_master_keys(settings)
    secret = load_secret_key(settings)

    assert load_master_keys(settings).keys == keys.keys
    assert load_secret_key(settings) == secret
    for path in (settings.master_key_path, settings.secret_key_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in settings.data_dir.iterdir() if p.suffix == ".tmp") == []


def test_processes_that_all_found_no_file_still_share_the_first_ones_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when `serve --workers 4` starts on a fresh data folder: every worker checks, finds
    nothing and creates; the first creation must win for all of them."""
    settings = Settings(data_dir=tmp_path)
    monkeypatch.setattr(Path, "exists", lambda self: False)

    first_keys, first_secret = load_master_keys(settings), load_secret_key(settings)
    second_keys, second_secret = load_master_keys(settings), load_secret_key(settings)

    assert second_keys.keys == first_keys.keys
    assert second_secret == first_secret


def test_keys_from_the_environment_leave_the_data_folder_alone(tmp_path: Path) -> None:
    given = format_key("mk-from-env", new_key())
    settings = Settings(data_dir=tmp_path, master_keys=given, secret_key="from the environment")

    assert load_master_keys(settings).current_id == "mk-from-env"
    assert load_secret_key(settings) == b"from the environment"
    assert list(tmp_path.iterdir()) == []


def test_a_new_master_key_is_added_beside_the_old_one_and_wraps_from_then_on(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path)
    old = load_master_keys(settings).current_id

    keys = add_master_key(settings)

    assert keys.current_id != old
    assert load_master_keys(settings).keys == keys.keys
    assert settings.master_key_path.read_text("utf-8").count("\n") == 2
