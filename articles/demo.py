"""Demo content for The Kyiv Ledger, a fictional independent newsroom.

All text is original, written for this project; every person quoted is invented.
Pictures are generated with Pillow (articles.demo_images). Idempotent: everything
is looked up by its slug or headline first, so running it again changes nothing.
"""

from datetime import timedelta
from typing import TextIO

import reversion
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag

from newsroom.demo_accounts import demo_password_set, demo_sign_in_hint
from newsroom.editions import language_codes

from . import demo_images, demo_uk, roles
from .audio import demo as audio_demo
from .importers import demo as importers_demo
from .models import Article, ArticleAuthor, Author, Brief, EditorsPick, Section
from .scheduling import article_schedule_go_live
from .tags import TagName
from .tasks import article_renditions_generate

DEMO_REPORTER_EMAIL = "reporter@example.com"
UKRAINIAN = "uk"
CREDITS = {
    "en": "Illustration: The Kyiv Ledger (generated)",
    UKRAINIAN: "Ілюстрація: The Kyiv Ledger (згенерована)",
}

SECTIONS = [
    ("War", "war", "Reporting from the front line and the cities behind it."),
    ("Everyday life", "everyday-life", "How people live, work and look after each other."),
    ("Economy", "economy", "Work, money, trade and rebuilding."),
    ("Culture", "culture", "Theatre, music, books and the people who keep them going."),
    ("Opinion", "opinion", "Columns and essays. The views are the writers' own."),
]

AUTHORS = [
    {
        "slug": "oksana-hnatiuk",
        "name": "Oksana Hnatiuk",
        "role": "Reporter, Kyiv",
        "bio": "Oksana covers schools, housing and the everyday arithmetic of life in "
        "wartime Kyiv. Before joining the Ledger she worked for a regional radio station.",
        "colour": (46, 94, 170),
        "user": DEMO_REPORTER_EMAIL,
    },
    {
        "slug": "taras-levchenko",
        "name": "Taras Levchenko",
        "role": "Correspondent, east",
        "bio": "Taras reports from the eastern regions and the towns near the front. "
        "He spends most weeks on the road between Dnipro and Kharkiv.",
        "colour": (120, 70, 50),
    },
    {
        "slug": "halyna-moroz",
        "name": "Halyna Moroz",
        "role": "Columnist",
        "bio": "Halyna writes the weekly column Letters from the Left Bank, about the "
        "neighbours, queues and small victories of her district in Kyiv.",
        "colour": (140, 40, 90),
    },
    {
        "slug": "andrii-sydorenko",
        "name": "Andrii Sydorenko",
        "role": "Economy reporter",
        "bio": "Andrii follows farms, ports and small businesses, and the money that "
        "keeps them open.",
        "colour": (30, 110, 80),
    },
    {
        "slug": "sofiia-pavlenko",
        "name": "Sofiia Pavlenko",
        "role": "Culture writer",
        "bio": "Sofiia writes about theatre, music and books, and about the people who "
        "keep performing when the sirens sound.",
        "colour": (150, 100, 20),
    },
]

