"""Benchmark the reports and list pages on a large generated ledger: `make bench`.

Builds a throw-away database (a temporary SQLite file, or with DATABASE_URL the PostgreSQL database it names,
created and dropped here: its name must contain "bench"), loads the demo bureau, then bulk-creates a large
ledger for the demo campaign: about --scale records (default 100,000) over study sessions, research visits,
suggestions, enterprise visits (over a few thousand enterprises), enterprise problems, rectifications and
applications, dated over the campaign's months with weekdays and mid-campaign weeks busier.

Every page is requested through Django's test client as the demo leader: one warm-up, then --repeat timed
requests (median and max; Django's CaptureQueriesContext gives the query count). The monthly workbook of the
busiest month is also built once under tracemalloc for its peak Python memory, then read back for its rows.

    python scripts/bench.py                     # SQLite, 100,000 records
    python scripts/bench.py --scale 10000       # a quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ledger_bench python scripts/bench.py
"""

import argparse
import datetime
import io
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 2000

# Share of the generated total per record type (enterprises and research subjects are registries on top).
SHARES = {
    "study_sessions": 0.14,
    "research_visits": 0.14,
    "suggestions": 0.14,
    "enterprise_visits": 0.30,
    "enterprise_issues": 0.12,
    "rectifications": 0.08,
    "applications": 0.08,
}

FAMILY = "王李张刘陈杨黄赵吴周徐孙朱胡郭何林叶潘季"
GIVEN = ["建国", "晓东", "丽华", "志强", "海燕", "伟", "敏", "静", "磊", "芳", "俊杰", "雪梅", "国平", "春燕", "立新"]
TOWNS = ["鹤城街道", "油竹街道", "瓯南街道", "温溪镇", "山口镇", "船寮镇", "海口镇", "腊口镇", "仁庄镇", "方山乡"]
INDUSTRIES = [
    "通用设备制造业",
    "金属制品业",
    "工艺美术及礼仪用品制造业",
    "电气机械和器材制造业",
    "农副食品加工业",
    "软件和信息技术服务业",
    "橡胶和塑料制品业",
    "黑色金属冶炼和压延加工业",
]
TRADE_NAMES = ["瓯江", "石门", "华鼎", "恒通", "正泰", "青峰", "鹤源", "温溪", "千峰", "石韵", "中孚", "力威", "宏达"]
PRODUCTS = ["阀门", "石雕工艺", "精密铸造", "机电", "食品", "科技", "电子", "新材料", "农业开发", "不锈钢制品"]
PHRASES = [
    "对照党章党规找差距，逐条列出问题清单",
    "围绕科技助农增收开展专题调研",
    "企业反映研发投入不足、高层次人才引进难",
    "宣讲研发费用加计扣除和高新技术企业认定政策",
    "帮助企业对接高校院所，推动技术成果转化",
    "现场了解生产经营情况和技术难题",
    "整理形成问题清单，明确责任人和整改时限",
    "结合主题教育要求，推动调研成果转化为工作举措",
    "与会人员逐一发言，交流学习体会",
    "通报前一阶段工作进展，部署下一步任务",
    "梳理企业诉求，建立问题办理台账",
    "对照初心使命，查找工作作风方面的不足",
]
STUDY_TOPICS = [
    "学习《习近平关于“不忘初心、牢记使命”重要论述选编》",
    "学习党章和《中国共产党纪律处分条例》",
    "专题学习科技创新重要论述",
    "学习党史、新中国史",
    "观看警示教育片并交流",
    "学习先进典型事迹",
]
PLACES = ["局党组会议室", "三楼会议室", "企业会议室", "乡镇便民服务中心", "红色教育基地", "科技特派员工作站"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000, help="records to generate (default 100,000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page (default 5)")
    parser.add_argument("--export-repeat", type=int, default=3, help="timed workbook exports (default 3)")
    parser.add_argument("--seed", type=int, default=2019, help="random seed of the generated ledger")
    parser.add_argument(
        "--import-rows", type=int, default=50_000, help="rows of the timed Excel import (default 50,000; 0 skips it)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (prints where)")
    args = parser.parse_args(argv)
    if args.scale < 100 or args.repeat < 1 or args.export_repeat < 1:
        parser.error("--scale must be at least 100, --repeat and --export-repeat at least 1")
    return args


# --- the throw-away database ---------------------------------------------------------------------


