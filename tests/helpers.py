"""Small helpers every app's tests share (import from here, never from another app's test module)."""

import io

from PIL import Image


def png_bytes(size=(40, 30)) -> bytes:
    """A real PNG image of `size` pixels."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def figures(campaign, start=None, end=None) -> dict[str, int]:
    """The catalogue's figures for the campaign's own bureau, dated in [start, end] (default: the campaign)."""
    from reports.indicators import CATALOGUE
    from reports.selectors import Scope, count_indicators

    period = (start or campaign.start, end or campaign.end)
    values = count_indicators(CATALOGUE, Scope.of_bureau(campaign), {"period": period})
    return {key: by_period["period"] for key, by_period in values.items()}


def research_figures(campaign, start=None, end=None) -> dict[str, int]:
    found = figures(campaign, start, end)
    return {name: found[f"research.{name}"] for name in ("departments", "intermediaries", "people_visited")}