# (slug, headline, section, authors, hours ago, picture, tags, standfirst, body, caption)
# Body paragraphs starting with "> " are quotes.
ARTICLES = [
    {
        "slug": "medics-race-the-drones",
        "headline": "At a stabilisation point near the front, medics race the drones",
        "section": "war",
        "authors": ["taras-levchenko"],
        "hours_ago": 2,
        "picture": ("dusk", "field", 11),
        "tags": ["Frontline", "Medicine"],
        "top_story": True,
        "standfirst": "Evacuations now happen in the short gaps between drone flights. "
        "A team of six works out of a farmhouse cellar and counts its days in minutes.",
        "caption": "Fields east of the stabilisation point at dusk, the hour evacuations begin.",
        "body": [
            "The cellar smells of damp earth and disinfectant. Six medics share it with "
            "two stretchers, a generator and a radio that never stops talking. When it "
            "crackles with the call sign of an evacuation crew, everyone stands up at once.",
            "A year ago the wounded reached them in an hour or two. Now the roads are "
            "watched from the air, and a vehicle that moves in daylight is a target. "
            "Crews wait for dusk, for fog, for rain, for anything that blinds the cameras.",
            "> We used to talk about the golden hour. Now we talk about the golden "
            "ten minutes, because that is how long a road stays quiet.",
            "The speaker is Bohdan, the team's senior medic, a former paramedic from "
            "Poltava who asked that his surname not be printed. He has learned to "
            "stabilise a soldier well enough to survive a journey that may take all night.",
            "Tourniquets are checked and re-checked. Blood is warmed against the "
            "generator's exhaust pipe. Every patient leaves with a strip of tape on the "
            "chest listing the time of each injection, because the next team may never "
            "get a chance to ask.",
            "When the radio goes quiet, the medics sleep in turns on camping mats. Above "
            "them the farmhouse has no roof left. Someone has hung a child's drawing of "
            "a sunflower on the cellar door, and nobody remembers who.",
        ],
    },
    {
        "slug": "kharkiv-metro-school",
        "headline": "In Kharkiv's metro, a school keeps its timetable",
        "section": "everyday-life",
        "authors": ["oksana-hnatiuk"],
        "hours_ago": 5,
        "picture": ("night", "city", 21),
        "tags": ["Kharkiv", "Education"],
        "standfirst": "Classes start at 8:30 sharp, two floors below the street. "
        "The children have not heard an air-raid siren during a lesson all year.",
        "caption": "Kharkiv's skyline after dark; the classrooms are underground.",
        "body": [
            "The bell is a recording of a real school bell, played from a phone through "
            "a loudspeaker. At its sound, thirty second-graders stop chasing each other "
            "along the platform and file into a classroom built from plasterboard.",
            "The city moved some of its lessons underground when it became clear that "
            "the warning time before a missile strike was too short to get children to "
            "a shelter. Teachers say the hardest part was not the noise of passing "
            "trains but the lack of windows.",
            "> The children asked for a window, so we painted one. Every month a "
            "different class decides what is outside it.",
            "This month, says their teacher Larysa, the painted window shows the sea. "
            "None of the children in her class has seen it since the war began.",
            "Parents wait on benches by the escalators. Some have not sat in a quiet room "
            "for months, they say, and the metro school has become theirs too: a place "
            "where for four hours nobody needs to listen for the sky.",
        ],
    },
    {
        "slug": "night-the-power-came-back",
        "headline": "The night the power came back on our street",
        "section": "opinion",
        "authors": ["halyna-moroz"],
        "hours_ago": 9,
        "picture": ("night", "city", 31),
        "tags": ["Energy", "Kyiv", "Letters from the Left Bank"],
        "standfirst": "Letters from the Left Bank: a cheer went up from every balcony at "
        "once, and for a moment we were one building again.",
        "caption": "Windows lighting up one by one on the Left Bank.",
        "body": [
            "You learn the sounds of a blackout. The fridge goes silent first. Then the "
            "lift, stuck between floors, its emergency light blinking. Then the "
            "generators on the ground floor cough into life, one after another, like "
            "old men clearing their throats.",
            "On Tuesday we had been dark for nineteen hours. The woman from the fifth "
            "floor, who never speaks to anyone, came down with a thermos of tea and a "
            "packet of biscuits and sat on the stairs with the rest of us.",
            "> If we are going to sit in the dark, she said, we might as well sit in "
            "the dark together.",
            "At twenty past eleven the street lamps flickered. Nobody said anything, in "
            "case it was a mistake. Then the lift hummed, and from every balcony of "
            "every building a cheer went up at once.",
            "I have heard that cheer before, at football matches. I did not expect to "
            "hear it for a lamp. The woman from the fifth floor went back upstairs "
            "without saying goodbye, but she left the biscuits.",
        ],
    },
    {
        "slug": "rail-workers-who-never-stopped",
        "headline": "Rail workers who never stopped: a day on the night train south",
        "section": "everyday-life",
        "authors": ["taras-levchenko", "oksana-hnatiuk"],
        "hours_ago": 14,
        "picture": ("dawn", "railway", 41),
        "tags": ["Railways", "Zaporizhzhia"],
        "standfirst": "The conductors know which passengers are going home and which are "
        "going to the front. They make tea for both.",
        "caption": "A passenger train at first light, hours into its journey south.",
        "body": [
            "Carriage number seven has a conductor called Nadiia who has worked this "
            "line for twenty-two years. She keeps a notebook of birthdays, because "
            "regular passengers tell her things, and she likes to have a sweet ready.",
            "The train leaves Kyiv in the evening and arrives in the south after dawn. "
            "In between it stops at stations with their lights switched off, where "
            "people step down into the dark and are met by torches.",
            "> The railway is the one thing that always comes. People set their "
            "watches by us. So we come.",
            "Railway workers have been killed at their posts, and Nadiia knows some of "
            "their names. She does not talk about them to passengers. She talks about "
            "the tea, which she makes strong, and about her daughter, who is studying "
            "to be a train driver.",
            "At six in the morning she walks the corridor knocking on doors. Most "
            "passengers are already awake, looking out at fields going pale in the first "
            "light, counting the kilometres to whoever is waiting for them.",
        ],
    },
    {
        "slug": "sunflower-fields-cleared-of-mines",
        "headline": "Sunflower farmers count the fields cleared of mines",
        "section": "economy",
        "authors": ["andrii-sydorenko"],
        "hours_ago": 20,
        "picture": ("day", "field", 51),
        "tags": ["Agriculture", "Demining"],
        "standfirst": "A cooperative of small farmers has reclaimed a third of its land. "
        "The rest is still marked with red signs and will be for years.",
        "caption": "A cleared field in flower; the signs of the next one are just out of sight.",
        "body": [
            "Petro keeps a map of his fields on the kitchen wall, coloured in with felt "
            "pens. Green is cleared. Red is not. Yellow means the deminers have been "
            "but have not yet signed the paperwork.",
            "Last spring the map was almost entirely red. This year a third of it is "
            "green, and on those fields the sunflowers came up taller than he expected, "
            "as if the soil had rested.",
            "> Every green field is a field I can insure, a field I can borrow money "
            "against. Before that it is only a field I can look at.",
            "The cooperative pays for part of the clearance itself, because the state "
            "teams have a queue of farms and the sowing season does not wait. It is the "
            "largest cost in its budget, larger than seed or fuel.",
            "Buyers have come back, Petro says, though they pay less than before the "
            "war and ask more questions about how the harvest will reach the port. He "
            "answers the questions. Then he goes back to colouring his map.",
        ],
    },
    {
        "slug": "odesa-port-busy-and-nervous",
        "headline": "Odesa's port is busy again, and nervous",
        "section": "economy",
        "authors": ["andrii-sydorenko"],
        "hours_ago": 27,
        "picture": ("dawn", "river", 61),
        "tags": ["Odesa", "Trade"],
        "standfirst": "Grain ships leave on schedule. Dockers work with one ear on the "
        "sirens and the other on the crane.",
        "caption": "Morning over the water near the port.",
        "body": [
            "The cranes in the grain terminal move day and night now. After months when "
            "ships waited offshore for weeks, the harbour is crowded, and the dockers "
            "say they have rarely been this busy.",
            "But the work has a rhythm that no manual describes. When the sirens sound, "
            "crews stop and walk to the shelters. When the all-clear comes, they walk "
            "back and start exactly where they left off.",
            "> You do not get used to it. You get organised about it. That is different.",
            "Ihor, a crane operator, counts his shifts by the number of ships he has "
            "loaded. He says the captains have started bringing small presents for the "
            "dock crews: coffee from Turkey, chocolate from Romania, and once a football.",
            "Insurance for ships calling at the port is still expensive, and every "
            "strike on the harbour pushes it higher. The terminal managers talk about "
            "premiums the way farmers talk about the weather.",
        ],
    },
    {
        "slug": "lviv-theatre-in-the-shelter",
        "headline": "A theatre in Lviv plays to full houses in the bomb shelter",
        "section": "culture",
        "authors": ["sofiia-pavlenko"],
        "hours_ago": 33,
        "picture": ("night", "city", 71),
        "tags": ["Lviv", "Theatre"],
        "standfirst": "When the sirens interrupt a play, the actors carry on downstairs. "
        "The audience follows them, and so does the story.",
        "caption": "Lviv by night: the theatre's second stage is underground.",
        "body": [
            "The company rehearsed this possibility so many times that it now has a "
            "name: the descent. When an alert sounds during a performance, the actors "
            "stop, the house lights come up, and everyone walks down to the basement.",
            "There, on a stage made of pallets, the play resumes from the line where it "
            "stopped. The audience sits on benches and folding chairs. Nobody asks for "
            "a refund.",
            "> The first time, we thought the play was ruined. Then we noticed people "
            "were listening more closely downstairs than they ever had upstairs.",
            "Tickets sell out within hours of going on sale. The director says many "
            "people in the audience are newcomers to the city who have left everything "
            "behind, and who come partly for the play and partly for the company.",
            "The current production is a comedy about a wedding in which everything "
            "goes wrong. It is the most popular show the theatre has staged in a decade.",
        ],
    },
    {
        "slug": "what-the-sirens-taught-my-neighbours",
        "headline": "What the sirens taught my neighbours about each other",
        "section": "opinion",
        "authors": ["halyna-moroz"],
        "hours_ago": 40,
        "picture": ("winter", "city", 81),
        "tags": ["Kyiv", "Community", "Letters from the Left Bank"],
        "standfirst": "Letters from the Left Bank: three years of nights in the corridor "
        "have made strangers into something like a family.",
        "caption": "A snowy morning on the Left Bank.",
        "body": [
            "Before the war I knew two of my neighbours by name. Now I know the names of "
            "their children, their cats and their blood pressure medicines.",
            "The corridor by the lifts is the safest place in our building, two walls "
            "away from any window. We have spent so many nights there that everyone has "
            "a spot. Mine is by the fire extinguisher.",
            "> We are not friends, exactly, says the man from flat 43. We are people "
            "who have seen each other in pyjamas at three in the morning. That is "
            "stronger than friendship.",
            "We have held a birthday party in the corridor, and a wake. We have taught "
            "a teenager long division and an old man how to use video calls. We have "
            "argued about politics and stopped when the explosions got close.",
            "I do not know what we will be to each other when this is over. I hope we "
            "will still say hello in the lift. I suspect we will say more than that.",
        ],
    },
    {
        "slug": "volunteers-rebuild-village-library",
        "headline": "Volunteers rebuild a village library, one shelf at a time",
        "section": "everyday-life",
        "authors": ["oksana-hnatiuk"],
        "hours_ago": 52,
        "picture": ("day", "field", 91),
        "tags": ["Chernihiv", "Books", "Volunteers"],
        "standfirst": "The old library burned in the first weeks of the war. The new one "
        "has more books than the village has people.",
        "caption": "Fields outside the village where the new library stands.",
        "body": [
            "The librarian, Valentyna, kept the library's card catalogue in her own "
            "house, and it survived. The books did not. For a year the catalogue was a "
            "list of things that no longer existed.",
            "Then the parcels started to arrive. Students in Kyiv organised a collection; "
            "a bookshop in Lviv sent boxes of children's books; a retired teacher posted "
            "her entire shelf of poetry, with notes in the margins.",
            "> I told them we needed books. I did not think I had to say we also needed shelves.",
            "Volunteers from a carpentry school spent two weekends building shelves from "
            "donated timber. The village council found a room in the old post office. "
            "The card catalogue now has new cards in it, in Valentyna's handwriting.",
            "On Saturdays the library runs a reading hour for children. On Tuesdays it "
            "runs one for grown-ups, which Valentyna says is more popular, because "
            "everyone wants to be read to.",
        ],
    },
    {
        "slug": "small-businesses-get-through-blackouts",
        "headline": (
            "Generators, batteries and patience: how small businesses get through blackouts"
        ),
        "section": "economy",
        "authors": ["andrii-sydorenko", "oksana-hnatiuk"],
        "hours_ago": 60,
        "picture": ("winter", "city", 101),
        "tags": ["Energy", "Small business"],
        "standfirst": "A bakery, a barber and a print shop on one Kyiv street share a "
        "generator, a schedule and a group chat.",
        "caption": "A Kyiv street in winter, where the shops share one generator.",
        "body": [
            "The group chat is called Light. It has eleven members, all of them owners "
            "of small shops on the same street, and it exists for one purpose: to decide "
            "who runs the shared generator, and when.",
            "The bakery gets the early morning, because bread does not wait. The barber "
            "gets the middle of the day. The print shop takes the evening, when its "
            "big orders come in.",
            "> We used to compete for customers. Now we compete for kilowatts, and we "
            "are much more polite about it.",
            "Batteries have become the most discussed item in every business plan. "
            "Owners compare prices, capacities and charging times the way they once "
            "compared rents. Some have borrowed to buy them.",
            "The baker, Oleh, says his sales are almost back to where they were. His "
            "costs are not. He has raised his prices twice, and nobody has complained, "
            "because everybody on the street knows what a generator costs to run.",
        ],
    },
    {
        "slug": "drone-makers-in-a-garage",
        "headline": "Drone makers in a garage: inside a volunteer workshop",
        "section": "war",
        "authors": ["taras-levchenko"],
        "hours_ago": 70,
        "picture": ("dusk", "city", 111),
        "tags": ["Drones", "Volunteers"],
        "standfirst": "An IT worker, a music teacher and a pensioner assemble "
        "reconnaissance drones after work. Their waiting list is three months long.",
        "caption": "The neighbourhood around the workshop at dusk.",
        "body": [
            "The garage is heated by a single oil radiator, and the workbench is an old "
            "kitchen table. On it, in neat rows, lie propellers, cameras and the bodies "
            "of small aircraft waiting to be assembled.",
            "The team started with one drone, built from instructions found online, for "
            "a friend's unit. Word spread. Now requests arrive every week from units "
            "all along the front, often with photographs of what went wrong last time.",
            "> Every drone we send comes back to us as a message. Sometimes it says "
            "thank you. Sometimes it says: make the battery last longer.",
            "The pensioner, a retired radio engineer, does the soldering. He says his "
            "hands are steadier than they were at forty, because now he knows exactly "
            "why the work matters.",
            "They fund the parts through small donations and a stall at the weekend "
            "market, where the music teacher sells jam. The jam, she says, pays for "
            "about one propeller a week.",
        ],
    },
    {
        "slug": "choir-of-displaced-singers-dnipro",
        "headline": "A choir of displaced singers finds its voice in Dnipro",
        "section": "culture",
        "authors": ["sofiia-pavlenko"],
        "hours_ago": 84,
        "picture": ("dusk", "river", 121),
        "tags": ["Dnipro", "Music", "Displacement"],
        "standfirst": "They come from a dozen towns that many of them cannot go back to. "
        "On Thursdays they sing the songs of each of them.",
        "caption": "The river at Dnipro, where the choir rehearses in a hall on the bank.",
        "body": [
            "The choir has forty-one members and no two of them come from the same "
            "street. Most have left towns in the east and south; some of those towns "
            "are now empty, and some are no longer on any map they can travel to.",
            "The conductor, Liudmyla, asked each singer to bring a song from home. The "
            "repertoire now has thirty-eight songs, because three people brought the "
            "same lullaby, each learned from a different grandmother.",
            "> When we sing someone's song, for three minutes their town exists "
            "again, in this room, in forty voices.",
            "Rehearsals take place in a community hall by the river. There is tea "
            "before and after, and the after often lasts longer than the rehearsal.",
            "The choir gave its first public concert in the spring. Tickets were free. "
            "At the end, the audience was asked to sing the lullaby with them, and "
            "most of the hall already knew the words.",
        ],
    },
]

