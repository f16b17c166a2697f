"""Bytes -> Kubernetes objects with source positions, safely.

YAML is read from libyaml's event stream (PyYAML's C parser when present) and built here, not by
PyYAML's constructor, for three reasons:
- every mapping and sequence remembers where each key and item starts, so a finding can name the
  exact line and column of a field, for YAML and JSON alike;
- limits are enforced while reading: nesting depth, alias expansion (no "billion laughs"), and only
  the standard YAML tags (no `!!python/...`, no custom tags);
- documents whose kind no rule looks at (ConfigMaps, CRDs...) are still read, but cost little.

libyaml's event parser keeps its own stacks, so even hostile nesting cannot overflow the C stack
(PyYAML's C composer can: it recurses); we stop at MAX_DEPTH.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterator

import yaml
from yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent,
                         MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent,
                         StreamEndEvent, StreamStartEvent)

from rules.findings import InputError, render_path

try:  # PyYAML wheels ship libyaml; the pure-Python parser is the (slow, equally safe) fallback
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    from yaml.parser import Parser as _ParserBase
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _ParserBase):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _ParserBase.__init__(self)

MAX_FILE_BYTES = 32 * 1024 * 1024   # `helm template` of a large platform stays well below this
MAX_DEPTH = 64                      # real manifests (CRD schemas included) nest under 40 levels
MAX_ALIAS_NODES = 100_000           # nodes that aliases may add to one document by expansion

_YAML_EXTENSIONS = (".yaml", ".yml", ".json")
_HELM_SOURCE = re.compile(rb"^# Source: (.+?)\s*$", re.M)


class PosDict(dict):
    """A mapping that remembers the (line, column) where each of its keys starts (0-based)."""
    __slots__ = ("pos",)


class PosList(list):
    """A sequence that remembers the (line, column) where each of its items starts (0-based)."""
    __slots__ = ("pos",)


@dataclass(frozen=True, slots=True)
class Document:
    """One Kubernetes object read from a file, with what is needed to locate its fields."""
    obj: dict
    file: str
    index: int                 # document index in the stream (0-based)
    root: dict                 # the document itself: `obj`, or the List that holds it
    base_path: tuple = ()      # path of `obj` in `root`: ('items', 3) for the 4th object of a List
    origin: str | None = None  # helm "# Source:" template the document came from
    start: tuple = (0, 0)      # 0-based line/column of the document

    def locate(self, path: tuple) -> tuple[int, int]:
        """1-based (line, column) of the deepest existing field of `path` (a path in `root`)."""
        return locate(self.root, path, self.start)


def locate(root, path: tuple, default: tuple = (0, 0)) -> tuple[int, int]:
    line, col = default
    node = root
    for part in path:
        pos = getattr(node, "pos", None)
        try:
            if isinstance(node, dict):
                if pos is not None and part in pos:
                    line, col = pos[part]
                node = node[part]
            elif isinstance(node, list):
                if pos is not None:
                    line, col = pos[part]
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    return line + 1, col + 1


class YAMLInputError(Exception):
    def __init__(self, message: str, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


# --- scalars --------------------------------------------------------------------------------

_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:binary", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value",
}
_ALLOWED_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
                            "tag:yaml.org,2002:omap", "tag:yaml.org,2002:set"}
_AS_TEXT = {_STR, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:merge",
            "tag:yaml.org,2002:value"}
_plain_cache: dict[str, object] = {}
_MERGE = object()  # the `<<` merge key


def _typed(tag: str, value: str, mark):
    if tag in _AS_TEXT:  # Kubernetes reads YAML as JSON: dates and binary stay strings
        return value
    node = yaml.ScalarNode(tag, value, mark, mark)
    try:
        if tag == "tag:yaml.org,2002:int":
            return _constructor.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return _constructor.construct_yaml_float(node)
        if tag == "tag:yaml.org,2002:bool":
            return _constructor.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:null":
            return None
    except (ValueError, KeyError) as exc:
        raise YAMLInputError(f"invalid {tag.rsplit(':', 1)[-1]} value {value!r}: {exc}",
                             mark.line, mark.column) from None
    return value


def _plain(value: str, mark):
    try:
        return _plain_cache[value]
    except KeyError:
        pass
    tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))
    result = value if tag == _STR else _typed(tag, value, mark)
    if len(_plain_cache) < 50_000 and len(value) < 64:
        _plain_cache[value] = result
    return result


def _scalar(event: ScalarEvent):
    tag = event.tag
    if tag is None or tag == "!":
        if event.implicit[0]:
            return _plain(event.value, event.start_mark)
        return event.value
    if tag not in _ALLOWED_SCALAR_TAGS:
        m = event.start_mark
        raise YAMLInputError(f"unsupported YAML tag {tag!r} (only standard tags are accepted)",
                             m.line, m.column)
    return _typed(tag, event.value, event.start_mark)


# --- documents --------------------------------------------------------------------------------

def _build(events, first):
    """Build one document from its events; `first` is the event after DocumentStart.

    Returns the value. Raises YAMLInputError on hostile or unsupported input.
    """
    anchors: dict[str, tuple[object, int]] = {}
    alias_nodes = 0
    # Frame: [container, is_map, pending key (or nokey), key position, anchor, nodes below, merges,
    #         explicit keys (once merging), start position]
    stack: list[list] = []
    nokey = stack  # any unique sentinel
    root = None
    event = first
    while True:
        cls = event.__class__
        value = nokey
        if cls is ScalarEvent:
            if stack and stack[-1][1] and stack[-1][2] is nokey:
                # A mapping key stays text, as in the JSON the API server stores (`on:` is "on").
                frame = stack[-1]
                tag = event.tag
                if tag is not None and tag != "!" and tag not in _ALLOWED_SCALAR_TAGS:
                    m = event.start_mark
                    raise YAMLInputError(f"unsupported YAML tag {tag!r} (only standard tags are accepted)",
                                         m.line, m.column)
                key = event.value
                if key == "<<" and tag is None and event.implicit[0]:
                    key = _MERGE
                elif event.anchor is not None:
                    anchors[event.anchor] = (key, 1)
                m = event.start_mark
                frame[2], frame[3] = key, (m.line, m.column)
                frame[5] += 1
                event = next(events)
                continue
            value = _scalar(event)
            nodes = 1
            anchor = event.anchor
            if anchor is not None:
                anchors[anchor] = (value, 1)
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            tag = event.tag
            if tag is not None and tag != "!" and tag not in _ALLOWED_COLLECTION_TAGS:
                m = event.start_mark
                raise YAMLInputError(f"unsupported YAML tag {tag!r} (only standard tags are accepted)",
                                     m.line, m.column)
            if len(stack) >= MAX_DEPTH:
                m = event.start_mark
                raise YAMLInputError(f"nesting deeper than {MAX_DEPTH} levels", m.line, m.column)
            m = event.start_mark
            if cls is MappingStartEvent:
                c = PosDict()
                c.pos = {}
                stack.append([c, True, nokey, None, event.anchor, 1, None, None, (m.line, m.column)])
            else:
                c = PosList()
                c.pos = []
                stack.append([c, False, nokey, None, event.anchor, 1, None, None, (m.line, m.column)])
            event = next(events)
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            frame = stack.pop()
            value, nodes, start = frame[0], frame[5], frame[8]
            if frame[6]:
                _apply_merges(value, frame[6], frame[7])
            if frame[4] is not None:
                anchors[frame[4]] = (value, nodes)
        elif cls is AliasEvent:
            try:
                value, nodes = anchors[event.anchor]
            except KeyError:
                m = event.start_mark
                raise YAMLInputError(f"unknown alias *{event.anchor}", m.line, m.column) from None
            alias_nodes += nodes
            if alias_nodes > MAX_ALIAS_NODES:
                m = event.start_mark
                raise YAMLInputError(
                    f"aliases expand to more than {MAX_ALIAS_NODES} nodes (alias bomb?)", m.line, m.column)
        elif cls is DocumentEndEvent:
            return root
        else:  # pragma: no cover - libyaml emits nothing else inside a document
            raise YAMLInputError(f"unexpected {cls.__name__}")

        # attach `value` to the parent
        if not stack:
            root = value
        else:
            frame = stack[-1]
            frame[5] += nodes
            c = frame[0]
            if frame[1]:
                if frame[2] is nokey:  # a key that is an alias or a collection
                    if isinstance(value, (dict, list)):
                        line, col = (event.start_mark.line, event.start_mark.column) \
                            if cls is AliasEvent else start
                        raise YAMLInputError("only scalar mapping keys are supported", line, col)
                    frame[2] = value if isinstance(value, str) else str(value)
                    m = event.start_mark
                    frame[3] = (m.line, m.column)
                else:
                    key = frame[2]
                    frame[2] = nokey
                    if key is _MERGE:
                        if frame[6] is None:
                            frame[6] = []
                            frame[7] = set(c)
                        frame[6].append((value, event.start_mark))
                    else:
                        c[key] = value
                        c.pos[key] = frame[3]
                        if frame[7] is not None:
                            frame[7].add(key)
            else:
                if cls is ScalarEvent or cls is AliasEvent:
                    m = event.start_mark
                    start = (m.line, m.column)
                c.pos.append(start)
                c.append(value)
        event = next(events)


def _apply_merges(mapping: PosDict, merges, explicit: set):
    for value, mark in merges:
        sources = value if isinstance(value, list) else [value]
        for src in sources:
            if not isinstance(src, dict):
                raise YAMLInputError("merge key `<<` needs a mapping or a list of mappings",
                                     mark.line, mark.column)
            for k, v in src.items():
                if k not in explicit and k not in mapping:
                    mapping[k] = v
                    mapping.pos[k] = getattr(src, "pos", {}).get(k, (mark.line, mark.column))


def iter_yaml_documents(data: bytes | str, name: str) -> Iterator[tuple[int, object, tuple] | YAMLInputError]:
    """Yield (index, value, start) per document, or one YAMLInputError that ends the stream.

    A syntax error stops the stream (libyaml cannot resynchronise), but documents before it
    have been yielded already.
    """
    parser = _Parser(data)
    events = _event_iter(parser)
    index = 0
    try:
        for event in events:
            cls = event.__class__
            if cls is DocumentStartEvent:
                first = next(events)
                m = first.start_mark  # where the content starts, after `---` and comments
                start = (m.line, m.column)
                value = _build(events, first)
                if value is not None:
                    yield index, value, start
                index += 1
            elif cls is StreamEndEvent:
                return
            elif cls is not StreamStartEvent:  # pragma: no cover
                raise YAMLInputError(f"unexpected {cls.__name__}")
    except YAMLInputError as exc:
        yield exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
        yield YAMLInputError(message, mark.line if mark else 0, mark.column if mark else 0)
    finally:
        parser.dispose() if hasattr(parser, "dispose") else None


def _event_iter(parser):
    get = parser.get_event
    check = parser.check_event
    while check():
        yield get()


# --- files ------------------------------------------------------------------------------------

def read_source(path: str, stdin=None) -> bytes:
    """Read a file (or stdin for '-') with the size bound; raise YAMLInputError with a clear message."""
    if path == "-":
        import sys
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_FILE_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        try:
            size = os.stat(path).st_size
            if size > MAX_FILE_BYTES:
                raise YAMLInputError(f"file is {size / 1048576:.0f} MiB; the limit is "
                                     f"{MAX_FILE_BYTES // 1048576} MiB")
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise YAMLInputError(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise YAMLInputError(f"input is larger than the {MAX_FILE_BYTES // 1048576} MiB limit")
    return data


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start)
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1)
        raise YAMLInputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", line, col) from None


def helm_origins(data: bytes) -> list[tuple[int, str]] | None:
    """Line numbers (0-based) of helm `# Source: chart/templates/x.yaml` comments, if any."""
    if b"# Source: " not in data:
        return None
    out = []
    for m in _HELM_SOURCE.finditer(data):
        out.append((data.count(b"\n", 0, m.start()), m.group(1).decode("utf-8", "replace")))
    return out


def _origin_at(origins, line: int) -> str | None:
    found = None
    for at, name in origins:
        if at <= line:
            found = name
        else:
            break
    return found


@dataclass(slots=True)
class LoadStats:
    documents: int = 0      # non-empty YAML documents read
    objects: int = 0        # Kubernetes objects (List items counted one by one)
    skipped: int = 0        # documents that are not Kubernetes objects


def load_documents(data: bytes, name: str, stats: LoadStats | None = None
                   ) -> Iterator[Document | InputError]:
    """Kubernetes objects of one file or stream, each with its positions; errors as InputError."""
    try:
        text = decode(data)
    except YAMLInputError as exc:
        yield InputError(name, exc.line + 1, exc.column + 1, exc.message)
        return
    origins = helm_origins(data)
    for item in iter_yaml_documents(text, name):
        if isinstance(item, YAMLInputError):
            yield InputError(name, item.line + 1, item.column + 1, item.message)
            return
        index, value, start = item
        if stats is not None:
            stats.documents += 1
        origin = _origin_at(origins, start[0]) if origins else None
        yield from _objects(value, name, index, start, origin, stats)


def _objects(value, name, index, start, origin, stats):
    if not _is_object(value):
        if stats is not None:
            stats.skipped += 1
        return
    kind = value["kind"]
    if kind.endswith("List") and "items" in value:
        items = value["items"]
        if items is None:
            return
        if not isinstance(items, list):
            line, col = locate(value, ("items",), start)
            yield InputError(name, line, col, f"{kind}.items must be a list, not {_type_name(items)}",
                             "items")
            return
        for i, item in enumerate(items):
            if _is_object(item):
                if stats is not None:
                    stats.objects += 1
                yield Document(item, name, index, value, ("items", i), origin, start)
            elif stats is not None:
                stats.skipped += 1
        return
    if stats is not None:
        stats.objects += 1
    yield Document(value, name, index, value, (), origin, start)


def _is_object(value) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("kind"), str)
            and isinstance(value.get("apiVersion"), str))


def _type_name(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a boolean" if isinstance(value, bool) else "a number"


def iter_paths(paths: list[str]) -> Iterator[str]:
    """Files named, and YAML/JSON files below directories named, in a stable order."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = []
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                found.extend(os.path.join(dirpath, f) for f in filenames
                             if f.lower().endswith(_YAML_EXTENSIONS))
            yield from sorted(found)
        else:
            yield path




def parse_single(data: bytes, name: str):
    """The first document of a small YAML/JSON file (profiles, configs), read as safely as manifests."""
    text = decode(data)
    for item in iter_yaml_documents(text, name):
        if isinstance(item, YAMLInputError):
            raise item
        return item[1]
    return None
