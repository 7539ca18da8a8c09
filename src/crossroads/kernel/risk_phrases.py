"""The phrase list the safety screen reads, by kind. safety.py decides each hit's frame.

Every pattern is matched on whole words of normalised text (lower case, straight apostrophes,
hyphens as spaces). The kinds:
- ACUTE: intent, a plan, means at hand, preparation or timing ("decided to end it", "the pills
  are in my drawer", "goodbye note"). In the first person, now and not denied: `acute`.
- ASK: ideation, self-harm and named methods ("want to die", "cutting myself", "jump off a
  bridge"). In the first person, now or in an unresolved past: `check`; with an intent word
  just before or a time named in the same sentence ("tonight", "after my shift"): `acute`.
- TOPIC: words that name risk without saying whose it is ("suicidal", "overdose", "self
  harm"). They count only where the person says it of themselves ("I've been suicidal", "my
  overdose") or in a fragment that names nobody else; a nurse's "overdoses on every shift", an
  essay on prevention and a friend's attempt raise nothing.
"""

_LOOKING_UP = (
    r"(?:research|researching|researched|look up|looking up|looked up|googl(?:e|ing|ed)|"
    r"search(?:ing|ed)? (?:for|up)|read(?:ing)? up on) "
)
_WAYS_TO_DIE = (
    r"(?:suicide methods|methods of suicide|(?:ways|methods) to (?:die|kill myself|end my life|"
    r"end it)|how to (?:die|end my life|end it))"
)
# Doses are also what a pharmacy student looks up: asked about, never acute on their own.
_DOSES = r"(?:lethal doses?|(?:a |an )?overdose amounts?)"

ACUTE = (
    r"(?:going to|gonna|plan to|planning to|about to|will|i'll) " + _LOOKING_UP + _WAYS_TO_DIE,
    r"(?:going|plan|planning|ready|decided|about) to end it\b(?! (?:with|off)\b)",
    r"(?:going|ready|plan|planning|decided|about) to die\b(?! (?:of|from|for|on|laughing)\b)",
    r"(?:going|plan|planning|ready|decided|about) to end (?:things|everything|my life)"
    r"(?! (?:with|between|off|on a|at work)\b)",
    r"(?:going to|plan to|planning to|decided to|about to) (?:kill|hang|shoot|drown) myself",
    r"say(?:ing)? goodbye (?:to everyone|for good|forever)",
    r"(?:tie|tied|tying|made|making|bought) (?:a |the )?noose",
    r"(?:took|take|taking|swallowed|swallow|swallowing) (?:all|a bottle|a handful|the whole "
    r"bottle|\d{2,}) (?:of )?(?:my |the |those |these )?(?:pills|tablets|meds|sleeping pills)",
    r"painless (?:way|method) (?:to (?:die|go|end it|kill myself)|of (?:dying|suicide))",
    r"(?:quickest|easiest|fastest|surest) way to (?:die|end it|kill myself)",
    r"(?:won't|don't want to|hate to) (?:live|be alive|make it) to see (?:tomorrow|the morning|"
    r"the sun ?rise|another day)",
    r"hanging (?:too |really |very )?painful",
    r"(?:held|holding|pressed|pressing) (?:a|the|my) (?:gun|pistol) (?:to|against) my "
    r"(?:head|temple)",
    r"(?:gun|pistol|barrel) in my mouth",
    r"how (?:much|many) (?:\w+ ){0,3}(?:pills|tablets|meds|tylenol|paracetamol|acetaminophen|"
    r"benadryl|diphenhydramine|ibuprofen|aspirin|xanax) (?:will|would|does|do) it take"
    r"(?! to (?:work|kick in|wear off|feel|help|ease|relieve|treat|cure|clear|get|stop))",
    r"(?:won't|will not|not going to|don't think i'll|not sure i'll|doubt i'll|don't plan on|"
    r"not planning on|not) (?:be |being )?(?:alive (?:by|to see|next)|(?:alive|around) "
    r"(?:much|for much) longer|around to (?:finish|read))",
    r"(?:plan|planning|intend|intending|goal) (?:is )?to be dead"
    r"(?! (?:set|serious|tired|on|beat|last|wrong|right|centre|center|even|heat)\b)",
    r"(?:going to|ready to|time to|soon|will|i'll) join (?:my )?(?:late|dead|deceased) "
    r"(?:mum|mom|mother|dad|father|brother|sister|husband|wife|son|daughter|partner|friend|"
    r"grandma|grandmother|grandad|granddad|grandfather|nan|nana|gran)(?!')",
    r"(?:when|once|before|after) (?:they|someone|somebody|people) finds? me(?! \w)",
    r"finds? my (?:body|corpse)(?! \w)",
    r"goodbye (?:note|letter)s?(?! to (?:the|my (?:class|team|students|pupils|colleagues|coworkers|"
    r"staff|office))\b)",
    r"(?:drafting|drafted|wrote|written|writing|left|leaving) (?:my|a) (?:final|last) "
    r"(?:message|note)s?(?! (?:of|for|to|before|from|on|about)\b)",
    r"not safe (?:with|around|from|alone with) (?:myself|my (?:own )?thoughts)",
    r"(?:can't|cannot|can not) keep myself safe",
    r"(?:took|swallowed|taken) (?:all|all of|the whole of|the rest of) (?:my |the )?"
    r"(?:prescription|medication|medicine|pills|tablets|meds) (?:at once|in one go|at the same "
    r"time|all together)",
    r"(?:took|swallowed) everything in the (?:medicine )?(?:cabinet|cupboard)",
    r"(?:bought|buying|got|found) (?:a |the |some )?rope"
    r"(?! (?:climb|swing|access|course|ladder|lights?|skills?|for)\b)",
    # Means at hand, kept or hidden for the purpose.
    r"(?:the|my) (?:pills|tablets|meds|rope|gun|pistol|razor|razors|blades?|noose) (?:is|are) "
    r"(?:ready|hidden|waiting|in my (?:drawer|bag|car|room|pocket|nightstand|cupboard|closet)|"
    r"under my (?:bed|pillow|mattress))",
    r"(?:saved|saving|stockpiled|stockpiling|hoarded|hoarding) (?:up )?(?:my |enough )?"
    r"(?:pills|tablets|meds|medication|sleeping pills)",
    r"(?:tonight|today)(?:'s| is) the (?:night|day)(?! (?:i|we|of|for|to|that|when|before)\b)",
    r"know (?:exactly|just) (?:what|how|where|when) (?:i'd|i would|i'll|i will|i'm going to) "
    r"(?:use|do it|go|take|jump)",
)

