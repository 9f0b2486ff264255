"""Run one hostile request in a fresh process and print its peak memory: the process's high-water
resident set (VmHWM), which counts Pillow's and openpyxl's C allocations that tracemalloc cannot see.
(getrusage's ru_maxrss would not do: Linux carries it over from the parent across exec.)

    python -m tests.hostile.memory_probe SCENARIO DB_FILE

DB_FILE is a migrated SQLite database the probe may change. Prints one JSON line:
{"status": …, "peak_mb": …, "baseline_mb": …, "seconds": …, "text": …}.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEMORY_BOUND_MB = 200


def peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(scenario: str, db_file: str):
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.hostile.bombs import png_of_size, xlsx_dimension_bomb
    from tests.world import BureauFactory, CampaignFactory, DepartmentFactory, UserFactory

    setup_test_environment()
    bureau = BureauFactory(name="青田县科学技术局")
    campaign = CampaignFactory(bureau=bureau)
    department = DepartmentFactory(bureau=bureau, name="高新技术科")
    user = UserFactory(username="owner", bureau=bureau, department=department, role="staff")
    client = Client()
    client.force_login(user)
    session = {
        "campaign": campaign.pk,
        "department": department.pk,
        "kind": "collective",
        "date": "2019-10-15",
        "topic": "学习党章",
        "attendance": "21",
        "attachment_kind": "photo",
    }
    bomb = png_of_size(13000, 13000)
    if scenario.startswith("image:"):
        image_file = scenario.split(":", 1)[1]
        with open(image_file, "rb") as handle:
            payload = handle.read()
    baseline = peak_mb()
    started = time.monotonic()
    if scenario in ("png-bombs-15", "png-bombs-10"):
        count = int(scenario.rsplit("-", 1)[1])
        files = [SimpleUploadedFile(f"炸弹{n}.png", bomb, "image/png") for n in range(count)]
        response = client.post("/study-sessions/new/", {**session, "attachment_files": files})
    elif scenario.startswith("image:"):
        upload = SimpleUploadedFile(os.path.basename(image_file), payload, "application/octet-stream")
        response = client.post("/study-sessions/new/", {**session, "attachment_files": [upload]})
    elif scenario == "import-bomb":
        from bureau.ledger.imports import import_fields
        from bureau.ledger.registry import REGISTRY

        headers = [str(f.label) for _name, f in import_fields(REGISTRY["study-sessions"], user)]
        workbook = xlsx_dimension_bomb(headers, values=("集中学习", "2019-10-15", "学习党章"))
        upload = SimpleUploadedFile("炸弹.xlsx", workbook, "application/octet-stream")
        response = client.post("/imports/", {"kind": "study-sessions", "file": upload})
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    seconds = time.monotonic() - started
    from bureau.ledger.attachments import Attachment

    result = {
        "status": response.status_code,
        "peak_mb": round(peak_mb(), 1),
        "baseline_mb": round(baseline, 1),
        "seconds": round(seconds, 2),
        "attachments": list(Attachment.objects.values_list("original_name", "thumbnail")),
        "text": response.content.decode(errors="replace"),
    }
    print(json.dumps(result, ensure_ascii=False))


def measure(scenario: str, template: Path, tmp_path: Path) -> dict:
    """Run `scenario` in a fresh process on a copy of the migrated database `template`; its JSON line."""
    database = tmp_path / "probe.sqlite3"
    shutil.copy(template, database)
    env = {**os.environ, "LOG_DIR": str(tmp_path / "logs"), "MEDIA_ROOT": str(tmp_path / "media")}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile.memory_probe", scenario, str(database)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main(*sys.argv[1:3])
