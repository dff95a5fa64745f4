"""Hand-made articles for the clustering and stream tests: two earthquakes a week apart (the same kind of event,
told in the same words, told apart only by places, people, numbers and dates) and one unrelated story."""

from __future__ import annotations

import datetime as dt

from factcheck import Document

_QUAKE_A = [
    ("a1", "northwire.example", "2026-03-02",
     "Earthquake of magnitude 6.4 strikes Valdoria\n"
     "A strong earthquake of magnitude 6.4 struck the mountain town of Valdoria on Monday, killing 12 people and "
     "injuring 85, officials said. The quake hit at 4:10 a.m., when most residents were asleep. Governor Elena "
     "Marsh said rescue teams from Port Arlen were searching collapsed homes in the old quarter of Valdoria. "
     "The Nortland Seismic Institute put the epicentre 14 kilometres north of the town."),
    ("a2", "dailyledger.example", "2026-03-02",
     "Deadly quake hits Valdoria\n"
     "At least 12 people died when a 6.4-magnitude earthquake shook Valdoria early on Monday. Governor Elena Marsh "
     "said 85 people were hurt and that soldiers from Port Arlen had joined the rescue. The Nortland Seismic "
     "Institute said the quake struck 14 kilometres north of Valdoria at a depth of 10 kilometres. Aftershocks "
     "rattled the old quarter through the morning."),
    ("a3", "coastpost.example", "2026-03-03",
     "Valdoria counts its dead after earthquake\n"
     "Rescuers in Valdoria pulled two more survivors from the rubble on Tuesday, a day after a magnitude 6.4 "
     "earthquake killed 12 people. Elena Marsh, the regional governor, visited the old quarter, where dozens of "
     "homes collapsed. The Nortland Seismic Institute recorded more than 40 aftershocks. Teams from Port Arlen "
     "brought tents and water for families whose houses were destroyed."),
]
_QUAKE_B = [
    ("b1", "northwire.example", "2026-03-09",
     "Earthquake of magnitude 5.8 shakes Kessin\n"
     "An earthquake of magnitude 5.8 struck the port city of Kessin on Monday, killing 3 people and injuring "
     "40, officials said. The quake hit at 11:25 p.m. Mayor Tomas Reyes said rescue teams were searching "
     "damaged buildings near the harbour of Kessin. The Southmark Geological Survey put the epicentre 30 "
     "kilometres offshore."),
    ("b2", "dailyledger.example", "2026-03-09",
     "Quake kills three in Kessin\n"
     "Three people died when a 5.8-magnitude earthquake shook Kessin late on Monday. Mayor Tomas Reyes said 40 "
     "people were hurt and that the harbour was closed while engineers checked the piers. The Southmark "
     "Geological Survey said the quake struck 30 kilometres offshore at a depth of 22 kilometres. Aftershocks "
     "rattled the city overnight."),
    ("b3", "coastpost.example", "2026-03-10",
     "Kessin harbour reopens after earthquake\n"
     "The harbour of Kessin reopened on Tuesday, a day after a magnitude 5.8 earthquake killed 3 people. Tomas "
     "Reyes, the mayor, said engineers had found the piers safe. The Southmark Geological Survey recorded 15 "
     "aftershocks. Families whose homes were damaged near the harbour spent the night in a sports hall."),
]
_LAUNCH = [
    ("c1", "techdesk.example", "2026-03-04",
     "Orbita unveils its first folding tablet\n"
     "The electronics maker Orbita unveiled its first folding tablet, the Orbita Fold, at a launch event in "
     "Lisbridge on Wednesday. Chief executive Priya Nand said the device would go on sale in April for 1,299 "
     "dollars. Analysts said the screen hinge was the thinnest they had seen."),
    ("c2", "marketwatcher.example", "2026-03-04",
     "Orbita Fold tablet to cost 1,299 dollars\n"
     "Orbita's new folding tablet will sell for 1,299 dollars from April, chief executive Priya Nand told the "
     "launch event in Lisbridge. Shares of Orbita rose 4 percent after the presentation. The Orbita Fold has a "
     "hinge that analysts called the thinnest on the market."),
]


def _docs(rows) -> list[Document]:
    return [Document(id=i, outlet=o, published=dt.date.fromisoformat(p), text=t) for i, o, p, t in rows]


def quake_a() -> list[Document]:
    return _docs(_QUAKE_A)


def quake_b() -> list[Document]:
    return _docs(_QUAKE_B)


def launch() -> list[Document]:
    return _docs(_LAUNCH)


def interleaved() -> list[Document]:
    """The eight articles in publication order (the launch falls between the two quakes)."""
    docs = quake_a() + quake_b() + launch()
    return sorted(docs, key=lambda d: (d.published, d.id))
