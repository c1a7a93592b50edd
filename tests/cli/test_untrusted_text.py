"""No control or escape sequence from an answers file reaches the terminal: unknown keys,
values, file names, through validate, export and every error line."""

from __future__ import annotations

from pathlib import Path

import pytest

OSC_TITLE = "\x1b]0;PWNED-TITLE\x07"
OSC_CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
CSI_CLEAR = "\x1b[2J"
C1_CSI = "\x9b31m"
BIDI = "\u202e"


def _yaml_escaped(text: str) -> str:
    """``text`` inside a double-quoted YAML scalar: YAML itself refuses raw controls."""
    return "".join(
        char
        if char.isprintable()
        else f"\\x{ord(char):02x}"
        if ord(char) < 256
        else f"\\u{ord(char):04x}"
        for char in text
    )


def _assert_inert(text: str) -> None:
    for sequence in ("\x1b", "\x07", "\x9b", BIDI):
        assert sequence not in text, repr(text)


@pytest.mark.parametrize("hostile", [OSC_TITLE, OSC_CLIPBOARD, CSI_CLEAR, C1_CSI, BIDI])
def test_an_unknown_key_is_shown_escaped(tmp_path: Path, run_cli, hostile: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f'schema_version: 1\n"x{_yaml_escaped(hostile)}y": 1\n')
    result = run_cli("validate", str(path))
    assert result.code == 2
    _assert_inert(result.err)
    assert "unknown key" in result.err


def test_a_hostile_value_is_shown_escaped_in_the_error(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f'schema_version: 1\nproject:\n  cloud: "aws{_yaml_escaped(OSC_TITLE)}"\n')
    result = run_cli("validate", str(path))
    assert result.code == 2
    _assert_inert(result.err)
    assert "\\x1b]0;PWNED-TITLE\\x07" in result.err


def test_a_hostile_file_name_is_shown_escaped(tmp_path: Path, run_cli) -> None:
    path = tmp_path / f"esc{OSC_TITLE}name.yaml"
    path.write_text("not: [valid\n")
    result = run_cli("validate", str(path))
    assert result.code == 2
    _assert_inert(result.err)


def test_hostile_names_in_the_design_are_shown_escaped_by_validate(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "schema_version: 1\ncicd:\n  triggers: [drift]\n"
        "retraining:\n  drift:\n    key_features: []\n"
        f'project:\n  name: "n{_yaml_escaped(CSI_CLEAR)}"\n'
    )
    result = run_cli("validate", str(path))
    assert result.code == 0, result.err
    _assert_inert(result.out)