class Database:
    """A temporary SQLite file, or a PostgreSQL database (re)created from DATABASE_URL and dropped after."""

    def __init__(self, workdir: Path):
        self.url = os.environ.get("DATABASE_URL", "")
        self.workdir = workdir
        self.postgres = None
        self.created = False
        if not self.url:
            self.url = f"sqlite:///{workdir / 'bench.sqlite3'}"
            return
        import dj_database_url

        config = dj_database_url.parse(self.url)
        if "postgresql" not in config["ENGINE"]:
            raise SystemExit(f"bench: DATABASE_URL must name a PostgreSQL database (got {config['ENGINE']}).")
        if "bench" not in config["NAME"]:
            # The database is dropped and recreated: refuse anything that could be a real ledger.
            raise SystemExit(f'bench: refusing to drop "{config["NAME"]}": the database name must contain "bench".')
        self.postgres = config

    def _admin(self, statement: str):
        import psycopg2
        from psycopg2 import sql

        c = self.postgres
        connection = psycopg2.connect(
            dbname="postgres", user=c["USER"], password=c["PASSWORD"], host=c["HOST"], port=c["PORT"] or 5432
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL(statement).format(sql.Identifier(c["NAME"])))
        finally:
            connection.close()

    def create(self):
        if self.postgres:
            self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            self._admin("CREATE DATABASE {}")
        self.created = True

    def drop(self):
        if self.postgres:
            from django.db import connections

            connections.close_all()
            for attempt in range(3):
                try:
                    self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                    return
                except Exception as error:  # e.g. the server restarting: say so rather than leave it silently
                    if attempt == 2:
                        print(f"bench: could not drop {self.postgres['NAME']}: {error}", file=sys.stderr)
                    time.sleep(2)

    def where(self) -> str:
        return self.url if self.postgres else str(self.workdir / "bench.sqlite3")


