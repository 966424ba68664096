"""Demo quizzes on the departments' rules, from the INNOVETA material (in Swedish).

Each question: (key, type, text, details). Details by type:
  single/multiple/true_false: options as (text, right[, feedback])
  matching: pairs (left, right); ordering: items in the right order
  short_text: accepted answers; numeric: (number, tolerance)
"""

TALSVAL = "Talsval"
MENU = [
    "1 Äldreomsorg eller funktionsnedsättning",
    "2 Socialtjänst",
    "3 Förskola, skola, utbildning",
    "4 Bygg och miljö, vägar, vatten, avlopp, avfall",
    "5 Kultur och fritid",
    "9 Allmänna frågor",
]


def menu(right: int, feedback: str):
    return [
        (text, n == right, feedback if n == right else "")
        for n, text in enumerate(MENU)
    ]


QUESTIONS = [
    # Talsvaret i Järfälla: vart går samtalet?
    (
        "talsval-bygglov",
        "single",
        "En person vill veta om hen behöver bygglov för ett garage. Vilket val i talsvaret?",
        {
            "options": menu(3, "Bygglov hör till Bygg och miljö."),
            "tags": ["Bygg och miljö", TALSVAL],
            "explanation": "Bygglov, vägar, vatten, avlopp och avfall: val 4.",
        },
    ),
    (
        "talsval-forskola",
        "single",
        "En förälder undrar över kön till förskolan. Vilket val?",
        {"options": menu(2, ""), "tags": ["Förskola/skola", TALSVAL]},
    ),
    (
        "talsval-hemtjanst",
        "single",
        "En dotter vill ansöka om hemtjänst för sin mamma. Vilket val?",
        {"options": menu(0, ""), "tags": ["Äldreomsorg", TALSVAL]},
    ),
    (
        "talsval-forsorjning",
        "single",
        "Någon frågar hur man söker försörjningsstöd. Vilket val?",
        {
            "options": menu(1, "Socialtjänst: tänk på sekretessen."),
            "tags": ["Socialtjänst", TALSVAL],
        },
    ),
    (
        "talsval-simhall",
        "single",
        "Någon vill veta simhallens öppettider i helgen. Vilket val?",
        {"options": menu(4, ""), "tags": ["Kultur och fritid", TALSVAL]},
    ),
    (
        "talsval-sophamtning",
        "single",
        "Soptunnan har inte tömts. Vilket val?",
        {"options": menu(3, ""), "tags": ["Bygg och miljö", TALSVAL]},
    ),
    (
        "talsval-allmant",
        "numeric",
        "Vilket nummer väljer man i talsvaret för allmänna frågor?",
        {"number": 9, "tolerance": 0, "tags": ["Allmänt"]},
    ),
    (
        "talsval-para",
        "matching",
        "Para ihop ärendet med rätt val i talsvaret.",
        {
            "pairs": [
                ("Ritningar för en tillbyggnad", "4 Bygg och miljö"),
                ("Plats i förskoleklass", "3 Förskola, skola"),
                ("Trygghetslarm för en äldre", "1 Äldreomsorg"),
                ("Bibliotekets öppettider", "5 Kultur och fritid"),
            ],
            "tags": ["Allmänt"],
        },
    ),
    (
        "talsval-torsdag",
        "true_false",
        "På torsdagar har val 1 och 2 öppet till klockan 19.00.",
        {
            "options": [("Sant", True), ("Falskt", False)],
            "tags": ["Allmänt"],
            "explanation": "Äldreomsorg och socialtjänst har kvällsöppet på torsdagar.",
        },
    ),
    # Sekretess och ROSA
    (
        "sekretess-granne",
        "single",
        "Någon ringer och vill veta hur det går med grannens ärende hos socialtjänsten. Vad gör du?",
        {
            "options": [
                (
                    "Berättar vad som står i ärendet om personen låter orolig",
                    False,
                    "Uppgifter i sociala ärenden omfattas av sekretess.",
                ),
                (
                    "Säger att du inte kan lämna ut uppgifter om någon annans ärende och "
                    "berättar hur man gör en orosanmälan om det behövs",
                    True,
                    "",
                ),
                ("Kopplar samtalet direkt till grannen", False, ""),
            ],
            "tags": ["Socialtjänst", "Sekretess"],
            "explanation": "Vissa samtal kräver sekretess, till exempel i sociala ärenden.",
        },
    ),
    (
        "sekretess-trovardig",
        "true_false",
        "En KC-medarbetare får berätta vad som står i ett socialt ärende om den som ringer verkar trovärdig.",
        {
            "options": [("Sant", False), ("Falskt", True)],
            "tags": ["Socialtjänst", "Sekretess"],
        },
    ),
    (
        "sekretess-vilka",
        "multiple",
        "Vilka av de här ärendena omfattas ofta av sekretess?",
        {
            "options": [
                ("Ansökan om försörjningsstöd", True, ""),
                ("Ett barnavårdsärende", True, ""),
                ("Simhallens öppettider", False, "Det är allmän information."),
                ("Var man lämnar grovsopor", False, ""),
            ],
            "tags": ["Socialtjänst", "Sekretess"],
        },
    ),
    (
        "sekretess-handlaggare",
        "single",
        "En person har försökt nå sin socialsekreterare hela veckan. Vad gör du?",
        {
            "options": [
                (
                    "Tar emot ett meddelande och ser till att rätt handläggare ringer upp, "
                    "utan att fråga om detaljer i ärendet",
                    True,
                    "",
                ),
                (
                    "Frågar vad ärendet gäller i detalj så att du kan svara själv",
                    False,
                    "Detaljerna hör till handläggaren, inte till KC.",
                ),
                ("Ber personen ringa SOS Alarm", False, ""),
            ],
            "tags": ["Socialtjänst"],
        },
    ),
    (
        "rosa-ordning",
        "ordering",
        "Ordna kunskapsnivåerna i ROSA från den som tar flest frågor till den som tar de svåraste.",
        {
            "items": ["Generalist i KC", "Specialist i KC", "Expert på förvaltningen"],
            "tags": ["Allmänt", "ROSA"],
        },
    ),
    (
        "rosa-para",
        "matching",
        "Vem tar hand om frågan?",
        {
            "pairs": [
                ("Öppettider för återvinningscentralen", "Generalist i KC"),
                ("Detaljerad fråga om reglerna för bygglov", "Specialist i KC"),
                ("Beslut om bistånd", "Expert på förvaltningen"),
            ],
            "tags": ["Allmänt", "ROSA"],
        },
    ),
    (
        "rosa-namn",
        "short_text",
        "Vad kallas klassificeringen som delar in ärenden i generalist, specialist och expert?",
        {
            "accepted": ["ROSA", "ROSA-klassificeringen", "ROSA-modellen"],
            "tags": ["ROSA"],
        },
    ),
    # Kontaktcenter i siffror
    (
        "siffror-85",
        "numeric",
        "Hur många procent av inkommande samtal är frågor och vägledning som ett KC kan besvara, enligt förstudierna?",
        {"number": 85, "tolerance": 2, "tags": ["Allmänt"]},
    ),
    (
        "siffror-forsta-kontakt",
        "numeric",
        "Målet är att ungefär 70–80 % ska lösas vid första kontakten. Ange ett tal i det intervallet.",
        {"number": 75, "tolerance": 5, "tags": ["Allmänt"]},
    ),
    (
        "siffror-heltid",
        "numeric",
        "En vecka gick åt 37 744 minuter till information och vägledning. Hur många heltidstjänster "
        "är det med 35 timmars arbetsvecka? Avrunda till hela tjänster.",
        {
            "number": 18,
            "tolerance": 0.5,
            "tags": ["Allmänt"],
            "explanation": "37 744 min = 629 timmar; 629 / 35 ≈ 18 tjänster.",
        },
    ),
    (
        "siffror-lulea-signaler",
        "numeric",
        "Luleå Direkt: hur många procent av samtalen till växeln ska besvaras inom tre signaler?",
        {"number": 90, "tolerance": 0, "tags": ["Allmänt"]},
    ),
    (
        "siffror-164",
        "true_false",
        "I en kartläggning hade en person ringt kommunen 164 gånger utan att komma fram.",
        {"options": [("Sant", True), ("Falskt", False)], "tags": ["Allmänt"]},
    ),
    (
        "forstudie-innehall",
        "multiple",
        "Vad brukar en förstudie innehålla?",
        {
            "options": [
                ("Mätning av telefontrafiken", True, ""),
                ("Ett förslag om att införa KC", True, ""),
                ("En beräkning av förväntat resultat", True, ""),
                ("Rekrytering av personal", False, "Det kommer senare i projektet."),
            ],
            "tags": ["Allmänt"],
        },
    ),
    (
        "projektets-steg",
        "ordering",
        "Ordna stegen i ett KC-projekt.",
        {
            "items": [
                "Förstudie",
                "Processanalys",
                "Kontrakt med förvaltningarna",
                "Rekrytering av personal",
                "Utbildning av personalen",
            ],
            "tags": ["Allmänt"],
        },
    ),
    (
        "forstudie-peng",
        "short_text",
        "Vilken analys nämns som exempel på beräkning av förväntat resultat i förstudien?",
        {"accepted": ["PENG", "PENG-analys", "PENG analys"], "tags": ["Allmänt"]},
    ),
    (
        "jonkoping-expert",
        "single",
        "Varför flyttades inte fler processer till KC i Jönköping, enligt utvärderingen?",
        {
            "options": [
                ("Det saknades expertkunskap i KC", True, ""),
                ("Telefonsystemet var för dyrt", False, ""),
                ("Medborgarna ville inte ringa", False, ""),
            ],
            "tags": ["Allmänt"],
        },
    ),
    # Bemötande och kanaler
    (
        "bemotande-upprord",
        "single",
        "Den som ringer är upprörd: hen har försökt nå kommunen många gånger. Vad gör du först?",
        {
            "options": [
                (
                    "Lyssnar, bekräftar att det har varit svårt att komma fram och tar tag i frågan",
                    True,
                    "",
                ),
                (
                    "Förklarar att det inte är ditt fel",
                    False,
                    "Det kan vara sant, men hjälper inte den som ringer.",
                ),
                (
                    "Kopplar vidare direkt",
                    False,
                    "Vartannat vidarekopplat samtal når inte fram.",
                ),
            ],
            "tags": ["Bemötande"],
        },
    ),
    (
        "kanaler-facebook",
        "true_false",
        "Facebook och andra nya kanaler kan ersätta telefonen.",
        {"options": [("Sant", False), ("Falskt", True)], "tags": ["Allmänt"]},
    ),
    (
        "kanaler-vagar",
        "multiple",
        "Vilka vägar in till kommunen bör finnas kvar enligt utvärderingen?",
        {
            "options": [
                ("Besök", True, ""),
                ("Telefon", True, ""),
                ("Brev", True, ""),
                ("Webb och e-tjänster", True, ""),
                ("Bara e-tjänster", False, "Den digitala klyftan finns kvar."),
            ],
            "tags": ["Allmänt"],
        },
    ),
    (
        "kanaler-teletal",
        "short_text",
        "Vad heter tjänsten som ger gratis hjälp under telefonsamtal till personer med tal-, röst- eller språksvårigheter?",
        {"accepted": ["Teletal"], "tags": ["Bemötande"]},
    ),
    (
        "kommuner-para",
        "matching",
        "Para ihop kommunen med dess lösning.",
        {
            "pairs": [
                ("Stockholm", "Äldre direkt"),
                ("Botkyrka", "Medborgarkontor"),
                ("Luleå", "Luleå Direkt"),
                ("Jönköping", "Röststyrd telefonist"),
            ],
            "tags": ["Allmänt"],
        },
    ),
    (
        "lulea-nojda",
        "numeric",
        "Luleå: minst hur många procent nöjda medborgare var målet för 2016?",
        {"number": 80, "tolerance": 0, "tags": ["Allmänt"]},
    ),
    (
        "lulea-kundtjanst",
        "short_text",
        "Vad heter nivån i Luleå Direkt som ligger mellan växeln och handläggarna?",
        {
            "accepted": ["kundtjänst", "kundtjänsten"],
            "fold_diacritics": True,
            "tags": ["Allmänt"],
        },
    ),
]

