"""Reading a contract file's YAML within bounds: size, nesting depth, aliases and what they expand to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A contract file is at most 2 MB (the Amager contract is about 60 kB)."""
MAX_DEPTH = 40
"""Nesting levels in a contract file (the format itself needs about ten)."""
MAX_ALIASES = 100
"""References to anchors (``*name``) in one file."""
MAX_NODES = 200_000
"""Values in a file once its aliases are expanded."""


class YamlRefusedError(Exception):
    """A file that cannot be read within the bounds; ``line`` is where, when known."""

    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(message)


def read_source(path: Path) -> str:
    """The file's text, or YamlRefusedError when it is too large or cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlRefusedError(1, f"filen er {size:,} bytes; højst {MAX_FILE_BYTES:,} er tilladt".replace(",", "."))
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise YamlRefusedError(1, f"kan ikke læses: {e}") from None
    return source


def parse_yaml(source: str) -> Any:
    """One YAML document (round-trip, so lines are known); MarkedYAMLError for broken syntax, YamlRefusedError
    for what is out of bounds."""
    yaml = YAML(typ="rt")
    yaml.max_depth = MAX_DEPTH
    yaml.Composer = _CountingComposer
    yaml.Constructor = _LenientConstructor
    try:
        document = yaml.load(source)
    except MaxDepthExceededError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 1
        raise YamlRefusedError(line, f"filen er indlejret mere end {MAX_DEPTH} niveauer") from None
    except MarkedYAMLError:
        raise
    except YAMLError as e:  # the reader refuses characters YAML does not allow (NUL, ESC ...)
        position = getattr(e, "position", None)
        line = source.count("\n", 0, position) + 1 if isinstance(position, int) else 1
        character = getattr(e, "character", None)
        shown = f" (U+{character:04X})" if isinstance(character, int) else ""
        raise YamlRefusedError(line, f"filen indeholder et kontroltegn{shown}, som ikke er tilladt") from None
    except RecursionError:
        raise YamlRefusedError(1, f"filen er indlejret mere end {MAX_DEPTH} niveauer") from None
    _check_expanded(document)
    return document


class _CountingComposer(Composer):
    """Counts references to anchors, refusing a file with more than MAX_ALIASES."""

    def return_alias(self, a: Any) -> Any:
        self.aliases = getattr(self, "aliases", 0) + 1
        if self.aliases > MAX_ALIASES:
            raise YamlRefusedError(a.start_mark.line + 1, f"mere end {MAX_ALIASES} henvisninger til ankre (*navn)")
        return super().return_alias(a)


class _LenientConstructor(RoundTripConstructor):
    """A scalar YAML cannot build (2017-02-30, a 5,000-digit integer) stays text, so its field is named."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError):
            if isinstance(node, ScalarNode):
                self.constructed_objects[node] = node.value
                return node.value
            raise


def _check_expanded(document: Any) -> None:
    """Refuse a document that aliases make larger than MAX_NODES values or MAX_FILE_BYTES of text."""
    stack, nodes, chars = [document], 0, 0
    while stack:
        node = stack.pop()
        nodes += 1
        if isinstance(node, dict):
            stack.extend(node.values())
            chars += sum(len(str(k)) for k in node)
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            chars += len(node)
        if nodes > MAX_NODES or chars > MAX_FILE_BYTES:
            raise YamlRefusedError(1, "filen bliver for stor, når dens ankre (&navn/*navn) udfoldes")