def configure(database_url: str, workdir: Path) -> None:
    """Point Django at the throw-away database and directories; must run before Django is imported."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "1"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["LOG_DIR"] = str(workdir / "logs")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bureau.settings"
    sys.path.insert(0, str(ROOT))


# --- the generated ledger ------------------------------------------------------------------------


def campaign_days(campaign) -> tuple[list[datetime.date], list[float]]:
    """Every day of the campaign with how busy it is: weekdays over weekends, the middle weeks busiest."""
    days, weights = [], []
    length = (campaign.end - campaign.start).days
    for offset in range(length + 1):
        day = campaign.start + datetime.timedelta(days=offset)
        intensity = 0.5 + math.sin(math.pi * offset / max(length, 1))
        holiday = day.month == 10 and day.day <= 7  # the National Day week
        days.append(day)
        weights.append(intensity * (0.15 if day.weekday() >= 5 or holiday else 1.0))
    return days, weights


class Generator:
    def __init__(self, scale: int, seed: int):
        from bureau.models import User
        from campaigns.models import Campaign

        self.rng = random.Random(seed)  # noqa: S311 — reproducible benchmark data, not a secret
        self.scale = scale
        self.leader = User.objects.get(username="leader")
        self.bureau = self.leader.bureau
        self.campaign = Campaign.objects.active_for_bureau(self.bureau.pk)
        self.days, self.weights = campaign_days(self.campaign)
        self.counts: Counter = Counter()

    # small helpers
    def text(self, sentences: int) -> str:
        return "；".join(self.rng.choice(PHRASES) for _ in range(sentences)) + "。"

    def dates(self, n: int) -> list[datetime.date]:
        # Sorted: a ledger is written as the campaign goes, so ids follow dates roughly.
        return sorted(self.rng.choices(self.days, self.weights, k=n))

    def later(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return min(day + datetime.timedelta(days=self.rng.randint(low, high)), self.campaign.end)

    def stamp(self, day: datetime.date) -> datetime.datetime:
        from django.utils import timezone

        moment = datetime.datetime.combine(day, datetime.time(9 + self.rng.randint(0, 8), self.rng.randint(0, 59)))
        return timezone.make_aware(moment)

    def common(self, day: datetime.date) -> dict:
        user = self.rng.choice(self.staff)
        return {
            "bureau": self.bureau,
            "campaign": self.campaign,
            "department_id": user.department_id,
            "recorded_by": user,
            "created_at": self.stamp(day),
        }

    def save(self, model, objects, key):
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.counts[key] += len(created)
        return created

    def share(self, key: str) -> int:
        return max(1, round(self.scale * SHARES[key]))

    # the ledger
    def run(self) -> Counter:
        self.make_staff()
        self.make_registries()
        self.study_sessions()
        visits = self.research_visits()
        self.suggestions(visits)
        enterprise_visits = self.enterprise_visits()
        self.enterprise_issues(enterprise_visits)
        self.rectifications()
        self.applications()
        return self.counts

    def make_staff(self):
        """The demo accounts plus a few dozen colleagues, so breakdowns by person look like an office."""
        from bureau.models import Department, User

        departments = list(Department.objects.filter(bureau=self.bureau))
        extra = []
        for i in range(1, 31):
            user = User(
                username=f"bench{i:02d}",
                last_name=FAMILY[i % len(FAMILY)],
                first_name=GIVEN[i % len(GIVEN)],
                bureau=self.bureau,
                department=departments[i % len(departments)],
            )
            user.set_unusable_password()  # nobody logs in as these
            extra.append(user)
        User.objects.bulk_create(extra)
        self.staff = list(User.objects.filter(bureau=self.bureau, is_active=True))

    def make_registries(self):
        from stdnum.cn import uscc

        from enterprises.models import Enterprise, Policy
        from surveys.choices import SubjectType
        from surveys.models import ResearchSubject, ResearchTopic, subject_key

        enterprises = []
        for i in range(max(100, self.scale // 30)):
            first17 = f"91331121MB{i:07d}"  # MB…: apart from the demo's MA2… codes
            name = f"青田县{self.rng.choice(TRADE_NAMES)}{self.rng.choice(PRODUCTS)}{i:04d}有限公司"
            exports = self.rng.random() < 0.25
            enterprises.append(
                Enterprise(
                    bureau=self.bureau,
                    recorded_by=self.rng.choice(self.staff),
                    name=name,
                    credit_code=first17 + uscc.calc_check_digit(first17),
                    town=self.rng.choice(TOWNS),
                    industry=self.rng.choice(INDUSTRIES),
                    in_high_tech_codes=self.rng.random() < 0.4,
                    exports=exports,
                    export_markets="欧盟、东南亚" if exports else "",
                    contact_person=self.rng.choice(FAMILY) + self.rng.choice(GIVEN),
                    contact_phone=f"1385780{i % 10000:04d}",
                )
            )
        Enterprise.objects.bulk_create(enterprises, batch_size=BATCH)
        self.counts["enterprises"] = len(enterprises)
        self.enterprises = list(Enterprise.objects.filter(bureau=self.bureau).only("pk"))
        # A few enterprises are visited again and again, most now and then.
        self.enterprise_weights = [1 / (rank + 1) ** 0.6 for rank in range(len(self.enterprises))]

        types = SubjectType.values
        subjects = []
        for i in range(max(30, self.scale // 400)):
            subject_type = types[i % len(types)]
            name = f"{self.rng.choice(TOWNS)}{SubjectType(subject_type).label}{i:03d}"
            subjects.append(
                ResearchSubject(bureau=self.bureau, subject_type=subject_type, name=name, name_key=subject_key(name))
            )
        ResearchSubject.objects.bulk_create(subjects, batch_size=BATCH)
        self.counts["research_subjects"] = len(subjects)
        self.subjects = list(ResearchSubject.objects.filter(bureau=self.bureau))
        self.topics = list(ResearchTopic.objects.filter(campaign=self.campaign)) or [None]
        self.policies = list(Policy.objects.filter(bureau=self.bureau))

    def study_sessions(self):
        from campaigns.choices import StudyKind
        from campaigns.models import StudySession

        kinds = StudyKind.values
        sessions = [
            StudySession(
                **self.common(day),
                kind=self.rng.choice(kinds),
                date=day,
                topic=self.rng.choice(STUDY_TOPICS),
                reading_material=self.text(2),
                place=self.rng.choice(PLACES),
                host=self.rng.choice(FAMILY) + self.rng.choice(GIVEN),
                attendance=self.rng.randint(5, 60),
                minutes=self.text(6),
            )
            for day in self.dates(self.share("study_sessions"))
        ]
        self.save(StudySession, sessions, "study_sessions")

    def research_visits(self):
        from surveys.choices import ResearchMethod
        from surveys.models import ResearchVisit

        methods = ResearchMethod.values
        visits = [
            ResearchVisit(
                **self.common(day),
                subject=self.rng.choice(self.subjects),
                date=day,
                place=self.rng.choice(TOWNS),
                method=self.rng.choice(methods),
                topic=self.rng.choice(self.topics),
                people_met=self.rng.randint(1, 30),
                findings=self.text(4),
            )
            for day in self.dates(self.share("research_visits"))
        ]
        return self.save(ResearchVisit, visits, "research_visits")

    def suggestions(self, visits):
        from surveys.choices import SuggestionCategory, SuggestionSource, SuggestionStatus
        from surveys.models import Suggestion

        categories = SuggestionCategory.values
        suggestions = []
        for day in self.dates(self.share("suggestions")):
            source = self.rng.choice([SuggestionSource.SYMPOSIUM, SuggestionSource.VISIT, SuggestionSource.DIRECT])
            visit = None
            if source == SuggestionSource.VISIT:
                visit = self.rng.choice(visits)
                day = visit.date
            status = self.rng.choice(SuggestionStatus.values)
            answered = status in (SuggestionStatus.ANSWERED, SuggestionStatus.ADOPTED, SuggestionStatus.NOT_ADOPTED)
            suggestions.append(
                Suggestion(
                    **self.common(day),
                    date=day,
                    source=source,
                    visit=visit,
                    raised_by=self.rng.choice(FAMILY) + self.rng.choice(GIVEN),
                    content=self.text(3),
                    category=self.rng.choice(categories),
                    status=status,
                    reply=self.text(2) if answered else "",
                    replied_on=self.later(day, 3, 20) if answered else None,
                    not_adopted_reason=self.text(1) if status == SuggestionStatus.NOT_ADOPTED else "",
                )
            )
        suggestions.sort(key=lambda s: s.date)
        self.save(Suggestion, suggestions, "suggestions")

    def enterprise_visits(self):
        from enterprises.choices import VisitPurpose
        from enterprises.models import EnterpriseVisit

        purposes = VisitPurpose.values
        n = self.share("enterprise_visits")
        chosen = self.rng.choices(self.enterprises, self.enterprise_weights, k=n)
        visits = [
            EnterpriseVisit(
                **self.common(day),
                enterprise=enterprise,
                date=day,
                purpose=self.rng.choice(purposes),
                summary=self.text(4),
            )
            for day, enterprise in zip(self.dates(n), chosen, strict=True)
        ]
        visits = self.save(EnterpriseVisit, visits, "enterprise_visits")
        visitors, policies = EnterpriseVisit.visitors.through, EnterpriseVisit.policies.through
        visitor_rows, policy_rows = [], []
        for visit in visits:
            for user in self.rng.sample(self.staff, self.rng.randint(1, 3)):
                visitor_rows.append(visitors(enterprisevisit_id=visit.pk, user_id=user.pk))
            for policy in self.rng.sample(self.policies, min(len(self.policies), self.rng.randint(0, 2))):
                policy_rows.append(policies(enterprisevisit_id=visit.pk, policy_id=policy.pk))
        visitors.objects.bulk_create(visitor_rows, batch_size=BATCH)
        policies.objects.bulk_create(policy_rows, batch_size=BATCH)
        self.counts["visit_visitors"] = len(visitor_rows)
        self.counts["visit_policies"] = len(policy_rows)
        return visits

    def enterprise_issues(self, visits):
        from enterprises.choices import IssueCategory
        from enterprises.models import EnterpriseIssue

        categories = IssueCategory.values
        # pending, in progress, applied for, closed off as solved, closed off as not solvable
        statuses = ["pending", "in_progress", "applied", "resolved", "unresolvable"]
        status_weights = [15, 15, 5, 55, 10]
        issues = []
        for day in self.dates(self.share("enterprise_issues")):
            visit, enterprise = None, self.rng.choice(self.enterprises)
            if self.rng.random() < 0.6:  # most problems come up on a visit
                visit = self.rng.choice(visits)
                day, enterprise = visit.date, visit.enterprise
            status = self.rng.choices(statuses, status_weights)[0]
            closed = status in ("resolved", "unresolvable")
            issues.append(
                EnterpriseIssue(
                    **self.common(day),
                    enterprise=enterprise,
                    visit=visit,
                    date=day,
                    description=self.text(2),
                    category=self.rng.choice(categories),
                    owner=self.rng.choice(self.staff),
                    deadline=day + datetime.timedelta(days=self.rng.randint(15, 60)),
                    status="closed" if closed else status,
                    outcome=status if closed else "",
                    resolution=self.text(2) if status == "resolved" else "",
                    unresolved_reason=self.text(1) if status == "unresolvable" else "",
                    closed_on=self.later(day, 1, 40) if closed else None,
                )
            )
        issues.sort(key=lambda issue: issue.date)
        self.save(EnterpriseIssue, issues, "enterprise_issues")

    def rectifications(self):
        from bureau.ledger.lifecycle import WorkState
        from campaigns.choices import RectificationSource
        from campaigns.models import Rectification

        sources = RectificationSource.values
        statuses, status_weights = list(WorkState.values), [15, 25, 35, 25]
        rows = []
        for day in self.dates(self.share("rectifications")):
            status = self.rng.choices(statuses, status_weights)[0]
            done = status in (WorkState.APPLIED, WorkState.CLOSED)
            rows.append(
                Rectification(
                    **self.common(day),
                    source=self.rng.choice(sources),
                    date=day,
                    problem=self.text(2),
                    measure=self.text(2),
                    owner=self.rng.choice(self.staff),
                    deadline=day + datetime.timedelta(days=self.rng.randint(7, 60)),
                    status=status,
                    immediate=self.rng.random() < 0.3,
                    closed_on=self.later(day, 1, 45) if status == WorkState.CLOSED else None,
                    result=self.text(1) if done else "",
                )
            )
        self.save(Rectification, rows, "rectifications")

    def applications(self):
        from enterprises.choices import ApplicationKind, ApplicationStatus
        from enterprises.models import Application

        kinds = ApplicationKind.values
        statuses, status_weights = list(ApplicationStatus.values), [25, 40, 25, 10]
        rows = []
        for day in self.dates(self.share("applications")):
            status = self.rng.choices(statuses, status_weights)[0]
            filed = status != ApplicationStatus.PREPARING
            decided = status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)
            rows.append(
                Application(
                    **self.common(day),
                    enterprise=self.rng.choice(self.enterprises),
                    kind=self.rng.choice(kinds),
                    year=day.year,
                    status=status,
                    filed_on=day if filed else None,
                    decided_on=self.later(day, 20, 60) if decided else None,
                    helped_by=self.rng.choice(self.staff),
                )
            )
        self.save(Application, rows, "applications")


def analyze():
    """PostgreSQL's autovacuum would have gathered statistics by the time a ledger is this large."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- measuring -----------------------------------------------------------------------------------


