"""Phrase families the classifier looks for in what a sender wrote, written as general patterns.

Each family is a name, the category it pushes towards, a weight per hit, a cap on how many
distinct hits count, and one compiled regular expression. The patterns describe *kinds* of
phrasing (consent with an out, an introducer promising the owner's time, a vague ask for a
call) rather than sentences from any corpus, so they carry over to mail never seen.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from triage.core.categories import Category
from triage.core.clauses import permitted, unasserted

_FLAGS = re.IGNORECASE | re.MULTILINE

NAME = r"(?-i:[A-Z][\w'’-]+)"
"""A capitalised word (a name), matched case-sensitively inside case-insensitive patterns."""
LENGTH = r"(?:(?:\d{1,2}|five|ten|fifteen|twenty|thirty)[- ]?min(?:ute)?s? )?"
"""An optional length before what it measures ("15-minute ", "ten min ")."""


NARROWED_KEPT = 64
"""Narrowed expressions kept per phrase (one per set of alternatives that can match)."""
_SPLITS = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~’‘“”–—…«»¿¡·•")
"""What `words_of` splits words at, besides white space."""


Need = tuple[frozenset[str], tuple[frozenset[str], ...]]
"""What a match needs: every word of the first set, and a word of each further set."""


def required_words(source: str, flags: int = 0) -> frozenset[str]:
    """Whole words (lower-case, as `words_of` splits them) every match of `source` contains."""
    return requirements(source, flags)[0]


def requirements(source: str, flags: int = 0) -> Need:
    """The words every match of `source` contains: all of some, and one of each choice.

    Read from the expression's parse tree: runs of literal characters outside any
    optional part or repeat. A word counts when delimiters bound it on both sides, or the
    expression's start (its leading word boundary, which `hits` checks) or a `\\b` does.
    A choice (`(?:call|chat|zoom)`) needs one word of each of its arms: the words every
    arm shares count as needed, and when each arm needs a word, one of those (the longest
    of each arm) must be in the text. An expression the parser cannot read needs nothing.
    """
    parsed = _parse(source, flags)
    if parsed is None:
        return frozenset(), ()
    tree, constants = parsed
    found, choices = _sequence(tree, constants, left=True, right=False)
    return frozenset(found), tuple(choices)


def _parse(source: str, flags: int) -> tuple[list[tuple[Any, Any]], Any] | None:
    """The expression's parse tree and `re`'s opcode constants; None when they cannot be read
    (`re`'s parser is private: then nothing is known)."""
    try:
        tree = re._parser.parse(source, flags)  # type: ignore[attr-defined]
        constants = re._constants  # type: ignore[attr-defined]
    except (AttributeError, re.error):
        return None
    return list(tree), constants


def _delimiter(char: str) -> bool:
    return char in _SPLITS or char.isspace()


def _sequence(
    items: list[tuple[Any, Any]], constants: Any, *, left: bool, right: bool
) -> tuple[set[str], list[frozenset[str]]]:
    found: set[str] = set()
    choices: list[frozenset[str]] = []
    run: list[str] = []
    run_left = left  # the run starts at a word boundary

    def flush(run_right: bool) -> None:
        text = "".join(run).lower()
        tokens = "".join(" " if _delimiter(c) else c for c in text).split(" ")
        for i, token in enumerate(tokens):
            if token and (i > 0 or run_left) and (i < len(tokens) - 1 or run_right):
                found.add(token)
        run.clear()

    bounded = left  # the position reached is a word boundary
    for index, (op, value) in enumerate(items):
        if op is constants.LITERAL:
            char = chr(value)
            if not run:
                run_left = bounded or _delimiter(char)
            run.append(char)
            bounded = _delimiter(char)
        elif op is constants.AT and value is constants.AT_BOUNDARY:
            flush(True)
            bounded = True
        elif op is constants.BRANCH:
            flush(False)
            after = items[index + 1] if index + 1 < len(items) else None
            closed = (
                right
                if after is None
                else (after[0] is constants.AT and after[1] is constants.AT_BOUNDARY)
                or (after[0] is constants.LITERAL and _delimiter(chr(after[1])))
            )
            arms = [
                _sequence(list(arm), constants, left=bounded, right=closed)[0] for arm in value[1]
            ]
            found.update(set.intersection(*arms) if arms else set())
            if arms and all(arms):
                choices.append(frozenset(max(sorted(arm), key=len) for arm in arms))
            bounded = False
        else:
            flush(False)
            bounded = False
    flush(right)
    return found, choices


LITERALS_MAX = 32
"""At most this many strings in a requirement (`required_literals`): more say too little."""
LITERALS_TESTED = 6
"""A requirement of more strings costs more substring tests than the expression saves."""
LITERALS_SHORTEST = 3
"""A requirement whose shortest string is shorter is found in nearly every text: not used."""


def required_literals(source: str, flags: int = 0) -> tuple[str, ...]:
    """Lower-case strings of which every match of `source` contains at least one.

    The most telling run of fixed text outside optional parts, such as ", this is " or
    ", here is " for `NAME, (?:this|here) is NAME`: a substring test in C is far cheaper
    than trying an expression that starts with a character class at every position. The
    empty tuple when nothing is known. Compared with `requirements` this reads punctuation
    and spaces too, not only whole words.
    """
    parsed = _parse(source, flags)
    if parsed is None:
        return ()
    tree, constants = parsed
    if tree and tree[0][0] is constants.LITERAL:
        return ()  # `re` itself scans for a literal prefix as fast as a substring test
    best = _required(tree, constants)
    if not best or min(map(len, best)) < LITERALS_SHORTEST:
        return ()
    # A string that holds another of the set adds nothing: the shorter one is found first.
    kept = tuple(sorted(t for t in best if not any(o != t and o in t for o in best)))
    return kept if len(kept) <= LITERALS_TESTED else ()


def _telling(candidate: set[str] | frozenset[str], best: frozenset[str] | None) -> bool:
    """`candidate` needs more of a text than `best`: a longer shortest string, or fewer."""
    if not candidate or "" in candidate:
        return False
    if best is None:
        return True
    shortest, best_shortest = min(map(len, candidate)), min(map(len, best))
    return (shortest, -len(candidate)) > (best_shortest, -len(best))


def _fixed(op: Any, value: Any, constants: Any) -> set[str] | None:
    """The few strings (lower-cased) one node matches when it matches only fixed text."""
    if op is constants.LITERAL:
        return {chr(value).lower()}
    if op is constants.AT:
        return {""}  # zero width
    if op is constants.IN:
        if len(value) <= 8 and all(o is constants.LITERAL for o, _ in value):
            return {chr(v).lower() for _, v in value}
        return None
    if op is constants.SUBPATTERN:
        return _fixed_sequence(list(value[-1]), constants)
    if op is constants.BRANCH:
        arms: set[str] = set()
        for arm in value[1]:
            strings = _fixed_sequence(list(arm), constants)
            if strings is None:
                return None
            arms |= strings
        return arms if len(arms) <= LITERALS_MAX else None
    return None


def _fixed_sequence(items: list[tuple[Any, Any]], constants: Any) -> set[str] | None:
    strings = {""}
    for op, value in items:
        node = _fixed(op, value, constants)
        if node is None:
            return None
        strings = {a + b for a in strings for b in node}
        if len(strings) > LITERALS_MAX:
            return None
    return strings


def _required(items: list[tuple[Any, Any]], constants: Any) -> frozenset[str] | None:
    """The most telling set of strings one of which every match of `items` contains."""
    best: frozenset[str] | None = None
    run = {""}
    for op, value in items:
        node = _fixed(op, value, constants)
        if node is not None:
            joined = {a + b for a in run for b in node}
            if len(joined) <= LITERALS_MAX:
                run = joined
                continue
            if _telling(run, best):
                best = frozenset(run)
            run = node
            continue
        if _telling(run, best):
            best = frozenset(run)
        run = {""}
        inner: frozenset[str] | None = None
        if op is constants.SUBPATTERN:
            inner = _required(list(value[-1]), constants)
        elif op is constants.ATOMIC_GROUP:
            inner = _required(list(value), constants)
        elif op is constants.BRANCH:
            arms = [_required(list(arm), constants) for arm in value[1]]
            if arms and all(arms):
                union = frozenset().union(*(a for a in arms if a))
                inner = union if len(union) <= LITERALS_MAX else None
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT):
            low, _high, item = value
            if low >= 1:
                inner = _required(list(item), constants)
        if inner is not None and _telling(inner, best):
            best = inner
    if _telling(run, best):
        best = frozenset(run)
    return best


