"""Participants: the roles an event code gives its actors, and which events are diplomatic.

An interaction needs two parties, not all of one country; a visit has a visitor and a host,
and a visit that names only one of its host and its place completes the other.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.events.mentions import MentionIndex
from pipeline.events.places import PlaceResolver
from pipeline.events.words import ELLIPTIC_ROOTS, MEET_CODES, SYMMETRIC_CODES, UNARY_ROOTS
from pipeline.model import Actor, Location, Participant, Role


def _roles(code: str) -> tuple[Role, Role]:
    """Return the (subject, object) roles an event code gives its participants."""
    if code == "042":
        return "visitor", "host"
    if code == "043":
        return "host", "visitor"
    if code.startswith(MEET_CODES) or code == "164":
        return "participant", "participant"
    return "source", "target"


def participants_of(sources: list[Actor], targets: list[Actor], code: str) -> list[Participant]:
    """Return one participant per actor: no duplicates, a person instead of their own state."""
    source_role, target_role = _roles(code)
    people_countries = {a.country for a in [*sources, *targets] if a.kind == "person"}
    out: list[Participant] = []
    names: set[str] = set()
    for actors, role in ((sources, source_role), (targets, target_role)):
        for actor in actors:
            if actor.name in names:
                continue
            if actor.kind == "state" and actor.country in people_countries:
                continue
            names.add(actor.name)
            out.append(Participant(actor, role))
    return out


def _visited_country(code: str, participants: list[Participant]) -> Location | None:
    """Return the host state of a visit whose text names no place: "X visited China", "X's
    attendance at China's parade" happened in China, and no finer place is known."""
    hosts = [p.actor for p in participants if p.role == "host"]
    if code != "042" or len(hosts) != 1 or hosts[0].kind != "state":
        return None
    return Location(name=hosts[0].name, country=hosts[0].country)


def is_diplomatic(code: str, participants: list[Participant]) -> bool:
    """An interaction needs two parties, not all of one country (domestic acts are out).

    Directed codes (criticize, urge, threaten) need a source and a target; symmetric ones
    (meet, cooperate) are satisfied by coordinated subjects.
    """
    if code[:2] in UNARY_ROOTS:
        # A lone party must be the one acting: "towns were bombed" names only the victims.
        return any(p.role == "source" for p in participants)
    if len(participants) < 2:
        return False
    roles = {p.role for p in participants}
    if code in {"042", "043"}:
        return {"visitor", "host"} <= roles
    if not code.startswith(SYMMETRIC_CODES) and not {"source", "target"} <= roles:
        return False
    countries = {p.actor.country for p in participants}
    return len(countries) > 1 or None in countries


def unsaid_targets(
    trigger: Token, code: str, sources: list[Actor], targets: list[Actor], index: MentionIndex
) -> list[Actor]:
    """Return the targets of an act of a listed kind that leaves them unsaid: after "X expelled
    23 of Y's diplomats", "Z expelled three diplomats" and "W recalled its envoy" act on Y."""
    if targets or code[:2] not in ELLIPTIC_ROOTS:
        return targets
    return [a for a in index.recent_targets(trigger, code[:2]) if a not in sources]


def visit_parties(
    code: str,
    sources: list[Actor],
    targets: list[Actor],
    location: Location | None,
    index: MentionIndex,
    resolver: PlaceResolver | None = None,
) -> tuple[list[Participant], Location | None]:
    """Return the participants and place of an event, completing visits from each other.

    A visit with no named host is hosted by the state of the place visited (added to
    `targets`, which callers read afterwards), as the text names it or else as the resolver
    knows it; a visit with no named place is located in the visited (host) country.
    """
    if code == "042" and not targets and location is not None and location.country:
        host = index.states.get(location.country)
        if host is None and resolver is not None:
            host = resolver.state(location.country)
        if host is not None:
            targets.append(host)
    participants = participants_of(sources, targets, code)
    return participants, location or _visited_country(code, participants)