UNPUBLISHED = [
    {
        "slug": "winter-heating-plans",
        "headline": "Winter heating plans: what cities are preparing",
        "section": "everyday-life",
        "authors": ["oksana-hnatiuk"],
        "status": Article.Status.DRAFT,
        "hours_ago": None,
        "picture": ("winter", "city", 131),
        "tags": ["Energy"],
        "standfirst": "Draft: mobile boiler rooms, heating points and what residents can do.",
        "caption": "Draft picture.",
        "body": [
            "Draft. Three city administrations have shared their winter plans with us; "
            "two more have promised to.",
            "To check: the number of mobile boiler rooms in each city.",
        ],
    },
    {
        "slug": "the-list-i-keep-by-the-door",
        "headline": "The list I keep by the door",
        "section": "opinion",
        "authors": ["halyna-moroz"],
        "status": Article.Status.SCHEDULED,
        "hours_ago": -26,  # publishes in a day and a bit
        "picture": ("dawn", "city", 141),
        "tags": ["Kyiv", "Letters from the Left Bank"],
        "standfirst": "Letters from the Left Bank: documents, water, a charger and "
        "one thing that is of no use at all.",
        "caption": "Morning light on the Left Bank.",
        "body": [
            "Everyone in my building has a list by the door. Documents. Water. A "
            "charger. Medicines. Mine has one more line at the bottom, in pencil.",
            "> The last item on every list, says my neighbour, should be something "
            "that is of no use at all.",
            "Mine is a photograph of my mother at the seaside. I will tell you why next week.",
        ],
    },
]

