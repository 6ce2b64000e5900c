"""Read an HTML page the way a browser lays it out: elements, their text, a table's rows.

Notebook 12 drives Flask-Admin through the test client and checks what its pages show:
the columns and rows of a list page, the messages it flashes, a form's CSRF token, the
menu. Regular expressions over HTML break on the first attribute that moves or line that
wraps, and they bury the lesson under patterns. This module parses the page once with the
standard library's ``html.parser`` into a small tree of ``Element`` objects and answers
those questions by tag, class and attribute.

It is no full HTML5 parser (no DOM repair beyond closing an open ``<p>``, ``<li>``,
``<td>``, ``<th>``, ``<tr>`` or ``<option>`` when the next one starts): enough for pages
that templates produce, such as Flask-Admin's and Werkzeug's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements that never have content or an end tag.
VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
#: An element of the key's tag closes the open elements of these tags (``<li>`` after ``<li>``).
IMPLICITLY_CLOSED = {
    "p": {"p"},
    "li": {"li"},
    "option": {"option"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "tr": {"tr", "td", "th"},
}
#: The cells of a table row.
CELLS = ("td", "th")
#: Elements whose content is code, not text a reader sees.
NOT_TEXT = frozenset({"script", "style", "template"})


@dataclass(eq=False)  # two elements are the same only if they are one element
class Element:
    """One HTML element: its tag, its attributes and what it contains, in order."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        """The names in its ``class`` attribute."""
        return self.attrs.get("class", "").split()

    def _strings(self) -> list[str]:
        if self.tag in NOT_TEXT:
            return []
        strings: list[str] = []
        for child in self.children:
            strings.extend([child] if isinstance(child, str) else child._strings())
        return strings

    @property
    def text(self) -> str:
        """The text a reader sees in it, whitespace collapsed (no scripts or styles)."""
        return " ".join("".join(self._strings()).split())

    @property
    def label(self) -> str:
        """Its text or, for an element that shows none (an icon, a checkbox), its titles.

        A screen reader does the same: an icon-only button is read by its ``title``. The
        titles of the element and of everything inside it are joined with `` · ``.
        """
        if text := self.text:
            return text
        titles = [element.attrs["title"] for element in self.iter() if element.attrs.get("title")]
        return " · ".join(titles)

    def iter(self) -> list[Element]:
        """This element and every element inside it, in document order."""
        elements = [self]
        for child in self.children:
            if isinstance(child, Element):
                elements.extend(child.iter())
        return elements

    def find_all(
        self, tag: str | None = None, *, class_: str | None = None, **attrs: str
    ) -> list[Element]:
        """The elements inside this one (not itself) that match, in document order.

        ``tag`` is the tag name (any when ``None``); ``class_`` names classes the element
        must all have (``"alert"``, ``"dropdown-item filter"``); every keyword is an
        attribute the element must have with exactly that value (``name="csrf_token"``).
        """
        wanted = set((class_ or "").split())
        return [
            element
            for element in self.iter()[1:]
            if (tag is None or element.tag == tag)
            and wanted.issubset(element.classes)
            and all(element.attrs.get(name) == value for name, value in attrs.items())
        ]

    def find(self, tag: str | None = None, *, class_: str | None = None, **attrs: str) -> Element:
        """The first element ``find_all`` would return; ``LookupError`` if there is none."""
        found = self.find_all(tag, class_=class_, **attrs)
        if not found:
            raise LookupError(f"no element {tag or '*'} with class {class_!r} and {attrs}")
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("")
        self.open: list[Element] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        closes = IMPLICITLY_CLOSED.get(tag, set())
        while len(self.open) > 1 and self.open[-1].tag in closes:
            self.open.pop()
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return  # an end tag nothing opened is ignored, as browsers do

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse_html(html: str) -> Element:
    """The page as a tree: a root ``Element`` (tag ``""``) holding the top-level elements."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def find_all(
    html: str, tag: str | None = None, *, class_: str | None = None, **attrs: str
) -> list[Element]:
    """The page's elements that match (see ``Element.find_all``), in document order."""
    return parse_html(html).find_all(tag, class_=class_, **attrs)


def texts(
    html: str, tag: str | None = None, *, class_: str | None = None, **attrs: str
) -> list[str]:
    """The text of each matching element, whitespace collapsed (see ``Element.text``)."""
    return [element.text for element in find_all(html, tag, class_=class_, **attrs)]


def table_rows(html: str, *, class_: str | None = None) -> list[list[str]]:
    """The rows of the page's first ``<table>`` (with the classes in ``class_``), as text.

    One list per ``<tr>``, header rows included, one string per ``<td>`` or ``<th>``: the
    cell's ``label`` (its text or, for an icon, its ``title``). A table nested in a cell
    is part of that cell's text, not more rows.
    """
    table = parse_html(html).find("table", class_=class_)
    return [
        [cell.label for cell in row.children if isinstance(cell, Element) and cell.tag in CELLS]
        for row in _rows(table)
    ]


def _rows(element: Element) -> Iterator[Element]:
    """The ``<tr>`` elements of a table, not those of the tables inside its cells."""
    for child in element.children:
        if isinstance(child, Element):
            if child.tag == "tr":
                yield child
            elif child.tag != "table":
                yield from _rows(child)
