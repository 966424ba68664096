"""Every progress state looks different and says what it is, not by colour alone: in
the mindmap, on Min utveckling and in the circle report, in real Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STATES = ["not_started", "started", "completed", "passed"]
LABELS = {
    "not_started": "Ej påbörjad",
    "started": "Påbörjad",
    "completed": "Klar",
    "passed": "Godkänd",
}
# A state symbol's form, colours left out (shape, how it is filled, what is drawn in
# it), and the colours it is drawn in.
LOOK = """el => {
    const s = getComputedStyle(el), inside = getComputedStyle(el, "::after");
    const white = c => c === "rgb(255, 255, 255)" || c === "rgba(0, 0, 0, 0)";
    const fill = s.backgroundImage.includes("gradient") ? "half"
        : (white(s.backgroundColor) ? "empty" : "solid");
    const gradient = (s.backgroundImage.match(/rgb\\([^)]*\\)/) || [])[0];
    return {
        form: [s.borderRadius, s.clipPath, fill, inside.content].join(" | "),
        colours: [parseFloat(s.borderTopWidth) ? s.borderTopColor : null,
                  white(s.backgroundColor) ? null : s.backgroundColor,
                  gradient].filter(Boolean),
    };
}"""


@pytest.fixture
def progress(demo):
    """Deltagare has started, completed and passed a topic each; the rest not."""
    from django.contrib.auth import get_user_model

    from courses.models import TopicPage
    from progress.activities import activity_for_page
    from progress.recording import Result, record

    user = get_user_model().objects.get(username="deltagare")
    for slug, verb in [
        ("vad-ar-kc", "experienced"),
        ("fordelar", "completed"),
        ("nackdelar", "passed"),
    ]:
        result = Result(score=0.9) if verb == "passed" else None
        topic = TopicPage.objects.get(slug=slug)
        record(user, activity_for_page(topic), verb, result=result)


def luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : -1].split(",")[:3]]
    linear = [
        v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted([luminance(a), luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


def assert_distinct(page, scope: str) -> None:
    """The four states in ``scope`` differ in form, not only in colour, and each
    is drawn in a colour with 3:1 contrast on white and on the map's light blue."""
    looks = {}
    for state in STATES:
        symbol = page.locator(f"{scope} .state-dot--{state}").first
        expect(symbol).to_be_visible()
        looks[state] = symbol.evaluate(LOOK)
    forms = {state: look["form"] for state, look in looks.items()}
    assert len(set(forms.values())) == len(STATES), (scope, forms)
    for state, look in looks.items():
        assert look["colours"], (scope, state)
        for background in ("rgb(255, 255, 255)", "rgb(227, 237, 248)"):
            best = max(contrast(colour, background) for colour in look["colours"])
            assert best >= 3, (scope, state, look, background)


def test_the_mindmap_and_its_legend_show_four_distinct_states(page, progress):
    log_in(page, "deltagare", "deltagare", "/kontaktcenter-i-kommunen/")
    legend = page.get_by_role("list", name="Symboler i kartan")
    for state in STATES:
        expect(legend.locator(f"li:has(.state-dot--{state})")).to_have_text(
            LABELS[state]
        )
    assert_distinct(page, ".legend")
    assert_distinct(page, ".mindmap")
    # The state is in the link's name: text, not only a symbol.
    expect(page.get_by_role("link", name="Nackdelar (godkänd)")).to_be_visible()
    expect(page.get_by_role("link", name="Fördelar (klar)")).to_be_visible()
    expect(page.get_by_role("link", name="Vad är KC? (påbörjad)")).to_be_visible()
    expect(page.get_by_role("link", name="Förstudie (ej påbörjad)")).to_be_visible()


def test_min_utveckling_shows_four_distinct_states_with_their_names(page, progress):
    log_in(page, "deltagare", "deltagare", "/min-utveckling/")
    page.get_by_text("Vad kursen kräver").click()
    assert_distinct(page, ".progress-card")
    for topic, state in [
        ("Vad är KC?", "Påbörjad"),
        ("Fördelar", "Klar"),
        ("Nackdelar", "Godkänd"),
        ("Förstudie", "Ej påbörjad"),
    ]:
        row = page.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=topic, exact=True)
        )
        expect(row.get_by_role("cell").first).to_contain_text(state)


def test_the_circle_report_shows_four_distinct_states_with_their_names(page, progress):
    log_in(page, "cirkelledare", "cirkelledare", "/cirklar/")
    page.get_by_role("link", name="Kontaktcentret – nyanställda hösten 2026").click()
    assert_distinct(page, ".matrix")
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Dana Deltagare")
    )
    cells = row.get_by_role("cell")
    expect(cells.nth(1)).to_have_text("Påbörjad")
    expect(cells.nth(2)).to_have_text("Klar")
    expect(cells.nth(3)).to_have_text("Godkänd (90 %)")
    expect(cells.nth(4)).to_have_text("Ej påbörjad")
