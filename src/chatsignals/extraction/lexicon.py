"""Lexicons for the seven sensitive categories.

The taxonomy has no nodes for several of the categories, and a trained head only knows
what it was shown, so each category also has hand-written patterns. A pattern names a
phrase that is *about* the category, not a word that merely occurs in it: "union dues"
is about trade unions, "union of two sets" is not; "my medication" is about health,
"the medications table" is not. Code identifiers are blanked before matching
(:func:`chatsignals.extraction.text.sensitive_view`), so ``god_mode`` is no god.
"""

from __future__ import annotations

import re

from chatsignals.domain.sensitive import SensitiveCategory

_RELIGIONS = (
    r"christian(?:s|ity)?|muslims?|islam|jewish|jews?|judaism|hindus?|hinduism|"
    r"buddhis[tm]s?|sikhs?|sikhism|mormons?|catholic(?:s|ism)?|protestants?|evangelicals?|"
    r"jehovah'?s\s+witness(?:es)?|baptists?|methodists?|lutherans?|presbyterians?|"
    r"orthodox\s+(?:christian|jew)s?|quakers?|pagans?|wiccans?|scientologists?|taoists?|"
    r"jains?|zoroastrians?|shintos?|rastafarians?"
)
_PEOPLE = (
    r"(?:man|men|woman|women|person|people|guy|girl|boy|kid|child(?:ren)?|student|family|"
    r"families|friend|couple|neighbou?r|coworker|colleague|teen(?:ager)?|lady|gentleman|"
    r"individual|applicant|candidate|customer|patient|parents?|mother|father|dad|mom|"
    r"community|employee|worker|classmate|roommate|boss|doctor|teacher|athlete|author|"
    r"musician|actor|actress|writer|singer|professor|scientist|officer|entrepreneur)s?"
)
_ETHNIC = (
    r"black|white|asian|hispanic|latin[oax]|latine|african[- ]american|african|caucasian|"
    r"arab|middle[- ]eastern|native[- ]american|indigenous|aboriginal|pacific\s+islander|"
    r"south[- ]asian|east[- ]asian|southeast[- ]asian|biracial|multiracial|mixed[- ]race|"
    r"roma(?:ni)?|european[- ]american|asian[- ]american|chinese[- ]american|"
    r"mexican[- ]american|korean[- ]american|indian[- ]american|first\s+nations|inuit|"
    r"alaska\s+native|gypsy"
)

