"""Every string marked for translation has its English text, and the compiled catalog is current."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "locale" / "en" / "LC_MESSAGES"
SOURCES = ["bureau", "campaigns", "surveys", "enterprises", "reports", "templates", "static", "locale", "manage.py"]


@pytest.fixture(scope="module")
def fresh_catalog(tmp_path_factory):
    """The English catalog as makemessages extracts it from the code now."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("CI must check translations, but gettext is missing")
        pytest.skip("gettext is not installed")
    work = tmp_path_factory.mktemp("messages")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__", "vendor"))
        elif source.exists():
            shutil.copy(source, work / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v", "0"],
        cwd=work,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bureau.settings"},
        timeout=300,
    )
    return polib.pofile(str(work / "locale" / "en" / "LC_MESSAGES" / "django.po"))


def test_every_marked_string_has_english(fresh_catalog):
    missing = [entry.msgid for entry in fresh_catalog if not entry.translated() and not entry.obsolete]
    assert missing == [], f"{len(missing)} strings lack English; run `make messages` and translate them"


def test_compiled_catalog_matches_the_po_file():
    po = polib.pofile(str(CATALOG / "django.po"))
    with open(CATALOG / "django.mo", "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert mo._catalog.get(key) == entry.msgstr, f"django.mo is stale for {entry.msgid!r}: run `make messages`"
