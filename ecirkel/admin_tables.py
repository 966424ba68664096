"""Admin tables that fit a phone.

Wagtail's listing tables keep their columns at every width, and the admin's main
area hides what overflows, so on a 375 px screen the right-hand columns of a wide
table are cut off and cannot be reached (on a phone, and beside the sidebar on a
tablet). A table with ``STACKED`` folds below 75em the way Wagtail's dashboard
listings do (one block per row), and each cell shows its column's label above its
value. The header row stays
for screen readers (visually hidden, shown when a sort link in it has the focus),
so the labels in the cells are hidden from them.

Columns that carry their label: ``LabelledColumn`` and ``LabelledDateColumn``; a
table in a template of its own writes ``<span class="listing__label"
aria-hidden="true">`` into its cells and loads ``MEDIA`` (or ``STYLESHEET``).
"""

from django import forms
from wagtail.admin.ui.tables import Column, DateColumn

STACKED = "listing listing--stacked"
STYLESHEET = "ecirkel/css/admin-tables.css"
MEDIA = forms.Media(css={"all": [STYLESHEET]})


class LabelledColumn(Column):
    cell_template_name = "admin_tables/labelled_cell.html"

    class Media:
        css = {"all": [STYLESHEET]}


class LabelledDateColumn(DateColumn):
    cell_template_name = "admin_tables/labelled_date_cell.html"

    class Media:
        css = {"all": [STYLESHEET]}
