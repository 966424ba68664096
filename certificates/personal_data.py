"""What the certificates keep about a person (the registry: ``ecirkel.personal_data``).
A certificate is a named proof for one person: forgetting them deletes it (its code
no longer verifies)."""

from ecirkel import personal_data
from ecirkel.personal_data import Delete

personal_data.register("certificates.certificate", ["user"], erase=Delete())
