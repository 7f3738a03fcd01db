"""Find management cycles among the people of an import, in linear time."""

from __future__ import annotations

from array import array
from collections.abc import Iterable

_UNSEEN = 0
_ON_PATH = 1
_DONE = 2


def find_cycles(*, managers: array[int], starts: Iterable[int]) -> list[list[int]]:
    """Return every cycle reachable by following *managers* up from *starts*.

    ``managers[node]`` is the node's manager, or -1. Each node is visited at
    most once across all starts, so the whole search is linear. A cycle is
    returned in the order the chain of managers runs.
    """
    state = bytearray(len(managers))
    cycles: list[list[int]] = []
    for start in starts:
        if state[start] != _UNSEEN:
            continue
        path: list[int] = []
        node = start
        while node >= 0 and state[node] == _UNSEEN:
            state[node] = _ON_PATH
            path.append(node)
            node = managers[node]
        if node >= 0 and state[node] == _ON_PATH:
            cycles.append(path[path.index(node) :])
        for visited in path:
            state[visited] = _DONE
    return cycles
