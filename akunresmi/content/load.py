"""YAML → plain Python data that remembers the line and column of every key and value.

PyYAML's constructor forgets positions and silently accepts duplicate keys, aliases and YAML 1.1
booleans such as `yes`; Humas editors deserve an error at the exact place instead. So we compose
the node graph (libyaml's C parser when present) and build the data ourselves.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import ContentError, ContentErrors
from .syntax import coded_fields, syntax_error

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is present in our pinned environment
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
_TRUE_FALSE = {"true", "false"}
_STR_TAG = "tag:yaml.org,2002:str"
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

Path_ = tuple  # a path into the data: ("services", 0, "name")


@dataclass
class Document:
    """One loaded YAML file: its data, and where each piece of it stands in the file."""

    rel: str
    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def mark(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The 1-based (line, column) of a value, or of its key; the nearest parent if unknown."""
        marks = self.key_marks if key else self.value_marks
        while path:
            if path in marks:
                return marks[path]
            path = path[:-1]
        return self.value_marks.get((), (1, 1))


class DocumentOnDisk(Document):
    """A valid file's document as a build remembers it between builds: its name and where it is, not
    its data and positions (most of what a parsed file weighs, in memory and in the cache folder).
    They are parsed again from the file when asked for, which only a mistake between two files does."""

    def __init__(self, rel: str, path: str, root: str):  # noqa: D107 - no dataclass fields of its own
        self.rel, self.path, self.root = rel, path, root

    def _parsed(self) -> Document:
        try:
            return load_document(Path(self.path), self.rel, Path(self.root))
        except ContentErrors:  # changed since, and now broken: the next build reports it
            return Document(self.rel, {})

    @property  # type: ignore[override]
    def data(self) -> Any:
        return self._parsed().data

    @property  # type: ignore[override]
    def value_marks(self) -> dict[Path_, tuple[int, int]]:
        return self._parsed().value_marks

    @property  # type: ignore[override]
    def key_marks(self) -> dict[Path_, tuple[int, int]]:
        return self._parsed().key_marks


def read_text(path: Path, rel: str, root: Path) -> str:
    """The file's text, or a ContentErrors naming why it cannot be read as our UTF-8 YAML."""
    _check_inside_root(path, rel, root)
    return decode_utf8(_read_bounded(path, rel), rel)


def _read_bounded(path: Path, rel: str) -> bytes:
    """At most MAX_FILE_BYTES of a regular file: a huge file is refused without being read whole."""
    try:
        # O_NONBLOCK: opening a FIFO named like a content file must not wait forever for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ContentErrors([_unreadable(rel, exc)]) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ContentErrors([_unreadable(rel, "reason_directory" if stat.S_ISDIR(st.st_mode) else "reason_special")])
        if st.st_size > MAX_FILE_BYTES:
            raise ContentErrors([_too_large(rel, st.st_size)])
        # One byte more than fstat saw, so that a file grown since is seen and read on, to the bound: a read
        # of MAX_FILE_BYTES + 1 at once allocated a megabyte per file, a tenth of the CPU of reading
        # 20,000 agency files (2026-12-01).
        # Read straight from the descriptor: a buffered file object over a dup of it was three more
        # system calls and an object per file, about half the CPU of reading 20,000 agency files.
        raw = _read_up_to(fd, st.st_size + 1)
        if len(raw) == st.st_size + 1:
            raw += _read_up_to(fd, MAX_FILE_BYTES + 1 - len(raw))
    except OSError as exc:
        raise ContentErrors([_unreadable(rel, exc)]) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise ContentErrors([_too_large(rel, len(raw))])
    return raw


def _read_up_to(fd: int, size: int) -> bytes:
    """`size` bytes from the descriptor, or fewer at the end of the file."""
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(rel: str, size: int) -> ContentError:
    return ContentError(rel, 1, 1, "file_too_large", {"size": size, "limit": MAX_FILE_BYTES},
                        hint_key="hint_file_too_large")