RELATED = {
    "medics-race-the-drones": ["drone-makers-in-a-garage", "rail-workers-who-never-stopped"],
    "kharkiv-metro-school": ["volunteers-rebuild-village-library"],
    "night-the-power-came-back": [
        "small-businesses-get-through-blackouts",
        "what-the-sirens-taught-my-neighbours",
    ],
    "rail-workers-who-never-stopped": ["odesa-port-busy-and-nervous"],
    "sunflower-fields-cleared-of-mines": ["odesa-port-busy-and-nervous"],
    "odesa-port-busy-and-nervous": ["sunflower-fields-cleared-of-mines"],
    "lviv-theatre-in-the-shelter": ["choir-of-displaced-singers-dnipro"],
    "what-the-sirens-taught-my-neighbours": ["night-the-power-came-back"],
    "volunteers-rebuild-village-library": ["kharkiv-metro-school"],
    "small-businesses-get-through-blackouts": ["night-the-power-came-back"],
    "drone-makers-in-a-garage": ["medics-race-the-drones"],
    "choir-of-displaced-singers-dnipro": ["lviv-theatre-in-the-shelter"],
}

PICKS = [
    "rail-workers-who-never-stopped",
    "what-the-sirens-taught-my-neighbours",
    "choir-of-displaced-singers-dnipro",
    "sunflower-fields-cleared-of-mines",
]

