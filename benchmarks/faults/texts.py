"""Good articles for the fault suite: short English news texts, each one distinct.

The texts are invented from a template and a few tables, so that every article has its own
content hash (an article whose text is already stored would be skipped, not stored again) and
names two countries the extractor knows, so that each gives a few events to count.
"""

from __future__ import annotations

COUNTRIES = (
    ("Chile", "Santiago"), ("Norway", "Oslo"), ("Kenya", "Nairobi"), ("Vietnam", "Hanoi"),
    ("Poland", "Warsaw"), ("Egypt", "Cairo"), ("Canada", "Ottawa"), ("Indonesia", "Jakarta"),
    ("Peru", "Lima"), ("Ghana", "Accra"), ("Austria", "Vienna"), ("Thailand", "Bangkok"),
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTHS = ("March", "April", "May", "June", "September", "October")
TOPICS = ("fisheries", "rail links", "grain exports", "water rights", "student visas",
          "port fees", "energy supplies", "customs rules")

TEMPLATE = (
    "The foreign minister of {host} met the ambassador of {guest} in {city} on {day}, "
    "officials of both governments said in a statement issued after the talks.\n\n"
    "The two sides agreed to hold a further round of negotiations on {topic} in {month}, "
    "and {host} said it would send a delegation of {delegates} officials to {guest} before "
    "the end of the year.\n\n"
    "{guest} criticized the slow pace of the earlier talks but welcomed the invitation."
)


def good_text(number: int) -> str:
    """Return the text of good article `number`: distinct for every number."""
    host, city = COUNTRIES[number % len(COUNTRIES)]
    guest, _ = COUNTRIES[(number // len(COUNTRIES) + number + 1) % len(COUNTRIES)]
    return TEMPLATE.format(
        host=host, guest=guest, city=city, day=DAYS[number % len(DAYS)],
        topic=TOPICS[number % len(TOPICS)], month=MONTHS[number % len(MONTHS)],
        delegates=number + 12,
    )


def good_html(number: int) -> str:
    """Return good article `number` as a news page, furniture around it."""
    paragraphs = "".join(f"<p>{part}</p>" for part in good_text(number).split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head><title>Talks {number}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Ministers meet</h1>{paragraphs}</article>"
        f"<footer>All rights reserved.</footer></body></html>"
    )
