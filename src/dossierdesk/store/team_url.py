"""Team archives: a ``postgresql://`` (or ``postgres://``) address instead of a file path.

The address is handed to libpq unchanged, so its conventions apply: the password from
``~/.pgpass`` (or ``PGPASSFILE``), ``service=`` names from ``pg_service.conf``, ``sslmode`` and
``sslrootcert`` as written, the ``PG*`` environment variables for what the address leaves
out. This module imports nothing heavy: the command line checks its argument with it before
it loads SQLAlchemy. A password written in an address is never shown: ``redacted`` drops it
from every title, message and log line, and settings keep only the redacted form.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

TEAM_SCHEMES = ("postgresql", "postgres")
_TEAM = re.compile(r"^\s*(postgresql|postgres)://", re.IGNORECASE)
# Query parameters that may carry a secret.
_SECRET_PARAMS = frozenset({"password", "sslpassword"})


def is_team_url(text: str) -> bool:
    """Whether ``text`` names a team archive (a PostgreSQL address) rather than a file."""
    return bool(_TEAM.match(text))


def redacted(url: str) -> str:
    """``url`` without its password (also one given as ``?password=``)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "postgresql://…"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hosts = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}@{hosts}" if user else hosts
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if k.lower() not in _SECRET_PARAMS]
    # quote, not quote_plus: libpq reads "+" as a plus sign, "%20" as a space.
    query_text = f"?{urlencode(kept, quote_via=quote)}" if kept else ""
    return f"{parts.scheme}://{netloc}{parts.path}{query_text}"