# (minutes ago, headline, text, link to a demo article slug or "")
BRIEFS = [
    (
        25,
        "Air-raid alert lifted in Kyiv region",
        "The alert lasted just under two hours. City services say no damage has been "
        "reported so far.",
        "",
    ),
    (
        70,
        "Night trains to the south run on time",
        '"All departures are on schedule," the railway said in its morning update.',
        "rail-workers-who-never-stopped",
    ),
    (
        140,
        "Power restored to most of the Left Bank",
        "Engineers reconnected the last substations overnight; a few streets remain on schedules.",
        "night-the-power-came-back",
    ),
    (
        230,
        "Kharkiv extends underground classes",
        "Two more metro stations will host lessons from next month, the city council said.",
        "kharkiv-metro-school",
    ),
    (
        400,
        "Grain terminal reports a record week",
        "Twenty-three ships were loaded in seven days, the terminal's operator said.",
        "odesa-port-busy-and-nervous",
    ),
    (
        560,
        "Blood donors asked to come to Dnipro centres",
        "Stocks of negative blood groups are low, the regional blood service said.",
        "",
    ),
    (
        800,
        "Heating season to start early in northern regions",
        "Regional administrations cited the forecast of an early frost.",
        "",
    ),
    (
        1000,
        "Lviv theatre adds matinee performances",
        "The extra shows sold out within an hour of going on sale.",
        "lviv-theatre-in-the-shelter",
    ),
    (
        1300,
        "Deminers clear another 400 hectares of farmland",
        '"Every hectare is a harvest," a spokesperson for the emergency service said.',
        "sunflower-fields-cleared-of-mines",
    ),
    (
        1600,
        "Volunteer workshops ask for soldering irons",
        "Several groups building drones say spare tools are now their most needed donation.",
        "drone-makers-in-a-garage",
    ),
]


