from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from circles.models import StudyCircle
from progress.models import Activity, ActivityProgress, Statement


@pytest.mark.django_db
def test_generated_summaries_agree_with_their_statements(catalog):
    call_command(
        "generate_progress_data",
        "--learners",
        "30",
        "--activities",
        "12",
        "--events",
        "600",
        stdout=None,
    )
    assert Activity.objects.filter(course__slug="genererad-kurs").count() == 12
    assert Statement.objects.count() == 600
    assert StudyCircle.objects.filter(name__startswith="Genererad cirkel").count() == 2
    time = defaultdict(int)
    for actor, activity, duration in Statement.objects.values_list(
        "actor_id", "activity_id", "duration"
    ):
        time[(actor, activity)] += duration
    summaries = {
        (row.user_id, row.activity_id): row.time_spent
        for row in ActivityProgress.objects.all()
    }
    assert summaries == dict(time)

    with pytest.raises(CommandError, match="--clear"):
        call_command(
            "generate_progress_data",
            "--learners",
            "1",
            "--activities",
            "1",
            "--events",
            "1",
        )
    call_command("generate_progress_data", "--clear", stdout=None)
    assert not Statement.objects.exists()
    assert not Activity.objects.exists()