def month_counts(campaign) -> Counter:
    """Live records of the campaign per month, over every record type of the monthly workbook."""
    from bureau.ledger.month import Month
    from reports.exporters.monthly import campaign_record_types

    counts: Counter = Counter()
    for record_type in campaign_record_types():
        model = record_type.model
        dates = model.objects.filter(campaign=campaign).values_list(model.date_field, flat=True)
        counts.update(str(Month.of(d)) for d in dates.iterator(chunk_size=BATCH) if d)
    return counts


def request(client, url):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # The capture keeps Django's per-request reset off, so start from an empty log (it holds 9,000 at most).
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {url} answered {response.status_code}")
    count = len(queries.captured_queries)
    return elapsed, count if count < connection.queries_limit else f"≥{count:,}", body


def timed(client, url, repeat):
    request(client, url)  # warm-up: templates compiled, caches filled
    times, queries = [], set()
    for _ in range(repeat):
        elapsed, count, body = request(client, url)
        times.append(elapsed * 1000)
        queries.add(count)
    return statistics.median(times), max(times), "/".join(str(q) for q in sorted(queries, key=str)), body


def import_sheet(campaign, rows: int) -> bytes:
    """A study-session import of `rows` distinct sessions, dated in the campaign's open months."""
    from openpyxl import Workbook

    from bureau.ledger.period_locks import is_locked

    days = [d for d in campaign_days(campaign)[0] if not is_locked(campaign.bureau_id, d)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("学习活动")
    sheet.append(["学习形式", "学习日期", "学习主题", "参加人数"])
    kinds = ["党员集中学习", "专题研讨", "实践教育", "送学上门", "个人自学"]
    for n in range(rows):
        sheet.append([kinds[n % len(kinds)], days[n % len(days)], f"导入测试：学习材料第{n}篇", 5 + n % 30])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed_import(campaign, user, rows: int):
    """(seconds, peak MB, rows saved, file MB) of checking and saving `rows` rows in one import, as 确认导入 does."""
    from bureau.ledger.imports import run_import
    from bureau.ledger.registry import REGISTRY

    content = import_sheet(campaign, rows)
    tracemalloc.start()
    began = time.perf_counter()
    result = run_import(REGISTRY["study-sessions"], io.BytesIO(content), user, campaign=campaign)
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    if result.errors:
        raise SystemExit(f"bench: the generated import was refused: {result.errors[:3]}")
    return seconds, peak, result.saved, len(content) / 2**20


def workbook_rows(content: bytes) -> tuple[int, list[tuple[str, int]]]:
    """Data rows of the record sheets (header excluded) and every sheet's row count."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    sheets = [(sheet.title, sum(1 for _ in sheet.iter_rows(values_only=True))) for sheet in book.worksheets]
    book.close()
    return sum(rows - 1 for _, rows in sheets[1:]), sheets


def pad(text: str, width: int, left: bool) -> str:
    """Align in a terminal: East Asian wide characters take two columns."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    space = " " * max(0, width - shown)
    return text + space if left else space + text


def line(cells, widths) -> str:
    return "  ".join(pad(c, w, i == 0) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))


