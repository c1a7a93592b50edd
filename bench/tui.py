"""Speed of the interactive session, each figure beside a baseline measured in the same run.

1. Preview latency: the time from a single keystroke in the PSI field to the preview pane
   showing the document built from the new value (debounce, design, rendering and repaint
   included), on the example with the largest architecture.md. Baseline: the same Pilot
   keystroke round trip on a minimal app whose Static echoes an Input. Goal: median ≤ 50 ms.
2. Cold start: a fresh interpreter to the first step screen ready for input, against a
   minimal Textual app (Header, Static, Footer) started the same way, runs interleaved.
   Goal: ratio ≤ 1.3.

Run: .venv/bin/python bench/tui.py [--keystrokes N] [--starts N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import WorkerCancelled

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"
SIZE = (120, 40)
PSI_KEY = "retraining.drift.psi_threshold"

#: Run in a fresh interpreter: start an app headless, report the wall-clock time at which its
#: first screen is ready for input, and leave at once (shutdown is not part of a start).
START_SCRIPT = """
import asyncio, os, sys, time
kind, answers = sys.argv[1], sys.argv[2]

async def main():
    if kind == "wizard":
        from pathlib import Path
        from screens.app import WizardApp
        from screens.step_screen import StepScreen
        app = WizardApp(Path(answers))
        def ready():
            return isinstance(app.screen, StepScreen) and app.focused is not None
    else:
        from textual.app import App
        from textual.widgets import Footer, Header, Static
        class Minimal(App):
            def compose(self):
                yield Header()
                yield Static("Hello")
                yield Footer()
        app = Minimal()
        def ready():
            return app.screen.is_mounted
    async with app.run_test(size=(120, 40)) as pilot:
        while not ready():
            await pilot.pause()
        print(time.time(), flush=True)
        os._exit(0)

asyncio.run(main())
"""


class EchoStatic(Static):
    """A Static that reports when it paints, like the preview's sections below."""


class EchoApp(App[None]):
    """The baseline: an Input whose text a Static echoes."""

    def compose(self) -> ComposeResult:
        yield Input(id="typed")
        yield EchoStatic(id="echo")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(event.value)


def largest_example() -> tuple[Path, int]:
    """The example whose architecture.md is longest, and its number of lines."""
    from wizard.loader import load_answers
    from wizard.render import render_export

    def document_lines(path: Path) -> int:
        files = render_export(load_answers(path), only=("md",))
        return len(files[0].text.splitlines())

    examples = [(path, document_lines(path)) for path in sorted(EXAMPLES.glob("*.yaml"))]
    return max(examples, key=lambda item: item[1])


class PaintWatch:
    """Times a keystroke until a frame holding the expected content is sent to the screen.

    The key goes to the app the way Pilot sends it (through the driver) but without Pilot's
    waits for idle, which would count the settling of unrelated work. The clock stops when
    the app hands the driver a frame for which the compositor asked the watched widget for
    its lines and they held the new content.
    """

    def __init__(self, widget_class: type[Widget], shows: Callable[[Any, str], bool]) -> None:
        self.expected = ""
        self.painted = asyncio.Event()
        self.painted_at = 0.0
        self.in_frame = False
        watch = self
        original_lines = widget_class.render_lines
        original_display = App._display

        def render_lines(widget: Any, crop: Any) -> Any:
            lines = original_lines(widget, crop)
            if watch.expected and shows(widget, watch.expected):
                watch.in_frame = True
            return lines

        def display(app: App[Any], screen: Any, renderable: Any) -> None:
            original_display(app, screen, renderable)
            if watch.in_frame and not watch.painted.is_set():
                watch.painted_at = time.perf_counter()  # not when the waiting task resumes
                watch.painted.set()

        widget_class.render_lines = render_lines  # type: ignore[method-assign]
        App._display = display  # type: ignore[method-assign]

    async def time_key(self, app: App[Any], key: str, expected: str) -> float:
        self.expected = expected
        self.in_frame = False
        self.painted.clear()
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        start = time.perf_counter()
        assert app._driver is not None
        app._driver.send_message(event)
        await asyncio.wait_for(self.painted.wait(), timeout=10)
        elapsed = self.painted_at - start
        self.expected = ""
        return elapsed


