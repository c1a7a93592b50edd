"""Form fields, one per answer key.

A field shows the value it is given (``show``) and reports what the user entered with an
``AnswerField.Edited`` message; it never touches the answers itself. The app validates the
value with the loader's rules; a refused value comes back in the session's state and its
screen shows the ``problem`` on the field, so an invalid value is marked where it was typed
and never reaches the design or the saved file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Final, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label, Select, SelectionList, Static

from screens.widgets.ordered_input import OrderedInput
from wizard.model.answers import NULL_MEANINGS
from wizard.model.formatting import field_text

TextKind = Literal["text", "number", "integer", "list"]
Options = Sequence[tuple[str, Any]]


class _ExplicitNull:
    """A null that is an answer (``approver: null``: no manual gate), never an unknown."""

    _instance: ClassVar[_ExplicitNull | None] = None

    def __new__(cls) -> _ExplicitNull:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "EXPLICIT_NULL"


#: What a field shows and reports for an explicit null; None is always "unknown".
EXPLICIT_NULL: Final = _ExplicitNull()

#: The key that sets an answer with a meaning for null (NULL_MEANINGS) to that meaning.
NULL_KEY = "ctrl+o"


def parse_text(text: str, kind: TextKind) -> Any:
    """The value a text input means. Text that is not a number is passed on as it is, so the
    validator names the problem with the same words the file loader uses."""
    text = text.strip()
    if not text:
        return None
    if kind == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            return text
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            return text
    return text


class AnswerField(Vertical):
    """One answer on a form: a title, the control, a help line, and the problem, if any.

    ``ctrl+r`` resets the answer to unknown (the key leaves the file); for a key whose null
    is an answer (``NULL_MEANINGS``), ``ctrl+o`` chooses that null. Both show in the footer
    while the field has the focus. (Not ``ctrl+u``: a text input deletes to the start of
    the line with it.)
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+r",
            "reset_unknown",
            "Unknown",
            id="reset-unknown",
            tooltip="Reset this answer to unknown (removed from the answers file)",
        ),
    ]

    @dataclass
    class Edited(Message):
        """The user entered ``value`` for the answer ``key`` (None means unknown)."""

        field: AnswerField
        key: str
        value: Any
        origin: Any = None
        """The value when the user entered the field: the answer while ``value`` is refused."""

        @property
        def control(self) -> AnswerField:
            return self.field

    problem: reactive[str | None] = reactive(None)
    """Why the last entered value was refused; None when it was accepted."""

    def __init__(self, key: str, title: str, help_text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id or "field-" + key.replace(".", "-").replace("_", "-"))
        self.key = key
        self.title = title
        self.help_text = help_text
        self._value: Any = None
        self.origin: Any = None
        """The value when the user last entered the field: what the answers go back to
        while the text being typed is refused (typing 1.5 passes through a valid 1)."""
        self.null_meaning = NULL_MEANINGS.get(key)
        """What null means for this answer (e.g. "no manual gate"); None if only unknown."""
        if self.null_meaning is not None:
            binding = Binding(
                NULL_KEY,
                "choose_null",
                self.null_meaning.capitalize(),
                id="choose-null",
                tooltip=f"Answer: {self.null_meaning} (null in the answers file)",
            )  # (this field's own: the description says what null means for its key)
            self._bindings.key_to_bindings.setdefault(NULL_KEY, []).append(binding)

    def compose(self) -> ComposeResult:
        yield Label(self.title, classes="field-title")
        yield from self.compose_control()
        if self.help_text:
            yield Static(self.help_text, classes="field-help", markup=False)
        yield Static("", classes="field-problem", markup=False)

    def compose_control(self) -> ComposeResult:
        raise NotImplementedError(type(self).__name__)

    @property
    def value(self) -> Any:
        """The value last shown or entered."""
        return self._value

    def show(self, value: Any) -> None:
        """Display ``value`` (from the answers) unless the control already means it."""
        self._value = value
        self.origin = value
        self.problem = None
        self.display_value(value)

    def display_value(self, value: Any) -> None:
        raise NotImplementedError(type(self).__name__)

    def edited(self, value: Any) -> None:
        """Report an entered value; a control echoing what it was shown is not an edit."""
        if value == self._value and self.problem is None:
            return
        self._value = value
        self.post_message(self.Edited(self, self.key, value, self.origin))

    def on_descendant_focus(self) -> None:
        if self.problem is None:
            self.origin = self._value

    def action_reset_unknown(self) -> None:
        """Unknown: the field shows it at once and reports it (it is not typed text)."""
        self.problem = None
        self.display_value(None)
        self.edited(None)

    def action_choose_null(self) -> None:
        if self.null_meaning is not None:
            self.problem = None
            self.display_value(EXPLICIT_NULL)
            self.edited(EXPLICIT_NULL)

    def watch_problem(self, problem: str | None) -> None:
        self.set_class(problem is not None, "-invalid")
        self.query_one(".field-problem", Static).update(problem or "")