QUIZZES = [
    {
        "key": "talsvaret",
        "title": "Talsvaret: vart går samtalet?",
        "intro": "Öva på att koppla frågor till rätt val i talsvaret hos [[kommun]].",
        "fixed": ["talsval-para", "talsval-torsdag", "talsval-allmant"],
        "draws": [(TALSVAL, 4)],
        "rules": {"pass_mark": 70, "shuffle_questions": True},
    },
    {
        "key": "sekretess",
        "title": "Sekretess och ROSA",
        "intro": "Vad får KC säga, och vem ska ta hand om frågan?",
        "fixed": [
            "sekretess-granne",
            "sekretess-trovardig",
            "sekretess-vilka",
            "sekretess-handlaggare",
            "rosa-ordning",
            "rosa-para",
            "rosa-namn",
        ],
        "rules": {
            "pass_mark": 80,
            "max_attempts": 3,
            "time_limit": 15,
            "review": "after_pass",
        },
    },
    {
        "key": "siffror",
        "title": "Kontaktcenter i siffror",
        "intro": "Förstudiens siffror och resursberäkningen.",
        "fixed": [
            "siffror-85",
            "siffror-forsta-kontakt",
            "siffror-heltid",
            "siffror-lulea-signaler",
            "siffror-164",
            "forstudie-innehall",
            "projektets-steg",
            "forstudie-peng",
            "jonkoping-expert",
        ],
        "rules": {"pass_mark": 60},
    },
    {
        "key": "bemotande",
        "title": "Bemötande och kanaler",
        "intro": "Den som ringer, och de andra vägarna in.",
        "fixed": [
            "bemotande-upprord",
            "kanaler-facebook",
            "kanaler-vagar",
            "kanaler-teletal",
            "kommuner-para",
            "lulea-nojda",
            "lulea-kundtjanst",
        ],
        "rules": {"pass_mark": 70, "review": "after_last", "max_attempts": 2},
    },
]
