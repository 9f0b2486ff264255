"""Small helpers every app's tests share (import from here, never from another app's test module)."""

import io

from PIL import Image


def png_bytes(size=(40, 30)) -> bytes:
    """A real PNG image of `size` pixels."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()
