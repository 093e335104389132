"""Actor mentions: which stretches of an article name a person, state or organisation, and who.

Every mention resolves to one canonical `Actor`, so the events stage and the database see
"Kim Jong-un", "Kim", "the North Korean leader" and "Pyongyang" as the actors they stand for.

Finding works on the parsed doc in three steps. `ActorResolver` first matches the knowledge
base's aliases (states with their names, abbreviations, demonyms, capitals and seats of power;
organisations; persons) over a folded form of the text, longest match first. It then reads
names around political titles ("Russian President Vladimir Putin", "China's foreign ministry")
and the phrases that refer back to someone (a surname, "the premier"). Overlaps are settled
longest first. Resolving comes last, in text order, because a surname or a title stands for a
person named elsewhere in the same article.

Modules, one kind of knowledge or rule each:

    resolver.py      `ActorResolver`, the entry point: a knowledge index, finding, resolving
    knowledge.py     the knowledge index: alias tables of states, organisations, persons, titles
    persons.py       knowledge-base persons: office terms, the actor on a day, short forms
    words.py         the rules' word sets and tables
    tokens.py        what a token or stretch of the doc looks like (name starts, headlines)
    candidates.py    the scanned doc, alias matches and candidate mentions the finders share
    find.py          every finder's candidates, overlaps settled
    aliases.py       knowledge-base aliases matched in the doc: states, organisations, names
    titles.py        titles before and beside names, their owners, bare titles
    naming.py        person names, titled strangers, surnames that refer back
    institutions.py  ministries and state media
    resolve.py       candidates to actors, in-document coreference
"""

from pipeline.actors.resolver import ActorResolver

__all__ = ["ActorResolver"]
