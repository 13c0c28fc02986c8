"""Full-text search: FTS5 trigram on SQLite, pg_trgm on PostgreSQL, within what a user sees."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from ducha.cockpit.search import excerpt, search, search_terms
from ducha.cockpit.search_index import ensure_search_index
from ducha.ledger.models import Task

pytestmark = pytest.mark.django_db


def _task_ids(results) -> set[int]:
    return {hit.task_id for hit in results.tasks}


def _report_tasks(results) -> set[int]:
    return {hit.task_id for hit in results.reports}


def test_a_three_character_term_uses_the_index_on_this_engine(cockpit):
    results = search(user=cockpit.world.leader, q="独办事")
    assert _task_ids(results) == {cockpit.world.task_a.pk, cockpit.world.task_b.pk}
    engine = "FTS5" if connection.vendor == "sqlite" else "pg_trgm"
    assert engine in results.method


def test_progress_text_is_searched_too(cockpit):
    results = search(user=cockpit.world.supervisor, q="资金缺口")
    assert _report_tasks(results) == {cockpit.world.task_a.pk}
    hit = results.reports[0]
    assert hit.unit == "测试市甲局" and hit.period == "2026年二季度"
    assert "<mark>资金缺口</mark>" in str(hit.excerpt)


def test_short_terms_fall_back_to_like(cockpit):
    results = search(user=cockpit.world.leader, q="乙局")
    assert results.method == "模糊匹配"
    assert cockpit.world.task_b.pk in _task_ids(results)
    assert cockpit.task_c.pk in _task_ids(results)


def test_every_term_must_occur(cockpit):
    both = search(user=cockpit.world.leader, q="基站 资金")
    assert _report_tasks(both) == {cockpit.world.task_a.pk}
    assert not search(user=cockpit.world.leader, q="基站 无此内容").reports


def test_reporters_find_only_their_own_units_work(cockpit):
    w = cockpit.world
    for_b = search(user=w.reporter_b, q="独办事项")
    assert _task_ids(for_b) == {w.task_b.pk}
    assert not search(user=w.reporter_b, q="资金缺口").reports  # A's report on A's task
    for_a = search(user=w.reporter_a, q="进展")
    assert {h.unit for h in for_a.reports} == {"测试市甲局"}
    assert w.task_b.pk not in _task_ids(search(user=w.reporter_a, q="乙局独办"))


@pytest.mark.parametrize("q", ['"', '""', "%", "_", "*", "NEAR(a b)", "a'b", "-x", "OR",
                               "\\", "事项 AND", "^事", "col:text"])
def test_odd_input_neither_breaks_nor_leaks(cockpit, q):
    results = search(user=cockpit.world.reporter_b, q=q)
    assert cockpit.world.task_a.pk not in _task_ids(results)


def test_percent_and_underscore_are_literal(cockpit):
    Task.objects.filter(pk=cockpit.world.task_b.pk).update(title="完成率100%的事项")
    assert _task_ids(search(user=cockpit.world.leader, q="%")) == {cockpit.world.task_b.pk}
    assert _task_ids(search(user=cockpit.world.leader, q="100%")) == {cockpit.world.task_b.pk}
    assert not search(user=cockpit.world.leader, q="_").tasks


def test_the_index_follows_edits_and_archiving(cockpit):
    task = cockpit.world.task_a
    task.title = "城市更新示范工程"
    task.save()
    assert _task_ids(search(user=cockpit.world.leader, q="示范工程")) == {task.pk}
    assert task.pk not in _task_ids(search(user=cockpit.world.leader, q="甲局独办"))
    Task.objects.filter(pk=task.pk).update(archived_at=timezone.now())
    assert not search(user=cockpit.world.leader, q="示范工程").tasks


def test_repairing_the_index_is_idempotent(cockpit):
    ensure_search_index(connection)
    ensure_search_index(connection)
    assert _task_ids(search(user=cockpit.world.leader, q="会议事项")) == {cockpit.task_c.pk}


def test_the_index_exists_on_this_engine(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'cockpit_%_fts%'"
                           " AND type IN ('table', 'trigger')")
            assert cursor.fetchone()[0] >= 8  # two tables, six triggers (plus shadows)
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE "
                           "'cockpit_%%_trgm'")
            assert len(cursor.fetchall()) == 3
            cursor.execute("EXPLAIN SELECT id FROM ledger_task WHERE title ILIKE '%%城市更新%%'")
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "cockpit_task_title_trgm" in plan or "Seq Scan" in plan


def test_terms_and_excerpts():
    assert search_terms("  养老  服务 养老 ") == ["养老", "服务"]
    assert len(search_terms("a b c d e f g")) == 5
    marked = str(excerpt("前文<b>推进老旧小区改造</b>后文", ["老旧小区"]))
    assert marked == "前文&lt;b&gt;推进<mark>老旧小区</mark>改造&lt;/b&gt;后文"
    long = str(excerpt("甲" * 100 + "关键词" + "乙" * 200, ["关键词"]))
    assert long.startswith("…") and long.endswith("…") and "<mark>关键词</mark>" in long


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables to alter them")
@pytest.mark.django_db(transaction=True)
def test_a_table_rebuild_loses_the_triggers_and_migrate_repairs_them(cockpit):
    from ducha.cockpit.apps import _repair_search_index

    with connection.schema_editor() as editor:
        editor._remake_table(Task)  # what a later AddField on ledger_task does on SQLite
    Task.objects.create(source=cockpit.source_2, title="迁移后新增的示范工程", position=9)
    assert not search(user=cockpit.world.leader, q="示范工程").tasks
    _repair_search_index(using="default")  # runs after every migrate (post_migrate)
    assert [h.title for h in search(user=cockpit.world.leader, q="示范工程").tasks] == [
        "迁移后新增的示范工程"]


def test_older_matches_are_found_when_the_newest_do_not_fill_the_page(cockpit, monkeypatch):
    import ducha.cockpit.search as module

    monkeypatch.setattr(module, "NEWEST_MATCHES", 1)
    every = search(user=cockpit.world.leader, q="独办事")
    assert _task_ids(every) == {cockpit.world.task_a.pk, cockpit.world.task_b.pk}
    page = search(user=cockpit.world.leader, q="独办事", limit=1)
    assert len(page.tasks) == 1 and page.more_tasks
