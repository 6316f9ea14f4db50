"""How a search match is marked: a marker-pen yellow under dark text, the same in the table's
Match column and in the reader.

Not the palette's selection colour: in the reader, matches drawn in it looked like selected
text, and a selection made among them could not be told from them.
"""

from __future__ import annotations

MATCH_STYLE = "background-color:#fff2a8;color:#000"
