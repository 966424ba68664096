"""StreamField blocks for course content. ``BaseStreamBlock`` is every page body."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock as WagtailImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class ImageBlock(WagtailImageBlock):
    """Wagtail's image block, whose image field is labelled in the editor's language
    (Wagtail leaves it "Image", untranslated). Saved as Wagtail's own block."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("Image")


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a page body (the page title is the h1)."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "courses/blocks/heading_block.html"
        label = _("Heading")
        preview_value = {"text": "Varför ett kontaktcenter?", "level": "h2"}


class FactBoxBlock(blocks.StructBlock):
    """A highlighted box with key figures or a rule to remember."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "link", "ul", "ol"], required=False
    )
    figures = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("value", blocks.CharBlock(label=_("Value"), max_length=30)),
                ("label", blocks.CharBlock(label=_("Explanation"), max_length=160)),
            ],
            label=_("Key figure"),
        ),
        label=_("Key figures"),
        required=False,
        default=[],
    )

    class Meta:
        icon = "pick"
        template = "courses/blocks/fact_box_block.html"
        label = _("Fact box")
        preview_value = {
            "title": "Fakta",
            "text": "<p>Cirka 85 % av samtalen kan besvaras i ett kontaktcenter.</p>",
            "figures": [{"value": "85 %", "label": "av samtalen kan besvaras direkt"}],
        }


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Source"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        template = "courses/blocks/quote_block.html"
        label = _("Quote")
        preview_value = {
            "text": "Telefonen är fortfarande kommunernas viktigaste kontaktyta.",
            "attribution": "Debattartikel om kommunal service",
        }


class LinkBlock(blocks.StructBlock):
    """One link to further reading: a page in E-cirkel or an address elsewhere."""

    title = blocks.CharBlock(label=_("Link text"), max_length=200)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Address"), required=False)
    description = blocks.CharBlock(
        label=_("Description"), max_length=300, required=False
    )

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _(
                            "Choose either a page or an address, "
                            "not both and not neither."
                        )
                    )
                }
            )
        return value


class FurtherReadingBlock(blocks.StructBlock):
    """A list of links for learners who want to go deeper."""

    title = blocks.CharBlock(
        label=_("Title"), max_length=120, default=_("Further reading")
    )
    links = blocks.ListBlock(LinkBlock(), label=_("Links"))

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/further_reading_block.html"
        label = _("Further reading")
        preview_value = {
            "title": "Läs mer",
            "links": [
                {"title": "Sveriges Kommuner och Regioner", "url": "https://skr.se/"}
            ],
        }


class LectureBlock(blocks.StructBlock):
    """A video lecture with its interactive transcript, placed in a page."""

    lecture = blocks.PageChooserBlock(
        label=_("Lecture"), page_type="lectures.LecturePage"
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/lecture_block.html"
        label = _("Lecture")


class QuizBlock(blocks.StructBlock):
    """A quiz from the question bank, started from the page it is placed on."""

    quiz = SnippetChooserBlock("quizzes.Quiz", label=_("Quiz"))

    class Meta:
        icon = "help"
        template = "courses/blocks/quiz_block.html"
        label = _("Quiz")


class RoleplayBlock(blocks.StructBlock):
    """A practice call: solo play from the page, and printable cards for pairs."""

    scenario = SnippetChooserBlock("roleplays.Scenario", label=_("Role-play scenario"))

    class Meta:
        icon = "user"
        template = "courses/blocks/roleplay_block.html"
        label = _("Practice call")


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every content page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        template="courses/blocks/paragraph_block.html",
        preview_value="<p>Ett kontaktcenter är kommunens ena väg in.</p>",
    )
    image = ImageBlock(label=_("Image"), template="courses/blocks/image_block.html")
    fact_box = FactBoxBlock()
    quote = QuoteBlock()
    further_reading = FurtherReadingBlock()
    lecture = LectureBlock()
    quiz = QuizBlock()
    roleplay = RoleplayBlock()