ASK = (
    # Looking into methods is preparation, but a researcher or a student writes the same
    # words: said by the writer of themselves it is asked about (an intent is in ACUTE).
    r"i(?:'m|'ve|'d|'ll| am| was| have| had| will)?"
    r"(?: (?:been|just|keep|kept|started|still|also))* "
    + _LOOKING_UP
    + f"(?:{_WAYS_TO_DIE}|{_DOSES})",
    r"kms",
    r"unalive myself",
    r"(?:kill|killing|killed|hang|hanging|drown|drowning) (?:myself|my self)",
    r"harm(?:ing|ed)? myself",
    r"(?:want|wanted|wanting|going|urges?|tempted|thinking about|thoughts of|think about|plan|"
    r"planning) (?:to )?(?:hurt|hurting|cut|cutting|burn|burning) myself",
    r"(?:been|keep|keeps|kept|started|stop|stopped) (?:hurting|cutting|burning) myself",
    r"(?:hurt|cut|burn)(?:ing)? myself (?:on purpose|again)",
    r"cutting myself",
    r"(?:cut|cutting|burn|burning|scratch|scratching|carve|carving) (?:into )?my "
    r"(?:thighs?|arms?|wrists?|legs?|skin|stomach|hips?|forearms?)"
    r"(?! (?:by accident|accidentally|on|shaving|while|with the|in the kitchen)\b)",
    r"end(?:ing)? (?:my|it) (?:own )?life",
    r"tak(?:e|ing) my (?:own )?life(?! back)",
    r"end(?:ing)? it all",
    r"(?:want|wanted) to end it\b(?! (?:with|off)\b)",
    r"(?:want|wanted|wanting|wish|wished|wishing) (?:i was|i were|to be|i could be) dead",
    r"(?:want|wanted|wanting|wish|wished|wishing) to die\b(?! (?:of|from|for|on|laughing)\b)",
    r"better off dead",
    r"better off without me",
    r"(?:don't|do not|didn't|no longer) (?:really |even |actually )?want to "
    r"(?:live|be alive|be here|exist|wake up)",
    r"(?:never|not) want to wake up",
    r"not (?:sure|certain) (?:i|that i) want to (?:live|be alive|be here|go on)",
    r"wish i (?:wasn't|was not|weren't|were not|was never|hadn't been|had never been|had not "
    r"been) (?:here|born|alive)",
    r"wish i (?:could|would|would just) die",
    r"(?:i'd|i would) rather be dead(?! than)",
    r"hope i (?:die|don't wake up|never wake up)",
    r"(?:sleep|go to sleep) and never wake up",
    r"tired of (?:living|being alive|life)",
    r"(?:what's|what is) the point (?:of|in) (?:living|going on|life|being alive)",
    r"nothing (?:left )?to live for",
    r"no (?:reason|point) (?:to live|in living|to go on|in going on|living)",
    r"(?:life is|life feels|life's) (?:worthless|pointless|not worth living)",
    r"life isn't worth living",
    r"not worth living",
    r"can't (?:go on|keep going|do this anymore|take it anymore|live like this)",
    r"(?:disappear|sleep) forever",
    r"jump(?:ing)? off (?:a |the )?(?:bridge|building|roof|cliff)",
    r"(?:jump|step)(?:ping|ing)? in front of (?:a |the )?(?:train|bus|car|truck)",
    r"(?:shoot|shot|shooting) myself(?! in the (?:foot|feet))",
    r"(?:set|setting) myself on fire",
    r"(?:slit|slitting|slash|slashing) my (?:wrists?|throat)",
    r"(?:stop|stopped) existing",
    r"want(?:ed)? to not (?:exist|be alive|be here|wake up)",
    r"end(?:ing)? (?:my|this|the) (?:pain|suffering) (?:for good|forever|permanently)",
    r"enough to kill me",
    r"(?:want|wanted|way|courage|nerve) to end (?:things|everything)"
    r"(?! (?:with|between|off|on a|at work)\b)",
    r"(?:courage|nerve) to end it(?! with\b)",
    r"(?:done|finished) with (?:life|being alive)"
    r"(?! (?:admin|insurance|coach|coaching|lessons?)\b)",
    r"(?:unsubscrib\w*|uninstall\w*|log\w* (?:out|off)|checking out|check out|opt\w* out|quit\w*) "
    r"(?:of |from )?life(?! (?:insurance|coach|coaching|admin|hacks?|goals?|lessons?|skills?)\b)",
    r"(?:everyone|everybody|world|family|kids|children|they|friends|parents|people)(?: \w+){0,3} "
    r"(?:better|happier|lighter|easier) without me(?! (?:at|on|for|this|next|today|tomorrow)\b)",
    r"(?:want to|wish i could) join (?:my )?(?:late|dead|deceased) "
    r"(?:mum|mom|mother|dad|father|brother|sister|husband|wife|son|daughter|partner|friend|"
    r"grandma|grandmother|grandad|granddad|grandfather|nan|nana|gran)(?!')",
    r"death (?:(?:keeps|is starting to|starts to|has started to) )?(?:is|would be|seems?|feels?|"
    r"looks?|looking|sounds?)(?: like)? (?:a |an |the )?"
    r"(?:relief|release|escape|answer|only way out)",
    r"(?:fresh|new) cuts(?! (?:to|in|of|for|at|from)\b)",
    r"(?:fresh|new) (?:cuts|marks|scars|burns) (?:on|under|across|up|along) (?:my|both)",
    r"(?:arms?|wrists?|thighs?|legs?) (?:are|is) covered in (?:fresh |new )?(?:cuts|scars|marks)",
    r"(?:hid|hide|hides|hiding|covering|cover|covered) (?:up )?(?:the |my )?"
    r"(?:(?:new|fresh) (?:cuts|marks|scars|burns)|cuts)",
    r"(?:cuts|marks|scars|burns) are fresh",
    # Not having done it "yet" or "tonight" says the question is still open.
    r"(?:didn't|did not|haven't|have not) (?:(?:kill|killed) myself|(?:end|ended) (?:it|my life)) "
    r"(?:yet|today|tonight|this time)",
    r"(?:gave|giving|given) away (?:my|the|all my|most of my) (?:cat|dog|pets?|belongings|"
    r"possessions|things|stuff)",
    r"(?:gave|giving|given) (?:my|the) (?:cat|dog|pets?) away",
    r"(?:and|to) (?:not|never) come back(?: (?:down|up|home|out|again))?(?! (?:to|for|with)\b)",
    r"i (?:have |had |'ve |'d )?(?:attempted|made an attempt)"
    r"(?= *(?:[.;,!?\n]|$| again| twice| before| (?:last|in|when|at|after|two|three|a few|years?|"
    r"months?)\b))",
)

