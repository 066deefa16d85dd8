"""The README's examples as data: every fenced `sh` block split into commands (continuation lines joined, a
heredoc kept with its command), each with the comment written beside or under it, and the `python` and `toml`
blocks whole. `tests/readme/test_readme_examples.py` runs them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.paths import ROOT

FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
EXIT = re.compile(r"\bexit (\d+)\b")


@dataclass(frozen=True)
class Command:
    section: str  # the README heading it sits under
    text: str  # the command as written, continuation lines joined with their backslashes
    comment: str  # its trailing comment and the comment lines right under it

    @property
    def background(self) -> bool:
        return self.text.rstrip().endswith("&")

    @property
    def documented_exit(self) -> int | None:
        """The exit code the README gives for it (`# exit 1`, `#   exit 0; ends with ...`), if any."""
        found = EXIT.search(self.comment)
        return int(found.group(1)) if found else None


@dataclass(frozen=True)
class Block:
    section: str
    language: str
    text: str


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(text: str | None = None) -> list[Block]:
    """Every fenced block with the heading it sits under (a `# comment` inside a block is no heading)."""
    text = readme() if text is None else text
    found, section, position = [], "", 0
    for match in FENCE.finditer(text):
        headings = re.findall(r"^#+ (.+)$", text[position : match.start()], re.MULTILINE)
        section = headings[-1] if headings else section
        found.append(Block(section, match.group(1), match.group(2)))
        position = match.end()
    return found


def _split_comment(line: str) -> tuple[str, str]:
    """`cmd  # comment` into both parts (a `#` inside quotes is part of the command)."""
    quote = None
    for index, char in enumerate(line):
        if char in "'\"" and quote in (None, char):
            quote = None if quote == char else char
        elif char == "#" and quote is None and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip(), line[index + 1 :].strip()
    return line.rstrip(), ""


def commands(block: Block) -> list[Command]:
    """The commands of one sh block, in order."""
    lines = block.text.splitlines()
    found: list[Command] = []
    index = 0
    while index < len(lines):
        raw = lines[index]
        code, comment = _split_comment(raw)
        index += 1
        if not code.strip():
            # A comment line indented (`    # ...`) or written as output (`#   ...`) describes the command above;
            # `# 2. judge it ...` at the margin introduces the next one.
            describes = not raw.startswith("#") or raw.startswith("#  ")
            if comment and found and describes:
                last = found[-1]
                found[-1] = Command(last.section, last.text, f"{last.comment} {comment}".strip())
            continue
        text = code
        while text.endswith("\\") and index < len(lines):
            more, extra = _split_comment(lines[index])
            text, comment = f"{text}\n{more}", f"{comment} {extra}".strip()
            index += 1
        heredoc = re.search(r"<<'?(\w+)'?", text)
        if heredoc:
            end = lines.index(heredoc.group(1), index)
            text, index = "\n".join([text, *lines[index : end + 1]]), end + 1
        found.append(Command(block.section, text, comment))
    return found


def all_commands() -> list[Command]:
    return [c for b in blocks() if b.language == "sh" for c in commands(b)]
