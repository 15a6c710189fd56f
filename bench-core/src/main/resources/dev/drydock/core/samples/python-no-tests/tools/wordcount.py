"""Counts words, lines and characters of text files, like a small wc."""

from __future__ import annotations

import sys


def count(text: str) -> tuple[int, int, int]:
    """Lines, words and characters of ``text``."""
    return text.count("\n"), len(text.split()), len(text)


def main(paths: list[str]) -> int:
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            lines, words, chars = count(handle.read())
        print(f"{lines:8d}{words:8d}{chars:8d} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
