"""Import agency wire copy (plain text, ninjs, NITF) from files, folders or standard input.

Each file is parsed and stored in its own transaction: a bad file is reported
(file, line, reason) and the rest of the batch still imports. The command
exits non-zero when any file failed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from articles.wire.detect import KNOWN_EXTENSIONS, MAX_BYTES, parse
from articles.wire.preview import describe
from articles.wire.store import ACTIONS, store_story
from articles.wire.wire_story import WireError

PROGRESS_FROM = 6  # files; fewer finish before a bar would help


@dataclass
class Failure:
    name: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.name}:{self.line}" if self.line else self.name
        return f"{where}: {self.reason}"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


class Command(BaseCommand):
    help = (
        "Import agency wire copy as draft stories. PATH is a file, a folder (read "
        "recursively) or - for standard input."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--format",
            choices=["auto", "text", "ninjs", "nitf"],
            default="auto",
            help="Format of the copy; 'auto' (default) recognises it from the content.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show the parsed parts and what would be stored; write nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Apply agency updates to stories that are published or changed by an editor.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Never show the progress bar."
        )

    # -- inputs ------------------------------------------------------------
    def _sources(self, paths: list[str], format: str = "auto"):
        """(name, path or None for stdin) for every input, folders expanded, in order.

        In a folder, only files with a known extension (``.txt``, ``.json``, ``.xml`` ...)
        are read unless ``--format`` says what the files are; the others are listed in
        ``self.skipped``. A file named on the command line is always read.
        """
        self.skipped = []
        for raw in paths:
            if raw == "-":
                yield "<stdin>", None
                continue
            path = Path(raw)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                    if not child.is_file() or hidden:
                        continue
                    if format == "auto" and child.suffix.lower() not in KNOWN_EXTENSIONS:
                        self.skipped.append(str(child))
                        continue
                    yield str(child), child
            else:
                yield raw, path

    def _read(self, name: str, path: Path | None, stdin) -> bytes:
        """The input's bytes; a file over the parsers' limit is refused without reading it all."""
        if path is None:
            data = stdin.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise WireError(f"more than {_size(MAX_BYTES)} of input: too big for wire copy")
            return data
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise WireError("no such file or folder") from None
        except OSError as error:
            raise WireError(f"cannot be read ({error.strerror or error})") from None
        if len(data) > MAX_BYTES:
            size = path.stat().st_size
            raise WireError(
                f"the file is {_size(size)}; wire copy is at most {_size(MAX_BYTES)}: "
                "not imported (is it really a story?)"
            )
        return data

    # -- output ------------------------------------------------------------
    def _progress(self, done: int, total: int) -> None:
        if not self.show_progress:
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total} files", ending="")
        if done == total:
            self.stderr.write("")

    def _say(self, text: str, style=None) -> None:
        if self.show_progress:
            self.stderr.write("\r\x1b[K", ending="")
        self.stdout.write(style(text) if style else text)

    # -- the work ------------------------------------------------------------
    def handle(self, *args, **options):
        sources = list(self._sources(options["paths"], options["format"]))
        stdin = options.get("stdin") or sys.stdin.buffer
        verb = "would be " if options["dry_run"] else ""
        self.show_progress = (
            not options["no_progress"] and len(sources) >= PROGRESS_FROM and self.stderr.isatty()
        )
        for name in self.skipped:
            self._say(
                f"skipped    {name}: not a wire file extension "
                f"({', '.join(sorted(KNOWN_EXTENSIONS))}); use --format to import it",
                self.style.WARNING,
            )
        counts = dict.fromkeys(ACTIONS, 0)
        failures: list[Failure] = []
        refusals: list[str] = []

        for done, (name, path) in enumerate(sources, start=1):
            try:
                data = self._read(name, path, stdin)
                story = parse(data, format=options["format"], filename=name)
                result = store_story(story, force=options["force"], dry_run=options["dry_run"])
            except WireError as error:
                failures.append(Failure(name, error.line, error.message))
                self._say(f"failed     {failures[-1]}", self.style.ERROR)
            except (ValidationError, DatabaseError) as error:
                # Copy the parser accepted but the database refused; nothing was written.
                reason = "; ".join(getattr(error, "messages", None) or [str(error)])
                failures.append(Failure(name, None, f"could not be stored: {reason}"))
                self._say(f"failed     {failures[-1]}", self.style.ERROR)
            else:
                counts[result.action] += 1
                style = self.style.WARNING if result.action == "refused" else None
                self._say(f"{verb + result.action:<10} {name}: {result.message}", style)
                if result.action == "refused":
                    refusals.append(f"{name}: {result.message}")
                if options["dry_run"]:
                    for line in describe(story):
                        self._say(f"    {line}")
                for warning in result.warnings if not options["dry_run"] else []:
                    self._say(f"    warning: {warning}")
            self._progress(done, len(sources))

        summary = ", ".join(
            f"{count} {verb}{action}"
            for action, count in counts.items()
            if count or action != "withdrawn"
        )
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        self.stdout.write(f"{summary}, {len(failures)} failed{skipped}.")
        if refusals:
            self.stdout.write("Refused (use --force to apply):")
            for refusal in refusals:
                self.stdout.write(f"  {refusal}")
        if failures:
            self.stderr.write("Failed:")
            for failure in failures:
                self.stderr.write(f"  {failure}")
            raise CommandError(
                f"{len(failures)} of {len(sources)} inputs could not be imported.", returncode=1
            )
