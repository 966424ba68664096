"""The demo installation's local facts: the fictional "Exempelkommun", with a
talsvar menu and opening hours like those in the INNOVETA material (Järfälla's
kundtjänst) and a phone number from the range Sweden's telecom regulator (PTS)
keeps for fiction (08-465 004 00–99). Filled in once, under the key
"localfacts:exempelkommun", and only if the site's facts are still empty: an
installation's own values are never overwritten (a part of ``manage.py load_demo``,
see ``ecirkel.demo``)."""

from wagtail.models import Site

from ecirkel.demo import DemoPart, register

from .models import LocalFact, LocalFacts
from .standard import STANDARD_FACTS

FACTS = {
    "kommun": "Exempelkommun",
    "kontaktcenter": "Kontaktcenter Exempelkommun",
    "telefon": "08-465 004 00",
    "oppettider": "Måndag–torsdag 08.00–16.45\n"
    "Fredag 08.00–16.00\n"
    "Torsdagar har val 1 och 2 öppet till 19.00",
    "talsvar": "1. Äldreomsorg eller funktionsnedsättning\n"
    "2. Socialtjänst\n"
    "3. Förskola, skola, utbildning\n"
    "4. Bygg och miljö, vägar, vatten, avlopp eller avfall\n"
    "5. Kultur och fritid\n"
    "9. Allmänna frågor",
    "medborgarkontor": "Stortorget 1, entréplan, Exempelstad",
    "epost": "kontaktcenter@exempelkommun.example",
    "webbplats": "https://exempelkommun.example/",
}
# A fact of the installation's own, beside the standard ones.
EXTRA = [
    (
        "bygglov_oppettider",
        "bygglovsexpeditionens öppettider",
        "Tisdag och torsdag 10.00–12.00",
    ),
]


def is_empty(setting: LocalFacts) -> bool:
    return not any(
        getattr(setting, fact.name).strip() for fact in STANDARD_FACTS
    ) and not (setting.extra_facts.exists())


def load(loader) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return

    def find():
        setting = LocalFacts.for_site(site)
        return None if is_empty(setting) else setting

    def make():
        setting = LocalFacts.for_site(site)
        for name, value in FACTS.items():
            setattr(setting, name, value)
        setting.save()
        for order, (name, description, value) in enumerate(EXTRA):
            LocalFact.objects.create(
                setting=setting,
                name=name,
                description=description,
                value=value,
                sort_order=order,
            )
        return loader.counted(
            setting, f"Filled in the local facts of “{FACTS['kommun']}”."
        )

    loader.ensure("localfacts:exempelkommun", LocalFacts, find, make)


def summary(loader) -> list[str]:
    setting = loader.objects.get("localfacts:exempelkommun")
    if setting is None:
        return []
    return [
        f"Local facts: {setting.kommun or '–'}, phone {setting.telefon or '–'} "
        "(Settings → Local facts)."
    ]


register(DemoPart("localfacts", load, after=("courses",), summary=summary))
