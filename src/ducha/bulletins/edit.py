"""Editing a drafted section as plain text, and reading the text back into blocks.

The office edits what the document prints: one line per heading, item or paragraph. A line
opening with (一) is a sub-heading; "1.…" (or a line ending in "(责任单位:…)") is an item;
other lines are paragraphs, belonging to the item above them when there is one.
"""

from __future__ import annotations

import re

from ducha.bulletins.document import Item, Paragraph, Section, SubHeading

_SUB = re.compile(r"^[((][一二三四五六七八九十]+[))]")
_ITEM = re.compile(r"^(\d{1,3})[.．、]\s*(.+)$")
_UNITS = re.compile(r"([((](?:责任|牵头|配合)单位[::][^()()]*(?:[((][^()()]*[))][^()()]*)*"
                    r"[))])\s*$")


def section_text(section: Section) -> str:
    """The section's blocks as editable lines."""
    lines: list[str] = []
    for block in section.blocks:
        if isinstance(block, Item):
            lines.append(block.label)
            lines += [p.text for p in block.paragraphs]
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _item(number: int | None, rest: str) -> Item:
    found = _UNITS.search(rest)
    note = found.group(1) if found else ""
    title = rest[: found.start()] if found else rest
    return Item(number=number, title=title.strip(), units_note=note)


def parse_section_text(heading: str, text: str, *, level: int = 1) -> Section:
    """Read edited lines back into a section (the inverse of ``section_text``)."""
    blocks: list[SubHeading | Item | Paragraph] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _SUB.match(line):
            blocks.append(SubHeading(line))
        elif found := _ITEM.match(line):
            blocks.append(_item(int(found.group(1)), found.group(2)))
        elif _UNITS.search(line) and len(line) < 200:
            blocks.append(_item(None, line))
        elif blocks and isinstance(blocks[-1], Item):
            blocks[-1].paragraphs.append(Paragraph(line))
        else:
            blocks.append(Paragraph(line))
    return Section(heading=heading.strip(), level=level, blocks=blocks)
