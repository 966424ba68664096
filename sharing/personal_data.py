"""What sharing keeps about a person (the registry: ``ecirkel.personal_data``): who
imported a course. Forgetting them keeps the import without their name."""

from ecirkel import personal_data
from ecirkel.personal_data import Anonymise

personal_data.register(
    "sharing.importedcourse", ["imported_by"], erase=Anonymise(imported_by=None)
)