TOPIC = (
    r"suicid(?:e|al|ality)",
    r"unalive",
    r"self harm(?:ing|ed)?",
    r"overdos(?:e|ed|es|ing)",
    r"(?:kill|killing|killed|hang|hanging|hanged) (?:themselves|themself|them self)",
    r"lethal (?:dose|amount)",
    r"hydrogen sulfide",
    r"cocktail of (?:cleaning products|cleaning|chemicals|bleach|pills|meds|drugs)",
    r"painless (?:way|method|death)",
)

# Said of oneself, a TOPIC word counts: "I'm suicidal", "my overdose", "I tried suicide".
SELF_PREDICATE = (
    r"(?:i'm|i am|i've been|i have been|i was|i've felt|i feel|i felt|feeling|felt|i get|i got|"
    r"getting|i keep feeling|i become|i became)(?: \w+){0,2} suicidal",
    r"my (?:own )?(?:(?:first|second|last|latest|recent|previous) )?(?:suicid\w*|self harm\w*|"
    r"overdose|attempt)",
    r"i(?:'m|'ve|'d|'ll)?(?: \w+){0,3} (?:attempted|attempt|tried|try|thought about|think about|"
    r"thinking about|"
    r"considered|considering|contemplated|contemplating|planned|planning|want|wanted|commit|"
    r"committing|attempting)(?: to commit)? suicide",
    r"i(?:'m|'ve|'d|'ll)?(?: \w+){0,2} (?:overdosed|self harm|self harmed|self harming|unalive)",
    r"(?:suicidal|self harm) (?:thoughts|feelings|urges|ideation)",
    r"(?:been|keep|kept|started|always|constantly) (?:thinking|thought) (?:about|of) suicide",
    r"(?:how|where) (?:do|can|could) i (?:get|buy|find|make)(?: \w+){0,3} (?:lethal|hydrogen|"
    r"cocktail)",
)
