"""Random cell values through the Excel importer of every record type: never an unhandled exception,
and a file with any error saves nothing."""

import datetime
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from bureau.ledger.imports import ImportRefused, import_fields, run_import
from bureau.ledger.registry import REGISTRY
from tests.helpers import SIDE_TABLES, WORK_ITEM_NOTICES, Ledger, created_models, xlsx_bytes
from tests.world import valid_data

from .strategies import integers, text


def cell_text(value: str) -> str:
    # An xlsx cannot hold control characters other than tab and newlines (XML 1.0); openpyxl refuses them.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


cells = st.one_of(
    st.none(),
    text.map(cell_text),
    integers.map(int),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(9999, 12, 31)),
    st.sampled_from(["=1+1", '=HYPERLINK("http://evil.example")', "@SUM(A1)", "是", "否", "、、、", "，"]),
)


def valid_row(slug, world, columns):
    data = valid_data(slug, world)
    row = []
    for name, _field in columns:
        value = data.get(name)
        row.append("、".join(str(v) for v in value) if isinstance(value, list) else value)
    return row


def hostile_rows(valid):
    """One to three rows; in each, every cell is either the valid value or a hostile one."""
    row = st.tuples(*(st.one_of(st.just(v), cells) for v in valid)).map(list)
    return st.lists(row, min_size=1, max_size=3)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [slug for slug, rt in REGISTRY.items() if not rt.admin_only])
def test_random_cells_never_crash_the_importer_and_errors_save_nothing(slug, world, other):
    record_type = REGISTRY[slug]
    user = world.user
    columns = import_fields(record_type, user)
    headers = [str(f.label) for _name, f in columns]
    valid = valid_row(slug, world, columns)

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(rows=hostile_rows(valid), extra_header=st.sampled_from([None, None, None, None, "不存在的列", ""]))
    def import_random(rows, extra_header):
        heads = headers if extra_header is None else [*headers, extra_header]
        content = xlsx_bytes(heads, rows)
        ledger = Ledger()
        try:
            result = run_import(record_type, io.BytesIO(content), user)
        except ImportRefused as refusal:
            assert str(refusal)
            ledger.assert_unchanged()
            return
        if result.errors:
            assert result.saved == 0
            assert all(str(e).startswith(f"row {e.row}, column ") for e in result.errors)
            ledger.assert_unchanged()
        elif result.saved:
            ledger.assert_created(
                *created_models(record_type), count=result.saved, also=(*SIDE_TABLES, *WORK_ITEM_NOTICES)
            )
        else:
            ledger.assert_unchanged()

    import_random()
