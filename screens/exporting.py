"""Export from the session: what it would do to each file (the Review step's plan), and the
export itself, exactly what `mlops-wizard export` writes, asking before overwriting edits."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.io.session_file import display_path

if TYPE_CHECKING:
    from textual.app import App

    from wizard.io.export import PlannedFile
    from wizard.model.answers import Answers
    from wizard.model.evidence import Evidence
    from wizard.pipeline import PreviewDocuments


def plan(documents: PreviewDocuments, answers_path: Path, out_dir: Path) -> list[PlannedFile]:
    """What export would do to each file (run in a thread: it reads the folder)."""
    from wizard.io.export import plan_export
    from wizard.io.saving import read_original
    from wizard.render import render_design_files

    original = read_original(answers_path)
    files = render_design_files(documents.design, documents.answers, answers_text=original)
    return plan_export(files, out_dir)


async def export(
    app: App[int], answers: Answers, evidence: Evidence, answers_path: Path, out_dir: Path
) -> str | None:
    """Write the documents; what to tell the user, or None when the user cancelled (told
    already). The answers copy is the session's own file, as `export --answers` writes it."""
    from screens.confirm_export import ConfirmOverwriteScreen
    from wizard.io.export import RefusedOverwrite, write_export
    from wizard.io.saving import read_original
    from wizard.pipeline import render_export

    original = read_original(answers_path)
    files = await asyncio.to_thread(render_export, answers, evidence, None, original)
    try:
        result = await asyncio.to_thread(write_export, files, out_dir)
    except RefusedOverwrite as refused:
        screen = ConfirmOverwriteScreen(refused.paths, refused.conflicts)
        if not await app.push_screen_wait(screen):
            kept = "; the merges are beside them" if refused.conflicts else ""
            app.notify(f"Export cancelled: your files are as they were{kept}.")
            return None
        result = await asyncio.to_thread(write_export, files, out_dir, True)
    written = sum(item.action != "unchanged" for item in result.files)
    merged = sum(item.action == "merged" for item in result.files)
    kept = f" ({merged} merged with your edits)" if merged else ""
    # The pipeline went beside the repository's own CI file, which could not take the
    # include itself: the lines to add, as the CLI prints them.
    by_hand = "".join(f"\nTo do by hand: {path}: {lines}" for path, lines in result.by_hand)
    return (
        f"Exported to {display_path(out_dir)}: {written} written{kept}, "
        f"{len(result.files) - written} unchanged.{by_hand}"
    )