def fmt(value, digits=0) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}"


def main(argv=None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    database = None
    try:
        database = Database(workdir)
        database.create()
        configure(database.url, workdir)
        return run(args, database)
    finally:
        if database and database.created and args.keep:
            print(f"\nkept the database: {database.where()}")
        elif database and database.created:
            database.drop()
        if not (args.keep and database and not database.postgres):
            shutil.rmtree(workdir, ignore_errors=True)


def run(args, database) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from campaigns.models import Rectification, StudySession
    from enterprises.models import Application, Enterprise, EnterpriseIssue, EnterpriseVisit
    from reports.exporters.monthly import campaign_record_types
    from surveys.models import ResearchVisit, Suggestion

    started, load_before = time.perf_counter(), os.getloadavg()[0]
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    migrated = time.perf_counter()
    # Not logging the insert statements keeps generation fast; the pages below run with DEBUG on (as in development).
    with override_settings(DEBUG=False):
        generator = Generator(args.scale, args.seed)
        generator.run()
        analyze()
    generated = time.perf_counter()

    campaign, leader = generator.campaign, generator.leader
    months = month_counts(campaign)
    busiest, busiest_rows = months.most_common(1)[0]
    campaign_rows = sum(months.values())
    live = {
        "学习活动 study sessions": StudySession.objects.count(),
        "调研走访 research visits": ResearchVisit.objects.count(),
        "意见建议 suggestions": Suggestion.objects.count(),
        "走访企业 enterprise visits": EnterpriseVisit.objects.count(),
        "企业问题 enterprise issues": EnterpriseIssue.objects.count(),
        "整改事项 rectifications": Rectification.objects.count(),
        "资质申报 applications": Application.objects.count(),
        "企业名录 enterprises": Enterprise.objects.count(),
    }

    client = Client()
    client.force_login(leader)
    visits = live["走访企业 enterprise visits"]
    pages = [
        ("summary JSON, whole campaign", "/reports/api/summary/", campaign_rows),
        (f"summary JSON, {busiest}", f"/reports/api/summary/?month={busiest}", campaign_rows),
        (f"dashboard, {busiest}", f"/reports/?month={busiest}", campaign_rows),
        ("list /study-sessions/", "/study-sessions/", live["学习活动 study sessions"]),
        ("list /enterprise-visits/?purpose=policy", "/enterprise-visits/?purpose=policy", visits),
        ("list /enterprise-visits/?q=阀门 (search)", "/enterprise-visits/?q=阀门", visits),
        ("drill-down research.enterprises, campaign", "/reports/indicators/research.enterprises/", visits),
        (
            f"drill-down research.enterprises, {busiest}",
            f"/reports/indicators/research.enterprises/?month={busiest}",
            visits,
        ),
        ("drill-down enterprise.visits, campaign", "/reports/indicators/enterprise.visits/", visits),
    ]
    results = []
    for label, url, rows in pages:
        median, worst, queries, _ = timed(client, url, args.repeat)
        results.append((label, rows, median, worst, queries, None, None, None))

    export_url = f"/reports/export/monthly.xlsx?month={busiest}"
    median, worst, queries, content = timed(client, export_url, args.export_repeat)
    tracemalloc.start()
    request(client, export_url)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    data_rows, sheets = workbook_rows(content)
    results.append(
        (
            f"monthly workbook {busiest} (xlsx)",
            busiest_rows,
            median,
            worst,
            queries,
            len(content) / 2**20,
            peak,
            data_rows,
        )
    )

    if args.import_rows:
        seconds, peak, saved, size = timed_import(campaign, leader, args.import_rows)
        label = f"import {args.import_rows:,} study sessions (check+save)"
        results.append((label, saved, seconds * 1000, seconds * 1000, "-", size, peak, args.import_rows))

    # A drill-down's total is meant to be the dashboard's figure: compare them for the whole campaign.
    summary = client.get("/reports/api/summary/").json()
    figures = {row["key"]: row["value"] for row in summary["indicators"]}
    checks = []
    for key in ("research.enterprises", "enterprise.visits", "study.attendance"):
        page = client.get(f"/reports/indicators/{key}/").content.decode()
        found = re.search(r'id="drilldown-total">\D*([\d,]+)', page)
        total = int(found.group(1).replace(",", "")) if found else None
        listed = page.count('class="drilldown-row"') or page.count('<li class="py-1">')
        checks.append((key, figures[key], total, listed))
    finished = time.perf_counter()

    vendor = connection.vendor
    if vendor == "postgresql":
        version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        import sqlite3

        version = sqlite3.sqlite_version
    print()
    print(f"Campaign Ledger benchmark · {vendor} {version} · {os.cpu_count()} CPUs · Python {sys.version.split()[0]}")
    print(
        f"scale {args.scale:,} · {args.repeat} timed requests per page after one warm-up "
        f"({args.export_repeat} for the workbook) · seed {args.seed}"
    )
    print(
        f"setup: migrate + load_demo {migrated - started:.1f} s · generate {generated - migrated:.1f} s · "
        f"measure {finished - generated:.1f} s · load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    )
    print()
    print("records in the database (live, demo included):")
    live["走访人员/政策 visit links"] = generator.counts["visit_visitors"] + generator.counts["visit_policies"]
    for name, count in live.items():
        print(f"  {pad(name, 32, True)} {count:>9,}")
    print(f"  campaign records by month: {', '.join(f'{m} {n:,}' for m, n in sorted(months.items()))}")
    print(
        f"  busiest month: {busiest} ({busiest_rows:,} records); its workbook: a summary sheet "
        f"and {len(campaign_record_types())} record sheets"
    )
    print()
    header = ("measurement", "db rows", "median ms", "max ms", "queries", "xlsx MB", "peak MB", "xlsx rows")
    widths = (44, 9, 10, 10, 8, 8, 8, 10)
    print(line(header, widths))
    print("  ".join("-" * w for w in widths))
    for label, rows, median, worst, queries, size, peak_mb, xlsx_rows in results:
        cells = (
            label,
            fmt(rows),
            fmt(median, 1),
            fmt(worst, 1),
            queries,
            fmt(size, 2),
            fmt(peak_mb, 1),
            fmt(xlsx_rows),
        )
        print(line(cells, widths))
    print()
    print("db rows: records the measured page reads from (the campaign's records for the summary, dashboard and")
    print("workbook month; the listed table for lists and drill-downs). queries: per request (a/b when it varied).")
    print("peak MB: tracemalloc peak of Python allocations during one more export (lxml's C memory not included).")
    print("import: one run through every row's form, the duplicate check and the save, in one transaction")
    print("(the work of 确认导入; the preview does the same and rolls back).")
    print("For the import, db rows are the rows saved and xlsx rows the rows in the file.")
    print(f"workbook sheets (rows incl. header): {', '.join(f'{title} {rows:,}' for title, rows in sheets)}")
    print()
    print("drill-down totals against the summary (whole campaign):")
    for key, figure, total, listed in checks:
        verdict = "ok" if figure == total else "DIFFERS"
        shown = "?" if total is None else f"{total:,}"
        print(f"  {key:<22} summary {figure:>9,}  drill-down total {shown:>9}  rows listed {listed:>7,}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
