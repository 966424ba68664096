"""Used by data migrations: move a reusable activity's statements to the activity of
the page each attempt was taken on, and rebuild the summaries from the statements.

Works on historical models (``apps``), so it stays valid as the models change.
"""

import uuid

# Mirrors progress.recording: the state each verb reaches, and the verbs that finish.
_STATE = {
    "experienced": "started",
    "progressed": "started",
    "attempted": "started",
    "completed": "completed",
    "failed": "completed",
    "passed": "passed",
}
_RANK = {"not_started": 0, "started": 1, "completed": 2, "passed": 3}
_FINISHING = {"completed", "failed", "passed"}


def _page_uuid(apps, page):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.get(pk=page.content_type_id)
    specific = apps.get_model(content_type.app_label, content_type.model)
    row = specific.objects.filter(pk=page.pk).first()
    return getattr(row, "uuid", None) or page.translation_key


def _course_id(apps, page):
    CoursePage = apps.get_model("courses", "CoursePage")
    for course in CoursePage.objects.all():
        if page.path.startswith(course.path):
            return course.pk
    return None


def rebuild_summary(apps, user_id, activity) -> None:
    Statement = apps.get_model("progress", "Statement")
    ActivityProgress = apps.get_model("progress", "ActivityProgress")
    rows = list(
        Statement.objects.filter(actor_id=user_id, activity=activity).order_by(
            "timestamp"
        )
    )
    ActivityProgress.objects.filter(user_id=user_id, activity=activity).delete()
    if not rows:
        return
    summary = ActivityProgress(user_id=user_id, activity=activity)
    for row in rows:
        state = _STATE[row.verb]
        if row.completion and _RANK[state] < _RANK["completed"]:
            state = "completed"
        if _RANK[state] > _RANK[summary.state]:
            summary.state = state
        if row.score is not None and (
            summary.best_score is None or row.score > summary.best_score
        ):
            summary.best_score = row.score
        summary.time_spent += row.duration
        summary.attempts += row.verb in _FINISHING
        summary.first_visit = summary.first_visit or row.timestamp
        summary.last_visit = row.timestamp
        if _RANK[summary.state] >= _RANK["completed"] and not summary.completed_at:
            summary.completed_at = row.timestamp
    summary.save()


def split_by_placement(apps, kind: str, attempt_model: str, content_field: str):
    """For every ``kind`` activity: statements of attempts taken on a page go to that
    page's placement activity; the old activity keeps the rest (observed sessions, or
    attempts without a page)."""
    Activity = apps.get_model("progress", "Activity")
    Statement = apps.get_model("progress", "Statement")
    Page = apps.get_model("wagtailcore", "Page")
    Attempt = apps.get_model(*attempt_model.split("."))
    for old in list(Activity.objects.filter(kind=kind)):
        attempts = Attempt.objects.filter(
            **{f"{content_field}__uuid": old.content_uuid}, page__isnull=False
        ).values_list("uuid", "page_id")
        by_page: dict[int, list[str]] = {}
        for attempt_uuid, page_id in attempts:
            by_page.setdefault(page_id, []).append(str(attempt_uuid))
        if old.page_id and old.page_id not in by_page:
            by_page[old.page_id] = []
        touched = {old.pk: old}
        for page_id, attempt_uuids in by_page.items():
            page = Page.objects.get(pk=page_id)
            key = uuid.uuid5(old.content_uuid, str(_page_uuid(apps, page)))
            if page_id == old.page_id:
                target = old
                Activity.objects.filter(pk=old.pk).update(uuid=key)
            else:
                target, _created = Activity.objects.get_or_create(
                    uuid=key,
                    defaults={
                        "content_uuid": old.content_uuid,
                        "kind": kind,
                        "title": old.title,
                        "page_id": page_id,
                        "course_id": _course_id(apps, page),
                    },
                )
            touched[target.pk] = target
            moved = [
                s.pk
                for s in Statement.objects.filter(activity=old)
                if s.context.get("attempt") in attempt_uuids
            ]
            Statement.objects.filter(pk__in=moved).update(activity=target)
        for activity in touched.values():
            users = set(
                Statement.objects.filter(activity=activity).values_list(
                    "actor_id", flat=True
                )
            ) | set(activity.progress.values_list("user_id", flat=True))
            for user_id in users:
                rebuild_summary(apps, user_id, activity)