class Search:
    """Expressions searched one by one, their matches merged into what one alternation of
    them, in order, finds: at each place the first expression that matches there, and the
    search goes on after the match.

    `re` scans fast for an expression that starts with a literal ("quick demo") and slowly
    for an alternation of them ("quick demo|short demo|demo call"), which it must try at
    every place a first letter could start one; searched one by one they are several
    times faster, and the matches are the same.
    """

    __slots__ = ("patterns",)

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """The matches in `text[pos:endpos]`, as `re.Pattern.finditer` of the alternation."""
        if len(self.patterns) == 1:
            return self.patterns[0].finditer(text, pos, endpos)
        return self._merged(text, pos, endpos)

    def _merged(self, text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        patterns = self.patterns
        ahead = [p.search(text, pos, endpos) for p in patterns]
        while True:
            best: re.Match[str] | None = None
            for k, match in enumerate(ahead):
                if match is not None and match.start() < pos:
                    # Its next match overlaps the one taken: search again after it.
                    match = ahead[k] = patterns[k].search(text, pos, endpos)
                if match is not None and (best is None or match.start() < best.start()):
                    best = match
            if best is None:
                return
            yield best
            pos = best.end()  # never empty (`_never_empty`)


EXPANDED_MAX = 12
"""An alternative is split into at most this many expressions (`_expanded`)."""


def _expanded(alternative: str) -> tuple[str, ...]:
    """An alternative that starts with a choice, one expression per choice, in its order.

    "(?:quick|short) demo\\b" becomes "quick demo\\b" and "short demo\\b", which `re` can
    search for by their literal start; "(?:and )?now" becomes "and now" and "now" (an
    optional part is tried first, as `?` tries it). In that order they match what the
    alternative matches. Choices that start with a choice are split again.
    """
    if not alternative.startswith("(?:"):
        return (alternative,)
    end = _group_end(alternative)
    if end < 0:
        return (alternative,)
    choices, rest = _alternatives(alternative[3:end]), alternative[end + 1 :]
    if rest[:1] == "?" and rest[1:2] not in ("?", "+"):
        choices.append("")  # greedy: the part first, then without it
        rest = rest[1:]
    elif rest[:1] in ("?", "*", "+", "{"):
        return (alternative,)
    found: list[str] = []
    for choice in choices:
        found.extend(_expanded(choice + rest))
        if len(found) > EXPANDED_MAX:
            return (alternative,)
    return tuple(found)


def _group_end(source: str) -> int:
    """Where the group that opens `source` closes; -1 when it does not."""
    return next((i for i, char, depth in _brackets(source) if char == ")" and not depth), -1)


def _brackets(source: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth after it) of each bracket and bar of a pattern that is not
    escaped or inside a character class: what splitting it at its top level reads."""
    depth = 0
    in_class = False
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[char]
            yield i, char, depth
        i += 1


def _never_empty(pattern: re.Pattern[str]) -> bool:
    """True when every match of `pattern` holds at least one character."""
    try:
        tree = re._parser.parse(pattern.pattern, pattern.flags)  # type: ignore[attr-defined]
        return bool(tree.getwidth()[0] > 0)
    except (AttributeError, re.error):
        return False


class Phrase:
    """One phrasing: the words that must appear (a cheap test first) and the expression.

    Attributes:
        words: Words (lower-case, as `words_of` splits them) the phrase cannot match
            without: at least one of them is in every match.
        subs: Substrings for anchors that are not words (punctuation such as "<>").
        source: The expression. Leading word boundaries are checked after the match
            instead (a pattern that starts with a literal is searched far faster).
        flags: Its `re` flags.
        cased: True when the pattern reads capitals (names) and runs on the original text;
            otherwise it was lower-cased and runs on the lower-cased text.
        windowed: True when long texts are searched only around the anchors.
        alternatives: The expression's top-level alternatives.
        needs: Per alternative, the whole words it cannot match without (`required_words`);
            an alternative whose words are not all in the text cannot match there, so it
            is left out of the expression searched (None when no alternative needs any,
            or when the expression has groups that splitting would renumber).
        literals: Strings (punctuation and spaces included) one of which every match
            contains (`required_literals`): tested before the expression is tried.
    """

    __slots__ = (
        "_alternative_literals",
        "_heads",
        "_literals",
        "_narrowed",
        "_pattern",
        "_search",
        "alternatives",
        "cased",
        "flags",
        "needs",
        "source",
        "subs",
        "windowed",
        "words",
    )

    def __init__(
        self, words: frozenset[str], subs: tuple[str, ...], source: str, flags: int, cased: bool
    ) -> None:
        self.words = words
        self.subs = subs
        self.source = source
        self.flags = flags
        self.cased = cased
        # Rare anchors make searching only near them pay; common ones do not.
        self.windowed = bool(words) and not subs and min(len(w) for w in words) >= 6
        self._pattern: re.Pattern[str] | None = None
        self.alternatives = tuple(_alternatives(source))
        needs = tuple(requirements(a, flags) for a in self.alternatives)
        grouped = "(" in source.replace("(?", "")
        self.needs = needs if any(a or c for a, c in needs) and not grouped else None
        self._narrowed: dict[tuple[int, ...], Search | None] = {}
        self._search: Search | None = None
        self._heads: dict[int, tuple[tuple[re.Pattern[str], ...], bool]] = {}
        self._literals: tuple[str, ...] | None = None
        self._alternative_literals: tuple[tuple[str, ...], ...] | None = None

    @property
    def literals(self) -> tuple[str, ...]:
        """`required_literals` of the expression, worked out on first use; none when its
        alternatives are tested one by one (`needs`: `pattern_for` with the text does it)."""
        if self._literals is None:
            self._literals = (
                required_literals(self.source, self.flags) if self.needs is None else ()
            )
        return self._literals

    def absent(self, lowered: str) -> bool:
        """True when the lower-cased text lacks every string a match needs (`literals`)."""
        literals = self.literals
        return bool(literals) and not any(t in lowered for t in literals)

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled expression, compiled on first use so importing stays cheap."""
        if self._pattern is None:
            self._pattern = re.compile(self.source, self.flags)
        return self._pattern

    @property
    def search(self) -> Search:
        """The whole expression as a `Search`: its alternatives searched one by one where
        that is faster (`_expanded`), their matches merged as the alternation's would be."""
        if self._search is None:
            self._search = self._searching(tuple(range(len(self.alternatives))))
        return self._search

    def _searching(self, kept: tuple[int, ...]) -> Search:
        if self.needs is None:
            return Search((self.pattern,))
        patterns: list[re.Pattern[str]] = []
        empty = False
        for i in kept:
            known = self._heads.get(i)
            if known is None:
                heads = tuple(re.compile(h, self.flags) for h in _expanded(self.alternatives[i]))
                known = self._heads[i] = (heads, not all(_never_empty(h) for h in heads))
            patterns.extend(known[0])
            empty = empty or known[1]
        if len(patterns) > 1 and empty:
            # A match can be empty: only the alternation itself steps past it correctly.
            patterns = [re.compile("|".join(self.alternatives[i] for i in kept), self.flags)]
        return Search(tuple(patterns))

    def pattern_for(self, words: frozenset[str], lowered: str = "") -> Search | None:
        """The expression narrowed to the alternatives that can match a text of `words`.

        The alternatives left out cannot match anywhere in the text, so the narrowed
        expression finds exactly what the whole one finds, usually much faster.
        With `lowered` (the lower-cased text), an alternative is also left out when the
        text lacks every string it needs (`required_literals`).
        None when no alternative can match.
        """
        if self.needs is None:
            return self.search
        found: list[int] = []
        literals = self.alternative_literals if lowered else ()
        for i, (every, choices) in enumerate(self.needs):
            if every <= words:
                for choice in choices:
                    if choice.isdisjoint(words):
                        break
                else:
                    if literals and literals[i] and not any(t in lowered for t in literals[i]):
                        continue
                    found.append(i)
        if len(found) == len(self.needs):
            return self.search
        kept = tuple(found)
        if kept in self._narrowed:
            return self._narrowed[kept]
        narrowed = self._searching(kept) if kept else None
        if len(self._narrowed) < NARROWED_KEPT:
            self._narrowed[kept] = narrowed
        return narrowed

    @property
    def alternative_literals(self) -> tuple[tuple[str, ...], ...]:
        """`required_literals` of each alternative, worked out on first use."""
        if self._alternative_literals is None:
            self._alternative_literals = tuple(
                required_literals(a, self.flags) for a in self.alternatives
            )
        return self._alternative_literals

    def possible(self, lowered: str, words: frozenset[str]) -> bool:
        """False when the text lacks every anchor, so the expression need not run."""
        if not self.words.isdisjoint(words):
            return True
        return any(sub in lowered for sub in self.subs)


@dataclass(frozen=True, slots=True)
class Family:
    """A family of phrasings that point the same way.

    Attributes:
        signal: The reason's name.
        category: The category it pushes towards.
        weight: Weight of one hit.
        cap: At most this many distinct hits count.
        phrases: The phrasings; each is only tried when one of its anchors (lower-case
            substrings it cannot match without) occurs in the text, which keeps
            classification fast.
        scope: Which text it reads: "new" (the new text and subject), "all" (new text,
            signature and footers: opt-outs and platform footers live there).
        asserted: The phrases report something done ("she gave me your email"): a match
            that its own clause makes hypothetical or denies ("if I passed on your email",
            "I haven't mentioned your name") does not count.
    """

    signal: str
    category: Category
    weight: float
    cap: int
    phrases: tuple[Phrase, ...]
    scope: str = "new"
    asserted: bool = False

    def hits(
        self,
        text: str,
        lowered: str,
        words: frozenset[str],
        only: set[int] | None = None,
    ) -> list[str]:
        """The distinct phrases of this family in `text`.

        Args:
            text: The text as written.
            lowered: `text.lower()`.
            words: `words_of(lowered)`.
            only: Indexes of the phrases worth trying (from `candidates`); None tries
                every phrase whose anchors occur.
        """
        found: list[str] = []
        seen: set[str] = set()
        spans: list[tuple[int, int]] = []
        same = len(text) == len(lowered)
        tried = (
            [(i, self.phrases[i]) for i in sorted(only)]
            if only is not None
            else enumerate(self.phrases)
        )
        for _index, phrase in tried:
            if only is None and not phrase.possible(lowered, words):
                continue
            if phrase.absent(lowered):
                continue
            pattern = phrase.pattern_for(words, lowered)
            if pattern is None:
                continue
            source = text if phrase.cased or not same else lowered
            if phrase.windowed and len(source) > WINDOWED_FROM:
                matches: Iterable[re.Match[str]] = _matches(phrase, pattern, source, lowered, words)
            else:
                matches = pattern.finditer(source)
            for match in matches:
                start, end = match.span()
                if start and _WORD.match(source, start - 1) and _WORD.match(source, start):
                    continue  # the leading word boundary the pattern leaves out
                if self.asserted and (unasserted(source, start) or permitted(source, end)):
                    continue
                evidence = text[start:end] if same else match.group(0)
                key = _normal(evidence)
                if key in seen or (key and any(key in k or k in key for k in seen)):
                    continue  # the same phrasing again, or inside a longer one already counted
                if any(s < end and start < e for s, e in spans):
                    continue
                seen.add(key)
                spans.append((start, end))
                found.append(evidence)
                if len(found) >= self.cap:
                    return found
        return found


WINDOWED_FROM = 1200
"""Texts shorter than this are searched whole."""
WINDOW = (180, 220)
"""Characters searched before and after an anchor word: longer than any phrase can be."""


def _windows(phrase: Phrase, lowered: str, words: frozenset[str]) -> list[tuple[int, int]] | None:
    """Spans of `lowered` around the phrase's anchor words, merged; None to search it all."""
    if phrase.subs:
        return None
    before, after = WINDOW
    spans: list[tuple[int, int]] = []
    size = len(lowered)
    for word in phrase.words & words:
        position = lowered.find(word)
        while position >= 0:
            spans.append((max(0, position - before), min(size, position + len(word) + after)))
            if len(spans) > 24:
                return None  # a common word: searching everything is cheaper
            position = lowered.find(word, position + len(word))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _matches(
    phrase: Phrase, pattern: Search, source: str, lowered: str, words: frozenset[str]
) -> Iterator[re.Match[str]]:
    """The matches of `pattern` (the phrase's), searched only near its anchors when cheaper."""
    spans = _windows(phrase, lowered, words)
    if spans is None:
        yield from pattern.finditer(source)
        return
    last_end = -1
    for start, end in spans:
        for match in pattern.finditer(source, start, end):
            if match.start() >= last_end:
                last_end = match.end()
                yield match


_NOT_WORD = re.compile(r"[^a-z0-9]+")
_MINUTES = re.compile(r"min(?:ute)?s?\b")


def _normal(phrase: str) -> str:
    """A phrase reduced for de-duplication: "30 minutes", "30-min" and "30min" are one."""
    return _NOT_WORD.sub("", _MINUTES.sub("min", phrase.lower()))


_WORD = re.compile(r"\w")
_WORDS = re.compile(r"\w+")


_COMMON = frozenset(
    [
        "with",
        "your",
        "the",
        "you",
        "that",
        "this",
        "for",
        "and",
        "have",
        "not",
        "are",
        "out",
        "from",
        "time",
        "what",
        "will",
        "can",
        "would",
        "could",
        "should",
        "about",
        "like",
        "just",
        "know",
        "all",
        "our",
        "its",
        "one",
        "but",
        "was",
        "were",
        "been",
        "has",
        "him",
        "her",
        "them",
        "they",
        "she",
        "his",
        "who",
        "how",
        "any",
    ]
)
"""Words too common to make a good anchor."""


_PUNCTUATION = str.maketrans(dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~’‘“”–—…«»¿¡·•", " "))


def words_of(lowered: str) -> frozenset[str]:
    """The distinct words of a lower-cased text (apostrophes and hyphens split words)."""
    return frozenset(lowered.translate(_PUNCTUATION).split())


def _anchor(anchor: str) -> tuple[str, str]:
    """An anchor as (word, "") when it contains a word, else ("", substring).

    "~text" forces a substring anchor (a word stem such as "~minute").
    """
    tokens = words_of(anchor.lower())
    if anchor.startswith("~"):
        return "", anchor[1:]
    if not tokens:
        return "", anchor
    rare = [t for t in tokens if t not in _COMMON] or tokens
    return max(rare, key=len), ""


_CASED = "(?-i:"
_LOWER_LITERAL = re.compile(r"(\\.)|([A-Z])")


def _alternatives(source: str) -> list[str]:
    """Split a pattern at its top-level `|`."""
    bars = [i for i, char, depth in _brackets(source) if char == "|" and not depth]
    return [source[a + 1 : b] for a, b in zip([-1, *bars], [*bars, len(source)], strict=True)]


def _phrase(spec: str) -> Phrase:
    """Compile "anchors::pattern"; anchors starting with "=" make the pattern case-exact."""
    anchors, sep, source = spec.partition("::")
    if not sep:
        raise ValueError(f"phrase without anchors: {spec!r}")
    exact = anchors.startswith("=")
    anchors = anchors.lstrip("=")
    cased = exact or _CASED in source
    alternatives = [a[2:] if a.startswith("\\b") else a for a in _alternatives(source)]
    source = "|".join(alternatives)
    flags = re.MULTILINE
    if cased and not exact:
        flags = _FLAGS
    elif not cased:
        # Lower-case the literals (not the escapes) and search the lower-cased text.
        source = _LOWER_LITERAL.sub(lambda m: m.group(1) or m.group(2).lower(), source)
    pairs = [_anchor(a) for a in anchors.split("|")]
    words = frozenset(w for w, _ in pairs if w)
    subs = tuple(sub for _, sub in pairs if sub)
    return Phrase(words, subs, source, flags, cased)


def _family(
    signal: str,
    category: Category,
    weight: float,
    cap: int,
    *parts: str,
    scope: str = "new",
    asserted: bool = False,
) -> Family:
    return Family(signal, category, weight, cap, tuple(_phrase(p) for p in parts), scope, asserted)


B = Category.BLIND_INTRO
S = Category.SALES_PITCH
OPT = Category.OPT_IN
X = Category.OTHER

FAMILIES: tuple[Family, ...] = (
    # --- blind_intro: someone else hands the owner to a third party ------------------------
    _family(
        "intro_meet",
        B,
        1.6,
        2,
        rf"meet::\b{NAME},?\s+meet\s+{NAME}",
        rf"meet::\b{NAME}\s+[-–—:]\s*meet\s+{NAME}",
        rf"meet::(?:^|[.!?]\s+)meet\s+{NAME}[^.\n]{{0,40}}\((?:cc|in cc|copied|now in|in copy)",
        r"meet::\b(?:like|love|want|wanted) you (?:two |both )?to meet\b",
        r"meet|know each other|talk|connect|together|conversation::\b(?:the two of you|"
        r"you (?:two |both "
        r"|three |all )?)(?:really )?(?:should|ne"
        r"ed to|mus"
        r"t|have to|"
        r"ought to) (?:really |definitely |totally )?(?:meet|know each other|talk|connect|get "
        r"together|have a (?:proper |real |good )?conversation)\b",
        r"should know|should meet::\bpeople you should (?:know|meet)\b",
        rf"this is::\b{NAME}, this is (?:(?:Prof|Dr|Mr|Ms|Mrs)\.? )?{NAME}(?: {NAME})?,? "
        r"(?:who|my|our)\b",
        r"=-|–|—::[–—-] ?([A-Z][\w'’-]+)\. ?\1 ?[–—-]",
        rf"this is|here is::\b{NAME}, (?:this|here) is {NAME}[^\n]{{0,120}}?[.!?]\s+{NAME}, "
        rf"(?:this|here) is (?:(?:my|our|the) (?:[\w-]+ ){{0,2}}?)?{NAME}",
        r"meet::\bmeet (?:my|our) (?:friend|colleague|cousin|nephew|niece|son|daughter|brother|"
        r"sister|partner|boss|manager|client|former|old|dear)\b",
        r"this is::\bthis is my (?:good |old |dear |close )?(?:friend|colleague|cousin|nephew|"
        r"niece|son|daughter|brother|sister|partner|boss|manager|client|former|mentee|neighbou?r|"
        r"classmate)\b(?!['’])",
    ),
    _family(
        "intro_phrase",
        B,
        1.6,
        2,
        r"introduce|introduced|introducing|introduction::\b(?:allow|let) (?:me|us) (?:to )?intro"
        r"duce\b(?! (?:myself|ourselves|my ?self)\b)",
        r"introduce|introduced|introducing|introduction::\bI(?:'d| would)? like to introduce\b",
        rf"bcc::\b(?:mov(?:e|ed|ing)|put(?:ting)?) (?:you|him|her|them|{NAME}) to bcc\b",
        r"introduce|introduced|introducing|introduction::\b(?:pleased|happy|delighted|glad|excit"
        r"ed|great|honou?red) to introduce\b",
        r"connect::\b(?:pleased|happy|delighted|glad|excited) to connect (?:you|the two)\b(?![^."
        r"]{0,30}\bif\b)",
        r"introduce|introduced|introducing|introduction::\bintroduc(?:e|ing) you (?:two|both|to "
        r"(?:my|our|\w+ \w+))",
        r"present::\btake the liberty (?:to|of) present(?:ing)?\b|\bpresent to you (?:my|our)\b",
        r"presento|présente|vorstellen::\b(?:te|le|les) presento\b|\bje (?:te|vous) présente\b|"
        r"\bvorstellen\b",
        r"connect|connecting::\bconnect(?:ing)? (?:you|the two of you) (?:two|both|here|with)\b",
        r"in touch::\b(?:put|putting) you (?:two |both )?in touch\b",
        r"contact::\b(?:put|putting) you (?:two |both )?in contact with\b",
        r"liberty::\b(?:taken|taking|take) the liberty of (?:connecting|introducing|suggesting|"
        r"putting|copying|cc'?ing|looping|sharing|passing)\b",
        r"introduce|each other::\bintroduce (?:a few|some|two|three|four|several) (?:people|folks|"
        r"of you)\b|\b(?:should|ought to) (?:all )?(?:know|meet) each other\b",
        r"told you about|mentioned|telling you about::\b(?:is|this is) the (?:\w+ ){0,2}?I (?:told "
        r"you "
        r"about|mentioned|was telling you about)\b",
        r"loop|looping::\blooping (?:in|you in|you both in|you (?:two|three|all|both) (?:in|toget"
        r"her))\b|\bloop(?:ing)? (?:him|her|them|you) "
        r"in\b",
        rf"copying|cc'ing|ccing|adding::\b(?:copying|cc'?ing|adding)\s+(?:in\s+)?{NAME}",
        r"introduced you::\bintroduced you to\b",
        r"introduce|introducing::\b(?:introducing|introduce) you (?:now|here|both|two)\b",
        rf"intro::\bintro(?:duction)?\s*:\s*(?:(?:mr|ms|mrs|dr)\.?\s+)?{NAME}",
        rf"<>|<->::{NAME}[^<\n]{{0,40}}\s*<-?>\s*{NAME}",
        rf"~↔::{NAME}[^↔\n]{{0,40}}\s*↔\s*{NAME}",
        r"~intro::\be-?intro(?:ducing|duction)?\b|\b(?:making|doing|sending) (?:an|this|the|a) "
        r"(?:[\w-]+ )?(?:e-?)?intro(?:ducti"
        r"on)?\b",
        r"connect::\b(?:wanted|want|thought I'd|I'd like|I'd love) to connect (?:you|the two of "
        r"you)\b",
        r"meet::\b(?:would|I'd) love for you (?:two |both )?to meet\b",
        r"chat|connect|coffee|compare::\byou (?:two |both )?should (?:chat|connect|get coffee|grab "
        r"coffee|compare notes)\b",
        r"~intro::\bhere(?:'s| is) (?:the|my|an|your) (?:e-?)?intro(?:duction)?\b",
        asserted=True,
    ),
    _family(
        "cc_mention",
        B,
        0.9,
        1,
        r"cc|ccd|ced|copied|copy|now|bcc|bccd::\((?:cc'?e?d|in cc|cc|copied|in copy|now in to|bc"
        r"c'?e?d)\)",
        r"copy|cc|copied::\b(?:is|are|who is|who's|whom I(?:'ve| have)?) (?:in copy|cc'?e?d|"
        r"copied)\b",
        rf"copied|cc::\bI(?:'ve| have)? (?:also |just |now )?(?:cc'?e?d|copied) (?:him|her|them|you"
        rf" both|{NAME}|(?:my|our) [a-z-]+ {NAME})\b",
        r"copied|cc'd|ccd::\b(?:copied|cc'?e?d) (?:here|on this|in)\b",
        rf"added|cc::\bI(?:'ve| have)? (?:also |just )?added (?:my |our )?(?:[a-z]+ )?{NAME}(?: "
        rf"{NAME})? (?:on|to|in) (?:the )?(?:cc|here|this (?:thread|email|chain))\b",
        r"copy|copia|copie|kopie|~in cc::\bin (?:copy|cc|kopie)\b|\ben copi[ae]\b",
        r"~+cc::(?:^|(?<=\s))\+ ?cc:? (?-i:[A-Z])[\w-]+",
    ),
    _family(
        "handoff",
        B,
        0.9,
        2,
        r"you two|you both::\byou (?:two|both)\b",
        r"leave you::\b(?:I'll |I will |I )?leave you (?:two |both )?to (?:organi[sz]e|arrange|sort"
        r"|"
        r"take it|set it up|find a time|connect)\b",
        r"both::\b(?:hi|hello|dear|hey) (?:you )?both\b",
        r"over to you|floor is yours::\bover to you (?:both|two)\b|\bthe floor is yours\b|(?-i:"
        r"[A-Z])[\w-]+,? over to you\b",
        r"take it from here::\btake it from here\b",
        r"~out of the way|~out of your way|bcc|~bow out|~drop off::\b(?:step|get) out of (?:the|"
        r"your) way\b|\bmoving (?:myself"
        r"|me) to bcc\b|\bI'll (?:drop off|bow out)\b",
        r"leave::\bleave (?:it|the scheduling|the rest|things) (?:up )?to you\b|\bleave you (?:two|"
        r"both) to it\b",
        r"matchmaker|matchmaking::\bmatchmak(?:er|ing)\b",
        r"both|two::\bboth of you (?:should|would|could|will)\b|\btwo of you (?:should|would|"
        r"could|will)\b",
        r"compare notes|hit it off::\bcompare notes\b|\bhit it off\b",
        r"hear::\bexpect to hear from (?:him|her|them)\b",
        r"~he'll|~she'll|~they'll|~he will|~she will|~they will::\b(?:he|she|they)(?:'ll| will) "
        r"(?:be in "
        r"touch|write to you|reach out|send over|contact you|get in touch|email you|call you)\b",
        r"number|email|phone|cell|mobile|contact::\b(?:his|her|their) (?:number|email|phone|cell|"
        r"mobile|contact details?) (?:is|are)\b",
        r"hope|mind::\bhope (?:that's|that is|this is) (?:ok|okay|alright|all right|fine|cool)\b|"
        r"\bhope you don't mind\b",
    ),
    _family(
        "offered_time",
        B,
        1.8,
        2,
        # Dutch: "ik heb gezegd dat jij hem wel even op weg wilt helpen".
        r"gezegd|verteld|beloofd::\bik heb (?:(?:hem|haar) )?(?:gezegd|verteld|beloofd) dat (?:jij|"
        r"je)\b[^.?!\n]{0,60}?\b(?:wilt|wil|kunt|kan|zult|zal) helpen\b",
        # Spanish: "ya le di tu celular", "me compartió su correo", "te va a llamar el lunes".
        r"di|pasé|compartí|mandé|compartió|pasó|dio|va::\b(?:ya )?(?:le|les) (?:di|pasé|compartí|"
        r"mandé) tu (?:celular|cel|correo|número|contacto|teléfono|mail)\b|\bme (?:compartió|pasó|"
        r"dio) (?:su|tu) (?:correo|celular|número|contacto|teléfono)\b|\bte va a (?:llamar|marcar"
        r")\b",
        r"told|said|promised|assured|explained|mentioned|figured|confident::\b(?:told|said|promi"
        r"sed|"
        r"assured|explained to|mentioned to|figured|was (?:very )?confident)\b[^.!?\n]{0,100}?"
        r"(?:\byou(?:'d|'ll|'re|re|(?: sure| surely| definitely)? (?:would|will|could|are|can))|"
        r"(?<!\bi )(?<!\bwe )\bwould be|(?<"
        r"!\bi )(?<!\bwe )\bwill (?:for sure |"
        r"surely |kindly )?)\s*(?:\w+\s+){0,3}?(?:happy|glad|love to|up for|willing|make time|"
        r"help|take a look|give|spend|squeeze|sort|receive|meet|say yes|mentor|grab|happily|"
        r"take care of|perfect|ideal|"
        r"gladly|the (?:perfect |ideal |right |best )?(?:person|one|obvious|guy)|super generous|"
        r"generous|advise|look at|walk|talk|chat|share|review|guide|coach|answer|sit down|hop on|"
        r"jump on|show|call|ring|phone|reach out to|contact|refer|hook (?:him|her|them) up|find "
        r"(?:him|her|them|time|some time|a slot)|get back to|open to|take (?:him|her|them))",
        r"told|and that::\btold (?:him|her|them)\b[^.!?\n]{0,200}?\band that you(?:'d| would) "
        r"(?:want|love|be happy|be glad) to\b",
        rf"told|promised|assured::\b(?:told|promised|assured) (?:him|her|them|{NAME}) (?:that )?"
        rf"{NAME} (?:would|will|'d|'ll) (?:\w+ ){{0,2}}?(?:happily|gladly|be happy|be glad|love to|"
        rf"help|mentor|meet|do a|make time|take a look|look at|give|advise|talk|chat|call)\b",
        r"put you down|signed you up|booked you|volunteered you|committed you::\b(?:I've|I have|"
        r"I)\s+(?:already\s+)?(?:put you down|signed you up|booked you|volunteered you|committed "
        r"you)\b",
        r"gave|given|shared|passed|sent|forwarded|handed::\b(?:I|we)(?:'ve| have)?\s+(?:already\s"
        r"+|also\s+)?(?:gave|given|shared|passed(?: "
        r"on| along)?|sent|forwarded|handed)\s+(?:\w+\s+){0,2}?your\s+(?:e-?mail|number|phone|"
        r"mobile|contact|details|address|booking link|calendar|deck|info|cell)",
        r"gave|given|sent|passed::\b(?:gave|given|sent|passed) (?:him|her|them)\s+(?:your|ur)\b",
        r"gave|passed|shared|sent::(?:^|(?<=[.!?\n]) ?)(?:fyi,? |btw,? )?(?:just |already )?(?:gave"
        r"|p"
        r"assed (?:on )?|s"
        r"hared|"
        r"sent) your (?:e-?mail|number|mobile|phone|contact|details|cell) to\b",
        rf"gave|passed|shared|sent::\b{NAME}\s*[-–—,:]\s*(?:just |already )?(?:gave|"
        rf"passed (?:on )?|"
        r"shared|sent) your (?:e-?mail|number|mobile|phone|contact|details|cell) to\b",
        r"liar|holding::\bdon't make me a liar\b|\bI'm holding (?:him|her|you) to it\b",
        r"favor|favour::\bit would be a (?:personal |huge |big )?favou?r\b",
        r"needs|wants::\b(?:needs|wants) (?:\d+ ?min(?:ute)?s? of |an hour of |some of |a bit of )?"
        r"your (?:time|wisdom|help|advice|brain|expertise|input|guidance)\b",
        r"sure|confident|certain::\b(?:sure|confident|certain) (?:he|she|they)(?:'ll|"
        r" will|'d| would) (?:\w+ ){0,2}?(?:make time|help|give|spend|find time|be happy|be glad|"
        r"take a look)\b",
        r"love::\b(?:he|she|they)(?:'d| would) (?:really )?love (?:your|some of your|to get your|"
        r"to pick your|to hear your) (?:take|advice|help|thoughts|input|time|brain)\b",
        r"told|said::\b(?:told|said to) (?:him|her|them|[a-z]+) (?:that )?(?:he|she|they) (?:cou"
        r"ld|can|"
        r"should|might) (?:pick your brain|talk to you|reach out|contact you|call you|email you|"
        r"get "
        r"in touch|ask you|come to you|grab (?:a )?coffee with you)\b",
        r"says|say|tell|tells::\b(?:he|she|they|who) (?:says?|tells? me) (?:that )?you(?:'d|'ll| "
        r"can| could| will| would) (?:\w+ ){0,3}?(?:help|advise|guide|assist|mentor|support) "
        r"(?:me|us|our|my)\b",
        asserted=True,
    ),
    _family(
        "name_drop",
        B,
        2.4,
        2,
        r"gave|passed|forwarded::\b(?:gave me|passed (?:me )?(?:on |along )?|forwarded me)\s*you"
        r"r\s+(?:e-?mail|name"
        r"|number|contact|details|address|info|mobile|cell|phone)",
        r"suggested|recommended|told|said|thought|encouraged|pointed|referred::\b(?:suggested|re"
        r"commended|told me to|said I should|thought I should|"
        r"encouraged me to|pointed me (?:to you|your way|towards you)|referred me)\s+(?:that\s+)?"
        r"(?:I\s+|we\s+)?(?:just\s+|simply\s+|really\s+|definitely\s+|def\s+)?(?:reach out|"
        r"contact you|get in touch|write to you|e-?mail you|talk to "
        r"you|speak (?:to|with) you|connect|drop you a line|to you|ping you|write you|message "
        r"you|call you|ring you|get in contact)",
        rf"give|gives|gave::\b{NAME} {NAME}(?: (?:of|from|at) [^.!?\n]{{0,40}}?)? (?:give|gives|"
        rf"gave) me your (?:e-?mail|contact|number|details|address)\b",
        r"should::\bthought (?:we|you and I|the two of us) should (?:connect|talk|meet|speak|"
        r"chat)\b",
        r"say::\bsay you(?:'re| are) (?:the|a|my) (?:person|one|guy|expert|right person|go-to)\b",
        r"said|says|say|tells me|told me::\b(?:said|says|say|tells me|told me)\b[^.!?\n]{0,60}?"
        r"\byou(?:'re| are)\s+(?:the|a|my) (?:(?:best|perfect|right|ideal|top) (?:\w+ )?)?(?:"
        r"person|one|guy|expert|go-to|designer|engineer|lawyer|developer|researcher|scientist)\b",
        r"your name::\b(?:mentioned|dropped|gave me|passed on) your name\b",
        r"shared|passed|forwarded|gave::\b(?:shared|passed on|forwarded|gave) your (?:e-?mail(?: "
        r"id| address)?|number|mobile|contact(?: details)?|details|cell|phone number) with me\b",
        rf"got|received|given|obtained::\b(?:got|received|was given|obtained) your (?:e-?mail(?: a"
        rf"ddress)?|name|number|contact(?: details)?|details|address) (?:from|through|via) (?:my "
        rf"(?:friend|colleague) )?(?!(?-i:LinkedIn|Linkwise|Google|Crunchbase|Twitter|GitHub|Fa"
        rf"cebook|Instagram|AngelList|Apollo|ZoomInfo|Hunter)\b){NAME}",
        r"should::\b(?:said|says) (?:you|I|we) should (?:talk|speak|connect|meet|chat)\b",
        rf"suggestion|recommendation::\b{NAME}(?:'s|’s) suggestion\b|\bat the "
        rf"suggestion of\b|\bon {NAME}(?:'s|’s) recommendation\b",
        rf"says hello::\b{NAME} says hello\b",
        r"mind if::\bwouldn'?t mind if (?:i|we) (?:reached|reach) out\b",
        r"recommended you|suggested you|suggested i contact::\b(?:recommended|suggested) (?:you\b|"
        r"your name|I contact you)",
        r"mind::\b(?:said|says|told me) you (?:wouldn'?t|won'?t) mind\b",
        r"friend|colleague|classmate|neighbour|neighbor::\b(?:I'm|I am|as) (?:a |an )?(?:good |"
        r"old |"
        rf"former )?(?:friend|colleague|classmate|neighbou?r) of {NAME}",
        r"tell|tells|told|said::\b(?:tells?|told|said) me (?:that )?I (?:must|should|have to|need t"
        r"o) "
        r"(?:write|reach out|contact|e-?mail|talk|speak)(?: to| with)? you\b",
        r"tell|tells|told|advised|urged|wants|wanted|recommended|suggested|encouraged::\b(?:tells"
        r"?|told|advised|urged|wants|wanted|recommended|suggested|encouraged) me"
        r" to (?:write|reach out|contact|e-?mail|ping|message|call|ring|get in touch|drop)"
        r"(?: to| with)? (?:you|a line)\b",
        asserted=True,
    ),
    # --- sales_pitch: a direct ask for the owner's time, reach or expertise ----------------
    _family(
        "pick_your_brain",
        S,
        2.4,
        1,
        r"pick::\bpick (?:your|ur) brains?\b",
        r"learn from::\blearn from (?:you|your experience|someone (?:like you|who))\b",
        r"advice|expertise|insights|cents|tips|mentor|informational::\b(?:your|any)(?<!took your)"
        r"(?<!taken your)(?<!followed your)(?<!thanks for your)(?<!thank you for your) (?:advice|"
        r"expertise|insights?|two cents|tips)\b(?! below)|\binformational interview\b|\bmentor "
        r"me\b|\bbe my mentor\b",
        r"interview::\b(?:can|could|may|might) I interview you\b",
        r"questions|question::\bask you (?:just )?(?:a few|a couple(?: of)?|some|two|three|a) "
        r"(?:quick |short |brief |small )?questions?\b",
    ),
    _family(
        "time_ask",
        S,
        0.8,
        3,
        rf"quick::\bquick {LENGTH}(?:call|chat|zoom|sync|coffee|intro call|ask|question|catch-?up|"
        r"word)\b",
        # Spanish and French asks for a talk ("¿podemos hablar mañana?", "auriez-vous un moment").
        r"hablar|charlar|conversar|llamada|juntarnos|reunirnos|reunirme|platicar|conocerte|conocerlo|"
        r"conocerla::\b(?:podemos|podríamos|"
        r"podriamos) (?:hablar|charlar|conversar|tener una llamada|hacer una llamada|juntarnos|"
        r"reunirnos)\b|\bme (?:gustaría|encantaría) (?:conversar|hablar|charlar|reunirme|platicar|"
        r"conocerte|conocerlo|conocerla)\b",
        r"animas|minutos|marcar::\bte animas a (?:un café|una llamada|platicar|tomar un café|"
        r"comer)\b|\b(?:\d{1,2}|unos|cinco|diez|quince|veinte|treinta) minutos de (?:su|tu) "
        r"tiempo\b|\bsi me (?:puede|puedes) (?:marcar|llamar)\b",
        r"tendrías|tendrias|tenés|tenes|tienes::\b(?:tendrías|tendrias|tenés|tenes|tienes) (?:un )?"
        r"(?:espacio|rato|momento|ratito|hueco|unos minutos)\b",
        r"robo::\bte robo (?:\d{1,2}|unos|cinco|diez|quince) minutos\b",
        # Portuguese ("Podemos falar amanhã?", "Tem disponibilidade na próxima semana?").
        r"falar|conversar|marcar|combinar|disponibilidade::\b(?:podemos|podíamos|poderíamos|"
        r"podiamos|poderiamos) (?:falar|conversar|marcar|combinar|tomar um café|fazer uma call|ter "
        r"uma conversa)\b|\b(?:tem|tens|teria|terias) (?:disponibilidade|tempo|um minuto|uns "
        r"minutos)\b",
        r"auriez|pourrions::\bauriez-vous (?:quelques minutes|un moment|le temps|un créneau)\b|"
        r"\bpourrions-nous (?:échanger|nous appeler|en parler|parler)\b",
        r"spend|spare|give::\b(?:spend|spare|give me|give us) (?:\d{1,2}|ten|fifteen|twenty|"
        r"thirty) minutes with (?:me|us)\b",
        r"chance::\bany chance (?:of|for) (?:a |an )?(?:quick |short )?(?:coffee|call|chat|"
        r"meeting)\b|\bany chance (?:we|I) could (?:talk|chat|speak|meet|hop on a call)\b",
        r"call|zoom|phone::\b(?:hop|jump|get) on (?:a |the )?(?:quick |short )?(?:call|zoom|"
        r"phone)\b",
        r"~can we|~could we::\b(?:can|could) we (?:talk|chat|speak|connect|hop|set up|schedule|"
        r"have (?:a )?(?:short |quick |brief |little |small )?(?:talk|call|chat|meeting))\b",
        r"number|time to call::\b(?:best|good) (?:number|time to call)\b",
        r"know|coffee|lunch|drink|drinks|breakfast::\bget to know you\b|\b(?:grab|get) (?:a )?(?"
        r":coffee|lunch|"
        r"drink)\b|\bcatch up over (?:coffee|lunch|a drink)\b|\b(?:coffee|lunch|drinks|breakfast) "
        r"(?:next week|sometime|soon|this week)\b",
        r"schedule|set up|arrange::\b(?:schedule|set up|arrange) (?:a |some )?(?:quick |short |"
        r"brief )?(?:call|chat)\b|\b(?:schedule|set up|arrange) an? (?:quick |short |brief )?"
        r"\d{1,2}[- ]?min(?:ute)?s?\b",
        r"connect|reconnect|chat::\btime to (?:connect|reconnect|chat)\b",
        r"~you have::\b(?:would|do|will) you have (?:\d+ minutes|(?:some )?time|a few minutes|a "
        r"moment|a minute|half an hour)\b",
        r"worth a::\bworth a (?:\d{1,2}[- ]?min(?:ute)?s? |short |brief )?(?:chat|call|"
        r"conversation|quick|demo|look|coffee)\b",
        r"available|free::\b(?:would|are) you (?:be )?(?:available|free) for a (?:\w+ )?(?:call|"
        r"chat|conversation|coffee|meeting)\b|\bfree (?:next|this) (?:week|monday|tuesday|"
        r"wednesday|thursday|friday)\?",
        r" call::\b(?:intro|discovery|alignment|exploratory|introductory) call\b",
        r"minutes|hour|bit|min|mins::\b(?:minutes|hour|bit|mins?) of your (?:valuable |precious )?"
        r"time\b",
        r"minutes::\bwould (?:\d{1,2}|five|ten|fifteen|twenty|thirty|forty-five) minutes\b"
        r"[^.?\n]{0,50}\bbe (?:unreasonable|too much|possible|ok|okay|alright|feasible|doable)\b",
        r"convenient|suitable::\byour (?:convenient|suitable) time for a (?:call|meeting|chat)\b",
        r"grab|steal|borrow::\b(?:can|could|may|might) I (?:grab|steal|borrow) (?:\d+|a "
        r"few|a couple of|some|a bit of|half an|an)\b",
        r"free|around|available::(?:^|[.!?] )(?:free|around|available) (?:for|to) (?:a )?(?:quick "
        r"|short |brief )?(?:call|chat|coffee|zoom|meeting|talk)\b",
        r"free|around|available::, (?:free|around|available) (?:for"
        r"|to) (?:a )?(?:quick |short |brief )?(?:call|chat|talk|speak|connect|zoom)\b(?=[^.!?\n]"
        r"{0,30}\?)",
        r"zoom|teams|skype|google::\b(?:call|"
        r"chat|conversation|meeting|talk) (?:over|on|via) (?:zoom|teams|skype|google meet)\b",
        r"connect|chat|conversation|call::\blove to (?:connect|chat|have a (?:quick )?"
        r"(?:chat|conversation))\b|\blet's connect\b|\bopen to (?:a )?(?:quick )?(?:chat|"
        r"conversation|call)\b",
        r"~find a time|~find some time|~find time|~up a time|~up some time|~grab a time|~grab so"
        r"me time|~grab time|~carve out|~when works|~when would work|~calendar look|~are you fre"
        r"e::\b(?:find|set up|grab|carve out) (?:a |some )?time\b|\bwhen "
        r"(?:works|would work) (?:best )?for you\b|\bwhat does your calendar look like\b|\bare "
        r"you free (?:next|this|on|for)\b",
        r"find|take::\b(?:find|take) (?:\d{1,2}|a few|five|ten|fifteen|twenty|thirty) "
        r"(?:minutes|mins) (?:to|with you|of your)\b",
        r"spare::\bspare (?:a few |a couple of |\d+ )?(?:minutes|moments|mins)\b|\bspare (?:s"
        r"ome|a little|a bit of) (?:of your )?time\b|\bspare (?:an|half an) hour\b",
        rf"call|coffee|chat|meeting::\b(?:brief|short) {LENGTH}(?:video )?(?:call|chat|meeting)\b|"
        r"\bvirtual "
        r"coffee\b"
        r"|\bcoffee "
        r"chat\b",
        r"demo::\b(?:quick|short|brief|live|personal) demo\b|\bdemo call\b",
        r"buy you::\bbuy you (?:a )?(?:lunch|coffee|drink|dinner|breakfast)\b",
        r"diary|calendar::\b(?:pop|put|get|pencil|book|stick) (?:in )?(?:a call|a chat|a quick "
        r"call|some time|something|\d{1,2} (?:minutes|mins)|(?:ten|fifteen|twenty|thirty) "
        r"(?:minutes|mins)) (?:in|into) (?:the|your) (?:diary|calendar)\b",
        r"more::\b(?:tell|share|show) (?:you )?more (?:on|over|during|in) a (?:quick |short )?(?"
        r":call|"
        r"chat|zoom)\b",
        r"welcome|appreciate|value::\bI(?:'d| would) (?:welcome|appreciate|value) (?:a |"
        r"the chance for"
        r" a )?"
        r"(?:\w+ )?(?:chat|call|conversation|meeting)\b",
        r"work::\bwould (?:next |this )?(?:monday|tuesday|wednesday|thursday|friday|tomorrow|next "
        r"week|this week) work\b",
        r"worth::\bworth (?:\d{1,2}|five|ten|fifteen|twenty|thirty|a few) (?:min(?:ute)?s?)\b",
        r"jump|hop::\b(?:can|could) we (?:jump|hop) on\b",
        r"opportunity|chance::\b(?:appreciate|welcome|love|value) the (?:opportunity|chance) to "
        r"(?:meet|speak|chat|connect|share|talk|show|present|walk you|introduce|discuss)\b",
        r"keen|eager::\b(?:keen|eager) to (?:speak|talk|chat|meet) (?:with|to) you\b",
        r"availability::\b(?:reply|respond|come back) with your availability\b",
        r"join|attend|hop|jump::\b(?:join|attend|hop on|jump on) (?:a|an|one) (?:\d{1,2}|fifteen|"
        r"twenty|thirty|forty-five|sixty)[- ]?(?:min|mins|minute) (?:call|zoom|meeting|session|"
        r"chat)\b",
    ),
    _family(
        "time_amount",
        S,
        0.5,
        1,
        r"hour::\b(?:half an|an|one) hour (?:or so|of your|with you|call|chat|at most|max|tops)\b",
        r"minutes|minute|mins|min|~0min|~1min|~2min|~3min|~4min|~5min|~6min|~7min|~8min|~9min|~0"
        r"-min|~5-min::\b(?:\d{1,2}|five|ten|fifteen|twenty|thirty|a few|"
        r"few)[\s-]*(?:min(?:ute)?s?)"
        r"\b",
        r"minutos|minutinhos::\b(?:\d{1,2}|cinco|diez|dez|quince|quinze|veinte|vinte|treinta|trinta)"
        r" minut(?:os|inhos)\b",
    ),
    _family(
        "calendar_link",
        S,
        1.2,
        1,
        r"~http::https?://(?:[\w-]+\.)*(?:calendly|cal|savvycal|zcal|tidycal|youcanbook|"
        r"chilipiper|doodle)\.[a-z.]+/[\w/.-]+",
        r"hubspot::https?://meetings\.hubspot\.com/\S+",
        r"reserve|secure|claim::\b(?:reserve|secure|claim) your (?:\w+ )?(?:slot|spot|seat|place)\b"
        r"",
        r"time|slot::\b(?:pick|grab|book|choose) (?:a|any|your) (?:time|slot)\b",
        r"book your|booking link|my calendar|slots::\bbook your (?:\w+ )?(?:call|onboarding|demo|"
        r"session)\b|\bbooking link\b|"
        r"\bmy calendar (?:is here|link)\b|\bput (?:a few|some) slots\b",
        r"calendar|calendly|availability::\bhere(?:'s| is) (?:my|a link to my) (?:calendar|calendly"
        r"|"
        r"availability)\b",
        r"grab|pick::\b(?:grab|pick|book) (?:whatever|whichever|any) (?:\w+ )?(?:slot|time|"
        r"minutes) (?:suits|works)\b|\b(?:grab|pick) whatever suits\b",
    ),
    _family(
        "feedback_pretext",
        S,
        1.4,
        2,
        r"feedback|opinion::\b(?:your|brutally honest|honest|candid|expert)\s+(?:feedback|"
        r"opinion)\b",
        r"thoughts|reactions|reaction::\b(?:hear|hearing|get|getting) your (?:honest |candid |"
        r"frank |gut )?(?:thoughts|reactions?)\b",
        r"grateful::\bgrateful for your (?:honest |candid |frank |expert )?(?:thoughts|feedback|"
        r"take|input|views)\b",
        r"perspective|input|take::\b(?:your|of your) (?:perspective|input|honest take|expert "
        r"take)\b",
        r"breaks|beta|picked|picking|handpicked|handpicking::\btell us what breaks\b|\bprivate b"
        r"eta\b|\bhand-?pick(?:ed|"
        r"ing)\b|\bbeta (?:testers?|program)\b",
        # A researcher's "research interview" is as often a permission-first ask as a pretext.
        r"interview|interviews|gift|seats|month|months|thank::\b(?:user|customer) interviews?\b|"
        r"\bgift card\b|\bfree (?:seats|months?)\b|\bas a thank[- ]you\b",
        r"clicking|resonates::\bclicking around\b|\bwhether it resonates\b",
        r"resume|cv|deck|site|website|product|portfolio|app|draft|plan|pitch|~what you think::\b"
        r"(?:look at|review|check out|glance at|look over) (?:my|"
        r"our) (?:resume|cv|deck|site|website|product|portfolio|app|draft|plan|pitch)\b|\btell me "
        r"what you think\b",
    ),
    _family(
        "reach_ask",
        S,
        1.8,
        2,
        r"contacto::\bpas(?:a|á)le mi contacto a\b|\bpasarle mi contacto a\b",
        r"trust|vouch::\bwho are the (?:[\w'-]+ ){1,8}?(?:you'd|you would) (?:trust|vouch for)\b",
        r"forward::\b(?:willing|happy|able|kind enough) to forward (?:our|my|this|the) (?:opening|"
        r"invitation|invite|announcement|flyer|email|note|rate card|deck)\b",
        r"recommend|suggest::\bwho (?:are|would|do|could) (?:the )?[^.?\n]{0,40}?(?:recommend|"
        r"suggest)\b",
        r"rock|rockstar|rockstars::\brock ?stars?\b",
        r"best|know|recommend|across|met|worked::\bwho (?:are|is) the best \w+ you know\b|"
        r"\b(?:good|great|best|strong|strongest|top) (?:\w+ )?(?:designers|engineers|developers|"
        r"candidates|people) (?:you "
        r"know|you'd recommend|you've (?:come across|met|worked with))\b",
        r"names::\beven (?:one|two|a couple|a few)(?: or two)? names\b|\bany names\b(?<!giving out "
        r"any names)(?<!give out any names)(?<!sharing any names)(?<!share any names)",
        r"mention|recommend|forward::\b(?:mention|recommend) us to your (?:\w+ )?(?:members|colleag"
        r"ues|team|staff|students|clients|network|peers)\b|\bforward (?:this|my) (?:e-?mail|note|"
        r"message) to (?:anyone|everyone|colleagues|your (?:\w+ )?(?:members|colleagues|team))\b",
        r"introduce|introduced|introducing|introduction::\bintroduc(?:e|ing) (?:me|us) to (?:\w+"
        r" ){0,4}?(?:angels|investors|people|"
        r"folks|contacts|someone|anyone|vcs?)\b",
        r"network::\b(?:share|sharing|forward|forwarding) (?:our|my) (?:\w+ )?(?:with|to) (?:\w+ ){"
        r"0,6}?in your network\b",
        r"network|audience|followers|community::\b(?:with|to) your (?:network|audience|followers|"
        r"community)\b|\banyone in your (?:network|circle|community)\b",
        r"colleagues|patients|clients|contacts|team|peers|people|founders::\b(?:shar|forward|"
        r"pass)(?:e|"
        r"ing)? (?:this|it|the (?:\w+ ){0,2}?(?:flyer|email|e-mail|link|invitation|survey)) "
        r"(?:along )?(?:with|to) (?:your|any of your|a few of (?:your|the)) (?:\w+ )?(?:colleagues|"
        r"patients|clients|contacts|team|peers|people|founders)\b",
        r"launch|post|announcement::\bshar(?:e|ing) (?:our|the|my) (?:launch|post|announcement)\b",
        r"sentence|quote|quotes|testimonial|few words|blurb::\bwrite (?:a sentence|a few words|"
        r"a quote|a "
        r"testimonial|a blurb)\b|\bpartner quotes?\b|\btestimonial\b",
        rf"partner|endorse::\blist {NAME} as a partner\b|\bendorse\b",
        r"point|right person|right direction::\bpoint me to (?:whoever|the right)\b|\bare you "
        r"the right person\b|\bpointed in the right direction\b|\bpoint me (?:to|towards) who "
        r"(?:manages|handles|looks after|runs|oversees|is responsible for|is in charge of) your\b",
        # A job seeker's referral ("I kindly request you to refer me for this role").
        r"refer::\brefer me (?:for|to) (?:the|this|that|a|an|your|any) (?:[\w-]+ ){0,3}?(?:role|"
        r"position|opening|openings|job|jobs|vacancy|hiring (?:team|manager)|internship|same)\b|"
        r"\b(?:kindly|humbly) refer me\b|\b(?:grateful|thankful|obliged) if you(?:'d| would| could"
        r"| can)?(?: be willing to)? refer me\b",
        r"pass::\b(?:could|can|would|please|kindly)(?: you)?(?: please| kindly)? pass (?:my|our) "
        r"(?:contact )?(?:details|info|information|number|name|card) (?:on ?to|along to|to) "
        r"(?:your|any of your|a few of your)\b",
        r"looks after|handles|decides|responsible|in charge|decisions::\bwho (?:at|in) (?-i:[A-Z])"
        r"[\w&-]+(?: [\w&-]+)? (?:looks after|handles|decides|is responsible for|is in charge of|"
        r"makes (?:the )?decisions)\b",
        r"know::\bknow (?:any|anyone|a few|some) (?:good |great )?(?:angels|investors|candidates|"
        r"engineers)\b",
        r"review|upvote|vote::\b(?:leave|write) (?:us )?a review\b|\bupvote\b|\bvote for us\b",
        r"guest|feature::\b(?:be|as) a guest on\b|\bfeature you\b",
        r"recommend|refer::\b(?:recommend|refer) us to\b",
        r"connect::\bconnect (?:me|us) (?:with|to) (?:\w+ ){0,5}?(?:founders|people|folks|contacts|"
        r"investors|angels|owners|leaders|colleagues|peers)\b",
        r"tweet|post|shout|retweet|mention::\b(?:a|quick|short|little) (?:tweet|post|shout-?out|"
        r"retweet|mention) (?:would|about|from you|on your)\b|\btweet about (?:it|us|this)\b",
        r"recommend|recommending|refer|referring|mention|mentioning|vouch|vouching::\b(?:would|"
        r"could|can|will) you (?:\w+ ){0,4}?"
        r"(?:recommend(?:ing)?|refer(?:ring)?|mention(?:ing)?|vouch(?:ing)? for)\b[^.?!\n]{0,40}?"
        r"\bto (?:\w+ ){0,3}?(?:people|folks|contacts|friends|colleagues|peers|anyone|someone|"
        r"others)\b",
        r"recommend|refer::\bplease (?:recommend|refer) (?:us|me|our \w+)\b",
        r"stories|story|feed|grid|channel|page::\bshare (?:it|this|us|our \w+) (?:in|on|with) your "
        r"(?:stories|story|feed|grid|channel|page)\b",
        r"retweet|repost|boost::\b(?:a |quick )?(?:retweet|repost|signal[- ]boost)(?: of| for)? "
        r"(?:our|the|my|this) (?:launch|announcement|post|news|release|thread)\b|\bgive (?:the|our"
        r"|my|this) (?:launch|announcement|post|release) a (?:little |quick |small )?boost\b",
        r"quote::\bquote (?:from you )?(?:for|on) (?:our|the|my) (?:landing page|website|site|"
        r"homepage|launch|press release)\b",
        r"post|posting|word|linkedin|linkwise|twitter|socials|instagram|blog|newsletter|feed::\bpos"
        r"t(?:ing)? about (?:us|our|it)\b|\bon "
        r"your "
        r"(?:linkedin|linkwise|twitter|blog|newsletter|feed|socials|instagram)\b|\b(?:get|spread) "
        r"the word\b",
    ),
    _family(
        "cold_opener",
        S,
        1.0,
        2,
        r"fan::\b(?:huge|big) fan\b",
        r"charge|cost::\bno charge for (?:looking|a look|the (?:audit|review|analysis|call|"
        r"assessment))\b|\bat no cost to you\b",
        r"talk|post|article|podcast|interview|presentation|keynote|panel|newsletter|webinar|tweet|"
        r"thread|video::\b(?:saw|heard|watched|read|caught|attended) your (?:recent )?(?:talk|"
        r"post|article|podcast|interview|presentation|keynote|panel|newsletter|webinar|tweet|"
        r"thread|video)\b",
        r"loved|enjoyed|admire|admired|admires|following::\b(?:loved|enjoyed|admire[ds]?|followi"
        r"ng) (?:your|the) (?:talk|post|article|"
        r"essay|work|writing|podcast|blog)\b",
        r"following::\bI(?:'ve| have) been following\b",
        r"across|found|through|looked|stumbled::\b(?:came across|found|gone through|looked at|st"
        r"umbled (?:on|upon)) your "
        r"(?:profile|website|site|name|work|company)\b",
        r"name came up|met::\byour name came up\b|\b(?:I know )?we (?:haven't|have not|never) "
        r"met\b",
        r"met briefly|meeting you|meet you::\b(?:we )?met briefly\b|\b(?:great|good|nice|lovely|"
        r"a pleasure) (?:meeting|to meet) you at\b",
        r"saw::\bsaw (?:on|your) (?:linkwise|linkedin|twitter|profile|website|site)\b",
        r"out of the blue|flagged you::\bout of the blue\b|\bflagged you\b",
        r"selected|shortlisted|chosen::\b(?:selected|shortlisted|chosen) you (?:as|for)\b",
        r"selected|shortlisted|chosen|nominated|identified::\byou(?:'ve| have) been (?:selected|"
        r"shortlisted|chosen|nominated|identified)\b",
        r"noticed|greetings::\bI noticed (?:that )?(?:you|your)\b|(?:^|[.!?] )noticed (?:that )?"
        r"(?-i:[A-Z])|\bgreetings of the day\b",
        r"think of you|admire::\bmade me think of you\b|\bsomeone I admire\b|\bwhose work I "
        r"admire\b",
        r"reaching out::\b(?:I'm|I am) reaching out (?:because|to)\b|\bthe reason I'm reaching "
        r"out\b",
        r"caught|attention|eye::\b(?:caught|came to) my (?:attention|eye)\b",
        r"admire|admired::\badmire (?:what you(?:'ve| have) built|how you)\b|\bI (?:really |truly "
        r"|genuinely )?admire (?-i:[A-Z])",
        r"unsolicited|cold|unexpected::\b(?:this|the|an|a|my) (?:unsolicited|cold|unexpected) "
        r"(?:e-?mail|approach|message|note|outreach|introduction|intro|contact)\b(?! to\b)(?<!"
        r"than my cold email)",
    ),
    _family(
        "self_intro",
        S,
        1.0,
        1,
        r"founder|cofounder|co|ceo|host|head|researcher|executive|development|marketing|partner|"
        r"recruiter::\b(?:I'm|I am|my name is)\s+(?:\w+\s+){0,3}?(?:the\s+|a\s+|an\s+)?"
        r"(?:co-?founder|founder|ceo|host|head of|researcher|account executive|business "
        r"development|marketing (?:lead|manager)|talent partner|growth partner|partner at|"
        r"recruiter)\b",
        r"professor|lecturer|associate|principal|analyst|investor::\b(?:I'm|I am)\s+(?:\w+\s+){0"
        r",2}?(?:a|an|the)\s+(?:\w+\s+)?(?:professor|lecturer|associate at|principal at|analyst "
        r"at|investor at)\b",
        r"built|created|developed|designed::\bwe(?:'ve| have)? (?:just )?(?:built|created|develo"
        r"ped|designed) (?:a|an)\b",
        r"leading|professional|manufacturer|supplier|provider::\bwe are (?:a |an |the )?(?:lead"
        r"ing|professional|top|trusted|certified|premier|reliable) (?:\w+ ){0,4}?(?:manufacturer"
        r"|supplier|provider|vendor|factory|exporter|organi[sz]ation|company|firm|agency|consultanc"
        r"y)s?"
        r"\b",
        r" from|host|help::\bI am \w+ from\b|\bI host\b|\bI help (?:consultancies|companies|firms|"
        r"founders|teams|businesses)\b",
        r"building::\b(?:I've|I have|we've|we have) been building\b",
        r"nombre|soy::\bmi nombre es \w+(?: \w+)? y (?:soy|trabajo)\b|\bsoy (?:socia|socio|"
        r"fundador|fundadora|cofundador|cofundadora|director|directora|gerente comercial|ceo) de\b",
        r"nome|sou::\bo meu nome é \w+(?: \w+)? e (?:sou|tenho|trabalho)\b|\bsou (?:o|a) "
        r"(?-i:[A-Z])\w+,? (?:co-?fundador|co-?fundadora|fundador|fundadora|ceo|diretor|"
        r"diretora)\b",
        rf"do at::\bwhat we do at {NAME}(?: {NAME})? is\b",
        r"now::\b(?:and )?now (?:the |a )?(?:co-?founder|founder|ceo|owner) of\b",
        r"building|launched|opened|released|live::\b(?:I'm|we're|we are) building\b|\bwe(?:'ve)?"
        r" just "
        r"(?:opened|launched|released)\b|\bis (?:now )?live\b",
        r"hiring|raising|kick off::\b(?:we're|we are|I'm) (?:hiring|raising|about to kick off)\b",
        r"=retained|with|now::\b(?:I am|I'm) retained by\b|\bI'm (?:now )?with [A-Z][\w-]+|\bI'm "
        r"now at [A-Z][\w-]+",
        r"help::\bwe help (?:\w+[- ]?){0,2}?(?:startups|companies|firms|founders|teams|businesses|"
        r"brands|agencies|schools|clinics|studios)\b",
        r"run|lead::\bI (?:run|lead|manage) (?:a|an) (?:small |boutique |growing )?(?:fund|agency|"
        r"firm|studio|startup|company|consultancy|practice)\b",
        r"name is::\bmy name is (?-i:[A-Z])[\w-]+(?: (?-i:[A-Z])[\w-]+)? and I(?:'m| am) (?:the|a|a"
        r"n)"
        r"\b",
        r"lead|head|run|practice::\bI (?:lead|head|run) (?:the|our) [\w-]+ (?:practice|team|desk|"
        r"partnerships|division) at\b",
        r"here::(?:^|\n)(?-i:[A-Z])[\w-]+ here,? (?:the )?(?:co-?founder|founder|ceo|cto|head)\b",
        r"help::\bI help (?:\w+ ){0,2}(?:studios|agencies|consultancies|firms|founders|teams|"
        r"officers|leaders|directors|nonprofits|organi[sz]ations|managers|executives|owners|"
        r"businesses|companies|startups|brands)\b",
    ),
    _family(
        "recruiting",
        S,
        1.4,
        1,
        r"confidential::\b(?:a |an )?(?<!non-)confidential (?:\d+[- ]minutes? |quick |short |brief "
        r"|"
        r"exploratory )?(?:conversation|chat|call|discussion|conversations)\b",
        r"opportunity|opportunities|role|roles|position|move::\bopen to (?:new |exploring |hearing "
        r"about )?"
        r"(?:opportunities|an opportunity|a new role|new roles|a move)\b|\b(?:exciting|unique|"
        r"senior|leadership) (?:opportunity|role|position) (?:with|at|for) (?:a|an|one of)\b",
        r"client|clients::\bmy client (?:is|are) (?:looking|hiring|seeking|searching|building)\b",
    ),
    _family(
        "sales_terms",
        S,
        0.8,
        2,
        r"synergy|synergies|partnership|white::\bsynerg\w*|\bpartnership (?:opportunity|proposal"
        r")\b|\bwhite-?"
        r"label\b",
        r"rates|qualified|calendar|calendars::\bcompetitive rates\b|\bqualified (?:\w+ )?"
        r"(?:leads|discove"
        r"ry calls|demos|"
        r"meetings)\b|\bfill (?:your|their) calendars?\b",
        r"pipeline|advisory::\bin (?:new )?pipeline\b|\badvisory (?:board|panel|council)\b",
        r"angel::\b(?:a |an |our |small )*angel round\b",
        r"collab::\b(?:do|love to do|up for) a collab\b",
        r"supplier|suppliers|vendor|vendors::\b(?:onto|on to|join|joining|into) your (?:preferred|"
        r"approved) (?:supplier|vendor)s? (?:list|framework|panel)\b",
        r"allocation|cap table|tickets::\b(?:kept|saved|reserved|held) (?:a |some |an )?(?:small "
        r"|little )?allocation\b|\bon (?:the|our) cap table\b|\btickets? from [$€£]",
        r"equity|seed|preseed|raising|deck::\bequity grant\b|\bpre-?seed\b|\bseed round\b|\braising"
        r" (?:a "
        r"|our )?\$|\b(?:our|the) (?:pitch )?deck\b",
        r"collaboration|fit::\bcollaboration opportunity\b|\bsee if "
        r"(?:it's|there's|we're) a (?:good )?fit\b",
        r"spots|secure::\bspots (?:go|are going) fast\b|\bsecure your "
        r"(?:slot|spot|place)\b",
        r"product|platform|tool|solution|service::\b(?:our|the) (?:product|platform|tool|solution|"
        r"service) (?:helps|lets|catches|saves)\b",
        r"yours|ours|size::\bteams (?:at|like) yours\b|\b(?:teams?|firms?|companies|"
        r"consultancies|agencies|businesses) (?:like (?:yours|ours)|(?:of )?your size)\b|\b(?:teams"
        r"|"
        r"firms|companies|studios|startups) (?:(?:of )?the size of|your size) (?-i:[A-Z])|\b[a-z]+"
        r"s (?:of )?your size (?:typically|usually|often|tend)\b",
        r"~%|percent::\b(?:cuts?|reduces?|saves?|boosts?|increases?|improves?|doubles?|"
        r"triples?|grows?|lifts?|slashes?)\b[^.\n]{0,60}?\bby (?:up to |over |more than )?\d+ ?"
        r"(?:%|percent)",
        r"price|prices|pricing|samples|sample::\b(?:best|competitive|factory|wholesale|special|"
        r"lowest) (?:prices?|pricing)\b|\bfree samples?\b",
        r"introduce::\bintroduce (?:you to )?our (?:company|products?|services?|solutions?|firm|"
        r"agency|platform|team|offering)\b",
        r"search::\b(?:confidential|retained|executive) search\b|\bsearch for (?:a|an|their|"
        r"our) (?:new )?(?:chief|head|vp|director|cto|cfo|coo|cpo|ceo|senior|principal|lead)\b",
        r"confidential::\b(?:brief|quick|short|discreet)?,? ?(?<!non-)confidential (?:chat|conversa"
        r"tion|"
        r"call|discussion)\b",
        r"fit|match|candidate::\byou(?:'d| would) (?:be )?(?:an? )?(?:\w+ )?(?:fit|match|candid"
        r"ate) for\b|\byou(?:'d| would) be an? (?:\w+ )?(?:fit|match)\b",
        r"whatsapp|wechat|telegram|skype::\byour (?:whatsapp|wechat|telegram|skype)\b",
        r"demo|trial|pilot::\bfree (?:\d+[- ]day )?(?:trial|pilot)\b|\b(?:book|schedule) a demo\b",
        r"collab|exposure|selected::\b(?:do|doing) a collab\b|\b(?:huge|great|free|lots of) "
        r"exposure\b|\bin exchange for exposure\b|\b(?:has|have|you've) been selected (?:for|as)\b",
        r"account|seat|seats|license|licence|access::\b(?:set up|created|reserved|opened) a free "
        r"(?:\w+ )?(?:account|seat|license|licence|access)\b",
        r"gift|donation|contribution|pledge|donating|donate::\b(?:would|will|could) you "
        r"(?:please )?(?:consider |be willing to |be able to )?(?:making |make )?(?:a |an? "
        r"(?:\w+ )?)?(?:gift|donation|contribution|pledge|donating|donate)\b",
        r"committee|friends::\bjoin (?:our|the) host committee\b|\binvite (?:\w+ ){0,2}friends "
        r"(?:from|in) your network\b",
        r"move|role|change::\bopen to a (?:move|new role|change)\b",
        r"fit|match::\byour (?:background|profile|experience) (?:is|looks like) (?:an? )?(?:\w+ )?"
        r"(?:fit|match)\b",
        r"founders|leaders|owners|businesses::\b(?:working with|help|helping) (?:\w+ )?(?:founders|"
        r"leaders|owners|businesses|teams) like you\b",
        r"show you::\bshow you (?:a couple of|a few|some) things (?:we've|we have) (?:shipped|built"
        r"|launched)\b",
        r"show you|walk you::\b(?:love to|like to|happy to|quickly) (?:show you|walk you "
        r"through)\b",
        r"interested|exploring::\b(?:would|are) you (?:be )?interested in (?:learning more|a (?:"
        r"quick |short )?demo|"
        r"seeing|trying|hearing more)\b|\bworth exploring\b",
        r"clients|helped::\bour clients include\b|\bwe(?:'ve| have)? helped [^.\n]{0,30}?"
        r"(?:companies|"
        r"teams|firms|agencies|businesses)\b",
        r"opportunity|opportunities|role::\b(?:exciting|unique|great) (?:opportunity|role)\b|\bo"
        r"pen "
        r"to new opportunities\b|\brole that (?:might|could|may) (?:interest|suit)\b",
        r"investing|investment|angel::\b(?:consider|interested in) investing\b|\binvestment "
        r"opportunity\b|\bangel investors?\b",
        r"client|hire|find|fill::\b(?:help(?:ing)?|working with|on behalf of) (?:a|my|our) client "
        r"(?:to )?(?:hire|find|fill|recruit)\b",
        r"partner|partners|revenue|referral::\bpartner (?:program|programme)\b|\brevenue share\b|"
        r"\b(?:launch|channel|referral) partners?\b|\breferral (?:fee|program|programme)\b",
        r"explore::\bexplore (?:this|a partnership|working together|how we|whether|the fit)\b",
        r"raised|closed::\b(?:raised|closed) (?:a|our) (?:\$[\d.]+m )?(?:seed|series [a-d]|"
        r"round)\b",
        r"include|details::\binclude you in (?:our|the|a)\b|\bsend you (?:the|more) details\b",
        r"exit|acquire|acquires|acquisition|acquiring::\b(?:an exit|acquires?|acquiring|"
        r"acquisition opportunit(?:y|ies))\b",
        r"guaranteed|guarantee::\b(?:guaranteed|money-back guarantee)\b",
        r"same|results::\b(?:do|get) the same (?:results )?for you\b",
        r"partner|partnering::\b(?:love|like) to partner with\b|\bpartnering with you\b",
    ),
    _family(
        "pay_to_play",
        S,
        1.2,
        1,
        r"package|packages::\b(?:visibility|sponsorship|speaker|exposure|guest|partner|feature|"
        r"featured|profile|listing|premium|award|media) packages?\b",
        r"fee|contribution|contribute::\b(?:production|participation|listing|inclusion|guest) fe"
        r"e\b|"
        r"\b(?:contribution|contribute) (?:to|towards) (?:the )?(?:production|editing|our) "
        r"?(?:costs?)?\b",
        r"inclusion::\binclusion (?:requires|costs|is subject to)\b",
        r"investment|contribution|fee::\bguest (?:investment|contribution|fee) (?:of|is)\b",
        r"exposure::\b(?:great|amazing|huge|good|lots of|fantastic|free) exposure\b",
    ),
    _family(
        "vague_ask",
        S,
        0.9,
        1,
        r"agenda::\bno (?:real |particular )?agenda\b",
        r"just::\bjust (?:want|wanted|would love) to (?:get to know|connect|learn from|chat|pick"
        r")\b",
        r"overlap::\b(?:some |interesting )?overlap between\b",
        r"specific::\bnothing specific\b|\bno specific (?:topic|reason)\b",
        r"~how you::\b(?:hear|learn|know|understand|ask(?: you)?) how you (?:did it|got (?:started|"
        r"into|there)|"
        r"made (?:the|that) (?:jump|switch|move)|built|broke into|went from)\b",
        r"working on::\bhear (?:about )?what you(?:'re| are) working on\b",
        r"up to|been up|going|doing::\bhear (?:about )?(?:what you(?:'re| are|'ve been) (?:up to|"
        r"doing)|how things are going)\b",
        r"interested|thoughts|keen::(?:^|[.!] )(?:interested|thoughts|keen)\?",
    ),
    _family(
        "qualifying_question",
        S,
        1.2,
        1,
        r"roadmap|radar::\bon your (?:roadmap|radar)\b",
        r"priority::\bis (?:\w+ ){0,5}(?:a|still a) (?:priority|focus)(?: for you)?\b",
        r"who handles|who owns|in charge of::\bwho (?:handles|owns|is in charge of) (?:your )?\w+",
        r"looking|evaluating|considering|happy|using::\bare you (?:currently )?(?:looking|evalua"
        r"ting|considering|"
        r"happy with your|using)\b",
    ),
    _family(
        "bump",
        S,
        1.5,
        2,
        r"floating|bump|bumping|circling::\bfloating this\b|\bbump(?:ing)? this\b|\bcircling "
        r"back\b",
        r"inbox|buried::\btop of your inbox\b|\bin case it got buried\b",
        r"reached out|hearing back|heard back::\breached out (?:\w+ ){0,2}(?:times|twice)\b|"
        r"\bwithout hearing back\b|\bhaven't heard back\b",
        r"attempt|try::\b(?:\d+(?:st|nd|rd|th)|second|third|last) (?:attempt|try)\b",
        r"attempt|try|nudge|peace::\bone (?:more|last|final) (?:attempt|try|nudge)\b|\b(?:then )?"
        r"I(?:'ll| will) leave you in peace\b",
        r"following up::\bfollowing up on (?:our|my) (?:conversation|call|chat|last|previous|"
        r"email|note)\b",
        r"chance|checking|thoughts|resurfacing::\bdid you (?:get|have) a chance to\b|\bjust "
        r"checking in\b|\bany thoughts on my (?:last|previous|note below|email below|message "
        r"below)\b|"
        r"\bresurfacing this\b",
    ),
    _family(
        "sales_optout",
        S,
        1.0,
        1,
        r"hear from::\b(?:rather not|don't want to) hear from (?:me|us)\b",
        r"not interested::\bnot interested\?\s",
        r"stop|write again::\b(?:and|so) I(?:'ll| will) stop\b|\bwill not write again\b",
        r"not now::\breply [\"“']?not now\b",
        scope="all",
    ),
    _family(
        "platform_pitch",
        S,
        1.2,
        1,
        r"sponsored|inmail::\bsponsored message\b|\binmail\b",
        scope="all",
    ),
    # --- opt_in: asks first, says who and why, leaves an easy out --------------------------
    _family(
        "consent_ask",
        OPT,
        1.8,
        2,
        r"animarías|animarias|abierto|abierta|seriez::\bte animar(?:í|i)as a (?:preguntarle|"
        r"consultarle|preguntar)\b|\b(?:estaría|estarías|estaria|estarias) abiert[oa] a\b|"
        r"\bseriez-vous (?:ouverte?|d'accord|intéressée?) (?:à|pour)\b",
        r"late|interesa|parece|quieres|antes|todavía::\b(?:te late|te interesa|te parece|quieres) "
        r"que (?:te |las |los |les )?(?:presente|conecte|ponga en contacto|pase tu)\b|\bantes de "
        r"(?:hacer nada|mover nada|pasarle tu|darle tu|presentarte|presentarlos|conectarlos)\b|"
        r"\btodavía no le he (?:dado|pasado) tu\b",
        r"aberta|aberto|antes::\b(?:estarias|estaria|estarás|estará) abert[oa] a\b|\bantes de "
        r"(?:fazer o que quer que seja|fazer qualquer coisa|passar o (?:teu|seu) contacto)\b",
        r"queres|quer|dei::\b(?:queres|quer) que (?:te |os |as |o |a )?(?:ponha|apresente|passe)\b|"
        r"\b(?:não|nao) (?:lhe|lhes) dei o (?:teu|seu) (?:nome|contacto|número|email)\b",
        r"~intro::\b(?:open|interested) (?:to|in) (?:an? )?(?:e-?)?intro(?:duction)?\b",
        r"~intro::\b(?:would|do) you (?:like|want) (?:me to make )?(?:an? )?(?:e-?)?"
        r"intro(?:duction)?\b",
        r"asking::\b(?:haven't|have not|didn't|did not) (?:told|tell|mentioned|mention) (?:it to )?"
        r"(?:him|her|them) (?:that )?I(?:'m| am) asking\b",
        r"introduce you|connect you|intro you::\b(?:mind if|may|can|could|shall|should) I "
        r"(?:introduce|connect|intro) you\b",
        r"may i introduce::\bmay I introduce\b",
        r"touch::\b(?:would you mind|do you mind|mind) if I (?:put|"
        r"got) (?:\w+ ){1,6}?in touch with "
        r"you\b",
        r"introduce|connect|touch::\bif you(?:'d| would) like,? I (?:can|could|will|"
        r"'ll) (?:introduce"
        r"|connect|put you in touch)\b",
        r"intro|introduction::\bonly (?:make|do) the (?:e-?)?intro(?:duction)? if you\b",
        r"welcome::\b(?:whether|if) you(?:'d| would) welcome an? (?:e-?)?intro(?:duction)?\b",
        r"~intro::\bwould an? (?:e-?)?intro(?:duction)?\b[^.?]{0,100}?\b(?:useful|helpful|"
        r"interesting|of interest|make sense|be welcome)\b",
        r"permission|blessing::\b(?:ask|asking|ask for|asking for|get|have) your (?:permission|"
        r"blessing)\b",
        r"yes|so::\bif (?:yes|so),? (?:I'll|I will) (?:connect|introduce|intro|put) (?:you|the two"
        r" of you)\b",
        r"before::\bbefore (?:I|we) (?:make|making|send|sending|do anything|pass|passing|share|"
        r"sharing|give|giving|hand|handing|contact|reach out|go ahead|introduce|connect|put you|"
        r"put your name|add your name|nominate you|list you)\b",
        r"ok|okay|alright|fine::\b(?:would|will|is) it be (?:ok|okay|alright|fine)(?: (?:for|with) "
        r"you"
        r")? if (?:I|we) (?:introduce|connect|pass|share|give|put|send)\b|\bis it (?:ok|okay|"
        r"alright|fine)(?: (?:for|with) you)? (?:if|that) (?:I|we) (?:introduce|connect|pass|share|"
        r"give|put|send)\b",
        r"ok|okay|alright|fine::\b(?:ask|asking) you (?:if|whether) (?:it(?:'s| is)|that(?:'s| is)"
        r"|this is) (?:ok|okay|alright|fine)\b",
        r"check|checking::\b(?:check|checking) with you (?:first|before)\b|\bI'?d check with you\b",
        r"before::\bbefore (?:sharing|passing on|giving out|giving|forwarding) (?:your (?:name|"
        r"details"
        r"|contact|e-?mail|number)|anything)\b",
        r"open::\b(?:ask|asking) (?:you )?(?:if|whether) you(?:'re| are|'d be| would be) open to (?"
        r":be|"
        r"being) introduced\b",
        # Dutch: "zou je hem eens willen vragen of hij ervoor openstaat?".
        r"vragen of|openstaat|open voor::\bzou je (?:hem|haar|het) (?:eens |even )?(?:willen )?"
        r"vragen of\b|\bervoor openstaat\b|\b(?:sta je|zou je) (?:er )?open (?:voor|staan)\b",
        r"bevor|lust|namen|offen::\bbevor ich (?:irgendwas|etwas|was|deinen namen|deine "
        r"(?:nummer|mail|adresse|kontaktdaten)) (?:mache|tue|unternehme|weitergebe|weiterleite)\b|"
        r"\b(?:hättest|haettest|hast) du lust auf (?:ein|einen) (?:intro|kontakt|kennenlernen|"
        r"austausch)\b|\bhab(?:e)? (?:ihm|ihr|ihnen) deinen (?:namen|kontakt|nummer) (?:noch )?"
        r"nicht (?:gegeben|weitergegeben)\b|\bwärst du offen für\b",
        r"willing|open to|interested in|happy to|amenable::\b(?:ask|asking|check|checking|see) "
        r"(?:you )?(?:whether|if) you(?:'d| would) be (?:willing|open|interested|happy|amenable) "
        r"to\b",
        r"before::\bbefore (?:putting|making|passing|sharing|connecting|introducing) (?:anyone|"
        r"anybody|someone|you|him|her|them|your)\b",
        r"ask|asking|check::\b(?:ask|asking) you first\b|\b(?:wanted|want) to check (?:with you )?"
        r"(?:first|before)\b",
        r"pass|share|give|send::\b(?:would you like|do you want|want) me to (?:pass|share|give|"
        r"send|"
        r"put forward) your\b",
        # Whether they would be open to it; not "see if he can do his placement at your company".
        r"check|ask|see::\b(?:could|would|can) you (?:maybe |please |perhaps |possibly |kindly )?"
        r"(?:check|ask|see)(?: with (?:him|her|them))? "
        r"(?:whether|if) (?:she|he|they)\b(?=(?:'d|'s|'re| would| is| are| might)?(?: even| still)?"
        r" (?:be |want )?(?:open|interested|happy|willing|up for|keen|ok|okay|comfortable|game|free"
        r"|available|a call|to)\b)",
        r"sound::\b(?:could|can|would) you (?:please )?sound (?:him|her|them|(?-i:[A-Z])[\w-]+) "
        r"out\b",
        r"mind::\b(?:would|could) you mind (?:asking|checking with) (?:him|her|them|(?-i:[A-Z])[\w-"
        r"]+"
        r") (?:if|whether) (?:she|he|they)\b",
        r"asking|checking|check with|ask::\b(?:would|could) you (?:feel|be) (?:comfortable|happy|"
        r"willing) (?:asking|checking with|to ask|to check with) (?:him|her|them|[A-Z][\w-]+) "
        r"(?:whether|if) (?:she|he|they)\b",
        rf"open|up for|interested|willing::\bwould (?:she|he|they|your friend \w+|{NAME}) be "
        r"(?:open|up for|interested|willing)\b",
        r"ok with|okay with|alright with|comfortable with::\b(?:are you|you're|you are|is that|"
        r"would you be) (?:ok|okay|alright|all right|comfortable) with (?:that|this|me|it)\b",
        r"ok|okay|alright|right|fine|cool::\b(?:would it be|is it|would that be|would you be) (?:ok"
        r"|okay|alright|all right|fine|cool)(?: with you)? (?:if I|if we|for me to|to) (?:(?:passed"
        r"|pass|shared|share|gave|give|forwarded|forward|sent|send) (?:on |along )?(?:him |her |"
        r"them )?your|(?:introduced|introduce|connected|connect|put) you|(?:made|make) (?:an|the) "
        r"intro)",
        r"willing|happy|ok|okay|comfortable::\bwould you be (?:willing|happy|ok|okay|comfortable) "
        r"for me to (?:share|pass|give|forward|send|introduce|connect|put)\b",
        r"introduce|connect::\b(?:I|we) could (?:introduce|connect) you\b",
        r"something::\b(?:is|would) (?:that|this|it) (?:be )?something you(?:'d| would)? (?:want|"
        r"like|be interested in|be open to|welcome)\b",
        r"ok to|okay to|ok if|okay if::\b(?:ok|okay) (?:if I|to) (?:share|pass|give|introduce|"
        r"connect)\b",
        r"yes::\breply [\"“']?yes[\"”']?,? (?:and|if)\b",
        r"~intro::\b(?:would like|asked|has asked|is asking) (?:me )?(?:for )?(?:an? )?(?:to be )?"
        r"intro(?:duction|duced)?\b",
        r"share|pass|give::\b(?:only|never|won't|will not) (?:share|pass on|give out) your (?:co"
        r"ntact )?"
        r"(?:details|email|number|name)\b",
        r"connecting|introducing::\b(?:open|ok|okay|happy) (?:to|with) me (?:connecting|introduc"
        r"ing) you\b",
        r"connect|introduce|intro::\bhappy to (?:connect|introduce|intro) you (?:two |both )?(?:if|"
        r"should)\b",
        r"fancy|keen|interested|~up for it::\bif you(?:'re| are)? (?:fancy it|keen|interested|up fo"
        r"r it)\b,? "
        r"I(?:'ll| will| can)\b",
        r"word|anything::\b(?:I|we) (?:haven't|have not|didn't|did not) (?:said|say|mentioned|men"
        r"tion) (?:a word|anything) (?:to (?:him|her|them) )?about you\b",
        r"given|passed|shared|mentioned::\b(?:I|we) (?:haven't|have not) (?:given|passed on|shared|"
        r"mentioned) (?:(?:him|her|them) your|you to (?:him|her|them))\b",
        r"introducing|connecting::\b(?:open to|okay with|ok with|mind) me (?:introducing|connecting"
        r")"
        r"\b",
        r"introduction::\bif you(?:'d| would) like (?:to do it|that|me to)?,? I(?:'ll| will) make t"
        r"he "
        r"(?:introduction|intro)\b",
        r"meet|talk|speak|chat::\bwould you (?:want|like) to (?:meet|talk to|speak with|chat "
        r"with)\b",
        rf"speak|speaking|talk|talking|meet|meeting|chat|chatting|hear|hearing::\b(?:would you|whe"
        rf"ther you(?:'d| would)|if you(?:'d| "
        rf"would)) be (?:open|willing|happy|up for|interested)(?: to| in)? (?:speak(?:ing)? (?:to|"
        rf"with)|talk(?:ing)? (?:to|with)|meet(?:ing)?|chat(?:ting)? with|hear(?:ing)? from) (?:a|"
        rf"an|my|our|her|him|them|one of|{NAME})\b",
        r"mentioned|shared|given|passed|told::\b(?:I|we) (?:haven't|have not|didn't|did not) "
        r"(?:yet )?(?:mentioned|shared|given|passed on|told (?:him|her|them)) (?:him |her |them )?"
        r"your (?:name|e-?mail|details|contact details|number|address)\b",
        rf"~would you be::\bwould you be (?:open|willing|up for|interested)"
        rf"(?: to| in)? (?:that|it|this|a (?:short |quick )?(?:\d+[- ]minute )?(?:call|chat|coffee|"
        rf"conversation|interview|meeting) with (?:her|him|them|my|our|{NAME}))\b",
        r"open to it|happy for me|still happy::\bwhether you'd be open to it\b|\bstill happy "
        r"(?:for me )?to\b",
        r"connected|connect|intro::\bif you(?:'d| would) like (?:to be connected|me to connect "
        r"you|the intro)\b",
        r"~intro|connecting|meeting|hearing::\b(?:are you|would you be) (?:open|up for|interested)"
        r"(?: to| in)? (?:an? )?(?:e-?intro|intro|connecting with|meeting|being introduced|hearing "
        r"from)\b",
        r"introduce|connect|intro|touch::\b(?:want|would you like|do you want) me to (?:introduce|"
        r"connect|intro|put you (?:two |both )?in touch)\b",
        r"~intro::\b(?:shall|should|can) I (?:make|do|send) (?:the|an|that) (?:e-?)?intro\b|\bha"
        r"ppy "
        r"to (?:make|do) (?:the|an) (?:intro|introduction|connection) if\b",
        r"~intro|introduce|connect::\blet me know if you(?:'d| would)? (?:like|want|be open to) "
        r"(?:an "
        r"?)?(?:e-?intro|intro|introduction|me to (?:introduce|connect))\b",
        r"open|interested|up for::\bif you(?:'re| are) (?:open to it|open|up for it|interested),? "
        r"I(?:'ll| will|'d| can| would) (?:make|do|send|connect|introduce|put)\b",
        r"connect|introduce::\bhappy to (?:connect|introduce) you(?: two| both)? if (?:useful|"
        r"helpful|you(?:'d| would) like|you want|you're interested|it helps)\b",
        rf"interested|keen|fancy|~up for::\b(?:interested in|up for|keen on|fancy) (?:meeting|an "
        rf"intro to|talking to|connecting with|a (?:chat|call|coffee) with) {NAME}",
        r"give|pass|share::\b(?:may|can|could|shall) I (?:give|pass on|share|forward|send) (?:(?"
        r":him|"
        r"her|them) )?your (?:name|email|number|contact|details)\b",
        r"touch|helpful|intro::\b(?:shall|should|can|may) I (?:put you (?:two |both )?in touch|m"
        r"ake "
        r"the (?:intro|introduction|connection))\b|\bwould it (?:be helpful|help) if I (?:introd"
        r"uced|"
        r"connected)\b|\bwant an intro\b",
        r"before|ask::\bbefore doing anything(?: else)?\b|\b(?:writing|want(?:ed)?) to ask "
        r"(?:you )?"
        r"(?:first|"
        r"before)\b",
        r"~would you be::\bwould you be (?:open|willing) to (?:a|an) (?:[\w-]+ ){0,3}(?:interview|"
        r"conversation)\b",
        r"find|check|ask::\b(?:could|can|would) you (?:please )?(?:find out|check|ask (?:him|her|th"
        r"em))(?: with (?:him|her|them|\w+))? (?:whether|if) (?:he|she|they)(?:'d| would| might)? "
        r"be (?:open|willing|happy|up for|ok|okay|interested)\b",
        r"ask|check::\bI (?:told|promised|said to) (?:him|her|them|\w+) (?:that )?I(?:'d| would) "
        r"(?:ask|check with) you (?:first|before)\b",
        r"without::\b(?:don't|do not|didn't|did not|wouldn't|would not) (?:want|like) to (?:give|"
        r"pass(?: on)?|share|hand (?:out|over)|forward|send) (?:(?:him|her|them) )?your (?:contact"
        r"|e-?mail|number|details|name|address|coordinates)(?: (?:details|address|information))? "
        r"(?:to (?:him|her|them|\w+) )?without (?:to ask|asking|checking|your (?:ok|okay|"
        r"permission|consent))\b",
        r"whether|if::\b(?:check|checking|see|ask (?:him|her|them)|find out) (?:whether|if) (?:she|"
        r"he|they)(?:'d| would|'s| is|'re| are)? (?:be )?(?:open|willing|up for|interested|happy|"
        r"keen)\b",
    ),
    _family(
        "answer_format",
        OPT,
        0.6,
        1,
        r"yes|~y/n::\byes ?/ ?(?:no|pass)\b|\byes or no\b|\bY/N\b",
    ),
    _family(
        # What a permission-first request spells out before anything happens: what it would
        # take ("What it would involve: one 45-minute interview").
        "spelled_out",
        OPT,
        1.0,
        1,
        r"involve|entail|mean|involved|ask|asking|why you::\bwhat (?:it|this|that) would "
        r"(?:involve|entail|mean for you)\b|\bwhat(?:'s| is) involved\b|\bwhat (?:I|we|she|he|"
        r"they)(?:'d| would) (?:be )?ask(?:ing)? (?:of )?(?:you|for)\b|\bthe ask:|\bwhy you:",
    ),
    _family(
        "easy_out",
        OPT,
        1.3,
        2,
        r"no|culpa::\b(?:decime|dime) que no\b|\bsi (?:preferís|prefieres|preferis) no\b|"
        r"\bsin culpa\b",
        r"vrijblijvend::\b(?:helemaal|geheel|volledig|geheel en al) vrijblijvend\b",
        r"pena|momento|late|interesa|compromiso|eso::\bdime sin pena\b|\bsi no (?:es buen "
        r"momento|te late|te interesa|estás en eso)\b|\bsin (?:ningún )?compromiso\b",
        r"apetecer|jeito|altura|preferires|preferir|diz|diga::\bse (?:não|nao) te apetecer\b|\bse "
        r"(?:não|nao) (?:der jeito|for a altura)\b|\b(?:diz|diga)-me só\b|\bse (?:preferires|"
        r"preferir) que (?:não|nao)\b",
        r"problem|worries|fine::\bif you (?:don't|do not) want(?: to)?,? (?:no problem|no worries|"
        r"that's (?:fine|ok|okay)|all good)\b",
        r"full|busy|swamped|interested|capacity::\b(?:tell|let) (?:him|her|them) (?:know )?"
        r"(?:that )?you(?:'re| are) (?:full|busy|swamped|not interested|at capacity)\b",
        r"bring|explain::\b(?:I'll|I will) never bring it up\b|\bwon't bring it up again\b|\b"
        r"(?:don't|do not) (?:need|have) to explain\b",
        r"stress|bother::\bno stress\b|\bno bother(?: at all)?\b",
        r"no worries::\bno worries (?:at all )?(?:if not|either way|if you can't|if you're "
        r"(?:busy|not))\b",
        r"say no|decline|pass::\b(?:feel free|free|fine|ok|okay|totally fine|perfectly fine|"
        r"completely fine) to (?:say no|decline|pass|say (?:it's|it is) not a good time)\b",
        r"~no is::\b(?:a )?no is (?:a |an )?(?:perfectly |totally )?(?:good|fine|acceptable|ok|o"
        r"kay)"
        r"(?: answer)?\b",
        r"explanation|explain|reason::\bno explanation (?:is )?(?:needed|necessary|required)\b|"
        r"\bno need (?:"
        r"for (?:her"
        r"|him|you|them) )?to explain\b|\bwithout giving a reason\b",
        r"rather not|prefer not::\b(?:if|or) (?:you'd|you would|(?:she|he|they)'d|(?:she|he|they) "
        r"would) (?:prefer|rather) not\b(?! hear)|\b(?:if|should) you prefer not\b(?! to hear)",
        r"~if not::\bif not,? (?:no problem|that's (?:fine|ok|okay|totally fine)|no worries|no "
        r"pressure)\b",
        r"fine|ok|okay|understandable::\b(?:it's|that's|either is|either way is|either answer is"
        r"|both "
        r"are) (?:completely|totally|perfectly|absolutely|entirely) (?:fine|ok|okay|"
        r"understandable)\b",
        r"pressure|obligation|obliged|obligated::\bno pressure\b|\bno obligation\b|\bdon't feel "
        r"(?:any|under any) (?:pressure|obligation)\b|\bno (?:need to )?feel (?:obliged|obligated)"
        r"\b",
        r"without|until|unless::\b(?:I|we) (?:won't|will not|wouldn't|would not) (?:approach|contac"
        r"t|email|"
        r"write to|reach out to) (?:him|her|them|\w+) (?:directly )?(?:without|until|unless)\b",
        r"interested::\bif (?:he|she|they)(?:'s|'re| is| are) not interested,? (?:I|we) (?:won't|"
        r"will not)\b",
        r"mention|share|pass|chase::\bI(?:'ll| will) (?:simply |just )?not (?:mention|share|pass|"
        r"chase)\b",
        r"~won't|~will not::\bI (?:won't|will not) (?:chase|follow up|be offended|mention|share|"
        r"pass|push|give)\b",
        r"okay|ok|ordnung::\b(?:ist|wäre|waere) (?:völlig|total|absolut|auch|natürlich) (?:okay|ok|"
        r"in ordnung)\b",
        r"say so|unless you::\bjust say so\b|\bunless you (?:agree|say so|say yes)\b",
        r"tell|problem::\b(?:just|only|simply) (?:tell|let) me(?: know)?,? and (?:it is|it's) "
        r"(?:absolutely |totally |really |completely )?(?:no problem|fine|ok|okay)\b",
        r"~only if|~just if::\b(?:only|just) if (?:you think (?:she|he|they)(?:'d| would) "
        r"(?:welcome|want) it|useful|helpful|it's useful|you're interested|"
        r"you "
        r"are interested|you want|(?:he's|she's|they're) comfortable)\b",
        r"ignore::\bor (?:just |simply )?ignore this\b|\bjust ignore (?:this|it)\b",
        r"reply|respond|answer::\b(?:simply|just) (?:don't|do not) (?:reply|respond|answer)\b",
        r"timing|good time|crazy time|busy time|bad time::\bif the timing (?:is wrong|isn't right|"
        r"doesn't work)\b|\bif (?:now|this) isn't a good time\b|\bif it's a (?:crazy|busy|bad) "
        r"time\b",
        r"feel|end of it::\bdon't feel (?:you need|obliged|obligated|you have|any pressure) to\b|"
        r"\bthat's the end of it\b",
        r" no::\b(?:one-line|simple|quick|one-word) no\b",
        r"tell|let::\bI'll (?:simply |just )?(?:tell|let) (?:him|her|them) (?:know )?(?:you're|you "
        r"are|that you)\b",
        r"your name|offended::\bwon't hear your name\b|\bwon't be offended\b",
        r"not at all|busy::\bor not at all\b|\bif you(?:'re| are) (?:too )?busy\b",
        r"drop::\b(?:happy to|I'll|I can|I will) (?:just )?drop it\b",
        r"call|up::\b(?:totally|entirely|completely|all) (?:your call|up to you)\b",
        r"reply::\bno reply (?:is )?(?:needed|necessary|required)\b",
        r"yet::\b(?:haven't|have not|didn't|did not) (?:said|mentioned|told|shared|passed|given|"
        r"promised|named)\b[^.!?\n]{0,40}?\byet\b",
    ),
    # --- other: what ordinary mail says -----------------------------------------------------
    _family(
        "solicited",
        X,
        1.6,
        1,
        r"~thank::\bthanks? (?:you )?(?:so much )?for (?:reaching out|requesting|your (?:interest|"
        r"request|order|purchase|patience|reply|note|quick reply)|signing up|accepting|agreeing|"
        r"taking the time|the intro(?:duction)?|connecting us|making time|being so|sending|"
        r"getting back|asking (?!me\b|us\b)[A-Z]?\w+ (?:on (?:my|our) behalf|for (?:me|us))|"
        r"checking with (?!me\b|us\b)\w+)\b",
        r"glad you::\b(?:so )?glad you (?:said yes|agreed|could make it)\b",
        r"requested|asked::\bas (?:you )?(?:requested|asked)\b|\byou (?:requested|asked for) "
        r"(?:a|the|"
        r"this)\b",
        r"thank you for::\bthank you for (?:the|your) (?:invitation\b|time(?= (?:on|at|in|yesterday"
        r"|"
        r"today|last|earlier|this|the other|during|over)\b))",
        r"thanks|thank::\bthanks? (?:you )?(?:so much )?for (?:the|your|our) (?:call|time(?= (?:on|"
        r"at"
        r"|in|yesterday|today|last|earlier|this|the other|during|over)\b)|meetin"
        r"g|chat|"
        r"help|quick call)\b",
    ),
    _family(
        "nothing_asked",
        X,
        1.6,
        1,
        r"nothing|action::\bnothing (?:is )?(?:needed|required) (?:from|of) you\b|\bno action "
        r"(?:is )?(?:needed|required)(?: (?:from you|on your (?:part|side)))?\b(?!,? unless)",
        r"loop::\bso (?:that )?you(?:'re| are) in the loop\b|\b(?:keep|keeping) you in the loop\b",
        r"information|awareness|visibility|records::\bfor your (?:information|awareness|visibility|"
        r"records)\b|\b(?:in )?(?:cc|copy) for visibility\b",
        r"fyi::\bfyi only\b|\bjust an fyi\b",
        # News, and nothing after it: "I just wanted to tell you I got in! anyway thats all".
        r"tell|let::\bwanted to (?:tell|let) you(?: know)?,? (?:that )?I (?:got|made|passed|"
        r"finished|graduated|landed|started|won|defended|accepted)\b",
        r"all::(?:^|(?<=\n)|(?<=[.!?] ))(?:anyway,? |so,? )?(?:that's|thats|that is) all"
        r"(?:[.!]|(?=\n)|$)",
    ),
    _family(
        # The sender hands their account or role to the person looped in: the relationship is
        # already there, so "looping in Sam" is no introduction.
        "handover",
        X,
        1.8,
        1,
        r"from me::\b(?:taking|taken|took|take) over\b[^.?!\n]{0,60}?\bfrom me\b",
        r"account::\b(?:taking|taken|took|take) over (?:the|your|our|this) (?:[\w'-]+ ){0,3}?"
        r"account\b",
        r"over as your::\b(?:taking|taken|took|take) over as your (?:[\w-]+ ){0,2}?(?:manager|"
        r"contact|rep|representative)\b",
    ),
    _family(
        "business_as_usual",
        X,
        0.8,
        2,
        r"here|attached|enclosed::\b(?:here's|here is|attached (?:is|are)|please find attached|"
        r"enclosed (?:is|are))\b(?! (?:my|a link to my|the link to my|a link to) (?:calendar|"
        r"calendly|booking|scheduling|availability))(?! (?:the|my|our) (?:idea|thing|pitch|deal|"
        r"offer)\b)",
        r"invoice|receipt|statement|order|ticket|agenda::\binvoice\b|\breceipt\b|"
        r"\bstatement\b|\border #|\bticket\b|\bthe agenda\b|\bagenda (?:for|is|attached)\b",
        r"board|trustees|committee|1|one|weekly|standup|stand|session|review::\b(?:before|ahead "
        r"of) (?:the|our|tomorrow's|next week's|thursday's|monday's) (?:board(?: meeting)?|"
        r"trustees(?: meeting)?|committee|1:1|one-to-one|weekly|standup|stand-up|session|review "
        r"meeting)\b",
        r"reminder|signed copy|portal::\ba reminder that\b|\breminder:|\bthe signed copy\b|"
        r"\bclient portal\b",
        r"shortlist|tl|notes|review::\bshortlist\b|\bTL;DR\b|\bnotes from\b|"
        r"\bplease review\b",
        r"discussed|promised|per our::\bas (?:we )?discussed\b|\bas promised\b|\bper our (?:call|"
        r"conversation|discussion)\b",
        # Work in progress: files in a shared drive, a ticket opened ("I've opened #214").
        r"shared|team|sharepoint::\b(?:shared|team) (?:drive|folder)\b|\bsharepoint\b",
        # A greeting to the whole team.
        r"team|everyone|folks::(?:^|\n)[ \t]*(?:hi|hello|hey|morning|good morning|dear|hallo|"
        r"hej) (?:team|everyone|everybody|folks)\b",
        r"opened|filed|raised|logged::\b(?:opened|filed|raised|logged) (?:#\d+|a (?:ticket|jira|"
        r"bug report|bug|issue)\b|an issue\b|issue #?\d+)",
    ),
)
"""Every phrase family, in the order reasons are listed."""


_LETTERS = re.compile(r"[a-z]{3,}")


def _gate(sub: str) -> str:
    """A part of `sub` shared by similar anchors ("min" for "5min", "0-min"): tested once."""
    runs = _LETTERS.findall(sub)
    return max(runs, key=len) if runs else sub


_Pairs = tuple[tuple[int, int], ...]


def _index(
    families: tuple[Family, ...],
) -> tuple[dict[str, _Pairs], tuple[tuple[str, bool, tuple[tuple[str, _Pairs], ...]], ...]]:
    by_word: dict[str, list[tuple[int, int]]] = {}
    by_sub: dict[str, list[tuple[int, int]]] = {}
    for f, family in enumerate(families):
        for p, phrase in enumerate(family.phrases):
            for word in phrase.words:
                by_word.setdefault(word, []).append((f, p))
            for sub in phrase.subs:
                by_sub.setdefault(sub, []).append((f, p))
    gated: dict[str, list[tuple[str, _Pairs]]] = {}
    for sub, pairs in by_sub.items():
        gated.setdefault(_gate(sub), []).append((sub, tuple(pairs)))
    return (
        {word: tuple(pairs) for word, pairs in by_word.items()},
        tuple((gate, _in_word(gate), tuple(subs)) for gate, subs in gated.items()),
    )


def _in_word(gate: str) -> bool:
    """Whether `gate` can only occur inside a word of `words_of` (no space or punctuation)."""
    return gate.translate(_PUNCTUATION).split() == [gate]


_BY_WORD, _BY_SUB = _index(FAMILIES)
_ANCHOR_WORDS = frozenset(_BY_WORD)


def candidates(lowered: str, words: frozenset[str]) -> dict[int, set[int]]:
    """Which phrases could match: family index -> phrase indexes whose anchors occur.

    One set intersection over the whole vocabulary of anchors replaces a test per phrase;
    substring anchors are tested once per distinct substring, behind a shared part. A part
    that only occurs inside a word is looked for in the distinct words, usually a fraction
    of the text.
    """
    found: dict[int, set[int]] = {}
    for word in _ANCHOR_WORDS & words:
        for f, p in _BY_WORD[word]:
            found.setdefault(f, set()).add(p)
    vocabulary = "\n".join(words)
    for gate, in_word, subs in _BY_SUB:
        if gate in (vocabulary if in_word else lowered):
            for sub, pairs in subs:
                if sub == gate or sub in lowered:
                    for f, p in pairs:
                        found.setdefault(f, set()).add(p)
    return found


GROUP_GREETING = re.compile(
    r"\A\s*(?:dear|hi+|hello|hey+|good morning)\s+(?:all|everyone|everybody|friends|team|folks|"
    r"ladies|guys|girls|gang|y'all|you lot|friends and family|data friends|colleagues)\b",
    re.IGNORECASE,
)
"""A greeting to a crowd: an announcement, not an introduction."""

OWNER_AGREED = re.compile(
    r"\b(?:yes|sure|happy to|glad to|send (?:him|her|them) my way|sounds good|I'd be happy|"
    r"I'd love to|of course|absolutely|go for it|go ahead|fine by me|no problem|no bother|by all "
    r"means|put (?:him|her|them) in touch|claro que sim|"
    r"com todo o gosto)\b",
    re.IGNORECASE,
)
"""In the owner's own quoted words: the owner said yes to the introduction."""

EVENT_AGREED = (
    r" to (?:give|chair|join|lead|serve|open|do|come on|present|deliver|moderate|judge|review|"
    r"write|sit on|be on|keynote|speak (?:at|on))\b"
)
"""After "thanks for agreeing": a talk to give or a session to chair, not an introduction."""

AGREED = re.compile(
    r"\b(?:the|this|that) (?:connection|intro|introduction) we (?:agreed|discussed)\b|"
    r"\bsaid you(?:'d| would) welcome (?:an? |the )?(?:intro|introduction)\b|"
    r"\bas discussed with (?:each of you|you both|both of you)\b|"
    r"\bwho (?:has )?(?:already )?(?:said yes|agreed) to\b|"
    r"\b(?:he|she)(?:'s| has) (?:already )?said yes\b|"
    r"\bcomme (?:convenu|promis|discuté)\b|\b(?:a|ont) (?:gentiment |bien )?accepté de\b|"
    r"\b(?:como|conforme) (?:combinado|prometido|falámos|falamos)\b|"
    r"\b(?:como|según lo que) (?:quedamos|acordamos|lo platicamos|lo hablamos)\b|"
    r"\b(?-i:[A-Z][\w'’-]+) has (?:very )?(?:kindly |generously )?agreed to (?:meet|speak|talk|"
    r"chat|help|host|put together|take a look|have a look|join|give)\b|"
    r"\b(?!(?:she|he|they|it|we|i|you|who|everyone|everybody)\b)(?-i:[A-Z][\w'’-]+) "
    r"(?:has )?(?:already )?said yes\b(?! to (?:the|a|our|your) (?!intro))|"
    r"\bper (?:your|(?-i:[A-Z][\w'’-]+)'s) (?:ok|okay|go-ahead|yes|green light)\b|\bas agreed\b|"
    r"\bas (?:we )?discussed\b|\bwith (?:both of )?your (?:agreement|permission|"
    r"blessing)\b|\b(?:since|now that|as) you (?:both )?(?:said yes|agreed|kindly agreed)\b|"
    r"\bsince you said yes\b|\b(?:you both|both of you) said you(?:'d| would) (?:welcome|like|be "
    r"happy|be glad|love)\b|\bchecked with (?:each of you|you both|both of you)\b|\b(?:the|my) "
    r"promised (?:e-?)?intro(?:duction)?\b|"
    r"\bfurther to my (?:call|conversation|calls) with (?:each of you|you "
    r"both|both of you)\b|\b(?:you both|both of you) (?:agreed|said yes)\b|"
    r"\byou(?:'ve| have)? (?:both )?said yes\b|\b(?:appreciate|grateful for) (?:you |your )?saying "
    r"yes\b|\byou (?:told|said to) (?:him|her|them|(?-i:[A-Z][\w'’-]+))\b[^.!?\n]{0,60}?\b(?:it "
    r"would be|it's|it was) (?:alright|all right|ok|okay|fine) (?:for me )?to (?:e-?mail|contact|"
    r"write|reach out|call|message)\b|"
    r"\bthanks? (?:you )?(?:so|very) much for (?:saying yes|the yes|your (?:kind |quick )?yes)\b|"
    r"\bthanks? (?:you |to you )?(?:both |two )?for (?:saying yes|say yes|"
    # Agreeing to give a talk or chair a session is the event's business, not an introduction.
    rf"agreeing(?!{EVENT_AGREED})|"
    r"the yes|your (?:kind |quick |swift )?yes)\b|\bsince you(?:'re| are) (?:both )?up for it\b|"
    r"\bas you (?:both )?(?:kindly )?agreed\b|\byou (?:kindly |graciously |generously )?"
    r"agreed to (?:a |an |the )?(?:short |quick |brief )?(?:call|chat|talk|meeting|meet|speak|"
    r"connect|intro|introduction|conversation)\b|\b(?:passed on|forwarded(?: me)?|shared|sent me) "
    r"your (?:reply|answer|response|yes|ok|okay|conditions)\b|\b(?:let me know|told me|said)"
    r"(?: (?:on|last|this) \w+| yesterday| today| earlier)?(?: that)? you (?:were|are) (?:happy|"
    r"open|glad|fine|ok|okay) (?:for me )?to\b|\byou (?:very )?(?:kindly |generously )?told "
    r"(?:him|her|them) (?:that )?you(?:'d| would) be (?:happy|glad|willing|open) to\b|"
    r"\byou (?:were|are|would "
    r"be|'d be) open to hearing\b|\bthanks?(?: you)?(?: "
    rf"(?:so|very) much)?,? [A-Z][a-z]+,? for (?:saying yes|agreeing\b(?!{EVENT_AGREED}))\b",
    re.IGNORECASE,
)
"""The introduction was agreed beforehand (the double opt-in's second step)."""
AGREED_PHRASE = Phrase(frozenset(), (), AGREED.pattern, re.IGNORECASE, cased=True)
"""`AGREED` as a phrase, to search only its alternatives whose words are in a text."""

RELAYED = re.compile(
    r"\b(?:introduced you to|would like (?:an introduction|to be introduced|to connect)|(?:has )?"
    r"asked to be introduced|sent you a (?:message|note)|requested an introduction)\b",
    re.IGNORECASE,
)
"""A platform relaying a person's introduction or message (the person, not the machine, asks)."""

NOREPLY = re.compile(
    r"(?:^|[._+-])(?:no-?reply|do-?not-?reply|notifications?|alerts?|mailer-daemon|bounces?|"
    r"updates|news(?:letter)?|digest|billing|orders?|itinerary|receipts?)(?:[._+-]|@)",
    re.IGNORECASE,
)
"""Local parts of machine senders."""

CALENDAR_TYPES = frozenset({"text/calendar", "application/ics"})