def _body_html(paragraphs: list[str]) -> str:
    html = []
    for paragraph in paragraphs:
        if paragraph.startswith("> "):
            html.append(f"<blockquote><p>{escape(paragraph[2:])}</p></blockquote>")
        else:
            html.append(f"<p>{escape(paragraph)}</p>")
    return "".join(html)


def _reporter_user():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=DEMO_REPORTER_EMAIL,
        defaults={"first_name": "Oksana", "last_name": "Hnatiuk", "is_staff": True},
    )
    if created:
        demo_password_set(user)
    EmailAddress.objects.update_or_create(
        user=user, email=DEMO_REPORTER_EMAIL, defaults={"verified": True, "primary": True}
    )
    user.groups.add(Group.objects.get(name=roles.REPORTER))
    return user


def _article(
    spec: dict,
    *,
    sections: dict,
    authors: dict,
    now,
    status: str,
    language: str = "en",
    translation_of: Article | None = None,
) -> Article:
    hours_ago = spec["hours_ago"]
    article, created = Article.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "language": language,
            "translation_of": translation_of,
            "headline": spec["headline"],
            "standfirst": spec["standfirst"],
            "body": _body_html(spec["body"]),
            "section": sections[spec["section"]],
            "status": status,
            "publish_at": None if hours_ago is None else now - timedelta(hours=hours_ago),
            "top_story": spec.get("top_story", False),
            "lead_image_alt": spec["caption"],
            "lead_image_caption": spec["caption"],
            "lead_image_credit": CREDITS[language],
        },
    )
    if created:
        for position, slug in enumerate(spec["authors"]):
            ArticleAuthor.objects.create(article=article, author=authors[slug], position=position)
        article.tags.add(*spec["tags"])
    if not article.lead_image:
        mood, motif, seed = spec["picture"]
        article.lead_image.save(
            f"{spec['slug']}.jpg",
            ContentFile(demo_images.scene(seed=seed, mood=mood, motif=motif)),
            save=True,
        )
        # In the background (the worker `make run` starts), so loading stays quick.
        article_id = article.pk
        transaction.on_commit(lambda: article_renditions_generate.enqueue(article_id))
    return article


