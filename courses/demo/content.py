"""The demo course "Kontaktcenter i kommunen", written from the INNOVETA e-cirkel material.

Plain data: the loader (``courses.demo.loader``) turns it into pages. Each topic has a stable
slug; the UUIDs of the pages are derived from the slugs so that the demo course has the same
identity in every installation. Body blocks are tuples:

    ("h", text)                         a heading
    ("p", html)                         a paragraph of rich text
    ("facts", title, html, [(value, label), ...])
    ("quote", text, source)
    ("links", title, [(link text, "page:slug" or URL, description), ...])
    ("image", image key, alt text)
    ("lecture", lecture slug)           the video lecture (lectures/demo)
    ("quiz", quiz key) / ("roleplay", scenario key)   from quizzes/demo, roleplays/demo

A block added to a topic after the demo was first published is also listed in
ADDED_BLOCKS, and a block rewritten since in REWRITTEN_BLOCKS, so that installations
loaded before get the change once (see the loader).
"""

# Local facts (the localfacts app): where the text names something that differs
# between municipalities – the phone number, the opening hours, the talsvar menu, the
# citizens' office – it says [[telefon]], [[oppettider]] … and each installation shows
# its own values (Settings → Local facts; the demo fills them in for "Exempelkommun").
TALSVAR_FACTS = (
    "facts",
    "Talsvaret i [[kommun]]",
    "<p>Den som ringer [[telefon]] väljer område i talsvaret:</p><p>[[talsvar]]</p>"
    "<p>Många kommuner delar in talsvaret så, efter Järfällas förebild.</p>",
    [],
)
OPENING_HOURS = (
    "p",
    "<p>Kontaktcenter har ofta längre öppettider än förvaltningarna. [[kontaktcenter]] "
    "har öppet:</p><p>[[oppettider]]</p><p>I Jönköping har kontaktcentret öppet 7–17 "
    "på vardagar.</p>",
)
CITIZEN_PERSPECTIVE = (
    "p",
    "<ul><li>Ökad tillgänglighet till kommunens service.</li><li>Personal som är "
    "utbildad inom varje verksamhetsområde och i kommunikation.</li><li>Kunskaper i "
    "andra språk.</li><li>Medborgarkontor där man kan komma personligen, som i "
    "Botkyrka sedan länge.</li><li>Särskilda vägar in för grupper som behöver det, som "
    "”Äldre direkt” i Stockholm.</li></ul>",
)
REACHING_US = (
    "facts",
    "Så når medborgarna [[kommun]]",
    "<p><b>Telefon:</b> [[telefon]]</p><p><b>Öppettider:</b><br>[[oppettider]]</p>"
    "<p><b>Besök:</b> [[medborgarkontor]]</p><p><b>E-post:</b> [[epost]]<br>"
    "<b>Webbplats:</b> [[webbplats]]</p>",
    [],
)

COURSE = {
    "slug": "kontaktcenter-i-kommunen",
    "title": "Kontaktcenter i kommunen",
    "audience": "Nya medarbetare i kommunens kontaktcenter – servicehandläggare, "
    "kommunvägledare och deras chefer – och alla som planerar ett kontaktcenter.",
    "estimated_hours": 6,
    "intro": (
        "<p>Många kommuner har länge haft svårt att svara i telefon. Handläggarna har "
        "telefontid en timme på morgonen, linjerna är upptagna och medborgaren ringer igen "
        "och igen – i en kartläggning hade en person ringt 164 gånger utan att komma fram. "
        "Samtidigt ska kommunerna spara pengar och medborgarna förväntar sig bättre service.</p>"
        "<p>Ett kontaktcenter (KC) löser båda problemen på en gång: en väg in till hela "
        "kommunen, där de flesta frågor får svar direkt. I den här e-cirkeln går vi igenom "
        "vad ett kontaktcenter är, hur man bygger upp det och hur arbetet i det ser ut. "
        "Börja var du vill i ämneskartan – ämnena hänger ihop, och varje sida visar vilka "
        "andra ämnen den har mest gemensamt med.</p>"
    ),
}

CATALOG = {
    "title": "E-cirkel för kommunens kontaktcenter",
    "intro": (
        "<p>Här lär du dig det du behöver för att arbeta i kommunens kontaktcenter: vad ett "
        "kontaktcenter är, förvaltningarnas regler, sekretess och hur du bemöter den som ringer. "
        "Du studerar i din egen takt och tillsammans med din studiecirkel.</p>"
    ),
}

