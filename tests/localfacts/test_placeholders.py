"""The placeholder syntax [[name]]: found in any text, replaced by the value,
escaped, line breaks kept, and a missing fact shown, never an error."""

import json

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.safestring import SafeString

from localfacts import placeholders
from localfacts.facts import Facts
from localfacts.placeholders import find, render, render_html

FACTS = Facts(
    {
        "telefon": "08-465 004 00",
        "talsvar": "1. Äldreomsorg\n2. Socialtjänst",
        "elak": '<script>alert("x")</script> & "citat"',
    },
    labels={"bygglov_telefon": "bygglovsenhetens telefonnummer"},
    defined={"telefon", "talsvar", "elak", "bygglov_telefon", "kommun"},
)


def test_find_reads_plain_text_html_and_streamfield_json():
    assert find("Ring [[telefon]] eller [[ talsvar ]].") == {"telefon", "talsvar"}
    assert find("<p>Ring <b>[[telefon]]</b></p>") == {"telefon"}
    stream = json.dumps([{"type": "paragraph", "value": "<p>[[oppettider]]</p>"}])
    assert find(stream) == {"oppettider"}
    assert find(None) == set() and find("") == set()


def test_find_ignores_what_is_not_a_placeholder_name():
    text = "[[Telefon]] [[1tal]] [[två ord]] [telefon] {{ telefon }} [[å]] [[a-b]]"
    assert find(text) == set()
    assert find("[[" + "a" * 50 + "]]") == {"a" * 50}
    assert find("[[" + "a" * 51 + "]]") == set()


def test_render_replaces_each_placeholder_with_its_value():
    assert render("Ring [[telefon]]!", FACTS) == "Ring 08-465 004 00!"
    assert render("Val:\n[[talsvar]]", FACTS) == "Val:\n1. Äldreomsorg\n2. Socialtjänst"


def test_a_learner_reads_a_missing_facts_description_never_the_brackets():
    # A standard fact: its description, in the content's language (Swedish).
    assert render("Ring [[kommun]].", FACTS) == "Ring kommunen."
    # An extra fact: the description its row gives; an unknown name: the name.
    assert render("[[bygglov_telefon]]", FACTS) == "bygglovsenhetens telefonnummer"
    assert render("[[okand_uppgift]]", FACTS) == "okand uppgift"


def test_an_editor_sees_the_placeholder_of_a_missing_fact():
    assert render("Ring [[kommun]].", FACTS, editor=True) == "Ring [[kommun]]."
    html = render_html("<p>[[kommun]]</p>", FACTS, editor=True)
    assert html == (
        '<p><mark class="localfact localfact--missing" data-localfact="kommun">'
        "[[kommun]]</mark></p>"
    )


def test_render_html_escapes_values_and_keeps_their_line_breaks():
    html = render_html("<p>[[elak]]</p><p>[[talsvar]]</p>", FACTS)
    assert isinstance(html, SafeString)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;citat" in html
    assert "<p>1. Äldreomsorg<br>2. Socialtjänst</p>" in html


def test_a_missing_fact_is_a_marked_span_for_learners():
    html = render_html("<p>Ring [[kommun]]</p>", FACTS)
    assert html == (
        '<p>Ring <span class="localfact localfact--missing" data-localfact="kommun">'
        "kommunen</span></p>"
    )


def test_inside_a_tag_a_value_is_plain_escaped_text_on_one_line():
    link = '<a title="[[talsvar]] [[elak]]" href="#">[[telefon]]</a>'
    html = render_html(link, FACTS)
    assert html.startswith('<a title="1. Äldreomsorg 2. Socialtjänst &lt;script&gt;')
    assert "<br>" not in html.split(">")[0] and "<span" not in html.split(">")[0]
    assert html.endswith(">08-465 004 00</a>")
    # Comments are left alone.
    assert render_html("<!-- [[telefon]] -->", FACTS) == "<!-- [[telefon]] -->"


def test_text_without_placeholders_is_returned_as_it_is():
    assert render_html("<p>Hej</p>", FACTS) == "<p>Hej</p>"
    assert render_html(None, FACTS) == "" and render(None, FACTS) == ""


def render_template(source: str, **context) -> str:
    return Template("{% load localfacts %}" + source).render(Context(context))


@pytest.fixture
def request_with_facts(rf: RequestFactory):
    request = rf.get("/")
    request._localfacts = FACTS  # what facts.current keeps on the request
    return request


def test_the_filter_escapes_plain_text_before_putting_in_values(request_with_facts):
    out = render_template(
        "{{ text|localfacts:request }}",
        text="<b>Ring</b> [[telefon]]",
        request=request_with_facts,
    )
    assert out == "&lt;b&gt;Ring&lt;/b&gt; 08-465 004 00"


def test_the_filter_keeps_rich_text_markup_and_works_before_linebreaksbr(
    request_with_facts,
):
    out = render_template(
        "{{ html|localfacts:request }}|{{ text|localfacts:request|linebreaksbr }}",
        html=SafeString("<p><b>[[telefon]]</b></p>"),
        text="Meny:\n[[talsvar]] & mer",
        request=request_with_facts,
    )
    assert out == (
        "<p><b>08-465 004 00</b></p>|"
        "Meny:<br>1. Äldreomsorg<br>2. Socialtjänst &amp; mer"
    )


def test_the_text_filter_is_plain_and_escaped_by_the_template(request_with_facts):
    out = render_template(
        '<option title="{{ text|localfacts_text:request }}">'
        "{{ text|localfacts_text:request }}</option>",
        text="[[talsvar]] [[elak]]",
        request=request_with_facts,
    )
    assert "<script>" not in out and "<br>" not in out
    assert ">1. Äldreomsorg 2. Socialtjänst &lt;script&gt;" in out


def test_the_missing_label_of_a_standard_fact_is_swedish_whatever_the_visitor_chose():
    from django.utils import translation

    with translation.override("en"):
        assert placeholders.render("[[telefon]]", Facts()) == (
            "kontaktcentrets telefonnummer"
        )
