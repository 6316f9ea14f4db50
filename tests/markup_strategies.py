"""Generated HTML for the tests that compare a fast reader with the plain one: nested
elements drawn from a test's own names, attributes and texts."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def markup(
    names: Sequence[str], attributes: Sequence[str], texts: Sequence[str], max_children: int
) -> st.SearchStrategy[str]:
    """An element (with up to two of ``attributes`` and up to ``max_children`` children, four
    levels deep at most) followed by a text, or a text alone."""

    @st.composite
    def element(draw: st.DrawFn, depth: int = 0) -> str:
        if depth > 3 or draw(st.integers(0, 3)) == 0:
            return draw(st.sampled_from(texts))
        name = draw(st.sampled_from(names))
        attrs = " ".join(draw(st.lists(st.sampled_from(attributes), max_size=2)))
        children = draw(st.lists(element(depth + 1), max_size=max_children))
        return f"<{name} {attrs}>{''.join(children)}</{name}>{draw(st.sampled_from(texts))}"

    return element()
