"""English month names for dates that are printed or cited (PDF pages, citations).

Not ``calendar.month_name``: that follows the C library's locale, which a Qt application sets
from the user's environment, and these texts are English whatever the desktop's language.
"""

from __future__ import annotations

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