_PATTERNS: dict[SensitiveCategory, str] = {
    SensitiveCategory.HEALTH: (
        r"diagnos(?:ed|is|es)|prognosis|symptoms?|side[- ]effects?|"
        r"(?:medications?|medicines?|doctors?)(?!\s+(?:table|inventory|database|column|"
        r"field|records?\s+table|schema|data\b))|"
        r"prescri(?:bed|ption)s?|(?:my|your|his|her)\s+(?:doctor|gp|physician|nurse|"
        r"dentist|therapist|psychiatrist|psychologist|surgeon|pediatrician|dermatologist|"
        r"cardiologist|oncologist|gynecologist|ob-?gyn|counsel?lor)|"
        r"(?<!camp\s)(?<!guidance\s)(?<!school\s)(?<!career\s)(?<!financial\s)counsel?lors?|"
        r"counsel?ling|psychotherap\w+|mental\s+illness|"
        r"dentists?|dental\s+(?:appointment|cleaning|work|pain)|therapists?|"
        r"therapy|psychiatrists?|psychologists?|ophthalmologists?|optometrists?|"
        r"dermatologists?|chiropractors?|physiotherap\w+|orthodontists?|"
        r"diseases?|disorders?|syndromes?|infections?|infected|illness(?:es)?|"
        r"cancers?|tumou?rs?|chemo(?:therapy)?|radiation\s+therapy|diabet(?:es|ic)|insulin|"
        r"asthma|arthritis|alzheimer'?s|dementia|parkinson'?s|epilepsy|seizures?|"
        r"(?:a|had\s+a|mini|having\s+a)\s+stroke|stroke\s+(?:symptoms|patient|risk|recovery)|heart\s+(?:attack|disease|failure|condition)|blood\s+(?:pressure|sugar|test)|"
        r"hypertension|cholesterol|migraines?|depress(?:ion|ed)|anxiety|panic\s+attacks?|"
        r"ptsd|adhd|autis(?:m|tic)|bipolar|schizophreni\w+|ocd|eating\s+disorder|"
        r"anorexi\w+|bulimi\w+|suicid\w+|self[- ]harm|addiction|alcoholi(?:c|sm)|"
        r"rehab|overdose|opioids?|relapsed?|pregnan(?:t|cy)|miscarriage|infertility|ivf|"
        r"menopause|endometriosis|period\s+(?:is|was)\s+late|birth\s+control|"
        r"contracepti\w+|stds|an?\s+std\b(?!::)|std\s+(?:test|testing|symptoms)|stis?|hiv|hiv/aids|herpes|hepatitis|covid(?:-19)?|coronavirus|"
        r"flu\s+(?:shot|symptoms)|vaccin(?:e|es|ated|ation)|antibiotics?|antidepressants?|"
        r"ibuprofen|acetaminophen|tylenol|advil|aspirin|metformin|amoxicillin|"
        r"painkillers?|surgery|surger(?:ies)|operation\s+on\s+my|biopsy|mri|ct\s+scan|x-?ray|"
        r"hospitali[sz]ed|(?:in|to|at)\s+the\s+(?:hospital|er|emergency\s+room)|"
        r"fever|nause(?:a|ous)|vomit\w*|threw\s+up|diarrh(?:ea|oea)|constipat\w+|(?:a|the|itchy|skin|heat)\s+rash|"
        r"itch(?:y|ing)|swollen|swelling|(?:a|the)\s+lump\s+(?:in|on|under)|bleeding(?!\s+edge)|inflammation|chronic\s+pain|"
        r"back\s+pain|chest\s+pain|sore\s+throat|cough(?:ing)?|insomnia|sleep\s+apnea|"
        r"allerg(?:y|ies|ic)|eczema|psoriasis|acne|thyroid|anemi[ac]|obes(?:e|ity)|"
        r"(?:my|i\s+(?:got|was|am)|i\'m)\s+(?:\w+\s+)?injur\w*|fractur\w+|sprain\w*|concussion|disabilit(?:y|ies)|"
        r"mental\s+health|(?:i'?m|i\s+am|feel(?:ing)?)\s+(?:so\s+|really\s+|very\s+)?"
        r"(?:sick|ill|unwell)\b(?!\s+(?:of|and\s+tired))|treatments?\s+for|cure\s+for|"
        r"inherited(?=\s*\?)|hereditary|genetic\s+(?:changes?|disorder|condition|testing)|"
        r"(?:erectile|sexual)\s+dysfunction|psoria\w+|hemophilia|glaucoma|cataracts?|"
        r"osteoporosis|sclerosis|anemia|leukemia|lymphoma|carcinoma|melanoma|"
        r"\w+(?:itis|(?<!osm)(?<!hypn)(?<!symbi)(?<!metamorph)osis|aemia|(?<!acad)(?<!boh)emia|opathy|plasia|ectomy|myalgia|neuralgia|trophy|uria)"
    ),
    SensitiveCategory.RELIGION: (
        rf"(?:{_RELIGIONS})|religions?|religious|(?<!good\s)(?<!bad\s)faith|(?:to|at|my|our|attend|attending|in)\s+church|"
        r"church\s+(?:service|on\s+sunday|every)|mosques?|"
        r"synagogues?|gurdwaras?|pray(?:s|ed|ing|ers?)?|bible|biblical|scriptures?|"
        r"qur'?an|koran|torah|talmud|the\s+gospel|psalms?|jesus|christ|allah|prophet\s+muhammad|"
        r"(?<!my\s)(?<!oh\s)(?<!thank\s)(?<!for\s)\bgod(?!\s*(?:mode|damn|dammit|knows|"
        r"forbid|of\s+war|father|speed|\s*,))\b|lord\s+(?:jesus|is|has|will)|the\s+lord|"
        r"holy\s+(?:spirit|ghost|bible|communion|quran|book)|heaven|sins|sinners?|sinful|"
        r"salvation|blessed\s+by\s+god|pastor|priests?|rabbis?|imams?|pope|"
        r"mass\s+on\s+sunday|sunday\s+(?:service|mass|school)|ramadan|eid|"
        r"passover|yom\s+kippur|rosh\s+hashanah|hanukkah|diwali|easter\s+(?:service|mass)|"
        r"bapti[sz]ed|baptism|holy\s+communion|halal|kosher|hijab|niqab|burqa|turban|"
        r"yarmulke|kippah|atheis[mt]s?|agnostic(?:ism|s)?|secularism|spiritual(?:ity)?|"
        r"afterlife|reincarnation|karma|horoscope|astrology|zodiac|amen|hallelujah|"
        r"alhamdulillah|inshallah|bismillah|mashallah|#?(?:faith|blessed|prayer|jesus)"
    ),
    SensitiveCategory.POLITICS: (
        r"politic(?:s|ian|ians)|political(?!\s+science)|(?<!leader\s)elections?|ballots?|voters?|"
        r"(?:vote|votes|voting|voted)\s+(?:for|against|in\s+the|republican|democrat|blue|red|labou?r|"
        r"conservative|tory|early|by\s+mail|third\s+party)|register(?:ed)?\s+to\s+vote|voting\s+rights|"
        r"who\s+(?:to|should\s+i|will\s+you|did\s+you)\s+vote|"
        r"democrats?|democratic\s+party|republicans?|gop|liberals|conservatives|"
        r"(?:i'm|i\s+am|as\s+a|a)\s+(?:liberal|conservative|progressive)|"
        r"(?:liberal|conservative|progressive)\s+(?:party|politic\w*|voters?|values|government|"
        r"media|agenda|policies|candidate)|"
        r"libertarians?|socialis[mt]s?|communis[mt]s?|fascis[mt]s?|"
        r"left[- ]wing|right[- ]wing|far[- ](?:left|right)|maga|trump|biden|obama|hillary|"
        r"clinton|bernie|kamala|harris\s+campaign|desantis|pelosi|mcconnell|"
        r"aoc|putin|zelensky|netanyahu|modi|macron|brexit|tories|labour\s+party|"
        r"presidential|presidency|president\s+(?:biden|trump|obama|bush|clinton|lincoln|of\s+the\s+united)|"
        r"the\s+president\b(?!\s+of)|congress(?:man|woman)?|senat(?:e|or|ors)|parliament|"
        r"governor|mayor(?:al)?\s+(?:race|election|policy)|campaign\s+for\s+(?:city|mayor|senat|congress|governor|president|office)|"
        r"impeach\w*|legislation|supreme\s+court|roe\s+v\.?\s+wade|abortions?|pro-?life|"
        r"pro-?choice|planned\s+parenthood|feminis[mt]s?|patriarchy|misogyn\w+|"
        r"women'?s\s+rights|equal\s+pay|gun\s+(?:control|rights|laws?)|second\s+amendment|"
        r"nra|immigration\s+(?:policy|laws?|reform|debate|ban|crackdown)|immigrants?|border\s+(?:wall|policy|crisis)|deportations?|"
        r"refugees?|asylum\s+seekers?|climate\s+(?:change|crisis|action|denial)|"
        r"global\s+warming|carbon\s+tax|green\s+new\s+deal|minimum\s+wage|"
        r"taxes\s+(?:are|on\s+the\s+rich)|protest(?:s|ers|ing)?|activis[mt]s?|"
        r"black\s+lives\s+matter|blm|all\s+lives\s+matter|police\s+brutality|defund|"
        r"lgbtq?\+?\s+rights|same[- ]sex\s+marriage|death\s+penalty|capital\s+punishment|"
        r"partisan|bipartisan|government\s+shutdown|referendum|propaganda|"
        r"dictator\w*|sanctions|geopoliti\w+|nato|(?:the\s+)?left\s+wants|"
        r"the\s+right\s+wants|#\w*(?:election|vote|politics)\w*"
    ),
    SensitiveCategory.SEXUAL_ORIENTATION: (
        r"gays?|lesbians?|bisexual(?:s|ity)?|bi\s+(?:man|woman|guy|girl)|i'?m\s+bi\b|is\s+bi\b|"
        r"queer|homosexual(?:s|ity)?|heterosexual(?:s|ity)?|pansexual|asexual|aromantic|"
        r"lgbt\w*|same[- ]sex|sexual\s+orientation|sexuality|came\s+out\s+as|"
        r"coming\s+out(?!\s+(?:of|with|soon|next|tomorrow|today|this|in|on))|"
        r"come\s+out\s+to|closeted|pride\s+(?:parade|march|month|flag)|"
        r"straight\s+(?:man|men|woman|women|friend|couple|guy|girl|person|people)|"
        r"two\s+(?:moms|dads)|my\s+(?:husband|boyfriend)\s+and\s+i\s+are\s+(?:both\s+)?men|"
        r"drag\s+queens?|homophob\w+|biphob\w+"
    ),
    SensitiveCategory.RACE_ETHNICITY: (
        rf"(?:{_ETHNIC})\s+{_PEOPLE}|(?:i'?m|i\s+am|as\s+an?|we'?re|we\s+are)\s+(?:a\s+)?"
        rf"(?:proud\s+)?(?:{_ETHNIC}|half\s+\w+|first[- ]generation\s+\w+(?:\s+american)?)\b|"
        r"racis[mt]s?|racial(?:ly)?|ethnicity|ethnicities|ethnically|ethnic(?!\s+(?:food|cuisine|restaurants?|dish\w*))|(?:my|his|her|their|your|of|"
        r"different|mixed|other)\s+races?\b|race\s+(?:and|or)\s+ethnicity|race\s+relations|"
        r"skin\s+colou?r|white\s+(?:privilege|supremac\w+|nationalis\w+)|"
        r"people\s+of\s+colou?r|\bpoc\b|bipoc|xenophob\w+|anti-?semit\w+|islamophob\w+|"
        r"my\s+heritage|juneteenth|black\s+history|hispanic|latin[oax]|latine|"
        r"african[- ]american|native[- ]american|indigenous|aboriginal|biracial|"
        r"multiracial|n-word|segregation|discriminat\w+\s+(?:against|because)|"
        r"diaspora|caste"
    ),
    SensitiveCategory.PHILOSOPHICAL_BELIEFS: (
        r"atheis[mt]s?|agnostic(?:ism|s)?|humanis[mt]s?|secular\s+humanis\w+|"
        r"(?:i'?m|i\s+am|as)\s+an?\s+(?:committed\s+|ethical\s+)?(?:vegan|pacifist|stoic|"
        r"nihilist|existentialist|utilitarian|anarchist|objectivist|libertarian|"
        r"effective\s+altruist|minimalist|freethinker|skeptic|rationalist|"
        r"anti-?natalist|transhumanist)|pacifis[mt]|nihilis[mt]|existentialis[mt]|"
        r"stoicism|utilitarian(?:ism)?|anarchis[mt]|objectivis[mt]|anti-?natalis[mt]|"
        r"effective\s+altruis[mt]|conscientious\s+objector|for\s+ethical\s+reasons|"
        r"my\s+(?:personal\s+)?(?:worldview|beliefs?|moral\s+code)|"
        r"my\s+(?:personal\s+)?philosophy(?!\s+(?:class|course|homework|essay|exam|paper|professor))|"
        r"free\s+will|meaning\s+of\s+life|(?:i|we)\s+(?:don'?t\s+)?believe\s+in\s+"
        r"(?:god|karma|fate|an?\s+afterlife|free\s+will|nothing)|"
        r"veganism\s+(?:is|as)|animal\s+rights|feminis[mt]s?|#atheism|freedom\s+from\s+religion"
    ),
    SensitiveCategory.TRADE_UNION: (
        r"(?:trade|labou?r|teachers'?|workers'?|nurses'?|our|my|local|join(?:ed|ing)?\s+"
        r"(?:a|the|our))\s+unions?\b(?!\s+(?:of|type|find|all|station|square|jack|army|soldier))|"
        r"union\s+(?:dues|reps?|representatives?|stewards?|members?(?:hip)?|meetings?|"
        r"contracts?|cards?|drive|organi[sz]\w+|leaders?|busting|workers?|jobs?|wages?|"
        r"electrician|carpenter|plumber|local|hall|negotiations?|elections?|vote[sd]?|strike|"
        r"leadership|president)|the\s+union\s+(?:is|has|says|said|won|wants|called)|"
        r"unioni[sz](?:e|ed|ing|ation)|non-?union|collective\s+bargaining|shop\s+stewards?|"
        r"picket(?:s|ing)?\s*(?:line)?|(?:go|went|going|are|were|is)\s+on\s+strike|"
        r"strike\s+(?:vote|pay|fund)|authori[sz]e\s+a\s+strike|walkout|teamsters|"
        r"afl-?cio|\buaw\b|\bseiu\b|\bibew\b|\bafscme\b|\bcwa\b|\bunite\s+here\b|"
        r"\btuc\b|\bunison\b|grievance\s+(?:filed|procedure)|labou?r\s+organi[sz]\w+|"
        r"workers'?\s+rights"
    ),
}

_COMPILED: dict[SensitiveCategory, re.Pattern[str]] = {
    # Patterns are lower case and matched against lower-cased text: much faster than
    # re.IGNORECASE on alternations this large.
    category: re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])")
    for category, pattern in _PATTERNS.items()
}


def lexicon_hits(text: str) -> dict[SensitiveCategory, str]:
    """Categories whose patterns match ``text``, each with the first matching phrase."""
    hits: dict[SensitiveCategory, str] = {}
    lowered = text.lower()
    for category, pattern in _COMPILED.items():
        match = pattern.search(lowered)
        if match is not None:
            hits[category] = match.group(0)
    return hits
