"""The IAB Content Taxonomy 3.1 tree: the vocabulary every interest is written in.

The package ships its own copy of the IAB Tech Lab file (CC BY 3.0, see
``chatsignals/data/ATTRIBUTION.md``). Node ids are the IAB's own strings ("159",
"8VZQHL"); they are stable across releases and are what advertisers target.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

TAXONOMY_FILE = "content_taxonomy_3.1.tsv"


@dataclass(frozen=True, slots=True)
class TopicNode:
    """One node of the taxonomy: its id, parent, name and the path from the root."""

    id: str
    parent: str | None
    name: str
    path: tuple[str, ...]  # names from tier 1 down to this node

    @property
    def tier1(self) -> str:
        return self.path[0]

    @property
    def depth(self) -> int:
        return len(self.path)


@dataclass(frozen=True)
class Taxonomy:
    """An immutable tree of topic nodes with ancestor and descendant queries."""

    nodes: dict[str, TopicNode]
    children: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str | None, str, tuple[str, ...]]]) -> Taxonomy:
        nodes = {
            node_id: TopicNode(node_id, parent, name, path) for node_id, parent, name, path in rows
        }
        children: dict[str, list[str]] = {}
        for node in nodes.values():
            if node.parent is not None:
                if node.parent not in nodes:
                    raise ValueError(f"node {node.id!r} names unknown parent {node.parent!r}")
                children.setdefault(node.parent, []).append(node.id)
        return cls(nodes, {k: tuple(v) for k, v in children.items()})

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nodes

    def __iter__(self) -> Iterator[TopicNode]:
        return iter(self.nodes.values())

    def __len__(self) -> int:
        return len(self.nodes)

    def get(self, node_id: str) -> TopicNode:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise KeyError(f"unknown IAB Content Taxonomy 3.1 node {node_id!r}") from None

    def ancestors(self, node_id: str) -> tuple[str, ...]:
        """Ids of the node's ancestors, nearest first (the node itself excluded)."""
        out: list[str] = []
        parent = self.get(node_id).parent
        while parent is not None:
            out.append(parent)
            parent = self.nodes[parent].parent
        return tuple(out)

    def lineage(self, node_id: str) -> tuple[str, ...]:
        """The node itself followed by its ancestors."""
        return (node_id, *self.ancestors(node_id))

    def descendants(self, node_id: str) -> frozenset[str]:
        """Ids of every node below ``node_id`` (the node itself excluded)."""
        out: set[str] = set()
        stack = list(self.children.get(node_id, ()))
        while stack:
            current = stack.pop()
            out.add(current)
            stack.extend(self.children.get(current, ()))
        return frozenset(out)

    def is_within(self, node_id: str, ancestor_id: str) -> bool:
        """True when ``node_id`` is ``ancestor_id`` or lies below it."""
        if node_id not in self.nodes:
            return False
        return ancestor_id in self.lineage(node_id)

    def within_any(self, node_id: str, roots: Iterable[str]) -> str | None:
        """The first of ``roots`` that ``node_id`` lies within, or None."""
        lineage = set(self.lineage(node_id)) if node_id in self.nodes else set()
        for root in roots:
            if root in lineage:
                return root
        return None

    def tier1_nodes(self) -> tuple[TopicNode, ...]:
        return tuple(n for n in self.nodes.values() if n.parent is None)


def parse_tsv(text: str) -> Taxonomy:
    """Parse the IAB's tab-separated release file (two header lines, then one node a line)."""
    rows: list[tuple[str, str | None, str, tuple[str, ...]]] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        if line_no <= 2 or not raw.strip():
            continue
        cells = raw.rstrip("\r").split("\t")
        node_id, parent, name = cells[0].strip(), cells[1].strip(), cells[2].strip()
        if not node_id or not name:
            continue
        path = tuple(c.strip() for c in cells[3:7] if c.strip())
        rows.append((node_id, parent or None, name, path or (name,)))
    return Taxonomy.from_rows(rows)


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The bundled Content Taxonomy 3.1, parsed once per process on first use."""
    text = resources.files("chatsignals.data").joinpath(TAXONOMY_FILE).read_text("utf-8")
    return parse_tsv(text)