# Topics in the order of the mindmap; "children" nests them.
TOPICS = [
    {
        "slug": "vad-ar-kc",
        "title": "Vad är KC?",
        "summary": "Ett kontaktcenter är kommunens enda väg in: ett nummer dit medborgarna "
        "ringer, mejlar eller chattar och där de flesta frågor får svar direkt.",
        "tags": ["Alla förvaltningar"],
        "body": [
            (
                "p",
                "<p>Ett kontaktcenter, förkortat KC, är <b>en</b> ingång för alla samtal "
                "till kommunen. Frågor av enklare slag besvaras direkt, i telefon, via e-post, "
                "chatt eller vid ett besök. Det som kräver en handläggare eller expert kopplas "
                "vidare till rätt person – medborgaren ska inte behöva leta själv eller slussas "
                "runt mellan avdelningar.</p>",
            ),
            (
                "facts",
                "Nyckeltal att komma ihåg",
                "<p>Förstudierna i olika kommuner visar nästan exakt samma bild.</p>",
                [
                    (
                        "85 %",
                        "av inkommande samtal är frågor och vägledning som ett KC kan svara på",
                    ),
                    (
                        "70–80 %",
                        "av ärendena är målet att lösa redan vid första kontakten",
                    ),
                ],
            ),
            (
                "image",
                "samtalsfordelning",
                "Stapeldiagram: 85 procent av samtalen till kommunen är frågor och vägledning som "
                "ett kontaktcenter kan besvara, 15 procent kräver en handläggare på förvaltningen.",
            ),
            ("h", "Många namn på samma sak"),
            (
                "p",
                "<p>Kommunerna kallar verksamheten kundtjänst, kundcenter, kontaktcenter eller "
                "servicecenter. Medarbetarna kan heta servicehandläggare, kundtjänsthandläggare, "
                "samhällsvägledare eller kommunvägledare. Uppdraget är detsamma: att ge service "
                "utifrån medborgarens behov och perspektiv.</p>",
            ),
            ("h", "Tre nivåer av kunskap"),
            (
                "p",
                "<p>Ärendena sorteras ofta med ROSA-klassificeringen. En <b>generalist</b> i "
                "KC svarar på de vanligaste frågorna inom alla områden. En <b>KC-specialist</b> "
                "kan ett visst område på djupet, till exempel bygglov eller förskola. Det som "
                "kräver beslut eller fördjupad handläggning går till en <b>expert på "
                "förvaltningen</b>. Ibland är det bästa svaret att visa vägen till en e-tjänst "
                "eller en sida på kommunens webbplats.</p>",
            ),
            (
                "quote",
                "Kontaktcenter ska ta hand om de vanligaste, enkla ärendena vid första "
                "kontakten, hitta rätt handläggare när någon behöver mer kvalificerad hjälp och "
                "vägleda till den information och självservice som finns på kommunens hemsida.",
                "Så beskriver Jönköpings kommun sitt kontaktcenter",
            ),
            ("roleplay", "oppettider-atervinning"),
        ],
        "children": [
            {
                "slug": "fordelar",
                "title": "Fördelar",
                "summary": "Medborgaren når kommunen direkt, förvaltningarna får arbetsro och "
                "alla får samma service.",
                "tags": ["Alla förvaltningar"],
                "body": [
                    ("h", "För medborgaren"),
                    (
                        "p",
                        "<ul><li>Ett nummer till hela kommunen, öppet större delen av "
                        "dagen i stället för en kort telefontid.</li><li>Svar direkt på de "
                        "flesta frågor – målet är 70–80 % vid första kontakten.</li><li>Personal "
                        "som är utbildad i att kommunicera och bemöta, och ibland talar flera "
                        "språk.</li></ul>",
                    ),
                    ("h", "För förvaltningarna"),
                    (
                        "p",
                        "<p>Handläggarna slipper att ständigt avbrytas av telefonen och kan "
                        "planera sitt arbete. I en av kommunerna i INNOVETA-projektet "
                        "uppskattades att handläggningstiden i genomsnitt halverades när KC tog "
                        "hand om frågorna.</p>",
                    ),
                    ("h", "För demokratin"),
                    (
                        "p",
                        "<p>Utvärderingen av fem kommuners KC pekar på att ett kontaktcenter "
                        "kan bidra till att medborgarna behandlas lika – förutsatt att kommunen "
                        "behåller andra vägar in och berättar tydligt om dem.</p>",
                    ),
                    (
                        "facts",
                        "I Jönköping",
                        "<p>På frågan om KC gett bättre service svarade "
                        "de intervjuade <b>ja</b>: tack vare personalens sätt att kommunicera, "
                        "bemötandet, servicekänslan och tillgängligheten.</p>",
                        [],
                    ),
                ],
                "related": ["medborgarservice"],
            },
            {
                "slug": "nackdelar",
                "title": "Nackdelar",
                "summary": "Ett KC som inte får mandat, resurser eller hela processer blir ett "
                "extra led i stället för en genväg.",
                "tags": ["Alla förvaltningar"],
                "body": [
                    (
                        "p",
                        "<p>Ett kontaktcenter är ingen självklar framgång. Erfarenheterna "
                        "från svenska kommuner visar några återkommande fallgropar.</p>",
                    ),
                    ("h", "Fallgropar"),
                    (
                        "p",
                        "<ul><li><b>Halvvägs-KC.</b> Många kontaktcenter har inte nått så "
                        "långt som det var tänkt. Beslutet om en väg in fattades, men några år "
                        "senare får KC kämpa för förvaltningarnas stöd, mandat och resurser."
                        "</li><li><b>Inga hela processer.</b> I Jönköping blev svaret på om "
                        "servicen ökat ett ”nja”, eftersom KC bara fått ta över en hel process."
                        "</li><li><b>För lite expertkunskap.</b> Saknas kunskapen i KC flyttas "
                        "färre ärenden dit – och då blir KC mest en växel.</li><li><b>För få "
                        "medarbetare.</b> Flera kommuner säger i efterhand att de underskattade "
                        "bemanningen.</li><li><b>Samtal som studsar.</b> När ett samtal kopplas "
                        "vidare och handläggaren inte svarar måste medborgaren ringa igen.</li></ul>",
                    ),
                    (
                        "facts",
                        "Återanrop",
                        "<p>Ungefär vartannat samtal som kopplas vidare "
                        "till en handläggare eller specialist försvinner eller studsar tillbaka, "
                        "enligt statistik från Luleå – och det motsvarar riksgenomsnittet.</p>",
                        [("1 av 2", "vidarekopplade samtal når inte fram")],
                    ),
                    (
                        "p",
                        "<p>Den som arbetar i KC märker fallgroparna först. Säg till när "
                        "samtal studsar eller när en fråga borde kunna lösas i KC – det är så "
                        "verksamheten blir bättre.</p>",
                    ),
                ],
                "related": ["forankring-av-kc"],
            },
            {
                "slug": "effektivisering",
                "title": "Effektivisering",
                "summary": "Räkna på det: en enda vecka med frågor motsvarar arton "
                "heltidstjänster som i dag är utspridda över förvaltningarna.",
                "tags": ["Alla förvaltningar", "Ekonomi"],
                "body": [
                    (
                        "p",
                        "<p>Kommunerna har stora besparingskrav och vill samtidigt ge bättre "
                        "service. Det låter motsägelsefullt, men telefonfrågorna visar varför det "
                        "går: de flesta frågor kräver ingen högt utbildad handläggare.</p>",
                    ),
                    ("h", "Ett räkneexempel"),
                    (
                        "facts",
                        "En veckas information och vägledning i en kommun",
                        "",
                        [
                            (
                                "4 718",
                                "telefonkontakter om information, upplysningar och "
                                "synpunkter",
                            ),
                            ("8 min", "i genomsnitt per ärende – 37 744 minuter"),
                            ("629 h", "arbetstid under veckan"),
                            ("18", "heltidstjänster, räknat på 35 timmars arbetsvecka"),
                        ],
                    ),
                    (
                        "p",
                        "<p>Arbetstiden finns redan, men den är utspridd över alla "
                        "förvaltningar och splittrar handläggarnas dag. Samlas frågorna i ett KC "
                        "kan de besvaras av personal som är bra på just det, och handläggarna får "
                        "tid för handläggning, fältarbete och planering.</p>",
                    ),
                    ("h", "Effektivisering är också service"),
                    (
                        "p",
                        "<p>Varje samtal som når fram första gången sparar ett nytt samtal. "
                        "När medborgaren slipper ringa om blir det billigare för kommunen och "
                        "bättre för den som ringer.</p>",
                    ),
                    ("quiz", "siffror"),
                ],
                "related": ["forstudie"],
            },
        ],
    },
    {
        "slug": "projektorganisation",
        "title": "Projektorganisation",
        "summary": "Från förstudie till utbildad personal: stegen i ett KC-projekt och "
        "organisationen som håller KC uppdaterat.",
        "tags": ["Kommunledning"],
        "body": [
            ("lecture", "projektets-steg"),
            (
                "p",
                "<p>Ett kontaktcenter byggs i ett projekt som går igenom ungefär samma steg i "
                "alla kommuner:</p><ol><li>Förstudie</li><li>Pilotinförande</li><li>Processanalys"
                "</li><li>Kontrakt med förvaltningarna</li><li>Samarbetsorganisation mellan KC och "
                "förvaltningarna</li><li>Teknisk lösning</li><li>Organisering av KC</li><li>"
                "Rekrytering av personal</li><li>Utbildning av den rekryterade personalen</li></ol>",
            ),
            ("h", "Processanalys"),
            (
                "p",
                "<p>I processanalysen går man igenom varje typ av ärende och avgör om KC kan "
                "sköta det. Ofta passar man på att förbättra processen. Ibland skrivs den nya "
                "processen ner som en checklista; ibland får KC-handläggarna bära den i huvudet – "
                "vilket gör verksamheten sårbar.</p>",
            ),
            ("h", "Kontrakt med förvaltningarna"),
            (
                "p",
                "<p>Efter processanalysen kommer KC och varje förvaltning överens om vilka "
                "ärendetyper KC tar hand om. Ärendena klassificeras, ofta enligt ROSA, så att de "
                "styrs till rätt kompetens. Kontraktet innebär också att resurser flyttas från "
                "förvaltningen till KC.</p>",
            ),
            ("h", "Samarbetsorganisation"),
            (
                "p",
                "<p>Regler ändras hela tiden, och KC måste alltid ha den senaste versionen. "
                "Därför har varje förvaltning en eller två kontaktpersoner för KC. De träffas varje "
                "vecka och stämmer av kort varje dag. KC-personalen gör studiedagar på "
                "förvaltningarna, och ärenden kan flyttas tillbaka eller tillkomma.</p>",
            ),
            (
                "quote",
                "Man kan se kundcentret som förvaltningens förlängda arm.",
                "Ur presentationen om projektorganisationen",
            ),
        ],
        "children": [
            {
                "slug": "forstudie",
                "title": "Förstudie",
                "summary": "Förstudien mäter kommunens telefontrafik och visar hur stor del av "
                "samtalen ett KC skulle kunna ta hand om.",
                "tags": ["Kommunledning"],
                "body": [
                    (
                        "p",
                        "<p>Nästan alla KC har börjat med en förstudie, ofta på initiativ av "
                        "kommunens IT-råd. Förstudien brukar innehålla tre delar:</p><ol><li>"
                        "<b>Mätning av telefontrafiken:</b> vilka sorters samtal som kommer in, "
                        "hur länge man väntar, hur många samtal som besvaras och vem man ringer "
                        "till.</li><li><b>Ett förslag</b> om att införa ett kontaktcenter.</li>"
                        "<li><b>En beräkning</b> av förväntat resultat, till exempel med en "
                        "PENG-analys.</li></ol>",
                    ),
                    (
                        "facts",
                        "Vad mätningarna visar",
                        "<p>Telefonmätningarna ger i stort sett samma resultat varje gång.</p>",
                        [
                            ("85 %", "av ärendena är frågor och vägledning"),
                            (
                                "20 %",
                                "– så liten andel av samtalen besvarades i en kommun som "
                                "kartlades",
                            ),
                        ],
                    ),
                    ("h", "Exemplet Jönköping"),
                    (
                        "p",
                        "<p>I Jönköping började diskussionerna 2006 på IS/IT-avdelningen, i "
                        "samband med att kommunen skulle upphandla telefoni. Då talade man om ett "
                        "”call centre”. Förstudien handlade främst om Tekniska kontoret.</p>",
                    ),
                    (
                        "p",
                        "<p>En förstudie är också ett tillfälle att bjuda in alla "
                        "förvaltningar. Kommuner som fick börja om säger att de hade involverat "
                        "alla förvaltningar tidigare och gjort en konkret plan för vilka ärenden "
                        "KC skulle besvara direkt.</p>",
                    ),
                ],
                "related": ["effektivisering"],
            },
            {
                "slug": "stod-for-utvecklingen",
                "title": "Stöd för utvecklingen",
                "summary": "Kommunerna bygger inte KC ensamma: forskning, samverkan i Sambruk "
                "och nationella kvalitetsmätningar ger stöd.",
                "tags": ["Kommunledning"],
                "body": [
                    (
                        "p",
                        "<p>Bakom utvecklingen av kontaktcenter finns flera drivkrafter: "
                        "kommunerna behöver minska kostnaderna för ärendehandläggningen, tekniken "
                        "gör nya arbetssätt möjliga, och regeringens direktiv om e-förvaltning har "
                        "drivit på. Hur det blir i praktiken beror på varje kommuns förutsättningar."
                        "</p>",
                    ),
                    ("h", "INNOVETA och Sambruk"),
                    (
                        "p",
                        "<p>Den här e-cirkeln har sina rötter i INNOVETA – innovativa "
                        "e-tjänster för kompetensutveckling och verksamhetsstöd för kundservice – "
                        "ett projekt 2009–2011 finansierat av VINNOVA. I projektet arbetade "
                        "Högskolan Väst, kommunernas samverkansorganisation Sambruk och företaget "
                        "Jayway. Forskare utvärderade kontaktcenter i Skellefteå, Botkyrka, "
                        "Stockholms stad, Jönköping och Järfälla.</p>",
                    ),
                    ("h", "Att jämföra sig med andra"),
                    (
                        "p",
                        "<p>Många kommuner arbetar med service inom SKL:s kvalitetsprojekt "
                        "Kommunernas Kvalitet i Korthet (KKiK). Luleå tittade på Järfälla och "
                        "Skellefteå innan man startade Luleå Direkt. Att lära av kommuner som "
                        "kommit längre är ett av de billigaste stöd som finns.</p>",
                    ),
                ],
                "related": ["call-center-offentligt"],
            },
            {
                "slug": "organisation-av-kc",
                "title": "Organisation av KC",
                "summary": "Nummerval, svarsgrupper och tre kunskapsnivåer: så tar ett KC emot "
                "och fördelar samtalen.",
                "tags": ["Alla förvaltningar", "Socialtjänst"],
                "body": [
                    (
                        "p",
                        "<p>I de flesta kontaktcenter väljer den som ringer ett nummer i en "
                        "meny och kopplas till en svarsgrupp för just det området. Är ingen i "
                        "gruppen ledig går samtalet till någon annan i KC.</p>",
                    ),
                    TALSVAR_FACTS,
                    ("h", "Sekretess"),
                    (
                        "p",
                        "<p>Vissa samtal omfattas av sekretess, till exempel i sociala "
                        "ärenden. Där får KC inte lämna ut uppgifter om ett ärende, och samtalet "
                        "ska snabbt till rätt handläggare. Därför har socialtjänsten ofta en egen "
                        "svarsgrupp.</p>",
                    ),
                    ("h", "Generalister, specialister och experter"),
                    (
                        "p",
                        "<p>I KC finns generalister och områdesspecialister; på "
                        "förvaltningarna finns områdesexperterna. Alla som ringer ska inte behöva "
                        "välja i en meny: Stockholm har infört ”Äldre direkt”, ett eget nummer för "
                        "äldre utan tonval.</p>",
                    ),
                    ("quiz", "talsvaret"),
                ],
                "related": ["call-center-offentligt", "relationer-till-forvaltningar"],
            },
            {
                "slug": "forankring-av-kc",
                "title": "Förankring av KC",
                "summary": "Ett KC lyckas bara om hela kommunen står bakom det – från "
                "politikerna till varje förvaltning.",
                "tags": ["Kommunledning", "Socialtjänst"],
                "body": [
                    (
                        "p",
                        "<p>Ett beslut om en väg in räcker inte. För att KC ska fungera "
                        "måste förvaltningarna lämna över ärenden och resurser och hålla KC "
                        "informerat. Det kräver att de ser KC som en del av sin egen verksamhet, "
                        "inte som en isolerad enhet.</p>",
                    ),
                    ("h", "Det här säger erfarenheten"),
                    (
                        "p",
                        "<ul><li>Bjud in alla verksamheter redan i planeringen, så att de "
                        "bidrar med idéer och känner sig delaktiga.</li><li>Ge KC mandat och "
                        "resurser, och följ upp beslutet över tid.</li><li>Visa med statistik att "
                        "KC verkligen avlastar förvaltningarna.</li></ul>",
                    ),
                    (
                        "p",
                        "<p>I Jönköping var förankringen svag i socialförvaltningen, och "
                        "utvärderingen visade att det påverkade servicen. Hur omorganisationen "
                        "förankras i hela kommunen märks för medborgarna.</p>",
                    ),
                    (
                        "quote",
                        "Man har initiala beslut om en väg in, men ett par år senare får "
                        "de ofta kämpa för att få alla förvaltningarna att ställa sig bakom "
                        "beslutet.",
                        "André Hagberg, Agima Management",
                    ),
                ],
                "related": ["relationer-till-forvaltningar", "nackdelar"],
            },
        ],
    },
    {
        "slug": "arbetssituationen",
        "title": "Arbetssituationen",
        "summary": "Att arbeta i KC: många samtal, många områden och medborgare som ibland "
        "är upprörda – och kollegor som gör det möjligt.",
        "tags": ["Alla förvaltningar"],
        "body": [
            (
                "p",
                "<p>Som medarbetare i KC är du kommunens ansikte utåt. Du svarar på frågor "
                "om allt från bygglov till förskoleplatser, du vägleder till e-tjänster och du "
                "kopplar vidare när frågan kräver en expert. Många som ringer har försökt länge "
                "att nå kommunen och kan vara frustrerade redan när du svarar.</p>",
            ),
            ("h", "Det som gör arbetet hållbart"),
            (
                "p",
                "<ul><li>Tydliga checklistor för varje ärendetyp, så att du inte behöver "
                "bära allt i huvudet.</li><li>En kunskapsdatabas som alltid är uppdaterad.</li>"
                "<li>Snabba kontaktvägar till förvaltningarna.</li><li>Utbildning i att föra ett "
                "samtal målmedvetet och positivt.</li><li>Tid för kollegorna – att lära känna "
                "varandra är en del av arbetet.</li></ul>",
            ),
            OPENING_HOURS,
            ("roleplay", "har-ringt-manga-ganger"),
        ],
        "children": [
            {
                "slug": "rekrytering",
                "title": "Rekrytering",
                "summary": "Servicekänsla går före allt annat – och chefen rekryteras först.",
                "tags": ["Kommunledning"],
                "body": [
                    (
                        "p",
                        "<p>Erfarenheterna från de första kontaktcentren är samstämmiga:</p>"
                        "<ul><li><b>Rekrytera internt i första hand.</b> Den som redan arbetar i "
                        "kommunen känner verksamheterna och vet vem man ska fråga.</li><li><b>"
                        "Servicekänsla är det absolut viktigaste.</b> Regler går att lära sig; "
                        "viljan att hjälpa är svårare att lära ut.</li><li><b>Chefen rekryteras "
                        "först</b> och bör känna den kommunala verkligheten väl.</li></ul>",
                    ),
                    (
                        "p",
                        "<p>Det har visat sig vara svårare än väntat att hitta rätt "
                        "personer. Kunskaper i andra språk än svenska är en styrka, och "
                        "utbildning i kommunikation behövs för alla.</p>",
                    ),
                    (
                        "facts",
                        "Bemanna rätt från början",
                        "<p>Flera mindre kommuner säger i efterhand att de underskattade hur "
                        "många medarbetare som behövdes för att KC skulle fungera bra.</p>",
                        [],
                    ),
                ],
                "related": ["kompetensutveckling"],
            },
            {
                "slug": "kompetensutveckling",
                "title": "Kompetensutveckling",
                "summary": "System, regler, samtalsteknik och gemenskap: det här behöver nya "
                "KC-medarbetare lära sig.",
                "tags": ["Alla förvaltningar"],
                "body": [
                    (
                        "p",
                        "<p>Den här e-cirkeln är en början. Utbildningen av ny personal i "
                        "KC brukar behöva fyra delar:</p><ol><li>De förvaltningsspecifika "
                        "systemen.</li><li>Reglerna för varje svarsområde.</li><li>Att föra ett "
                        "samtal målmedvetet och positivt, så att du kan ta hand om den som är "
                        "upprörd.</li><li>Tid för social samvaro.</li></ol>",
                    ),
                    ("h", "Lärandet slutar aldrig"),
                    (
                        "p",
                        "<p>Regler ändras, nya tillkommer och gamla försvinner. Studiedagar "
                        "på förvaltningarna och korta dagliga avstämningar med kontaktpersonerna "
                        "håller kunskapen färsk. Många kommuner önskar att de haft en "
                        "kunskapsdatabas på plats från första dagen.</p>",
                    ),
                    (
                        "links",
                        "Fortsätt med",
                        [
                            (
                                "Relationer till förvaltningar",
                                "page:relationer-till-forvaltningar",
                                "hur samarbetet med förvaltningarna håller KC uppdaterat",
                            ),
                            (
                                "Tekniska system",
                                "page:tekniska-system",
                                "vilka system en KC-medarbetare behöver kunna",
                            ),
                        ],
                    ),
                ],
                "related": ["rekrytering"],
            },
            {
                "slug": "tekniska-system",
                "title": "Tekniska system",
                "summary": "Telefoni, ärendestöd och förvaltningarnas egna system måste "
                "fungera ihop.",
                "tags": ["IT"],
                "body": [
                    ("h", "Telefonsystemet"),
                    (
                        "p",
                        "<p>Ett KC ställer stora krav på telefonin: köer, nummerval, "
                        "vidarekoppling och statistik. Det kräver en ordentlig upphandling. En "
                        "enkel telefoniteknik kan ändå räcka långt – i Jönköping lyftes den fram "
                        "som en styrka.</p>",
                    ),
                    ("h", "Ärendestöd"),
                    (
                        "p",
                        "<p>En poäng med KC är att man vet vilka ärenden man har, bland annat "
                        "för att kunna visa förvaltningarna att KC verkligen avlastar dem. Därför "
                        "behövs ett ärendestödssystem. Ärendehanterings- och CRM-system går att "
                        "använda men är inte gjorda för ändamålet.</p>",
                    ),
                    ("h", "Förvaltningarnas system och webbplatsen"),
                    (
                        "p",
                        "<p>Områdesspecialisterna behöver tillgång till förvaltningarnas "
                        "system och måste kunna kommunens webbplats utan och innan. Det ska vara "
                        "enkelt att flytta uppgifter mellan systemen, och KC-handläggarstödet "
                        "bör klara det.</p>",
                    ),
                ],
                "related": ["e-tjanster"],
            },
            {
                "slug": "relationer-till-forvaltningar",
                "title": "Relationer till förvaltningar",
                "summary": "Kontrakt, kontaktpersoner och dagliga avstämningar: KC är "
                "förvaltningarnas förlängda arm.",
                "tags": ["Alla förvaltningar", "Socialtjänst", "Bygg och miljö"],
                "body": [
                    (
                        "p",
                        "<p>KC och förvaltningarna är beroende av varandra. Förvaltningen "
                        "lämnar över frågor och resurser; KC avlastar förvaltningen och ger "
                        "medborgarna snabba svar. Ett kontaktcenter som erbjuder verksamheterna "
                        "avlastning genom att ta över arbetsuppgifter är en framgångsfaktor.</p>",
                    ),
                    ("h", "Så hålls samarbetet levande"),
                    (
                        "p",
                        "<ul><li>Ett kontrakt med varje förvaltning om vilka ärendetyper "
                        "KC hanterar, ofta klassade enligt ROSA.</li><li>En eller två "
                        "kontaktpersoner på varje förvaltning.</li><li>Möte med kontaktpersonen "
                        "varje vecka och en kort avstämning varje dag.</li><li>Studiedagar på "
                        "förvaltningen.</li><li>Möjlighet att flytta tillbaka ärenden – eller "
                        "att ta över nya.</li></ul>",
                    ),
                    (
                        "facts",
                        "Kom ihåg",
                        "<p>Kommunikationen mellan KC och fackförvaltningarna "
                        "är en av de saker som avgör om KC fungerar. Säg till din kontaktperson "
                        "när en regel är oklar – gissa aldrig.</p>",
                        [],
                    ),
                    ("quiz", "sekretess"),
                    ("roleplay", "vill-tala-med-socialsekreteraren"),
                ],
                "related": ["forankring-av-kc"],
            },
            {
                "slug": "attitydforandringar",
                "title": "Attitydförändringar",
                "summary": "Från telefontid och hierarki till processer med medborgaren i "
                "centrum – en förändring för hela kommunen.",
                "tags": ["Alla förvaltningar"],
                "body": [
                    (
                        "p",
                        "<p>Ett kontaktcenter är mer än en ny enhet. Den traditionella, "
                        "hierarkiska organisationen förändras mot en processorienterad "
                        "verksamhet med medborgarens behov i fokus. Förändringen är delvis "
                        "inspirerad av New Public Management: decentralisering, målstyrning och "
                        "synen på brukaren som kund.</p>",
                    ),
                    ("h", "Vad som behöver förändras"),
                    (
                        "p",
                        "<ul><li>Från ”min telefontid” till att kommunen alltid ska gå att "
                        "nå.</li><li>Från att varje förvaltning äger alla sina frågor till att "
                        "dela dem med KC.</li><li>Från att koppla vidare till att lösa frågan vid "
                        "första kontakten.</li><li>Tydliga riktlinjer för handläggarnas "
                        "frånvarohänvisningar, så att vidarekopplade samtal inte studsar.</li>"
                        "</ul>",
                    ),
                    (
                        "p",
                        "<p>Luleå kommun har tagit sig an den kulturella utmaningen: hela "
                        "organisationen ska lyftas och alla anställda ska se sin roll i att "
                        "förbättra kommunens service och tillgänglighet.</p>",
                    ),
                ],
                "related": ["medborgarservice"],
            },
        ],
    },
    {
        "slug": "medborgarservice",
        "title": "Medborgarservice",
        "summary": "Tillgänglighet, bemötande och flera vägar in: servicen sedd från den som "
        "ringer.",
        "tags": ["Alla förvaltningar"],
        "body": [
            (
                "p",
                "<p>Bakgrunden till många kontaktcenter är rubriker som ”Svårt att nå sin "
                "socialsekreterare” och ”Desperata ringer SOS Alarm”. Tillgängligheten har varit "
                "dålig, handläggarnas arbete har splittrats av samtal, och många av frågorna har "
                "varit vanliga frågor av informationskaraktär.</p>",
            ),
            ("h", "Ur medborgarens perspektiv"),
            CITIZEN_PERSPECTIVE,
            REACHING_US,
            (
                "p",
                "<p>Medborgarna är ingen enhetlig grupp. Därför är det viktigt att det finns "
                "flera kanaler – besök, brev, telefon, webb och sms – och att kommunen berättar "
                "tydligt om dem. Personer med tal-, röst- eller språksvårigheter kan till exempel "
                "få gratis hjälp av Teletal under telefonsamtal.</p>",
            ),
            (
                "facts",
                "Luleå Direkts mål",
                "<p>Måttet på framgång är hur nöjda medborgarna är.</p>",
                [
                    ("90 %", "av samtalen till växeln besvaras inom tre signaler"),
                    ("högst 10 %", "förlorade samtal till kundtjänsten"),
                    ("70 % → 80 %", "nöjda medborgare 2014, och minst 80 % 2016"),
                ],
            ),
            ("quiz", "bemotande"),
            ("roleplay", "aldre-direkt"),
        ],
        "children": [
            {
                "slug": "nyckelfaktorer",
                "title": "Nyckelfaktorer",
                "summary": "Det här skiljer KC som lyckas från KC som stannar halvvägs.",
                "tags": ["Kommunledning"],
                "body": [
                    (
                        "p",
                        "<p>Konsultföretaget Agima Management frågade mindre kommuner, med "
                        "7 000–16 000 invånare, hur de utvecklar sin medborgarservice. Svaren och "
                        "de större kommunernas erfarenheter pekar ut samma framgångsfaktorer:</p>"
                        "<ol><li>Alla förvaltningar är med från början.</li><li>KC ses som en "
                        "naturlig del av alla verksamheter, inte som en isolerad enhet.</li><li>KC "
                        "avlastar förvaltningarna genom att ta över arbetsuppgifter.</li><li>En "
                        "kunskapsdatabas finns på plats från start.</li><li>Det finns en konkret "
                        "plan för vilka ärenden KC besvarar direkt.</li><li>Bemanningen räcker.</li>"
                        "<li>Tillgängligheten är säkrad oavsett belastning och tid på dygnet.</li>"
                        "<li>En bra telepolicy gäller för samtal som går vidare till tjänstemännen."
                        "</li></ol>",
                    ),
                    (
                        "facts",
                        "Undersökningen",
                        "",
                        [
                            ("32 av 100", "tillfrågade mindre kommuner svarade"),
                            (
                                "80/20",
                                "80 % av samtalen ska hanteras i kommunens första kontaktyta",
                            ),
                        ],
                    ),
                ],
                "related": ["forankring-av-kc"],
            },
            {
                "slug": "call-center-privat",
                "title": "Call center privat",
                "summary": "Vad kommunen kan lära av privata kundtjänster – och var likheterna "
                "tar slut.",
                "tags": ["Alla förvaltningar"],
                "body": [
                    (
                        "p",
                        "<p>Begreppet ”call center” kommer från näringslivet, och när "
                        "Jönköping började planera 2006 var det just det ordet man använde. "
                        "Privata kundtjänster har länge mätt det som kommunerna nu börjar mäta: "
                        "hur snabbt samtal besvaras, hur många som ger upp i kön och hur nöjda "
                        "kunderna är.</p>",
                    ),
                    ("h", "Det kommunen kan lära"),
                    (
                        "p",
                        "<ul><li>Mätbara mål för tillgänglighet.</li><li>Kapacitet som "
                        "räcker även vid toppar, till exempel när skolplaceringar skickas ut."
                        "</li><li>Systemstöd och vanliga frågor (FAQ) som låter första linjen "
                        "lösa de flesta ärendena.</li></ul>",
                    ),
                    ("h", "Där likheterna tar slut"),
                    (
                        "p",
                        "<p>En kommun kan inte välja sina kunder, och den som ringer är ofta "
                        "i en utsatt situation. Myndigheter har enligt förvaltningslagen en "
                        "serviceskyldighet, och uppgifter i till exempel sociala ärenden omfattas "
                        "av sekretess. Privata kontaktföretag som Kalix Tele24 arbetar i dag "
                        "tillsammans med kommuner för att förbättra servicen i telefon.</p>",
                    ),
                ],
                "related": ["call-center-offentligt"],
            },
            {
                "slug": "call-center-offentligt",
                "title": "Call center offentligt",
                "summary": "Skellefteå, Botkyrka, Stockholm, Jönköping, Järfälla och Luleå: så "
                "har kommunerna byggt sina kontaktcenter.",
                "tags": ["Alla förvaltningar"],
                "body": [
                    (
                        "p",
                        "<p>Det finns ingen gemensam modell för hur en kommun ska bygga sitt "
                        "kontaktcenter. Lokala förutsättningar avgör, och kommunerna har valt olika "
                        "vägar.</p>",
                    ),
                    ("h", "Exempel från kommunerna"),
                    (
                        "p",
                        "<ul><li><b>Järfälla:</b> kundtjänst i telefon, via e-post och vid "
                        "besök, med talsvar för sex områden och en bygglovsexpedition i "
                        "receptionen.</li><li><b>Jönköping:</b> ett nummer till kommunen, "
                        "röststyrd telefonist för den som vet vem den söker.</li><li><b>"
                        "Stockholm:</b> ”Äldre direkt”, ett nummer för äldre utan tonval.</li>"
                        "<li><b>Botkyrka:</b> medborgarkontor sedan lång tid.</li><li><b>Luleå:"
                        "</b> Luleå Direkt, där en ny nivå – kundtjänsten – ligger mellan växeln "
                        "och handläggarna.</li></ul>",
                    ),
                    (
                        "p",
                        "<p>Även små kommuner bygger kontaktcenter. En majoritet av de "
                        "mindre kommuner som svarade i Agimas undersökning hade redan ett eller "
                        "höll på att starta. Deras mål: lösa frågan vid första kontakten, göra det "
                        "enkelt att kontakta kommunen och ha en enda väg in.</p>",
                    ),
                ],
                "related": ["organisation-av-kc"],
            },
            {
                "slug": "e-tjanster",
                "title": "E-tjänster",
                "summary": "Självservice på webben avlastar KC – men telefonen är fortfarande "
                "den viktigaste kanalen.",
                "tags": ["IT", "Bygg och miljö"],
                "body": [
                    (
                        "p",
                        "<p>En del av KC:s uppdrag är att vägleda till den information och "
                        "självservice som finns på kommunens webbplats: blanketter, e-tjänster "
                        "och vanliga frågor och svar. Varje ärende som medborgaren kan lösa själv "
                        "när det passar är service – och avlastning.</p>",
                    ),
                    ("h", "E-tjänster och likabehandling"),
                    (
                        "p",
                        "<p>Fler e-tjänster kan ge mer likvärdig service, men bara om "
                        "kommunen behåller de andra kanalerna. Den digitala klyftan finns kvar: "
                        "alla kan inte eller vill inte använda webben.</p>",
                    ),
                    (
                        "quote",
                        "Telefonen är fortfarande och kommer att vara kommunernas i "
                        "särklass viktigaste kontaktyta gentemot medborgarna.",
                        "Roland Pihlström, Kalix Tele24, i Dagens Samhälle (fritt återgivet)",
                    ),
                    (
                        "p",
                        "<p>Satsningar på Facebook och andra nya kanaler får ofta mest "
                        "uppmärksamhet, men de ersätter inte telefonen. Ett bra KC använder "
                        "webben för att göra telefonsamtalen färre och bättre.</p>",
                    ),
                    ("roleplay", "bygglov-for-garage"),
                ],
                "related": ["tekniska-system"],
            },
        ],
    },
]