class TextField(AnswerField):
    """A free-text, number or comma-separated list answer."""

    def __init__(
        self,
        key: str,
        title: str,
        help_text: str = "",
        *,
        kind: TextKind = "text",
        placeholder: str = "unknown",
        id: str | None = None,
    ) -> None:
        super().__init__(key, title, help_text, id=id)
        self.kind = kind
        self.placeholder = placeholder

    def compose_control(self) -> ComposeResult:
        yield OrderedInput(placeholder=self.placeholder, select_on_focus=False, compact=True)

    def display_value(self, value: Any) -> None:
        control = self.query_one(OrderedInput)
        explicit_null = value is EXPLICIT_NULL
        control.placeholder = f"none: {self.null_meaning}" if explicit_null else self.placeholder
        if explicit_null:
            value = None
        if parse_text(control.value, self.kind) != value:
            control.show_text(field_text(value))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited(parse_text(event.value, self.kind))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter moves on, as in a paper form; the value was taken as it was typed.
        event.stop()
        self.screen.focus_next()


class ChoiceField(AnswerField):
    """One answer out of a fixed list; the blank choice means unknown."""

    def __init__(
        self,
        key: str,
        title: str,
        options: Options,
        help_text: str = "",
        *,
        prompt: str = "(unknown)",
        id: str | None = None,
    ) -> None:
        super().__init__(key, title, help_text, id=id)
        self.options = list(options)
        self.prompt = prompt

    def compose_control(self) -> ComposeResult:
        yield Select(self.options, prompt=self.prompt, allow_blank=True, compact=True)

    def display_value(self, value: Any) -> None:
        control: Select[Any] = self.query_one(Select)
        wanted = Select.NULL if value is None else value
        if control.value != wanted:
            control.value = wanted

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        self.edited(None if event.value is Select.NULL else event.value)


class ChecklistField(AnswerField):
    """A list answer chosen from fixed options, kept in the options' order."""

    def __init__(
        self, key: str, title: str, options: Options, help_text: str = "", *, id: str | None = None
    ) -> None:
        super().__init__(key, title, help_text, id=id)
        self.options = list(options)

    def compose_control(self) -> ComposeResult:
        yield SelectionList[Any](*self.options)

    def display_value(self, value: Any) -> None:
        control: SelectionList[Any] = self.query_one(SelectionList)
        wanted = set(value or ())
        if set(control.selected) == wanted:
            return
        with control.prevent(SelectionList.SelectedChanged):
            control.deselect_all()
            for _, option in self.options:
                if option in wanted:
                    control.select(option)

    @on(SelectionList.SelectedChanged)
    def _toggled(self, event: SelectionList.SelectedChanged[Any]) -> None:
        event.stop()
        chosen = set(event.selection_list.selected)
        current = set(self._value or ())
        if chosen == current and self.problem is None:
            return  # the same items; keep the order the answers file has
        self.edited([option for _, option in self.options if option in chosen])


class WindowRuleField(AnswerField):
    """The k-of-n retraining rule: two numbers, both or neither."""

    def compose_control(self) -> ComposeResult:
        with Horizontal(classes="window-rule"):
            yield OrderedInput(placeholder="k", id="breaches", select_on_focus=False, compact=True)
            yield Label("of the last", classes="window-rule-joiner")
            yield OrderedInput(placeholder="n", id="windows", select_on_focus=False, compact=True)
            yield Label("windows", classes="window-rule-joiner")

    def display_value(self, value: Any) -> None:
        rule = value if isinstance(value, dict) else {}
        for name in ("breaches", "windows"):
            control = self.query_one(f"#{name}", OrderedInput)
            control.placeholder = "none" if value is EXPLICIT_NULL else name[0]
            wanted = rule.get(name)
            if parse_text(control.value, "integer") != wanted:
                control.show_text(field_text(wanted))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        breaches = parse_text(self.query_one("#breaches", Input).value, "integer")
        windows = parse_text(self.query_one("#windows", Input).value, "integer")
        if breaches is None and windows is None:
            self.edited(None)
        else:
            self.edited({"breaches": breaches, "windows": windows})

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()
