"""A calendar month: what a report, a close and a lock are about. One place parses and formats "YYYY-MM"."""

import calendar
import datetime
import re
from typing import NamedTuple

from django.utils.translation import gettext as _

_TEXT = re.compile(r"^(\d{4})-(\d{2})$")


# A tuple underneath, so (2019, 11) == Month(2019, 11) and `year, month = m` keep working.
class Month(NamedTuple):
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        """ "2019-11" → Month(2019, 11); anything else raises ValueError with a message for the user."""
        # Full-width digits (２０１９-１０) are what a Chinese input method types: read them as the month.
        match = _TEXT.match(str(text).strip())
        if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2999:
            raise ValueError(_("月份格式应为 YYYY-MM，例如 2019-10。"))
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: datetime.date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def span(cls, start: datetime.date, end: datetime.date) -> list["Month"]:
        """Every month from start's to end's, both included."""
        months, month = [], cls.of(start)
        while month <= cls.of(end):
            months.append(month)
            month = month.next()
        return months

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """How the official workbook and its file name write it (always Chinese): 2019年11月."""
        return f"{self.year}年{self.month}月"

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last(self) -> datetime.date:
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        return self.first, self.last

    def next(self) -> "Month":
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def contains(self, day: datetime.date) -> bool:
        return (day.year, day.month) == self
