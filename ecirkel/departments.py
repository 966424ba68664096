"""The municipality's departments (förvaltningar) that content is about.

Role-play scenarios are filed under one; other content may be in time. The stored
value is the Swedish name, as it has always been (existing rows and the demo content
keep it); what people read is the translated label.
"""

from django.utils.translation import gettext_lazy as _

DEPARTMENTS = [
    ("Äldreomsorg", _("Elderly care")),
    ("Socialtjänst", _("Social services")),
    ("Förskola/skola", _("Preschool and school")),
    ("Bygg och miljö", _("Building and environment")),
    ("Kultur och fritid", _("Culture and leisure")),
    ("Allmänt", _("General")),
]