_REASONS = {errno.ENOENT: "reason_missing", errno.EACCES: "reason_permission", errno.EPERM: "reason_permission",
            errno.ELOOP: "reason_link_loop", errno.EISDIR: "reason_directory",
            errno.ENXIO: "reason_special"}  # ENXIO: opening a Unix socket, or a device without a driver


def _unreadable(rel: str, cause: str | OSError) -> ContentError:
    # A catalogue key when we know the cause; the system's own words otherwise.
    reason = cause if isinstance(cause, str) else _REASONS.get(cause.errno, cause.strerror or str(cause))
    hint = "hint_unreadable_not_a_file" if reason in ("reason_directory", "reason_special") else "hint_file_unreadable"
    return ContentError(rel, 1, 1, "file_unreadable", {"reason": (reason,)}, hint_key=hint)


def decode_utf8(raw: bytes, rel: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentErrors([_not_utf8(raw, exc.start, rel)]) from None
    if "\0" in text and text.count("\0") * 4 >= len(text):  # UTF-16 with no byte order mark: valid UTF-8,
        # a NUL after (or before) every Latin letter; a NUL or two in a text are control characters (below)
        raise ContentErrors([_not_utf8(raw, raw.index(b"\0"), rel)])
    # A BOM and CRLF line ends are editor artefacts that change nothing: accept them.
    return text.removeprefix("\ufeff")


def _not_utf8(raw: bytes, at: int, rel: str) -> ContentError:
    line = raw.count(b"\n", 0, at) + 1
    col = at - (raw.rfind(b"\n", 0, at) + 1) + 1
    return ContentError(rel, line, col, "not_utf8", {"byte": f"0x{raw[at]:02x}"}, hint_key="hint_not_utf8")


def _check_inside_root(path: Path, rel: str, root: Path) -> None:
    # As text: Path.resolve and Path.parents took 2.9 s of CPU for 20,000 files, realpath 1.7 s.
    try:
        real = os.path.realpath(path, strict=True)
    except (OSError, RuntimeError):
        return  # missing or looping links are reported by the read itself
    real_root = os.path.realpath(root)
    if real != real_root and not real.startswith(os.path.join(real_root, "")):
        folder = relative_name(Path(root), Path.cwd())  # the content folder: content/ or a region's
        folder = os.path.basename(real_root) if folder == "." else folder
        raise ContentErrors([ContentError(rel, 1, 1, "outside_content", {"folder": folder + "/"},
                                          hint_key="hint_outside_content")])


def load_document(path: Path, rel: str, root: Path) -> Document:
    """Read and parse one YAML file; raise ContentErrors for anything wrong with its syntax."""
    return parse_document(read_text(path, rel, root), rel)


def parse_document(text: str, rel: str) -> Document:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise ContentErrors([syntax_error(exc, rel, text)]) from None
    except yaml.reader.ReaderError as exc:
        raise ContentErrors([_reader_error(exc, rel, text)]) from None
    except yaml.YAMLError as exc:
        raise ContentErrors([ContentError(rel, 1, 1, "yaml_syntax", {}, hint_key="hint_yaml_syntax")]) from None
    doc = Document(rel, None)
    if node is None:
        raise ContentErrors([ContentError(rel, 1, 1, "empty_file", {}, hint_key="hint_empty_file")])
    errors: list[ContentError] = []
    builder = _Builder(doc, errors)
    doc.data = builder.build(node, ())
    hashtag = (" #" in text or "\t#" in text) and _COMMENT_AFTER_TEXT.search(text)  # the regex alone: 57 µs a file
    if hashtag or any(quote in text for quote in _CURLY_OPENINGS):
        errors.extend(_plain_text_slips(node, text, rel))
    if builder.aliased:
        errors.append(_alias_error(text, rel))
    elif "&" in text and _ANCHOR_LIKE.search(text):  # an anchor alone: `short_name: &Dinsos` composes to nothing
        errors.extend(_anchor_errors(text, rel))
    if errors:
        raise ContentErrors(errors)
    return doc


# “KTP hilang”, ‘KTP hilang’ (or „…“ as some keyboards write it): a whole value between curly quotes.
_CURLY_OPENINGS = ("\u201c", "\u2018", "\u201e")
_CURLY_QUOTED = re.compile("([\u201c\u2018\u201e])([^\u201c\u201d\u2018\u2019\u201e\n]*)([\u201d\u2019\u201c])")
# Something, spaces, then # and a word: a tag such as #BloraMaju after a value, which YAML reads as a comment.
_COMMENT_AFTER_TEXT = re.compile(r"[^\s#][ \t]+#[^\s#]")
_HASHTAG_AFTER = re.compile(r"[ \t]+(#\S.*)")  # the rest of the line after a value: where the comment starts


def _plain_text_slips(node: yaml.Node, text: str, rel: str) -> list[ContentError]:
    """An error at each unquoted text that the site would show otherwise than its editor meant:
    - followed on its line by a hashtag (` #BloraMaju`): YAML ends the text there and drops the rest as a
      comment, so the site shows it cut short without a word (a note for editors, `# note`, with a space,
      is left alone);
    - between curly quotes (“KTP hilang”, from a word processor or a chat app): not quotes to YAML, so the
      site shows them around the text."""
    lines = text.splitlines()
    errors: list[ContentError] = []
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, yaml.MappingNode):
            stack.extend(value for pair in item.value for value in pair)
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
        elif not item.style and item.tag == _STR_TAG:  # plain: None, or "" from libyaml
            curly = _CURLY_QUOTED.fullmatch(item.value)
            if curly:
                start = item.start_mark
                # The line to copy has every value on it between curly quotes put between straight ones.
                line = _CURLY_QUOTED.sub(lambda m: json.dumps(m.group(2), ensure_ascii=False), lines[start.line])
                errors.append(ContentError(rel, start.line + 1, start.column + 1, "curly_quotes",
                                           {"quote": f"{curly.group(1)}…{curly.group(3)}"}, hint_key="hint_curly_quotes",
                                           example=line.strip()))
            end = item.end_mark
            rest = lines[end.line][end.column:] if end.line < len(lines) else ""
            cut = _HASHTAG_AFTER.match(rest)
            if cut:
                before = lines[item.start_mark.line][:item.start_mark.column].strip()  # "short_name:", "- "
                cut_off = re.split(r"\s#\s", cut.group(1), maxsplit=1)[0].strip()  # up to a `# note` after it
                if before.lstrip("- ").rstrip(":") in coded_fields():  # `kind: dinas #cek`: a note, then
                    example = f"{before} {item.value} # {cut_off[1:]}"
                else:  # JSON's quoting is YAML's too
                    example = f"{before} {json.dumps(f'{item.value} {cut_off}', ensure_ascii=False)}"
                errors.append(ContentError(rel, end.line + 1, end.column + cut.start(1) + 1, "comment_cuts_text",
                                           {"value": cut_off.split()[0]}, hint_key="hint_comment_cuts_text",
                                           example=example.strip()))
    return sorted(errors, key=lambda e: (e.line, e.col))