def load(*, stdout: TextIO) -> None:
    now = timezone.now()
    reporter = _reporter_user()

    sections = {}
    for position, (name, slug, description) in enumerate(SECTIONS):
        sections[slug], _ = Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )

    authors = {}
    for seed, spec in enumerate(AUTHORS):
        author, _ = Author.objects.get_or_create(
            slug=spec["slug"],
            defaults={"name": spec["name"], "role": spec["role"], "bio": spec["bio"]},
        )
        if spec.get("user") == DEMO_REPORTER_EMAIL and author.user_id is None:
            author.user = reporter
            author.save(update_fields=["user"])
        if not author.photo:
            author.photo.save(
                f"{spec['slug']}.png",
                ContentFile(demo_images.portrait(seed=seed, colour=spec["colour"])),
                save=True,
            )
        authors[spec["slug"]] = author

    articles = {}
    # A first revision of each article, so "History" in the admin has an original.
    with reversion.create_revision():
        reversion.set_comment("Demo content.")
        _articles(articles, sections=sections, authors=authors, now=now)
    _related_picks_briefs(articles, now=now)
    if UKRAINIAN in language_codes():
        _ukrainian_edition(articles, sections=sections, authors=authors, now=now)
    # One article moved in from an old WordPress site, beside the native ones (before
    # the audio demo, which queues narration of every live article).
    importers_demo.load(stdout=stdout)
    audio_demo.load(stdout=stdout)

    stdout.write(
        f"Articles: {Article.objects.published().count()} published, "
        f"{Author.objects.count()} authors, {Brief.objects.count()} briefs. "
        f"Demo reporter: {demo_sign_in_hint(DEMO_REPORTER_EMAIL)}"
    )


