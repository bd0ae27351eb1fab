"""Reply templates: built-in ones shipped in the package, overridden by name from a user folder.

One sandboxed Jinja2 environment (StrictUndefined: a missing variable is an error, never a
blank; no autoescaping: replies are plain text). Message content reaches templates only as
variables, never as template source. Every error becomes a `TemplateError` naming the file
and line.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from triage.core.replies import FrontMatterError, ReplySpec, greeting, parse_front_matter
from triage.errors import TemplateError

SUFFIX = ".txt.j2"
"""File name ending of a template: `decline/blind_intro` is `decline/blind_intro.txt.j2`."""

_NAME = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)?$")


def builtin_dir() -> Path:
    """The folder of templates shipped in the package."""
    return Path(str(resources.files("triage") / "templates"))


def samples_dir() -> Path:
    """Sample messages `triage templates check` renders every template against."""
    return builtin_dir() / "samples"


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """One template by name, where it is read from, and what it is for."""

    name: str
    path: Path
    builtin: bool
    """True when read from the package (no user copy)."""
    overrides: bool
    """True when a user copy replaces a built-in template of the same name."""
    description: str


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered template: subject (None: the default `Re:` subject) and body."""

    name: str
    path: Path
    subject: str | None
    body: str
    spec: ReplySpec


class _Loader(jinja2.BaseLoader):
    """Finds `name` in the user folder, then the package; strips front matter (keeps lines)."""

    def __init__(self, library: TemplateLibrary) -> None:
        self.library = library

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.library.path(template)
        mtime = path.stat().st_mtime
        text = _read(path)
        try:
            _, body = parse_front_matter(text)
        except FrontMatterError as exc:
            raise TemplateError(f"{path}:{exc.lineno}: {exc}") from None

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return body, str(path), uptodate


class TemplateLibrary:
    """The templates in force: the user's folder first, then the built-in ones."""

    def __init__(self, user_dir: Path | None, *, builtin: Path | None = None) -> None:
        self.user_dir = user_dir
        self.builtin = builtin if builtin is not None else builtin_dir()
        self.env = SandboxedEnvironment(
            loader=_Loader(self),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["greet"] = greeting

    # --- finding ---------------------------------------------------------------------------

    def path(self, name: str) -> Path:
        """The file a template is read from.

        Raises:
            TemplateError: no such template, or a name that is not `action/category`.
        """
        _check_name(name)
        for folder in (self.user_dir, self.builtin):
            if folder is None:
                continue
            candidate = folder / f"{name}{SUFFIX}"
            if candidate.is_file():
                return candidate
        raise TemplateError(f"no template {name!r} (see `triage templates list`)")

    def exists(self, name: str) -> bool:
        """True when a template of this name is found."""
        try:
            self.path(name)
        except TemplateError:
            return False
        return True

    def find(self, candidates: tuple[str, ...] | list[str]) -> str:
        """The first of `candidates` that exists.

        Raises:
            TemplateError: none does.
        """
        for name in candidates:
            if self.exists(name):
                return name
        raise TemplateError(f"no template for {' or '.join(candidates)}")

    def names(self) -> list[str]:
        """Every template name, built-in and user, sorted."""
        found: set[str] = set()
        for folder in (self.builtin, self.user_dir):
            if folder is None or not folder.is_dir():
                continue
            for path in folder.rglob(f"*{SUFFIX}"):
                name = path.relative_to(folder).as_posix()[: -len(SUFFIX)]
                if _NAME.match(name):
                    found.add(name)
        return sorted(found)

    def list(self) -> list[TemplateInfo]:
        """Every template with where it comes from and its description."""
        infos = []
        for name in self.names():
            path = self.path(name)
            builtin = path.is_relative_to(self.builtin)
            overrides = not builtin and (self.builtin / f"{name}{SUFFIX}").is_file()
            try:
                description = self.spec(name).description
            except TemplateError as exc:
                description = f"(broken: {exc.message})"
            infos.append(TemplateInfo(name, path, builtin, overrides, description))
        return infos

    def source(self, name: str) -> str:
        """The template's text, front matter included."""
        return _read(self.path(name))

    def spec(self, name: str) -> ReplySpec:
        """What the template's front matter says (recipients, subject).

        Raises:
            TemplateError: malformed front matter (with file and line).
        """
        path = self.path(name)
        try:
            spec, _ = parse_front_matter(_read(path))
        except FrontMatterError as exc:
            raise TemplateError(f"{path}:{exc.lineno}: {exc}") from None
        return spec

    def user_copy(self, name: str) -> Path:
        """The user's copy of a template, made from the built-in one when there is none yet.

        Raises:
            TemplateError: no user folder configured or it cannot be written.
        """
        _check_name(name)
        if self.user_dir is None:
            raise TemplateError("no user template folder configured")
        target = self.user_dir / f"{name}{SUFFIX}"
        if target.exists():
            return target
        builtin = self.builtin / f"{name}{SUFFIX}"
        action = name.partition("/")[0]
        if not builtin.is_file():
            builtin = self.builtin / action / f"default{SUFFIX}"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_read(builtin) if builtin.is_file() else _BLANK, encoding="utf-8")
        except OSError as exc:
            raise TemplateError(f"{target}: cannot write ({exc.strerror or exc})") from None
        return target

    # --- rendering -------------------------------------------------------------------------

    def render(self, name: str, variables: Mapping[str, Any]) -> Rendered:
        """Render a template's subject and body with `variables` (data only).

        Raises:
            TemplateError: syntax error, missing variable, forbidden operation, or a subject
                with a line break; the message is one line naming file and line.
        """
        spec = self.spec(name)
        path = self.path(name)
        try:
            template = self.env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.filename or path}:{exc.lineno}: {exc.message}") from None
        body = _run(lambda: template.render(variables), path, 0)
        subject: str | None = None
        if spec.subject is not None:
            try:
                subject_template = self.env.from_string(spec.subject)
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(f"{path}:{spec.subject_line}: subject: {exc.message}") from None
            subject = _run(lambda: subject_template.render(variables), path, spec.subject_line)
            if "\n" in subject or "\r" in subject:
                raise TemplateError(
                    f"{path}:{spec.subject_line}: the subject holds a line break "
                    "(a header cannot span lines)"
                )
            subject = subject.strip()
        return Rendered(name=name, path=path, subject=subject, body=body, spec=spec)


_BLANK = """\
---
to: sender
description: My own template
---
{{ sender | greet }}

{{ owner.first_name }}
"""


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise TemplateError(
            f"bad template name {name!r} (expected action/category, e.g. decline/blind_intro)"
        )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _run(render: Callable[[], str], path: Path, fixed_line: int) -> str:
    try:
        return render()
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        line = fixed_line or exc.lineno
        raise TemplateError(f"{path}:{line}: {exc.message}") from None
    except Exception as exc:  # noqa: BLE001 - any failure inside a template is the template's
        line = fixed_line or _template_line(exc, str(path))
        where = f"{path}:{line}" if line else str(path)
        kind = (
            "forbidden"
            if isinstance(exc, jinja2.exceptions.SecurityError)
            else exc.__class__.__name__
        )
        detail = " ".join(str(exc).split()) or kind
        if isinstance(exc, jinja2.UndefinedError):
            raise TemplateError(f"{where}: {detail}") from None
        raise TemplateError(f"{where}: {kind}: {detail}") from None


def _template_line(exc: BaseException, filename: str) -> int:
    # Jinja rewrites tracebacks so template frames carry the template's file and line.
    line = 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename and frame.lineno:
            line = frame.lineno
    return line
