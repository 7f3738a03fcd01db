"""Find management cycles among the people of an import, in linear time."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable

_UNSEEN = 0
_ON_PATH = 1
_DONE = 2


def find_cycles(
    *, managers: array[int], starts: Iterable[int], unknown: int = -2, ask: Callable[[int], int] | None = None
) -> list[list[int]]:
    """Return every cycle reached by following *managers* up from *starts*.

    ``managers[node]`` is the node's manager, -1 for none, or *unknown* when
    it must be fetched with *ask* (which may add nodes, growing *managers*).
    Each node is visited at most once across all starts, so the search is
    linear. A cycle is returned in the order the chain of managers runs.
    """
    state = bytearray(len(managers))
    cycles: list[list[int]] = []
    for start in starts:
        if state[start] != _UNSEEN:
            continue
        path: list[int] = []
        node = start
        while node >= 0:
            if node >= len(state):
                state.extend(bytes(len(managers) - len(state)))
            if state[node] != _UNSEEN:
                break
            state[node] = _ON_PATH
            path.append(node)
            manager = managers[node]
            if manager == unknown:
                manager = ask(node) if ask is not None else -1
                managers[node] = manager
            node = manager
        if node >= 0 and state[node] == _ON_PATH:
            cycles.append(path[path.index(node) :])
        for visited in path:
            state[visited] = _DONE
    return cycles