# Blocks added to existing topics after the demo was first published: (topic slug,
# block kind, what it shows). The loader adds each once, to a topic made before it
# was in the content; a new topic gets it with the rest of its body.
ADDED_BLOCKS = [
    # The README has always said Projektorganisation starts with this lecture.
    ("projektorganisation", "lecture", "projektets-steg"),
]

# Blocks rewritten after the demo was first published: (topic slug, name, the block
# as it was, the blocks that replace it). The loader rewrites each once, in a topic
# made before, and only if the block is still as it was (an editor's text is kept).
REWRITTEN_BLOCKS = [
    # Local facts: the municipality's own talsvar, opening hours and addresses.
    (
        "organisation-av-kc",
        "talsvar",
        (
            "facts",
            "Exempel: talsvaret i Järfälla",
            "<ol><li>Äldreomsorg eller funktionsnedsättning</li><li>Socialtjänst</li>"
            "<li>Förskola, skola, utbildning</li><li>Bygg och miljö, vägar, vatten, "
            "avlopp eller avfall</li><li>Kultur och fritid</li></ol><p>9. Allmänna "
            "frågor. På torsdagar är val 1 och 2 öppna till 19.00.</p>",
            [],
        ),
        [TALSVAR_FACTS],
    ),
    (
        "arbetssituationen",
        "oppettider",
        (
            "p",
            "<p>Kontaktcenter har ofta längre öppettider än förvaltningarna. I Järfälla "
            "är kundtjänsten öppen 08.00–16.45 måndag till torsdag och 08.00–16.00 på "
            "fredagar; i Jönköping 7–17 på vardagar.</p>",
        ),
        [OPENING_HOURS],
    ),
    (
        "medborgarservice",
        "na-oss",
        CITIZEN_PERSPECTIVE,
        [CITIZEN_PERSPECTIVE, REACHING_US],
    ),
]