def _alias_error(text: str, rel: str) -> ContentError:
    """One error, at the first alias (*name): the composed graph only knows where the anchor is."""
    line = col = 1
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            break
    return ContentError(rel, line, col, "alias_not_allowed", {}, hint_key="hint_alias")


# What could be an anchor: & starting a node (after a space, a line's start or a flow indicator), then a
# name. Only then is the file parsed a second time for it; "Pajak & retribusi" or "R&D" is not one.
_ANCHOR_LIKE = re.compile(r"(?:^|[\s\[{,])&\S", re.MULTILINE)


def _anchor_errors(text: str, rel: str) -> list[ContentError]:
    """An error at the first anchor (&name) that no alias uses: a value written with & first, unquoted."""
    for event in yaml.parse(text, Loader=_Loader):
        if getattr(event, "anchor", None) is not None:
            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            return [ContentError(rel, line, col, "alias_not_allowed", {}, hint_key="hint_special_first_character")]
    return []


def _reader_error(exc: yaml.reader.ReaderError, rel: str, text: str) -> ContentError:
    """A character YAML refuses (a control character such as NUL), located by its position."""
    pos = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return ContentError(rel, line, col, "control_character", {"code": f"U+{code:04X}"},
                        hint_key="hint_control_character")


class _Builder:
    """Turns a composed YAML node graph into Python data, recording every position."""

    def __init__(self, doc: Document, errors: list[ContentError]):
        self.doc = doc
        self.errors = errors
        self.seen: set[int] = set()
        self.aliased = False

    def error(self, node: yaml.Node, message_key: str, hint_key: str | None = None, **params: Any) -> None:
        m = node.start_mark
        self.errors.append(ContentError(self.doc.rel, m.line + 1, m.column + 1, message_key, params,
                                        hint_key=hint_key))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.doc.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        # The composer hands back the very same node for every alias of an anchor; refusing a
        # second visit stops "billion laughs" expansion before it starts.
        if id(node) in self.seen:
            self.aliased = True
            return None
        self.seen.add(id(node))
        # Content is at most four levels deep; stopping far above that keeps the recursion below
        # Python's limit whatever libyaml accepts.
        if len(path) > MAX_DEPTH:
            self.error(node, "too_deep", "hint_too_deep", limit=MAX_DEPTH)
            return None
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            self.error(node, "unknown_tag", "hint_unknown_tag", tag=node.tag)
            return None
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return node.value if node.tag == _STR_TAG else self.build_scalar(node)  # most are text

    def build_mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, "merge_not_allowed", "hint_alias")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "key_not_text", "hint_indentation")
                continue
            key = key_node.value
            if key in result:
                first = self.doc.key_marks[path + (key,)]
                self.error(key_node, "duplicate_key", "hint_duplicate_key", key=key, line=first[0])
                continue
            self.doc.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result

    def build_scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        # Text, numbers, true/false, empty and dates, nothing else: `!!binary` would give bytes, and
        # `!!set` or `!!seq` on a plain value a Python generator, which no schema rule describes.
        if tag not in _SCALAR_TAGS:
            self.error(node, "unknown_tag", "hint_unknown_tag", tag=tag)
            return None
        if tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text: the schema checks their form, as editors do
        if tag == "tag:yaml.org,2002:bool" and node.value.lower() not in _TRUE_FALSE:
            self.error(node, "ambiguous_boolean", "hint_ambiguous_boolean", value=node.value)
            return None
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, IndexError):  # `!!int abc`, or `!!int` with no value: the text as written,
            return node.value  # which the schema then refuses as a number


def discover_files(folder: Path, *endings: str) -> list[Path]:
    """Files in a folder with one of these endings, sorted by ending (in the order given) and then by name,
    so every build sees them in the same order. One listing of the folder, however many endings."""
    try:
        with os.scandir(folder) as entries:
            return files_named(folder, [e.name for e in entries], *endings)
    except (FileNotFoundError, NotADirectoryError):
        return []


def files_named(folder: Path, names: Iterable[str], *endings: str) -> list[Path]:
    """The files of these names that discover_files would list, in its order."""
    by_ending: dict[str, list[Path]] = {ending: [] for ending in endings}
    for name in sorted(n for n in names if n.endswith(endings) and not n.startswith(".")):
        by_ending[next(e for e in endings if name.endswith(e))].append(folder / name)
    return [path for ending in endings for path in by_ending[ending]]


def relative_name(path: Path, base: Path) -> str:
    """The path as shown in messages: relative to the working folder when possible."""
    try:
        return os.path.relpath(path, base).replace(os.sep, "/")
    except ValueError:  # pragma: no cover - different drive on Windows
        return str(path)
