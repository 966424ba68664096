"""What the lectures keep about a person: how much of each lecture they watched, and
their viewing sessions (the registry: ``ecirkel.personal_data``)."""

from ecirkel import personal_data
from ecirkel.personal_data import Keep
from progress.personal_data import STATISTICS

personal_data.register("lectures.watchprogress", ["user"], erase=Keep(STATISTICS))
personal_data.register("lectures.viewingsession", ["user"], erase=Keep(STATISTICS))
