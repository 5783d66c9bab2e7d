"""Reading and writing XES (IEEE 1849-2016) event logs, streaming.

Reading uses the standard library's iterparse: each event is handed on and cleared as soon as it ends, so a
large file never sits in memory as a tree. The bundled expat refuses entity-expansion attacks and
ElementTree resolves no external entities.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, cast
from xml.etree.ElementTree import Element, iterparse  # see the module docstring
from xml.sax.saxutils import quoteattr  # only escapes text we write

TYPED_ATTRIBUTES = {"string", "date", "int", "float", "boolean", "id"}
CASE_PREFIX = "case:"


@dataclass(frozen=True)
class XesEvent:
    """One event with its trace's attributes merged in under `case:` (PM4Py's flat convention)."""

    attributes: dict[str, str]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _open(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _attribute(element: Element) -> tuple[str, str] | None:
    kind = _local(element.tag)
    key = element.get("key")
    if kind not in TYPED_ATTRIBUTES or key is None:
        return None
    return key, element.get("value", "")


def read_xes_events(path: Path) -> Iterator[XesEvent]:
    """Every event of the file in file order, each carrying its trace's attributes as `case:KEY`.
    Nested attributes (lists, containers) are skipped; only top-level typed attributes are read."""
    with _open(path) as stream:
        depth = 0
        trace_attributes: dict[str, str] = {}
        event_attributes: dict[str, str] = {}
        in_trace = in_event = False
        for action, element in iterparse(stream, events=("start", "end")):  # noqa: S314
            tag = _local(element.tag)
            if action == "start":
                depth += 1
                if tag == "trace":
                    in_trace, trace_attributes = True, {}
                elif tag == "event":
                    in_event, event_attributes = True, {}
                continue
            depth -= 1
            if tag == "event":
                in_event = False
                yield XesEvent({**trace_attributes, **event_attributes})
                element.clear()
            elif tag == "trace":
                in_trace = False
                element.clear()
            elif in_event and depth == 3:  # log > trace > event > attribute
                attribute = _attribute(element)
                if attribute is not None:
                    event_attributes[attribute[0]] = attribute[1]
            elif in_trace and not in_event and depth == 2:  # log > trace > attribute
                attribute = _attribute(element)
                if attribute is not None:
                    trace_attributes[CASE_PREFIX + attribute[0]] = attribute[1]


def _xes_value(value: Any) -> tuple[str, str]:
    """(XES attribute type, text) of a Python value."""
    if isinstance(value, bool):
        return "boolean", "true" if value else "false"
    if isinstance(value, int):
        return "int", str(value)
    if isinstance(value, float):
        return "float", repr(value)
    if isinstance(value, datetime):
        return "date", value.isoformat(timespec="milliseconds")
    return "string", str(value)


def _attribute_line(indent: str, key: str, value: Any) -> str:
    kind, text = _xes_value(value)
    return f"{indent}<{kind} key={quoteattr(key)} value={quoteattr(text)}/>\n"


@dataclass(frozen=True)
class XesTrace:
    case_id: str
    attributes: dict[str, Any]
    events: list[dict[str, Any]]


def write_xes(stream: IO[str], traces: Iterable[XesTrace]) -> None:
    """Write an XES log with the concept, time and organizational extensions; timestamps in UTC."""
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write('<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">\n')
    for name, prefix, uri in (
        ("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
        ("Time", "time", "http://www.xes-standard.org/time.xesext"),
        ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
    ):
        stream.write(f'  <extension name="{name}" prefix="{prefix}" uri="{uri}"/>\n')
    stream.write('  <classifier name="Activity" keys="concept:name"/>\n')
    for trace in traces:
        stream.write("  <trace>\n")
        stream.write(_attribute_line("    ", "concept:name", trace.case_id))
        for key, value in trace.attributes.items():
            if value is not None and value != "":
                stream.write(_attribute_line("    ", key, value))
        for event in trace.events:
            stream.write("    <event>\n")
            for key, value in event.items():
                if value is not None and value != "":
                    stream.write(_attribute_line("      ", key, value))
            stream.write("    </event>\n")
        stream.write("  </trace>\n")
    stream.write("</log>\n")