def _articles(articles: dict, *, sections: dict, authors: dict, now) -> None:
    for spec in ARTICLES:
        articles[spec["slug"]] = _article(
            spec, sections=sections, authors=authors, now=now, status=Article.Status.PUBLISHED
        )
    for spec in UNPUBLISHED:
        article = _article(spec, sections=sections, authors=authors, now=now, status=spec["status"])
        if article.status == Article.Status.SCHEDULED and article.publish_at > now:
            article_schedule_go_live(article=article)
        articles[spec["slug"]] = article


def _related_picks_briefs(
    articles: dict,
    *,
    now,
    related: dict = RELATED,
    picks: list = PICKS,
    briefs: list = BRIEFS,
    language: str = "en",
) -> None:
    for slug, others in related.items():
        if not articles[slug].related_articles.exists():
            articles[slug].related_articles.set([articles[other] for other in others])

    for position, slug in enumerate(picks):
        EditorsPick.objects.get_or_create(article=articles[slug], defaults={"position": position})

    for minutes_ago, headline, text, link in briefs:
        Brief.objects.get_or_create(
            headline=headline,
            language=language,
            defaults={
                "published_at": now - timedelta(minutes=minutes_ago),
                "text": text,
                "article": articles[link] if link else None,
            },
        )


def _ukrainian_edition(articles: dict, *, sections: dict, authors: dict, now) -> None:
    """The Ukrainian edition's sections and tags text, stories (two of them translations of the
    English ones above), related stories, picks and briefs."""
    for slug, (name, description) in demo_uk.SECTIONS.items():
        section = sections[slug]
        if not section.name_uk:
            section.name_uk, section.description_uk = name, description
            section.save(update_fields=["name_uk", "description_uk"])

    ukrainian = {}
    with reversion.create_revision():
        reversion.set_comment("Demo content.")
        for spec in demo_uk.ARTICLES:
            original = spec.get("translation_of")
            ukrainian[spec["slug"]] = _article(
                spec,
                sections=sections,
                authors=authors,
                now=now,
                status=Article.Status.PUBLISHED,
                language=UKRAINIAN,
                translation_of=articles[original] if original else None,
            )
    for tag in Tag.objects.filter(name__in=demo_uk.TAG_NAMES):
        TagName.objects.get_or_create(
            tag=tag, language=UKRAINIAN, defaults={"name": demo_uk.TAG_NAMES[tag.name]}
        )
    _related_picks_briefs(
        ukrainian,
        now=now,
        related=demo_uk.RELATED,
        picks=demo_uk.PICKS,
        briefs=demo_uk.BRIEFS,
        language=UKRAINIAN,
    )