async def alternate(
    pilot: Pilot[Any], watch: PaintWatch, count: int, expected: dict[str, str]
) -> list[float]:
    """Alternately type "2" and delete it, timing each keystroke until it shows."""
    timings = []
    for index in range(count):
        key = "2" if index % 2 == 0 else "backspace"
        timings.append(await watch.time_key(pilot.app, key, expected[key]))
        # A single change from a settled session: let the rest of the document (the other
        # sections, the YAML tabs) finish before the next keystroke, outside the clock.
        await pilot.pause()
        with suppress(WorkerCancelled):  # one replaced by a newer one: fine
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    return timings


async def preview_latency(answers: Path, count: int) -> list[float]:
    from screens.app import WizardApp
    from screens.documents import build_markdown
    from screens.widgets.preview import SectionView
    from wizard.answers_edit import set_value
    from wizard.answers_io import save_answers
    from wizard.evidence import NO_EVIDENCE
    from wizard.loader import load_answers

    start = set_value(set_value(load_answers(answers), PSI_KEY, 0.1), "wizard.step", "thresholds")
    save_answers(answers, start)

    def sections(psi: float) -> dict[str, str]:
        documents = build_markdown(set_value(start, PSI_KEY, psi), NO_EVIDENCE)
        return {section.id: section.text for section in documents.sections}

    # The preview scrolls to the first section that changed: watch that one paint.
    low, high = sections(0.1), sections(0.12)
    first_changed = next(section_id for section_id in low if low[section_id] != high[section_id])
    expected = {"2": high[first_changed], "backspace": low[first_changed]}
    watch = PaintWatch(SectionView, lambda view, text: view.text == text)
    app = WizardApp(answers, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        while not app.preview_is_current:
            await pilot.pause()
        field = app.screen.field(PSI_KEY)
        while app.focused not in field.query(Input):
            await pilot.press("tab")
        await pilot.press("end")
        await alternate(pilot, watch, 4, expected)  # warm-up: first renders
        return await alternate(pilot, watch, count, expected)


async def echo_latency(count: int) -> list[float]:
    watch = PaintWatch(EchoStatic, lambda echo, text: str(echo.render()) == text)
    app = EchoApp()
    async with app.run_test(size=SIZE) as pilot:
        control = app.query_one(Input)
        control.value = "0.1"
        control.focus()
        await pilot.pause()
        await pilot.press("end")
        expected = {"2": "0.12", "backspace": "0.1"}
        await alternate(pilot, watch, 4, expected)
        return await alternate(pilot, watch, count, expected)


def start_time(kind: str, answers: Path) -> float:
    """Seconds from launching a fresh interpreter to the app's first screen ready."""
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", START_SCRIPT, kind, str(answers)],
        capture_output=True,
        text=True,
        check=True,
        cwd=answers.parent,
        env=environment,
    )
    return float(result.stdout.split()[0]) - started


def cold_starts(answers: Path, count: int) -> tuple[list[float], list[float]]:
    wizard: list[float] = []
    minimal: list[float] = []
    start_time("wizard", answers)  # warm the file cache and bytecode once, for both
    start_time("minimal", answers)
    for _ in range(count):
        wizard.append(start_time("wizard", answers))
        minimal.append(start_time("minimal", answers))
    return wizard, minimal


def milliseconds(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keystrokes", type=int, default=40)
    parser.add_argument("--starts", type=int, default=10)
    options = parser.parse_args()

    example, lines = largest_example()
    with tempfile.TemporaryDirectory() as scratch:
        answers = Path(scratch) / "mlops-answers.yaml"
        shutil.copyfile(example, answers)
        preview = asyncio.run(preview_latency(answers, options.keystrokes))
        echo = asyncio.run(echo_latency(options.keystrokes))
        shutil.copyfile(example, answers)
        wizard_starts, minimal_starts = cold_starts(answers, options.starts)

    preview_median = statistics.median(preview)
    print(f"example: {example.name} (architecture.md {lines} lines)")
    print("1. keystroke -> preview shows the new document (median of", len(preview), "keystrokes)")
    print(f"   wizard preview     {milliseconds(preview)}   goal ≤ 50 ms")
    print(f"   baseline echo      {milliseconds(echo)}")
    print(f"   ratio              {preview_median / statistics.median(echo):7.2f} x")
    print("2. cold start to the first screen ready for input (median of", options.starts, "runs)")
    print(f"   wizard             {milliseconds(wizard_starts)}")
    print(f"   minimal Textual    {milliseconds(minimal_starts)}")
    ratio = statistics.median(wizard_starts) / statistics.median(minimal_starts)
    print(f"   ratio              {ratio:7.2f} x   goal ≤ 1.3")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
