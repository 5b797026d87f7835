"""Plain-text preparation shared by the extraction backends.

Two rules live here: which parts of a person's text may speak for an interest (a
clause that rejects a topic, "I hate golf", speaks for nothing), and when the person
wants to buy something. Both are pure functions of the text.
"""

from __future__ import annotations

import re

# A clause ends at sentence punctuation, a line break, or a contrasting conjunction:
# "I hate golf but love tennis" keeps "love tennis".
_CLAUSE_SPLIT = re.compile(
    r"[.!?;\n]+|,\s*(?:but|though|although|however|whereas)\b|\s(?:but|however|whereas)\s",
    re.IGNORECASE,
)

# Cues that the clause rejects its topic rather than expressing interest in it.
_REJECTION = re.compile(
    r"\b(?:hate[sd]?|hating|dislike[sd]?|detest|despise|loathe|can'?t stand|cannot stand|"
    r"(?:am|i'm|im|is|are|not)\s+not\s+(?:a\s+)?(?:fan|into|interested)|"
    r"not\s+(?:a\s+)?(?:big\s+)?fan\s+of|not\s+(?:really\s+)?(?:into|interested\s+in)|"
    r"no\s+(?:interest|desire)\s+in|(?:do|does|did)\s*n[o']?t\s+(?:really\s+)?"
    r"(?:like|love|enjoy|care\s+(?:about|for)|want|play|watch|need)|"
    r"never\s+(?:liked|like|enjoyed|cared|wanted|watch|play|been\s+into)|"
    r"bored\s+(?:of|by|with)|(?:sick|tired)\s+of\s+(?!this\s+bug)|stop\s+(?:showing|recommending))\b",
    re.IGNORECASE,
)

_PURCHASE = re.compile(
    r"\b(?:buy|buying|purchase|purchasing|order(?:ing)?\s+(?:a|an|the|some|me|it|new|one|two)|"
    r"add\s+(?:it\s+)?to\s+(?:my\s+)?cart|check\s*out\s+now|shop(?:ping)?\s+for|"
    r"book(?:ing)?\s+(?:a|an|the|me|it|that|this|those|them|my|us|two|one|\d+|tickets?|flights?|"
    r"rooms?|tables?|seats?|hotels?|cars?|appointments?)|"
    r"(?:can\s+you|could\s+you|please|go\s+ahead\s+and|i\s+want\s+to|i'd\s+like\s+to|"
    r"i\s+would\s+like\s+to|let'?s|yes,?)\s+(?:book|reserve|rent|order|buy|purchase)|"
    r"make\s+(?:a|the)\s+(?:reservation|booking|purchase|transfer|payment)|"
    r"reserve|reservation|rent(?:ing)?\s+(?:a|an|the|it|that)|"
    r"how\s+much\s+(?:is|are|does|do|would|will|for)|price\s+of|prices?\s+for|cost\s+of|"
    r"looking\s+to\s+(?:buy|get|rent|purchase|book)|in\s+the\s+market\s+for|"
    r"(?:need|want|looking\s+for)\s+(?:a\s+|some\s+)?new\s+(?!(?:ideas?|friends?|ways?|"
    r"hobby|hobbies|jobs?|people|things|skills?|habits?|goals?|perspectives?|recipes?)\b)\w+|"
    r"get\s+(?:me\s+)?(?:\w+\s+)?tickets?|subscribe\s+to|deals?\s+on|coupon|discount\s+code|"
    r"cheapest|worth\s+(?:the\s+)?(?:price|money|buying)|should\s+i\s+(?:buy|get)|"
    r"for\s+sale|recommend\s+(?:a|an)\s+(?:\w+\s+)?(?:to\s+buy|under))\b",
    re.IGNORECASE,
)

_CODE_HINT = re.compile(
    r"```|\b(?:def|class|import|return|select|from|where|insert|update|function|const|var|"
    r"let|public|private|void|int|null|none|true|false)\b.*[(){}=;:\[\]]|[a-z]+_[a-z_]+\b|"
    r"\w+\(\)|=>|\{\s*\}",
    re.IGNORECASE,
)


# "book" the verb (book it, book a table) is reserving, not reading.
_BOOK_VERB = re.compile(
    r"\bbook(?=\s+(?:it|that|this|them|those|me|us|him|her|a|an|the|my|our|two|three|four|one|"
    r"\d+|tickets?|flights?|rooms?|tables?|seats?|hotels?|cars?|appointments?|now|please)\b)|"
    r"(?:(?<=please\s)|(?<=you\s)|(?<=and\s)|(?<=to\s)|(?<=let's\s)|(?<='ll\s)|(?<=can\s))"
    r"book(?=\s*(?:[.!?,]|$))",
    re.IGNORECASE,
)


def topical_text(text: str) -> str:
    """The affirmed text with "book" the verb read as "reserve"."""
    return _BOOK_VERB.sub("reserve", affirmed_text(text))


def clauses(text: str) -> list[str]:
    """The text cut into clauses; empty pieces dropped."""
    return [c.strip() for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]


def is_rejection(clause: str) -> bool:
    """True when the clause rejects its topic ("I hate golf", "not a fan of jazz")."""
    return _REJECTION.search(clause) is not None


def affirmed_text(text: str) -> str:
    """The text without clauses that reject their topic: what may speak for interests."""
    if _REJECTION.search(text) is None:
        return text
    return "\n".join(c for c in clauses(text) if not is_rejection(c))


def has_purchase_intent(text: str) -> bool:
    """True when a non-rejecting clause says the person wants to buy, book or price."""
    if _PURCHASE.search(text) is None:
        return False
    return any(_PURCHASE.search(c) and not is_rejection(c) for c in clauses(text))


def looks_like_code(text: str) -> bool:
    """True when the text carries code or identifiers (snake_case, calls, braces)."""
    return _CODE_HINT.search(text) is not None


def strip_identifiers(text: str) -> str:
    """Blank out code identifiers so ``god_mode`` or ``hospital_billing`` are not words."""
    return _IDENTIFIER.sub(" ", text)


_IDENTIFIER = re.compile(r"\b\w*_\w*\b|\b[a-z]+[A-Z]\w*\b|\b\w+\.\w+\(")

# Exclamations that name a deity without being about religion.
_INTERJECTION = re.compile(
    r"\b(?:oh\s+(?:my\s+)?(?:god|lord|gosh)|my\s+god|thank\s+god|god\s+knows|for\s+god'?s\s+sake|"
    r"god\s*damn\w*|goddamn\w*|omg|oh\s+jesus|jesus\s+christ\s*[!,.]|good\s+lord|"
    r"god\s+(?:help|forbid)\s+(?:me|us)|swear\s+to\s+god)\b",
    re.IGNORECASE,
)


def sensitive_view(text: str) -> str:
    """The text as sensitive detection reads it: no code identifiers, no exclamations."""
    return _INTERJECTION.sub(" ", strip_identifiers(text))
