"""Make the demo lecture "Projektets steg" from the slides of seed 001.

    .venv/bin/python lectures/demo/make_lecture.py

Each slide is drawn with Pillow, its text narrated in Swedish by espeak-ng, and ffmpeg
joins the slides and the narration into a small WebM (VP9 + Opus). The WebVTT captions get
one cue per narrated sentence, timed from the length of each sentence's audio, so they
follow the voice. Needs Debian's espeak-ng, ffmpeg and fonts-dejavu-core; the demo loader
uses the committed files and needs none of them.
"""

import json
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the project: run as a script
from lectures.captions import stamp  # noqa: E402

OUTPUT = HERE / "assets"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIZE = (640, 360)

# (slide title, bullet points on the slide, sentences spoken over it)
SLIDES = [
    (
        "Projektets steg",
        [
            "Förstudie",
            "Pilotinförande",
            "Processanalys",
            "Kontrakt med förvaltningarna",
            "Samarbetsorganisation",
            "Teknisk lösning",
            "Organisering, rekrytering, utbildning",
        ],
        [
            "Ett kontaktcenter byggs i ett projekt med ungefär samma steg i alla kommuner.",
            "Det börjar med en förstudie och ett pilotinförande.",
            "Sedan kommer processanalys, kontrakt med förvaltningarna och en samarbetsorganisation.",
            "Till sist teknik, organisation, rekrytering och utbildning av personalen.",
        ],
    ),
    (
        "Förstudien",
        [
            "Mätning av telefontrafiken",
            "Förslag om kontaktcenter",
            "Beräkning, t.ex. PENG-analys",
            "Ca 85 % är frågor och vägledning",
        ],
        [
            "Förstudien startas ofta av kommunens IT-råd.",
            "Man mäter vilka samtal som kommer in, hur länge man väntar och hur många som får svar.",
            "Mätningarna visar nästan alltid samma sak.",
            "Ungefär åttiofem procent av ärendena är frågor och vägledning som ett kontaktcenter kan besvara.",
        ],
    ),
    (
        "Resursåtgång en vecka",
        [
            "4 718 telefonkontakter",
            "37 744 minuter, 8 minuter per ärende",
            "629 timmar",
            "18 heltidstjänster à 35 timmar",
        ],
        [
            "Ett räkneexempel från en kommun.",
            "Under en vecka kom fyratusen sjuhundraarton samtal om information och upplysningar.",
            "Med åtta minuter per ärende blir det sexhundratjugonio timmar.",
            "Det motsvarar arton heltidstjänster, utspridda över alla förvaltningar.",
        ],
    ),
    (
        "Processanalys och kontrakt",
        [
            "Gå igenom varje ärendetyp",
            "Kan KC sköta den?",
            "Klassificera enligt ROSA",
            "Resurser flyttas till KC",
        ],
        [
            "I processanalysen går man igenom varje ärendetyp och avgör om kontaktcentret kan sköta den.",
            "Sedan skriver man kontrakt med varje förvaltning.",
            "Ärendena klassificeras ofta enligt ROSA: generalist, specialist eller expert på förvaltningen.",
            "Kontraktet innebär att resurser flyttas över till kontaktcentret.",
        ],
    ),
]


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603


def concat(listing: Path, *arguments: str) -> str:
    """ffmpeg joining the files ``listing`` names, then ``arguments``."""
    return run(
        "ffmpeg", "-y", "-f", "concat", "-safe", "0", "-i", str(listing), *arguments
    )


def draw_slide(index: int, title: str, bullets: list[str], path: Path) -> None:
    image = Image.new("RGB", SIZE, "#f3f5f8")
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, SIZE[0], 64), fill="#083a69")
    pen.text((24, 16), title, fill="white", font=ImageFont.truetype(BOLD, 30))
    body = ImageFont.truetype(FONT, 22)
    for row, bullet in enumerate(bullets):
        pen.text((36, 88 + row * 36), f"•  {bullet}", fill="#1b1f24", font=body)
    pen.text(
        (SIZE[0] - 70, SIZE[1] - 34),
        f"{index + 1}/{len(SLIDES)}",
        fill="#4a5360",
        font=ImageFont.truetype(FONT, 18),
    )
    image.save(path)


def speak(sentence: str, path: Path) -> float:
    run("espeak-ng", "-v", "sv", "-s", "150", "-w", str(path), sentence)
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def main() -> None:
    OUTPUT.mkdir(exist_ok=True)
    pause = 0.4
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        cues, segments, clock = [], [], 0.0
        for index, (title, bullets, sentences) in enumerate(SLIDES):
            slide = work / f"slide{index}.png"
            draw_slide(index, title, bullets, slide)
            wavs = []
            for number, sentence in enumerate(sentences):
                wav = work / f"s{index}_{number}.wav"
                length = speak(sentence, wav)
                cues.append((clock, clock + length, sentence, number == 0 and title))
                clock += length + pause
                wavs.append(wav)
            segments.append((slide, wavs))
        # One audio track: every sentence followed by a short pause.
        listing = work / "audio.txt"
        silence = work / "pause.wav"
        run(
            "ffmpeg",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=22050:cl=mono",
            "-t",
            str(pause),
            str(silence),
        )
        lines = []
        for _slide, wavs in segments:
            for wav in wavs:
                lines += [f"file '{wav}'", f"file '{silence}'"]
        listing.write_text("\n".join(lines))
        audio = work / "audio.wav"
        concat(listing, "-c", "copy", str(audio))
        # Slides shown for the span of their sentences.
        slides_list = work / "slides.txt"
        entries = []
        cue_index = 0
        for slide, wavs in segments:
            start = cues[cue_index][0]
            cue_index += len(wavs)
            end = cues[cue_index][0] if cue_index < len(cues) else clock
            entries += [f"file '{slide}'", f"duration {end - start:.3f}"]
        entries.append(f"file '{segments[-1][0]}'")
        slides_list.write_text("\n".join(entries))
        video = OUTPUT / "projektets-steg.webm"
        concat(
            slides_list,
            "-i",
            str(audio),
            "-c:v",
            "libvpx-vp9",
            "-b:v",
            "80k",
            "-r",
            "5",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "libopus",
            "-b:a",
            "24k",
            "-shortest",
            str(video),
        )
        poster = OUTPUT / "projektets-steg.png"
        Image.open(segments[0][0]).save(poster)
    vtt = ["WEBVTT", ""]
    chapters = []
    for start, end, text, chapter in cues:
        vtt += [f"{stamp(start)} --> {stamp(end)}", text, ""]
        if chapter:
            chapters.append({"start": round(start, 3), "title": chapter})
    (OUTPUT / "projektets-steg.sv.vtt").write_text("\n".join(vtt), encoding="utf-8")
    (OUTPUT / "projektets-steg.chapters.json").write_text(
        json.dumps(chapters, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    duration = float(
        run(
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
            str(video),
        )
    )
    sys.stdout.write(
        f"Wrote {video} ({video.stat().st_size} bytes, {duration:.1f} s)\n"
    )


if __name__ == "__main__":
    main()
