"""`python manage.py check_files`: every stored file the database knows, checked on disk.

Closed months' workbooks must exist and still have the SHA-256 recorded at closing; attachments and
their thumbnails must exist, and an attachment must have the size recorded at upload. Each problem is
one line; the exit status is 1 when there is any. Run it after restoring a backup, and from cron.
Lives in reports (not bureau) because month closes are reports' and bureau imports from no app.
"""

import hashlib

from django.core.management.base import BaseCommand, CommandError

from bureau.ledger.attachments import Attachment
from reports.models import MonthClose

CHUNK = 1024 * 1024


def _sha256(field) -> str:
    digest = hashlib.sha256()
    with field.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def workbook_problems(closes):
    for closed in closes:
        if not closed.workbook.storage.exists(closed.workbook.name):
            yield f"月报 {closed} 文件缺失：{closed.workbook.name}"
        elif _sha256(closed.workbook) != closed.sha256:
            yield f"月报 {closed} SHA-256 不一致：{closed.workbook.name}"


def attachment_problems(attachments):
    for item in attachments:
        label = f"附件 #{item.pk}“{item.original_name}”"
        storage = item.file.storage
        if not storage.exists(item.file.name):
            yield f"{label} 文件缺失：{item.file.name}"
        elif (size := storage.size(item.file.name)) != item.size:
            yield f"{label} 大小不符（应为 {item.size} 字节，实为 {size} 字节）：{item.file.name}"
        if item.thumbnail and not item.thumbnail.storage.exists(item.thumbnail.name):
            yield f"{label} 缩略图缺失：{item.thumbnail.name}"


class Command(BaseCommand):
    help = "检查已保存的月报和附件文件：缺失、被改动的文件逐行列出，有问题时以状态 1 退出。"

    def handle(self, *args, **options):
        closes = MonthClose.objects.select_related("campaign").order_by("pk")
        attachments = Attachment.objects.order_by("pk")
        problems = [*workbook_problems(closes.iterator()), *attachment_problems(attachments.iterator())]
        for line in problems:
            self.stdout.write(line)
        checked = f"已检查 {closes.count()} 份月报、{attachments.count()} 个附件"
        if problems:
            raise CommandError(f"{checked}，发现 {len(problems)} 个问题。", returncode=1)
        self.stdout.write(f"{checked}，全部完好。")
