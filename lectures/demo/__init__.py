"""The demo lecture: files made by make_lecture.py, described here for the loader."""

from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"

LECTURE = {
    "slug": "projektets-steg",
    "title": "Föreläsning: Projektets steg",
    "summary": "Per går igenom stegen i ett KC-projekt: förstudien, resursberäkningen, "
    "processanalysen och kontrakten med förvaltningarna.",
    "description": "<p>En kort föreläsning byggd på bilderna om projektorganisationen. "
    "Följ med i transkriptionen bredvid videon, klicka på en mening för att hoppa dit, "
    "eller sök efter ett ord.</p>",
    "duration": 90.2,
    "video": ASSETS / "projektets-steg.webm",
    "poster": ASSETS / "projektets-steg.png",
    "captions": ASSETS / "projektets-steg.sv.vtt",
    "chapters": ASSETS / "projektets-steg.chapters.json",
}
